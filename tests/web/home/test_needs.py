"""Each app's filter ("which ones may I act on", in its `queries.py`) agrees with its
predicate ("may I act on this one", in its `permissions.py`) and with the service: a
referral, decision or emergency is listed as waiting for a person exactly when the
service would let that person act on it, and the home page's counts are those filters'.

Each check tries the action in a transaction that is then rolled back; a refusal for
the form's content (`Invalid`) still means the person may act.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import transaction

from carepanel.core.errors import Invalid, ServiceError
from carepanel.decisions.permissions import (
    can_approve_emergency,
    can_decide_delegated,
    can_finalise_decision,
    can_sign_decision,
)
from carepanel.decisions.queries import (
    decisions_to_finalise,
    decisions_to_sign,
    decisions_visible_to,
    emergencies_awaiting,
    emergency_decisions_visible_to,
    to_decide_q,
)
from carepanel.decisions.services import (
    decision_correct,
    decision_finalise,
    decision_sign,
    emergency_decision_approve,
    referral_decide_delegated,
)
from carepanel.home.needs import Counts, counts_for
from carepanel.policy import get_pack
from carepanel.referrals.models import Referral
from carepanel.referrals.permissions import can_sign_off_referral
from carepanel.referrals.queries import awaiting_sign_off_q, referrals_visible_to
from carepanel.referrals.services import referral_sign_off, referral_submit, referral_withdraw
from tests.personas import Cast
from tests.workflow.helpers import (
    decided,
    decision_input,
    drafted,
    emergency,
    in_effect,
    signed,
    submitted,
)

pytestmark = pytest.mark.django_db


class _RolledBack(Exception):
    pass


def may(attempt: Callable[[], Any]) -> bool:
    """Whether the service lets the attempt through (nothing it does is kept)."""
    try:
        with transaction.atomic():
            attempt()
            raise _RolledBack
    except _RolledBack:
        return True
    except Invalid:
        return True
    except ServiceError:
        return False


def referrals_at_every_sign_off(cast: Cast) -> list[Referral]:
    """Submitted referrals waiting at each of the pack's sign-offs, one sent back and
    submitted again (its earlier round's sign-offs no longer count), one the team
    manager drafted, one of the other team."""
    rules = get_pack(cast.authority_id).panel().sign_offs
    made = []
    for given in range(len(rules)):
        referral = submitted(cast)
        for rule in rules[:given]:
            referral_sign_off(
                actor=getattr(cast, rule.role), referral_id=referral.pk, outcome="agreed"
            )
        made.append(referral)
    again = submitted(cast)
    for rule in rules[:-1]:
        referral_sign_off(actor=getattr(cast, rule.role), referral_id=again.pk, outcome="agreed")
    referral_sign_off(
        actor=getattr(cast, rules[-1].role),
        referral_id=again.pk,
        outcome="returned",
        reason="Attach the care plan.",
    )
    referral_submit(actor=cast.social_worker, referral_id=again.pk)
    made.append(again)
    own = drafted(cast, actor=cast.team_manager)
    made.append(referral_submit(actor=cast.team_manager, referral_id=own.pk))
    other = drafted(cast, actor=cast.other_social_worker)
    made.append(referral_submit(actor=cast.other_social_worker, referral_id=other.pk))
    return made


@pytest.mark.parametrize(
    "authority", ["north_somerset", "portsmouth", "bcp", "bexley", "central_bedfordshire"]
)
def test_a_referral_waits_for_whoever_the_sign_off_service_would_accept(
    authority: str, request: pytest.FixtureRequest
):
    cast: Cast = request.getfixturevalue(authority)
    made = referrals_at_every_sign_off(cast)
    pack = get_pack(cast.authority_id)

    for persona, actor in cast.actors.items():
        may_sign = {
            r.pk
            for r in made
            if may(partial(referral_sign_off, actor=actor, referral_id=r.pk, outcome="agreed"))
        }
        wanted = awaiting_sign_off_q(actor, pack)
        listed = (
            set(referrals_visible_to(actor).filter(wanted).values_list("pk", flat=True))
            if wanted is not None
            else set()
        )
        assert listed == may_sign, persona
        # A predicate answers for a record already read in the actor's scope.
        fresh = (
            referrals_visible_to(actor)
            .prefetch_related("sign_offs")
            .filter(pk__in=[r.pk for r in made])
        )
        assert {r.pk for r in fresh if can_sign_off_referral(actor, r, pack)} == may_sign, persona
        assert counts_for(actor).to_sign_off == len(may_sign), persona
    assert any(counts_for(actor).to_sign_off for actor in cast.actors.values()), (
        "someone should have a sign-off to give"
    )


@pytest.mark.parametrize("authority", ["north_somerset", "portsmouth", "bexley"])
def test_a_referral_within_delegation_waits_for_whoever_may_decide_it(
    authority: str, request: pytest.FixtureRequest
):
    cast: Cast = request.getfixturevalue(authority)
    small = submitted(cast, kind="one_off_payment", amount="100.00", basis="one_off")
    own = drafted(
        cast, actor=cast.team_manager, kind="one_off_payment", amount="100.00", basis="one_off"
    )
    referral_submit(actor=cast.team_manager, referral_id=own.pk)
    assert small.route == own.route == Referral.Route.DELEGATED

    for persona, actor in cast.actors.items():
        may_decide = {
            r.pk
            for r in (small, own)
            if may(
                partial(
                    referral_decide_delegated,
                    actor=actor,
                    referral_id=r.pk,
                    data=decision_input("approved"),
                )
            )
        }
        listed = set(
            referrals_visible_to(actor).filter(to_decide_q(actor)).values_list("pk", flat=True)
        )
        assert listed == may_decide, persona
        fresh = referrals_visible_to(actor).filter(pk__in=[small.pk, own.pk])
        assert {r.pk for r in fresh if can_decide_delegated(actor, r)} == may_decide, persona
        assert counts_for(actor).to_decide == len(may_decide), persona


@pytest.mark.parametrize("authority", ["north_somerset", "central_bedfordshire", "bcp"])
def test_an_emergency_waits_for_whoever_may_still_approve_it(
    authority: str, request: pytest.FixtureRequest
):
    cast: Cast = request.getfixturevalue(authority)
    rule = get_pack(cast.authority_id).emergency[-1]
    approvers = rule.approvers
    # A kind the rule covers (North Somerset's last rule covers every kind).
    kind = {"kind": sorted(rule.when.kinds)[0]} if rule.when.kinds else {}
    made = []
    for first in approvers:
        # Each approver's record waits for the others where the pack asks for all of them.
        made.append(emergency(cast, approvers=(first,), **kind)[1])
    withdrawn_referral, withdrawn = emergency(cast, approvers=(approvers[0],), **kind)
    referral_withdraw(
        actor=cast.social_worker, referral_id=withdrawn_referral.pk, reason="Moved away."
    )
    made.append(withdrawn)

    for persona, actor in cast.actors.items():
        may_approve = {
            e.pk
            for e in made
            if may(partial(emergency_decision_approve, actor=actor, emergency_id=e.pk))
        }
        assert {e.pk for e in emergencies_awaiting(actor)} == may_approve, persona
        rows = (
            emergency_decisions_visible_to(actor)
            .select_related("referral")
            .prefetch_related("approvers")
        )
        predicate = {
            e.pk
            for e in rows.filter(pk__in=[m.pk for m in made])
            if can_approve_emergency(actor, e)
        }
        assert predicate == may_approve, persona
    # Where one approver is enough, nothing is left waiting.
    anyone_waited_for = any(emergencies_awaiting(actor) for actor in cast.actors.values())
    assert anyone_waited_for == (rule.approval == "all")


def test_a_decision_waits_for_whoever_may_sign_or_finalise_it(north_somerset: Cast):
    # North Somerset: the chair signs, the assistant director finalises, and below the
    # threshold the head of service decides (and signs a correction of it).
    cast = north_somerset
    recorded = decided(cast)
    awaiting = signed(cast)
    done = in_effect(cast)
    small = submitted(cast, kind="one_off_payment", amount="100.00", basis="one_off")
    delegated = referral_decide_delegated(
        actor=cast.head_of_service, referral_id=small.pk, data=decision_input("approved")
    )
    correction = decision_correct(
        actor=cast.head_of_service,
        decision_id=delegated.pk,
        reason="The amount was wrong.",
        data=decision_input("approved"),
    )
    everything = [recorded, awaiting, done, delegated, correction]

    for persona, actor in cast.actors.items():
        may_sign = {
            d.pk for d in everything if may(partial(decision_sign, actor=actor, decision_id=d.pk))
        }
        may_finalise = {
            d.pk
            for d in everything
            if may(partial(decision_finalise, actor=actor, decision_id=d.pk))
        }
        assert set(decisions_to_sign(actor).values_list("pk", flat=True)) == may_sign, persona
        fresh = (
            decisions_visible_to(actor)
            .select_related("referral")
            .filter(pk__in=[d.pk for d in everything])
        )
        assert {
            d.pk for d in fresh if not d.is_signed and can_sign_decision(actor, d)
        } == may_sign, persona
        assert {d.pk for d in fresh if can_finalise_decision(actor, d)} == may_finalise, persona
        assert set(decisions_to_finalise(actor).values_list("pk", flat=True)) == may_finalise, (
            persona
        )
    assert set(decisions_to_sign(cast.chair).values_list("pk", flat=True)) == {recorded.pk}
    assert set(decisions_to_sign(cast.head_of_service).values_list("pk", flat=True)) == {
        correction.pk
    }
    assert set(decisions_to_finalise(cast.assistant_director).values_list("pk", flat=True)) == {
        awaiting.pk
    }


def test_nothing_of_another_council_is_counted(north_somerset: Cast, portsmouth: Cast):
    referrals_at_every_sign_off(portsmouth)
    decided(portsmouth)
    signed(portsmouth)
    for first in get_pack("portsmouth").emergency[-1].approvers:
        emergency(portsmouth, approvers=(first,))

    for persona, actor in north_somerset.actors.items():
        assert counts_for(actor) == Counts(), persona
