"""Emergency decisions: approved between panels by the roles the pack names, in force until
the next meeting, where the referral is listed for ratification whatever the deadline
(emergency_decision_record, emergency_decision_approve, and the ratification hearing)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine

from carepanel.core.errors import IllegalTransition, Invalid, NotPermitted
from carepanel.decisions.models import Approval, EmergencyApprover, EmergencyDecision
from carepanel.decisions.services import (
    agenda_item_decide,
    decision_finalise,
    decision_sign,
    emergency_decision_approve,
    emergency_decision_record,
)
from carepanel.meetings.models import AgendaItem
from carepanel.meetings.services import meeting_move
from carepanel.referrals.services import referral_submit, referral_withdraw
from tests.clock import at_hearing
from tests.personas import Cast
from tests.workflow.helpers import (
    actions_since,
    approval_input,
    audit_mark,
    decision_input,
    drafted,
    emergency,
    london,
    nothing_written,
)

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def _record(cast: Cast, persona: str, referral_id: int, **approval: object) -> EmergencyDecision:
    return emergency_decision_record(
        actor=getattr(cast, persona),
        referral_id=referral_id,
        reason="The child could not safely wait for the panel.",
        approval=approval_input(**approval),
    )


def _ratification_item(emergency_decision: EmergencyDecision) -> AgendaItem:
    return AgendaItem.objects.select_related("meeting").get(
        referral_id=emergency_decision.referral_id, status="listed"
    )


# ------------------------------------------------------------------------ approval


def test_north_somerset_waits_for_both_the_head_of_service_and_the_assistant_director(
    north_somerset: Cast,
) -> None:
    """Terms of reference: "Any emergency decisions outside panel should be agreed with the
    relevant Head of Service and Assistant Director and a panel slot should then be booked
    retrospectively"."""
    cast = north_somerset
    referral = drafted(cast, flags={"emergency": True})
    recorded = _record(cast, "head_of_service", referral.pk)
    assert (recorded.status, recorded.approvers_required, recorded.approval_rule) == (
        "awaiting_approvers",
        ["head_of_service", "assistant_director"],
        "all",
    )
    referral.refresh_from_db()
    assert referral.status == "draft"
    assert Approval.objects.get(emergency_decision=recorded).status == "pending"

    message = "This is waiting for the assistant director."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        emergency_decision_approve(actor=cast.head_of_service, emergency_id=recorded.pk)

    emergency_decision_approve(actor=cast.assistant_director, emergency_id=recorded.pk)
    recorded.refresh_from_db()
    assert (recorded.status, recorded.approved_at) == ("approved", MONDAY)
    assert list(
        EmergencyApprover.objects.filter(emergency_decision=recorded).values_list("role", "user_id")
    ) == [
        ("head_of_service", cast.head_of_service.user.pk),
        ("assistant_director", cast.assistant_director.user.pk),
    ]


