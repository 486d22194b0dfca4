"""A meeting the coordinator adds for urgent business only (Meeting.urgent_only): late
items accepted by the chair or a head of service, emergencies and ratifications. Ordinary
listing, and the carry-over of an item for decision, never go to it.

Portsmouth, on a frozen Monday; the regular meetings come from the policy calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from carepanel.decisions.services import agenda_item_decide
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import meeting_add, referral_accept_late
from carepanel.policy import first_meeting_for, get_pack, is_working_day, next_meetings
from tests.api.flows import api_for
from tests.clock import at_meeting
from tests.personas import Cast
from tests.workflow.helpers import decision_input, emergency, listed, london

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def _add(cast: Cast, day: dt.date, *, urgent_only: bool) -> Meeting:
    assert is_working_day(day)
    return meeting_add(
        actor=cast.panel_coordinator,
        panel_id=get_pack(cast.authority_id).panel().id,
        day=day,
        reason="An extra sitting.",
        urgent_only=urgent_only,
    )


@pytest.mark.parametrize("urgent_only", [False, True], ids=["ordinary", "urgent only"])
def test_ordinary_listing_passes_an_urgent_only_sitting_by(
    portsmouth: Cast, urgent_only: bool
) -> None:
    regular = first_meeting_for(get_pack("portsmouth"), MONDAY)
    # The day before the regular meeting, with a deadline the referral meets.
    added = _add(
        portsmouth, regular.starts_at.date() - dt.timedelta(days=1), urgent_only=urgent_only
    )
    assert added.submission_deadline > MONDAY

    item = listed(portsmouth)

    expected = regular.starts_at if urgent_only else added.starts_at
    assert item.meeting.starts_at == expected


def test_emergencies_and_late_items_may_go_to_an_urgent_only_sitting(portsmouth: Cast) -> None:
    cast = portsmouth
    tomorrow = _add(cast, MONDAY.date() + dt.timedelta(days=1), urgent_only=True)

    _, recorded = emergency(cast, approvers=("head_of_service",))
    ratification = AgendaItem.objects.get(referral=recorded.referral, status="listed")
    assert (ratification.meeting_id, ratification.purpose) == (tomorrow.pk, "ratification")

    ordinary = listed(cast)
    assert ordinary.meeting_id != tomorrow.pk
    late = referral_accept_late(
        actor=cast.chair,
        referral_id=ordinary.referral_id,
        meeting_id=tomorrow.pk,
        reason="The placement ends on Wednesday.",
    )
    assert (late.meeting_id, late.late) == (tomorrow.pk, True)


def test_a_deferred_item_is_carried_past_an_urgent_only_sitting(portsmouth: Cast) -> None:
    cast = portsmouth
    item = listed(cast)
    (following,) = next_meetings(get_pack("portsmouth"), item.meeting.starts_at, 1)
    between = _add(cast, following.starts_at.date() - dt.timedelta(days=1), urgent_only=True)
    assert item.meeting.starts_at < between.starts_at < following.starts_at

    at_meeting(item.meeting)
    agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input("deferred"), version=None
    )

    carried = AgendaItem.objects.select_related("meeting").get(
        referral=item.referral, status="listed"
    )
    assert carried.meeting.starts_at == following.starts_at


def test_the_api_adds_an_urgent_only_meeting_and_says_so(portsmouth: Cast) -> None:
    day = (MONDAY + dt.timedelta(days=1)).date().isoformat()
    caller = api_for(portsmouth.panel_coordinator)
    panel = get_pack("portsmouth").panel().id

    added = caller.post(
        "/meetings", {"panel": panel, "date": day, "reason": "Urgent.", "urgent_only": True}
    )
    listed_meetings = caller.get("/meetings").json()["results"]

    assert added.status_code == 201, added.content
    assert added.json()["urgent_only"] is True
    assert Meeting.objects.get(pk=added.json()["id"]).urgent_only is True
    assert [m["urgent_only"] for m in listed_meetings if m["id"] == added.json()["id"]] == [True]
    # The cadence's own meetings take ordinary listings.
    assert not any(m["urgent_only"] for m in listed_meetings if m["id"] != added.json()["id"])
