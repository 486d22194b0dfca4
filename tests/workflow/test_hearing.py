"""The hearing: the panel's decision on an item, with its outcome for each child, conditions,
actions and approval; a deferred or not-heard item goes to the next meeting by itself
(agenda_item_decide)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from carepanel.core.errors import IllegalTransition, Invalid
from carepanel.decisions.models import (
    Action,
    Approval,
    ChildOutcome,
    Decision,
    DecisionCondition,
)
from carepanel.decisions.services import ChildOutcomeInput, agenda_item_decide
from carepanel.meetings.models import AgendaItem
from carepanel.meetings.services import agenda_item_remove
from tests.clock import at_hearing, at_meeting
from tests.personas import Cast
from tests.workflow.helpers import (
    action_input,
    actions_since,
    approval_input,
    audit_mark,
    decision_input,
    listed,
    london,
    new_child,
    nothing_written,
)

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def _decide(cast: Cast, item: AgendaItem, outcome: str, **overrides: Any) -> Decision:
    at_hearing(item.pk)
    return agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=item.pk,
        data=decision_input(outcome, **overrides),
        version=None,
    )


@pytest.mark.parametrize(
    "outcome", ["approved", "approved_with_conditions", "declined", "referred"]
)
def test_a_decision_is_recorded_and_the_item_is_heard(north_somerset: Cast, outcome: str) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    decision = _decide(cast, item, outcome)
    item.refresh_from_db()
    item.referral.refresh_from_db()
    assert (item.status, item.referral.status) == ("heard", "decided")
    assert (decision.outcome, decision.status, decision.kind) == (outcome, "recorded", "panel")
    assert (decision.recorded_by_id, decision.recorded_at) == (
        cast.panel_coordinator.user.pk,
        item.meeting.starts_at,
    )
    # North Somerset's assistant director finalises what the panel recommends.
    assert decision.finalised_by_role == "assistant_director"
    assert list(
        ChildOutcome.objects.filter(decision=decision).values_list("outcome", flat=True)
    ) == [outcome]


def test_an_approval_waits_for_the_signature_before_it_is_active(north_somerset: Cast) -> None:
    cast = north_somerset
    decision = _decide(
        cast,
        listed(cast),
        "approved",
        approval=approval_input(
            resource="Outreach, two sessions a week",
            provider="Invented Family Services",
            cost_amount_gbp=Decimal("1500.00"),
            cost_basis="annual",
            starts_on=dt.date(2026, 12, 7),
            ends_on=dt.date(2027, 6, 6),
            review_due_on=dt.date(2027, 5, 5),
        ),
    )
    approval = Approval.objects.get(decision=decision)
    assert (
        approval.status,
        approval.resource,
        approval.provider,
        approval.cost_amount_gbp,
        approval.starts_on,
        approval.ends_on,
        approval.review_due_on,
    ) == (
        "pending",
        "Outreach, two sessions a week",
        "Invented Family Services",
        Decimal("1500.00"),
        dt.date(2026, 12, 7),
        dt.date(2027, 6, 6),
        dt.date(2027, 5, 5),
    )


def test_without_a_date_from_the_panel_the_pack_sets_when_a_new_referral_is_due(
    portsmouth: Cast,
) -> None:
    """Portsmouth: packages "running in excess of 12 months need to return to Resource Panel,
    within 12 months"."""
    decision = _decide(
        portsmouth,
        listed(portsmouth),
        "approved",
        approval=approval_input(starts_on=dt.date(2027, 1, 4), review_due_on=None),
    )
    # Twelve months from the start.
    assert Approval.objects.get(decision=decision).review_due_on == dt.date(2028, 1, 4)


def test_an_approval_with_conditions_keeps_them_in_order(north_somerset: Cast) -> None:
    conditions = ["Attend the parenting course.", "Review at three months."]
    decision = _decide(
        north_somerset, listed(north_somerset), "approved_with_conditions", conditions=conditions
    )
    assert (
        list(DecisionCondition.objects.filter(decision=decision).values_list("text", flat=True))
        == conditions
    )