def test_an_emergency_decision_stands_until_the_next_meeting_where_it_is_ratified(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    # Monday: Wednesday's deadline (Friday noon) has passed, yet it is heard on Wednesday.
    referral, recorded = emergency(cast, approvers=("head_of_service", "assistant_director"))
    item = _ratification_item(recorded)
    assert (item.purpose, item.meeting.starts_at) == (
        "ratification",
        london(2026, 11, 25, 13, 30),
    )
    assert recorded.ratification_meeting == item.meeting
    assert referral.status == "listed"
    approval = Approval.objects.get(emergency_decision=recorded)
    assert (approval.status, approval.review_due_on) == ("active", dt.date(2026, 11, 25))


def test_the_emergency_protection_order_needs_one_approver_in_north_somerset(
    north_somerset: Cast,
) -> None:
    """Terms of reference: "agreement for such plans may be sought from a Head of Service or
    Assistant Director outside Panel"."""
    referral, recorded = emergency(
        north_somerset, approvers=("assistant_director",), kind="emergency_protection_order"
    )
    assert (recorded.status, recorded.approval_rule) == ("approved", "any")
    assert referral.status == "listed"


@pytest.mark.parametrize(
    ("amount", "allowed", "refused", "refusal"),
    [
        (
            "400.00",
            "service_leader",
            "head_of_service",
            "Only the service leader can approve this between panels.",
        ),
        (
            "1500.00",
            "head_of_service",
            "service_leader",
            "Only the head of service can approve this between panels.",
        ),
    ],
    ids=["under £1,000", "over £1,000"],
)
def test_portsmouths_urgent_decisions_are_the_service_leaders_under_1000_else_the_heads(
    portsmouth: Cast, amount: str, allowed: str, refused: str, refusal: str
) -> None:
    """Terms of reference: "this should be made by the Service Leader (for costs below £1,000)
    or Head of Service (for above £1,000) for the child for the period up to the next resource
    panel"."""
    cast = portsmouth
    referral = drafted(cast, flags={"emergency": True}, amount=amount, basis="annual")
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(refusal)):
        _record(cast, refused, referral.pk)
    recorded = _record(cast, allowed, referral.pk)
    assert recorded.status == "approved"
    assert _ratification_item(recorded).meeting.starts_at == london(2026, 12, 10, 14, 0)


