"""Sign-offs: the agreements each council's pack requires, in its order, before a referral
is listed (referral_sign_off)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import time_machine

from carepanel.core.errors import IllegalTransition, Invalid, NotFound, NotPermitted
from carepanel.meetings.models import AgendaItem
from carepanel.referrals.models import Referral, SignOff
from carepanel.referrals.services import referral_sign_off, referral_submit
from tests.personas import Cast
from tests.workflow.helpers import (
    actions_since,
    audit_mark,
    drafted,
    london,
    nothing_written,
    submitted,
)

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


# Each council's sign-offs, from its pack, in order: (role, action).
SIGN_OFFS = {
    "north_somerset": [("team_manager", "agree"), ("head_of_service", "authorise")],
    "portsmouth": [("service_leader", "agree")],
    "bexley": [("team_manager", "agree")],
    "bcp": [("team_manager", "agree"), ("service_manager", "agree")],
    "central_bedfordshire": [("team_manager", "agree")],
}


@pytest.mark.parametrize("council", SIGN_OFFS)
def test_a_referral_is_listed_only_when_the_last_sign_off_the_pack_asks_for_is_given(
    request: pytest.FixtureRequest, council: str
) -> None:
    cast: Cast = request.getfixturevalue(council)
    referral = submitted(cast)
    *before_last, last = SIGN_OFFS[council]
    for role, _ in before_last:
        referral_sign_off(actor=getattr(cast, role), referral_id=referral.pk, outcome="agreed")
        referral.refresh_from_db()
        assert referral.status == "submitted"
        assert not AgendaItem.objects.filter(referral=referral).exists()
    referral_sign_off(actor=getattr(cast, last[0]), referral_id=referral.pk, outcome="agreed")
    referral.refresh_from_db()
    assert referral.status == "listed"
    assert referral.ready_at == MONDAY
    given = SignOff.objects.filter(referral=referral).order_by("pk")
    assert [(s.role, s.action, s.outcome, s.round) for s in given] == [
        (role, action, "agreed", 1) for role, action in SIGN_OFFS[council]
    ]
    assert [s.signed_by_id for s in given] == [
        getattr(cast, role).user.pk for role, _ in SIGN_OFFS[council]
    ]


def test_the_head_of_service_cannot_authorise_before_the_team_manager_agrees(
    north_somerset: Cast,
) -> None:
    referral = submitted(north_somerset)
    message = "This referral is waiting for the team manager of its team to agree it."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        referral_sign_off(
            actor=north_somerset.head_of_service, referral_id=referral.pk, outcome="agreed"
        )


def test_bcps_service_manager_approves_after_the_team_manager(bcp: Cast) -> None:
    referral = submitted(bcp)
    message = "This referral is waiting for the team manager of its team to agree it."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        referral_sign_off(actor=bcp.service_manager, referral_id=referral.pk, outcome="agreed")
    referral_sign_off(actor=bcp.team_manager, referral_id=referral.pk, outcome="agreed")
    message = "This referral is waiting for the service manager to agree it."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        referral_sign_off(actor=bcp.team_manager, referral_id=referral.pk, outcome="agreed")


def test_nobody_signs_off_a_referral_they_drafted(north_somerset: Cast) -> None:
    cast = north_somerset
    referral = drafted(cast, actor=cast.team_manager)
    referral_submit(actor=cast.team_manager, referral_id=referral.pk)
    message = "You drafted this referral, so someone else must sign it off."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")


def test_another_teams_manager_cannot_find_the_referral_to_sign_it_off(
    north_somerset: Cast,
) -> None:
    referral = submitted(north_somerset)
    with nothing_written(), pytest.raises(NotFound, match=re.escape("No referral with that id.")):
        referral_sign_off(
            actor=north_somerset.other_team_manager, referral_id=referral.pk, outcome="agreed"
        )


def test_a_return_needs_a_reason(north_somerset: Cast) -> None:
    referral = submitted(north_somerset)
    with nothing_written(), pytest.raises(Invalid) as refused:
        referral_sign_off(
            actor=north_somerset.team_manager,
            referral_id=referral.pk,
            outcome="returned",
            reason="  ",
        )
    assert refused.value.errors == {"reason": "Say why you are returning the referral."}


def test_a_sign_off_is_agreed_or_returned(north_somerset: Cast) -> None:
    referral = submitted(north_somerset)
    with (
        nothing_written(),
        pytest.raises(Invalid, match=re.escape("outcome: Choose agreed or returned.")),
    ):
        referral_sign_off(
            actor=north_somerset.team_manager, referral_id=referral.pk, outcome="maybe"
        )


def test_a_return_starts_a_new_round_in_which_earlier_agreements_no_longer_count(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = submitted(cast)
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
    mark = audit_mark()
    referral_sign_off(
        actor=cast.head_of_service,
        referral_id=referral.pk,
        outcome="returned",
        reason="Say what the family network has offered.",
    )
    assert actions_since(mark) == ["referral.sign_off.returned"]
    referral.refresh_from_db()
    assert (referral.status, referral.returned_reason) == (
        "draft",
        "Say what the family network has offered.",
    )

    referral = referral_submit(actor=cast.social_worker, referral_id=referral.pk)
    assert (referral.round, referral.returned_reason) == (2, "")
    # The team manager's agreement was given in round 1: they agree again first.
    message = "This referral is waiting for the team manager of its team to agree it."
    with pytest.raises(NotPermitted, match=re.escape(message)):
        referral_sign_off(actor=cast.head_of_service, referral_id=referral.pk, outcome="agreed")
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
    referral_sign_off(actor=cast.head_of_service, referral_id=referral.pk, outcome="agreed")
    referral.refresh_from_db()
    assert referral.status == "listed"
    assert list(
        SignOff.objects.filter(referral=referral).order_by("pk").values_list("round", "outcome")
    ) == [(1, "agreed"), (1, "returned"), (2, "agreed"), (2, "agreed")]


def test_a_delegated_referral_needs_no_sign_off(north_somerset: Cast) -> None:
    referral = submitted(north_somerset, amount="800.00")
    assert referral.route == Referral.Route.DELEGATED
    message = "This referral needs no sign-off: it is decided by the head of service."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_sign_off(
            actor=north_somerset.team_manager, referral_id=referral.pk, outcome="agreed"
        )