def test_the_panel_sets_actions_with_an_owner_and_a_due_date(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    due = item.meeting.day + dt.timedelta(days=7)
    decision = _decide(
        cast,
        item,
        "declined",
        actions=[
            action_input(cast, description="Tell the family.", due_on=due),
            action_input(
                cast,
                description="Find a family group conference.",
                owner_id=cast.team_manager.user.pk,
            ),
        ],
    )
    assert list(
        Action.objects.filter(decision=decision).values_list("description", "owner_id", "due_on")
    ) == [
        ("Tell the family.", cast.social_worker.user.pk, due),
        # The helper's default: a week after the day it was set, the day of the hearing.
        ("Find a family group conference.", cast.team_manager.user.pk, due),
    ]


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"outcome": "approved_with_conditions", "conditions": []},
            {"conditions": "Add the conditions of the approval."},
        ),
        (
            {"outcome": "approved", "approval": None},
            {
                "approval": "Give the approval: the resource, cost, start and the date a new "
                "referral is due."
            },
        ),
        (
            {"outcome": "declined", "approval": approval_input()},
            {"approval": "Only an approval has approval details."},
        ),
        (
            {"outcome": "referred", "referred_to": " "},
            {"referred_to": "Say which panel it is referred to."},
        ),
        (
            {"outcome": "ratified"},
            {
                "outcome": "Choose one of: approved, approved_with_conditions, declined, "
                "deferred, not_heard, referred."
            },
        ),
    ],
    ids=["conditions", "approval", "no approval", "referred to", "ratified"],
)
def test_an_incomplete_decision_is_refused_with_what_is_missing(
    north_somerset: Cast, overrides: dict[str, Any], errors: dict[str, str]
) -> None:
    item = listed(north_somerset)
    at_meeting(item.meeting)
    outcome = overrides.pop("outcome")
    with nothing_written(), pytest.raises(Invalid) as refused:
        _decide(north_somerset, item, outcome, **overrides)
    assert refused.value.errors == errors


def test_an_action_needs_an_owner_in_the_council_and_a_due_date_ahead(
    north_somerset: Cast, portsmouth: Cast
) -> None:
    item = listed(north_somerset)
    at_meeting(item.meeting)
    actions = [
        action_input(north_somerset, owner_id=portsmouth.social_worker.user.pk),
        action_input(north_somerset, due_on=dt.date(2026, 11, 22), description=" "),
    ]
    with nothing_written(), pytest.raises(Invalid) as refused:
        _decide(north_somerset, item, "declined", actions=actions)
    assert refused.value.errors == {
        "actions[0].owner": "The owner must be someone in this council.",
        "actions[1].description": "Describe the action (2,000 characters or fewer).",
        "actions[1].due_on": "The due date must be today or later.",
    }


# ------------------------------------------------------------------------ siblings


def test_siblings_on_one_referral_are_decided_each_on_their_own(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast, children=[new_child(), new_child()])
    at_meeting(item.meeting)
    elder, younger = item.referral.child_links.order_by("position").values_list(
        "child_id", flat=True
    )
    decision = _decide(
        cast,
        item,
        "approved",
        children=[
            ChildOutcomeInput(child_id=elder, note="Placement with the grandparents."),
            ChildOutcomeInput(child_id=younger, outcome="declined", note="Stays at home."),
        ],
    )
    assert list(
        ChildOutcome.objects.filter(decision=decision)
        .order_by("child_id")
        .values_list("child_id", "outcome", "note")
    ) == [
        (elder, "approved", "Placement with the grandparents."),
        (younger, "declined", "Stays at home."),
    ]