def test_a_council_without_emergency_rules_refuses_an_approval_between_panels(
    bexley: Cast,
) -> None:
    referral = drafted(bexley, flags={"emergency": True})
    message = (
        "This council's terms of reference give no approval between panels for this referral: "
        "The Resource and Care Panel decides every request for a family support package. "
        "Say what internal resources have been tried, the exit strategy, and how costs have "
        "been shared with other responsible agencies. Bexley's procedure provides for no "
        "approval between panels: the request is heard at the next Resource and Care Panel."
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        _record(bexley, "head_of_service", referral.pk)


def test_an_emergency_decision_gives_its_reason(north_somerset: Cast) -> None:
    referral = drafted(north_somerset, flags={"emergency": True})
    with nothing_written(), pytest.raises(Invalid) as refused:
        emergency_decision_record(
            actor=north_somerset.head_of_service,
            referral_id=referral.pk,
            reason=" ",
            approval=approval_input(cost_amount_gbp=Decimal("-1")),
        )
    assert refused.value.errors == {
        "reason": "Say why this could not wait for the panel.",
        "approval.cost_amount_gbp": "The cost must be £0 or more.",
    }


def test_a_referral_has_one_emergency_decision(north_somerset: Cast) -> None:
    referral = drafted(north_somerset, flags={"emergency": True})
    _record(north_somerset, "head_of_service", referral.pk)
    message = "This referral already has an emergency decision."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        _record(north_somerset, "assistant_director", referral.pk)


def test_an_emergency_decision_in_force_takes_no_more_approvers(north_somerset: Cast) -> None:
    _, recorded = emergency(north_somerset, approvers=("head_of_service", "assistant_director"))
    message = "This emergency decision is not waiting for approvers."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        emergency_decision_approve(actor=north_somerset.director, emergency_id=recorded.pk)


def test_a_referral_awaiting_its_emergency_approvers_is_not_also_submitted(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = drafted(cast, flags={"emergency": True})
    _record(cast, "head_of_service", referral.pk)
    message = (
        "This referral has an emergency decision waiting for its approvers; it goes to panel "
        "for ratification once they agree."
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_submit(actor=cast.social_worker, referral_id=referral.pk)


def test_a_withdrawn_referral_takes_no_more_emergency_approvers(north_somerset: Cast) -> None:
    cast = north_somerset
    referral = drafted(cast, flags={"emergency": True})
    recorded = _record(cast, "head_of_service", referral.pk)
    referral_withdraw(actor=cast.social_worker, referral_id=referral.pk, reason="Went home.")
    message = "This referral is withdrawn, so it cannot be given an emergency decision."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        emergency_decision_approve(actor=cast.assistant_director, emergency_id=recorded.pk)
    assert not AgendaItem.objects.filter(referral=referral).exists()


# ------------------------------------------------------------------------ ratification


def test_the_panel_ratifies_and_the_approval_runs_to_the_packs_review_date(
    portsmouth: Cast,
) -> None:
    cast = portsmouth
    _, recorded = emergency(cast, approvers=("head_of_service",), amount="1500.00")
    item = _ratification_item(recorded)
    at_hearing(item.pk)
    decision = agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input("ratified"), version=None
    )
    mark = audit_mark()
    decision_sign(actor=cast.chair, decision_id=decision.pk)
    assert actions_since(mark) == ["decision.signed", "emergency_decision.ratified"]
    recorded.refresh_from_db()
    assert (recorded.status, recorded.ratification) == ("ratified", decision)
    approval = Approval.objects.get(emergency_decision=recorded)
    # Ratified as it stood: twelve months from its start, Portsmouth's longest.
    assert (approval.status, approval.review_due_on) == ("active", dt.date(2027, 12, 7))


def test_the_panel_does_not_ratify_and_the_approval_ends(portsmouth: Cast) -> None:
    cast = portsmouth
    _, recorded = emergency(cast, approvers=("head_of_service",), amount="1500.00")
    at_hearing(_ratification_item(recorded).pk)
    decision = agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=_ratification_item(recorded).pk,
        data=decision_input("not_ratified"),
        version=None,
    )
    standing = Approval.objects.get(emergency_decision=recorded)
    mark = audit_mark()
    decision_sign(actor=cast.chair, decision_id=decision.pk)
    recorded.refresh_from_db()
    assert recorded.status == "not_ratified"
    approval = Approval.objects.get(emergency_decision=recorded)
    assert (approval.status, approval.ended_on, approval.end_reason) == (
        "ended",
        decision.agenda_item.meeting.day,  # type: ignore[union-attr]
        "Not ratified by the panel.",
    )
    # Ended through its own service: a new version and an event of its own.
    assert approval.version == standing.version + 1
    assert actions_since(mark, object_type="approval") == ["approval.ended"]


def test_a_ratification_with_a_new_approval_replaces_the_emergency_one(portsmouth: Cast) -> None:
    cast = portsmouth
    _, recorded = emergency(cast, approvers=("head_of_service",), amount="1500.00")
    at_hearing(_ratification_item(recorded).pk)
    decision = agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=_ratification_item(recorded).pk,
        data=decision_input("ratified", approval=approval_input(resource="Reduced package")),
        version=None,
    )
    decision_sign(actor=cast.chair, decision_id=decision.pk)
    standing = Approval.objects.get(emergency_decision=recorded)
    assert (standing.status, standing.end_reason) == (
        "ended",
        f"Replaced by the approval ratified in decision {decision.pk}.",
    )
    assert Approval.objects.get(decision=decision).status == "active"


def test_north_somersets_ratification_takes_effect_when_the_assistant_director_finalises(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    _, recorded = emergency(cast, approvers=("head_of_service", "assistant_director"))
    at_hearing(_ratification_item(recorded).pk)
    decision = agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=_ratification_item(recorded).pk,
        data=decision_input("ratified"),
        version=None,
    )
    decision_sign(actor=cast.chair, decision_id=decision.pk)
    recorded.refresh_from_db()
    assert recorded.status == "approved"
    decision_finalise(actor=cast.assistant_director, decision_id=decision.pk)
    recorded.refresh_from_db()
    assert recorded.status == "ratified"


def test_a_ratification_item_is_ratified_or_not_and_nothing_else(portsmouth: Cast) -> None:
    cast = portsmouth
    _, recorded = emergency(cast, approvers=("head_of_service",), amount="1500.00")
    with nothing_written(), pytest.raises(Invalid) as refused:
        at_hearing(_ratification_item(recorded).pk)
        agenda_item_decide(
            actor=cast.panel_coordinator,
            item_id=_ratification_item(recorded).pk,
            data=decision_input("approved"),
            version=None,
        )
    assert refused.value.errors == {
        "outcome": "Choose one of: deferred, not_heard, not_ratified, ratified."
    }


