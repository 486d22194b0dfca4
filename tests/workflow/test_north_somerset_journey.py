"""North Somerset, end to end through the services: the issue's acceptance journey."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from carepanel.core.errors import IllegalTransition
from carepanel.decisions.models import Approval, Decision
from carepanel.decisions.services import (
    ActionInput,
    ApprovalInput,
    DecisionInput,
    agenda_item_decide,
    decision_finalise,
    decision_sign,
)
from carepanel.meetings.models import AgendaItem
from carepanel.policy import LONDON
from carepanel.referrals.models import Referral
from carepanel.referrals.services import referral_create, referral_sign_off, referral_submit
from tests.clock import at_hearing
from tests.personas import Cast, referral_input

MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


@time_machine.travel(MONDAY, tick=False)
def test_a_family_support_referral_goes_from_draft_to_a_signed_decision(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = referral_create(actor=cast.social_worker, data=referral_input(cast.authority_id))
    assert referral.route == "panel"

    referral_submit(actor=cast.social_worker, referral_id=referral.pk)
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED  # the head of service has not yet
    referral_sign_off(actor=cast.head_of_service, referral_id=referral.pk, outcome="agreed")

    referral.refresh_from_db()
    assert referral.status == Referral.Status.LISTED
    item = AgendaItem.objects.get(referral=referral, status="listed")
    # Friday 27 November at midday is the deadline of Wednesday 2 December's panel.
    assert item.meeting.starts_at == dt.datetime(2026, 12, 2, 13, 30, tzinfo=LONDON)

    at_hearing(item.pk)
    decision = agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=item.pk,
        data=DecisionInput(
            outcome="approved_with_conditions",
            discussion="Invented discussion.",
            conditions=["Review attendance at the parenting course."],
            actions=[
                ActionInput(
                    description="Commission the package.",
                    owner_id=cast.social_worker.user.pk,
                    due_on=dt.date(2026, 12, 9),
                )
            ],
            approval=ApprovalInput(
                resource="Family support package",
                cost_amount_gbp=referral.cost_amount_gbp,  # type: ignore[arg-type]
                cost_basis="annual",
                starts_on=dt.date(2026, 12, 7),
                review_due_on=dt.date(2027, 6, 2),
            ),
        ),
        version=None,
    )
    decision = decision_sign(actor=cast.chair, decision_id=decision.pk)
    assert decision.status == Decision.Status.SIGNED
    # North Somerset: "Assistant Director will finalise the decisions".
    assert decision.awaits_finalisation
    assert Approval.objects.get(decision=decision).status == Approval.Status.PENDING
    decision_finalise(actor=cast.assistant_director, decision_id=decision.pk)
    assert Approval.objects.get(decision=decision).status == Approval.Status.ACTIVE

    with pytest.raises(IllegalTransition, match="signed, so it cannot be changed"):
        at_hearing(item.pk)
        agenda_item_decide(
            actor=cast.chair, item_id=item.pk, data=DecisionInput(outcome="declined"), version=None
        )