def test_siblings_are_not_deferred_apart(north_somerset: Cast) -> None:
    item = listed(north_somerset, children=[new_child(), new_child()])
    at_meeting(item.meeting)
    _, younger = item.referral.child_links.order_by("position").values_list("child_id", flat=True)
    with nothing_written(), pytest.raises(Invalid) as refused:
        _decide(
            north_somerset,
            item,
            "approved",
            children=[ChildOutcomeInput(child_id=younger, outcome="deferred")],
        )
    assert refused.value.errors == {
        "children[0].outcome": "Only approved, approved with conditions or declined may differ "
        "between the children."
    }


def test_a_child_not_on_the_referral_has_no_outcome(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    at_meeting(item.meeting)
    other = listed(north_somerset).referral.child_links.get().child_id
    with nothing_written(), pytest.raises(Invalid) as refused:
        _decide(north_somerset, item, "approved", children=[ChildOutcomeInput(child_id=other)])
    assert refused.value.errors == {"children[0].child_id": "This child is not on the referral."}


# ------------------------------------------------------------------------ back to panel


def test_a_deferred_item_moves_to_the_next_meeting_by_itself(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    mark = audit_mark()
    _decide(cast, item, "deferred", discussion="Needs the family network's views.")
    item.refresh_from_db()
    assert item.status == "heard"
    following = AgendaItem.objects.get(referral=item.referral, status="listed")
    assert (following.carried_over_from, following.purpose) == (item, "decision")
    assert following.meeting.starts_at == london(2026, 12, 9, 13, 30)
    item.referral.refresh_from_db()
    assert item.referral.status == "listed"
    assert actions_since(mark) == ["decision.recorded", "agenda_item.carried_over"]

    # Heard there, it is decided like any other item.
    decision = _decide(cast, following, "approved")
    assert decision.agenda_item == following


def test_an_item_not_heard_is_listed_again(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    _decide(cast, item, "not_heard", discussion="The meeting ran out of time.")
    item.refresh_from_db()
    assert (item.status, item.removed_reason) == ("removed", "The meeting ran out of time.")
    following = AgendaItem.objects.get(referral=item.referral, status="listed")
    assert following.carried_over_from == item


def test_a_deferred_item_is_decided_at_its_later_meeting_not_again_here(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    _decide(cast, item, "deferred")
    message = (
        "This item was deferred or not heard and is on a later agenda; record the decision there."
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        _decide(cast, item, "approved")


def test_an_item_removed_from_the_agenda_is_not_decided(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    agenda_item_remove(actor=cast.chair, item_id=item.pk, reason="No papers.")
    with (
        nothing_written(),
        pytest.raises(IllegalTransition, match=re.escape("This item is no longer on the agenda.")),
    ):
        _decide(cast, item, "approved")


def test_until_it_is_signed_a_decision_is_recorded_again_in_its_place(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    first = _decide(cast, item, "approved", conditions=[])
    at_hearing(item.pk)
    again = agenda_item_decide(
        actor=cast.chair,
        item_id=item.pk,
        data=decision_input("approved_with_conditions"),
        version=first.version,
    )
    assert (again.pk, again.outcome, again.version) == (first.pk, "approved_with_conditions", 2)
    assert Decision.objects.filter(agenda_item=item).count() == 1
    # The details are replaced, not added to.
    assert Approval.objects.filter(decision=again).count() == 1
    assert DecisionCondition.objects.filter(decision=again).count() == 1


def test_a_decision_recorded_from_a_stale_version_is_refused(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    first = _decide(cast, item, "approved")
    agenda_item_decide(  # someone else recorded it again
        actor=cast.panel_coordinator,
        item_id=item.pk,
        data=decision_input("declined"),
        version=first.version,
    )
    message = "Someone else changed this decision since you opened it. Reload it and try again."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        at_hearing(item.pk)
        agenda_item_decide(
            actor=cast.chair,
            item_id=item.pk,
            data=decision_input("approved"),
            version=first.version,
        )