def test_withdrawing_a_referral_awaiting_ratification_ends_its_emergency_approval(
    bcp: Cast,
) -> None:
    referral, recorded = emergency(
        bcp, approvers=("service_manager",), kind="placement_residential"
    )
    approval = Approval.objects.get(emergency_decision=recorded)
    assert approval.status == Approval.Status.ACTIVE

    referral_withdraw(actor=bcp.social_worker, referral_id=referral.pk, reason="Returned home.")

    approval.refresh_from_db()
    assert (approval.status, approval.ended_on) == (Approval.Status.ENDED, MONDAY.date())
    assert approval.end_reason == "The referral was withdrawn before its ratification."


def test_withdrawing_a_listed_referral_ends_its_item_and_approval_through_their_services(
    bcp: Cast,
) -> None:
    referral, recorded = emergency(
        bcp, approvers=("service_manager",), kind="placement_residential"
    )
    item = _ratification_item(recorded)
    approval = Approval.objects.get(emergency_decision=recorded)
    mark = audit_mark()

    referral_withdraw(actor=bcp.social_worker, referral_id=referral.pk, reason="Returned home.")

    ended_item = AgendaItem.objects.get(pk=item.pk)
    ended_approval = Approval.objects.get(pk=approval.pk)
    assert (ended_item.status, ended_item.version) == ("removed", item.version + 1)
    assert ended_item.removed_reason == "Returned home."
    assert (ended_approval.status, ended_approval.version) == ("ended", approval.version + 1)
    assert actions_since(mark) == ["referral.withdrawn", "agenda_item.ended", "approval.ended"]
    assert actions_since(mark, object_type="agendaitem", object_id=str(item.pk)) == [
        "agenda_item.ended"
    ]
    assert actions_since(mark, object_type="approval", object_id=str(approval.pk)) == [
        "approval.ended"
    ]


def test_moving_the_ratifying_meeting_moves_the_approvals_end_with_an_audit_event(
    bcp: Cast,
) -> None:
    _, recorded = emergency(bcp, approvers=("service_manager",), kind="placement_residential")
    meeting = _ratification_item(recorded).meeting
    approval = Approval.objects.get(emergency_decision=recorded)
    assert approval.review_due_on == meeting.day
    later = meeting.day + dt.timedelta(days=1)
    mark = audit_mark()

    meeting_move(
        actor=bcp.panel_coordinator, meeting_id=meeting.pk, day=later, reason="Room needed."
    )

    moved = Approval.objects.get(pk=approval.pk)
    assert (moved.review_due_on, moved.version) == (later, approval.version + 1)
    assert actions_since(mark) == ["meeting.moved", "approval.review_due_moved"]


def test_a_ratification_carried_to_the_next_meeting_stands_until_that_meeting(
    bcp: Cast,
) -> None:
    _, recorded = emergency(bcp, approvers=("service_manager",), kind="placement_residential")
    item = _ratification_item(recorded)
    version = recorded.version
    mark = audit_mark()

    at_hearing(item.pk)
    agenda_item_decide(
        actor=bcp.chair, item_id=item.pk, data=decision_input("deferred"), version=None
    )

    later = _ratification_item(recorded)
    recorded.refresh_from_db()
    assert recorded.version == version + 1
    moved = actions_since(mark)
    assert "emergency_decision.ratification_moved" in moved
    assert "approval.review_due_moved" in moved
    assert later.meeting.starts_at > item.meeting.starts_at
    assert later.purpose == AgendaItem.Purpose.RATIFICATION
    assert recorded.ratification_meeting == later.meeting
    assert Approval.objects.get(emergency_decision=recorded).review_due_on == later.meeting.day
