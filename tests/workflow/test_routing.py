"""Where a submitted referral goes, by the policy engine: to the panel, to the delegated
approver (who decides without the panel), or nowhere here, refused with where it goes
in words (referral_submit, referral_decide_delegated)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine

from carepanel.core.errors import IllegalTransition, Invalid, NotPermitted
from carepanel.decisions.models import Approval, Decision
from carepanel.decisions.services import referral_decide_delegated
from carepanel.meetings.models import AgendaItem
from carepanel.referrals.models import Referral
from carepanel.referrals.services import ReferralInput, referral_create, referral_submit
from tests.personas import Cast, answers_for
from tests.workflow.helpers import (
    actions_since,
    audit_mark,
    decision_input,
    drafted,
    london,
    new_child,
    nothing_written,
    submitted,
)

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_a_referral_over_the_threshold_goes_to_the_panel_with_the_reasons_kept(
    north_somerset: Cast,
) -> None:
    referral = submitted(north_somerset, amount="1500.00", basis="annual")
    assert (referral.route, referral.panel_id, referral.route_approver) == (
        "panel",
        "care-and-resource",
        "",
    )
    assert referral.annual_cost_gbp == Decimal("1500.00")
    assert referral.route_reasons == [
        "The cost over the first year, £1,500, is over £1,000: the panel authorises new and "
        "ongoing expenditure that exceeds £1000 (£2000 for children with disability) per annum."
    ]


def test_a_referral_within_the_threshold_is_decided_by_the_delegated_approver_without_panel(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = submitted(cast, amount="800.00", basis="annual")
    assert (referral.route, referral.route_approver, referral.status) == (
        "delegated",
        "head_of_service",
        "submitted",
    )
    assert referral.route_reasons == [
        "The cost over the first year, £800, is within £1,000, so the head of service may "
        "decide it without the Care and Resource Panel."
    ]
    assert not AgendaItem.objects.filter(referral=referral).exists()

    mark = audit_mark()
    decision = referral_decide_delegated(
        actor=cast.head_of_service,
        referral_id=referral.pk,
        data=decision_input("approved", discussion="Within delegation."),
    )
    referral.refresh_from_db()
    assert referral.status == "signed"
    assert (decision.kind, decision.status, decision.agenda_item_id) == (
        Decision.Kind.DELEGATED,
        Decision.Status.SIGNED,
        None,
    )
    assert (decision.signed_by_id, decision.signed_at) == (cast.head_of_service.user.pk, MONDAY)
    # Signed as it is recorded, it takes effect at once.
    assert Approval.objects.get(decision=decision).status == Approval.Status.ACTIVE
    assert not AgendaItem.objects.filter(referral=referral).exists()
    assert actions_since(mark) == ["decision.delegated"]


@pytest.mark.parametrize("persona", ["team_manager", "chair", "assistant_director"])
def test_only_the_delegated_approver_decides_a_delegated_referral(
    north_somerset: Cast, persona: str
) -> None:
    referral = submitted(north_somerset, amount="800.00")
    message = "Only the head of service can decide this referral."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        referral_decide_delegated(
            actor=getattr(north_somerset, persona),
            referral_id=referral.pk,
            data=decision_input("approved"),
        )


def test_a_delegated_approver_does_not_decide_a_referral_they_drafted(bexley: Cast) -> None:
    # Bexley: below £500 the team manager decides; here the team manager drafted it.
    referral = drafted(
        bexley, actor=bexley.team_manager, kind="one_off_payment", amount="300.00", basis="one_off"
    )
    referral_submit(actor=bexley.team_manager, referral_id=referral.pk)
    with (
        nothing_written(),
        pytest.raises(
            NotPermitted, match=re.escape("Only the team manager can decide this referral.")
        ),
    ):
        referral_decide_delegated(
            actor=bexley.team_manager, referral_id=referral.pk, data=decision_input("approved")
        )


@pytest.mark.parametrize("outcome", ["deferred", "referred", "not_heard", "ratified"])
def test_a_delegated_approver_approves_or_declines_and_nothing_else(
    north_somerset: Cast, outcome: str
) -> None:
    referral = submitted(north_somerset, amount="800.00")
    with nothing_written(), pytest.raises(Invalid) as refused:
        referral_decide_delegated(
            actor=north_somerset.head_of_service,
            referral_id=referral.pk,
            data=decision_input(outcome),
        )
    assert refused.value.errors == {
        "outcome": "Choose one of: approved, approved_with_conditions, declined."
    }


def test_a_referral_for_another_panel_is_refused_at_submit_saying_which(
    north_somerset: Cast,
) -> None:
    referral = drafted(
        north_somerset,
        kind="short_breaks",
        amount="3000.00",
        children=[new_child(disabled=True)],
    )
    assert (referral.route, referral.other_panel) == (
        "other_panel",
        "Children with Disabilities Panel",
    )
    message = (
        "Respite and family support for a disabled child, outside care proceedings, are decided "
        "by the separate panel for Children with Disabilities."
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_submit(actor=north_somerset.social_worker, referral_id=referral.pk)
    referral.refresh_from_db()
    assert referral.status == "draft"


def test_a_referral_outside_the_remit_is_refused_at_submit_saying_where_it_goes(
    north_somerset: Cast,
) -> None:
    referral = drafted(north_somerset, kind="sgo_support")
    message = (
        "The Care and Resource Panel does not consider special guardianship and adoption "
        "support packages; they are agreed through the special guardianship and adoption "
        "support arrangements."
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_submit(actor=north_somerset.social_worker, referral_id=referral.pk)


def test_a_regulation_24_placement_is_refused_by_bcps_panel(bcp: Cast) -> None:
    referral = drafted(bcp, flags={"regulation_24": True})
    message = (
        "The panel is not involved in approving regulation 24 placements; the existing BCP "
        "approval process remains in place for these children."
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_submit(actor=bcp.social_worker, referral_id=referral.pk)


def test_a_disabled_childs_family_support_as_part_of_care_proceedings_stays_with_the_panel(
    north_somerset: Cast,
) -> None:
    """The Children with Disabilities exclusion applies "unless the request is about or part
    of care proceedings"."""
    referral = submitted(
        north_somerset,
        amount="3000.00",
        children=[new_child(disabled=True)],
        flags={"part_of_care_proceedings": True},
    )
    assert (referral.route, referral.status) == ("panel", "submitted")


def test_a_referral_is_routed_again_when_submitted(north_somerset: Cast) -> None:
    """Routing is worked out afresh at submission: the pack's answer then is the one kept."""
    referral = drafted(north_somerset, amount="1500.00")
    Referral.objects.filter(pk=referral.pk).update(route="", route_reasons=[])
    referral = referral_submit(actor=north_somerset.social_worker, referral_id=referral.pk)
    assert referral.route == "panel"
    assert referral.route_reasons


def test_a_referral_is_submitted_only_with_every_required_answer(bexley: Cast) -> None:
    answers = answers_for("bexley")
    del answers["exit_strategy"]
    referral = referral_create(
        actor=bexley.social_worker,
        data=ReferralInput(
            kind="family_support_package",
            children=[new_child()],
            cost_amount_gbp=Decimal("2000.00"),
            cost_basis="annual",
            answers=answers,
        ),
    )
    with nothing_written(), pytest.raises(Invalid) as refused:
        referral_submit(actor=bexley.social_worker, referral_id=referral.pk)
    assert refused.value.errors == {
        "answers.exit_strategy": "Answer the question: What is the exit strategy?"
    }
