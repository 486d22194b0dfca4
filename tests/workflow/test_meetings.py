"""Meetings: generated from each pack's cadence for 16 weeks; a coordinator cancels, moves
or adds one with a reason, and a cancelled meeting's items go to the next meeting
(meetings_generate, meeting_add, meeting_move, meeting_cancel)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine

from carepanel.core.errors import IllegalTransition, Invalid, NotPermitted
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import (
    meeting_add,
    meeting_cancel,
    meeting_move,
    meetings_generate,
)
from tests.personas import Cast
from tests.workflow.helpers import (
    actions_since,
    audit_mark,
    listed,
    listed_on,
    london,
    meetings_of,
    nothing_written,
)

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def _sittings(cast: Cast) -> list[tuple[dt.datetime, dt.datetime, dt.datetime | None, int | None]]:
    return [
        (m.starts_at, m.submission_deadline, m.papers_deadline, m.capacity)
        for m in meetings_of(cast)
    ]


def test_sixteen_weeks_of_north_somersets_wednesday_panels_are_generated(
    north_somerset: Cast,
) -> None:
    assert meetings_generate(authority_id="north-somerset") == 16
    sittings = _sittings(north_somerset)
    assert len(sittings) == 16
    # Wednesday 13:30; referrals by Friday noon; papers to members by Monday noon.
    assert sittings[:2] == [
        (london(2026, 11, 25, 13, 30), london(2026, 11, 20, 12), london(2026, 11, 23, 12), None),
        (london(2026, 12, 2, 13, 30), london(2026, 11, 27, 12), london(2026, 11, 30, 12), None),
    ]
    assert sittings[-1][0] == london(2027, 3, 10, 13, 30)
    first = meetings_of(north_somerset)[0]
    assert (first.panel_id, first.panel_name, first.venue, first.ends_at) == (
        "care-and-resource",
        "Care and Resource Panel",
        "Virtual meeting",
        london(2026, 11, 25, 16, 30),
    )


def test_generating_again_adds_nothing(north_somerset: Cast) -> None:
    meetings_generate(authority_id="north-somerset")
    assert meetings_generate(authority_id="north-somerset") == 0
    assert Meeting.objects.filter(authority_id="north-somerset").count() == 16


def test_portsmouths_monthly_panel_sits_on_the_second_thursday_for_25_children(
    portsmouth: Cast,
) -> None:
    assert _sittings(portsmouth) == [
        (london(2026, 12, 10, 14), london(2026, 12, 3, 12), None, 25),
        (london(2027, 1, 14, 14), london(2027, 1, 7, 12), None, 25),
        (london(2027, 2, 11, 14), london(2027, 2, 4, 12), None, 25),
        (london(2027, 3, 11, 14), london(2027, 3, 4, 12), None, 25),
    ]


def test_central_bedfordshires_fifteen_minute_slots_make_twelve_places(
    central_bedfordshire: Cast,
) -> None:
    first = meetings_of(central_bedfordshire)[0]
    assert (first.starts_at, first.submission_deadline, first.papers_deadline) == (
        london(2026, 11, 24, 9, 30),
        # Three working days before, and two for the papers, each by 17:00.
        london(2026, 11, 19, 17),
        london(2026, 11, 20, 17),
    )
    assert (first.slot_minutes, first.capacity) == (15, 12)


def test_a_bank_holiday_has_no_panel_and_moves_a_deadline_back(bcp: Cast) -> None:
    starts = [m.starts_at for m in meetings_of(bcp)]
    # Monday 28 December 2026 is the substitute Boxing Day bank holiday.
    assert london(2026, 12, 21, 13, 30) in starts
    assert london(2026, 12, 28, 13, 30) not in starts
    january_4 = Meeting.objects.get(authority_id="bcp", starts_at=london(2027, 1, 4, 13, 30))
    # Friday 1 January is New Year's Day: the Friday 13:00 deadline moves to Thursday.
    assert january_4.submission_deadline == london(2026, 12, 31, 13)


def test_bexleys_thursday_panel_takes_referrals_two_working_days_before(bexley: Cast) -> None:
    assert _sittings(bexley)[:2] == [
        (london(2026, 11, 26, 10), london(2026, 11, 24, 17), None, None),
        (london(2026, 12, 3, 10), london(2026, 12, 1, 17), None, None),
    ]


# ------------------------------------------------------------------------ cancelling


def test_a_cancelled_meeting_sends_every_item_to_the_next_meeting(north_somerset: Cast) -> None:
    cast = north_somerset
    items = [listed(cast) for _ in range(2)]
    december_2 = items[0].meeting
    mark = audit_mark()
    cancelled = meeting_cancel(
        actor=cast.panel_coordinator, meeting_id=december_2.pk, reason="The chair is unwell."
    )
    assert (cancelled.status, cancelled.change_reason, cancelled.version) == (
        "cancelled",
        "The chair is unwell.",
        2,
    )
    assert listed_on(december_2) == []
    december_9 = Meeting.objects.get(
        authority_id=cast.authority_id, starts_at=london(2026, 12, 9, 13, 30)
    )
    moved = listed_on(december_9)
    assert [(i.referral_id, i.carried_over_from_id) for i in moved] == [
        (item.referral_id, item.pk) for item in items
    ]
    for item in items:
        item.refresh_from_db()
        assert (item.status, item.removed_reason) == ("moved", "The chair is unwell.")
    assert actions_since(mark) == [
        "meeting.cancelled",
        "agenda_item.carried_over",
        "agenda_item.carried_over",
    ]
    # Generating meetings again leaves it cancelled.
    meetings_generate(authority_id=cast.authority_id)
    assert Meeting.objects.get(pk=december_2.pk).is_cancelled


def test_a_meeting_is_cancelled_only_with_a_reason(north_somerset: Cast) -> None:
    meeting = meetings_of(north_somerset)[0]
    with nothing_written(), pytest.raises(Invalid, match=re.escape("reason: Enter the reason.")):
        meeting_cancel(actor=north_somerset.panel_coordinator, meeting_id=meeting.pk, reason=" ")


def test_a_meeting_is_cancelled_once(north_somerset: Cast) -> None:
    meeting = meetings_of(north_somerset)[0]
    meeting_cancel(actor=north_somerset.panel_coordinator, meeting_id=meeting.pk, reason="x")
    with (
        nothing_written(),
        pytest.raises(IllegalTransition, match=re.escape("This meeting is already cancelled.")),
    ):
        meeting_cancel(actor=north_somerset.panel_coordinator, meeting_id=meeting.pk, reason="x")


def test_a_meeting_that_has_started_is_neither_cancelled_nor_moved(north_somerset: Cast) -> None:
    cast = north_somerset
    meeting = meetings_of(cast)[0]
    with time_machine.travel(london(2026, 11, 25, 13, 30), tick=False), nothing_written():
        with pytest.raises(
            IllegalTransition,
            match=re.escape("This meeting has already started, so it cannot be cancelled."),
        ):
            meeting_cancel(actor=cast.panel_coordinator, meeting_id=meeting.pk, reason="x")
        with pytest.raises(
            IllegalTransition,
            match=re.escape("This meeting has already started, so it cannot be moved."),
        ):
            meeting_move(
                actor=cast.panel_coordinator,
                meeting_id=meeting.pk,
                day=dt.date(2026, 11, 26),
                reason="x",
            )


@pytest.mark.parametrize("persona", ["chair", "head_of_service", "social_worker"])
def test_only_a_panel_coordinator_changes_meetings(north_somerset: Cast, persona: str) -> None:
    actor = getattr(north_somerset, persona)
    meeting = meetings_of(north_somerset)[0]
    with nothing_written():
        with pytest.raises(
            NotPermitted, match=re.escape("Only a panel coordinator can cancel a meeting.")
        ):
            meeting_cancel(actor=actor, meeting_id=meeting.pk, reason="x")
        with pytest.raises(
            NotPermitted, match=re.escape("Only a panel coordinator can move a meeting.")
        ):
            meeting_move(actor=actor, meeting_id=meeting.pk, day=dt.date(2026, 11, 26), reason="x")
        with pytest.raises(
            NotPermitted, match=re.escape("Only a panel coordinator can add a meeting.")
        ):
            meeting_add(
                actor=actor, panel_id="care-and-resource", day=dt.date(2026, 11, 26), reason="x"
            )


# ------------------------------------------------------------------------ moving


def test_a_moved_meeting_keeps_its_agenda_and_its_deadlines_follow_it(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    item = listed(cast)
    mark = audit_mark()
    moved = meeting_move(
        actor=cast.panel_coordinator,
        meeting_id=item.meeting_id,
        day=dt.date(2026, 12, 3),
        reason="The room is needed for a court hearing.",
        version=1,
    )
    assert (moved.starts_at, moved.ends_at, moved.submission_deadline, moved.papers_deadline) == (
        london(2026, 12, 3, 13, 30),
        london(2026, 12, 3, 16, 30),
        # The Friday before a Thursday, and the Monday before it.
        london(2026, 11, 27, 12),
        london(2026, 11, 30, 12),
    )
    # Still the sitting of Wednesday 2 December's cadence day: generating does not re-make it.
    assert moved.cadence_day == dt.date(2026, 12, 2)
    assert meetings_generate(authority_id=cast.authority_id) == 0
    assert listed_on(moved) == [AgendaItem.objects.get(pk=item.pk)]
    assert actions_since(mark) == ["meeting.moved"]


def test_a_meeting_is_moved_from_the_version_read(north_somerset: Cast) -> None:
    cast = north_somerset
    meeting = meetings_of(cast)[1]
    meeting_move(
        actor=cast.panel_coordinator, meeting_id=meeting.pk, day=dt.date(2026, 12, 3), reason="x"
    )
    message = "Someone else changed this meeting since you opened it. Reload it and try again."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        meeting_move(
            actor=cast.panel_coordinator,
            meeting_id=meeting.pk,
            day=dt.date(2026, 12, 4),
            reason="x",
            version=1,
        )


def test_a_cancelled_meeting_is_not_moved(north_somerset: Cast) -> None:
    cast = north_somerset
    meeting = meetings_of(cast)[0]
    meeting_cancel(actor=cast.panel_coordinator, meeting_id=meeting.pk, reason="x")
    with (
        nothing_written(),
        pytest.raises(
            IllegalTransition, match=re.escape("This meeting is cancelled, so it cannot be moved.")
        ),
    ):
        meeting_move(
            actor=cast.panel_coordinator,
            meeting_id=meeting.pk,
            day=dt.date(2026, 12, 3),
            reason="x",
        )


# ------------------------------------------------------------------------ adding


def test_an_added_meeting_has_the_panels_times_and_deadlines_for_its_day(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    mark = audit_mark()
    added = meeting_add(
        actor=cast.panel_coordinator,
        panel_id="care-and-resource",
        day=dt.date(2026, 12, 4),
        reason="An extra sitting for the backlog.",
    )
    assert (
        added.starts_at,
        added.submission_deadline,
        added.cadence_day,
        added.change_reason,
        added.status,
    ) == (
        london(2026, 12, 4, 13, 30),
        london(2026, 11, 27, 12),
        None,
        "An extra sitting for the backlog.",
        "scheduled",
    )
    assert actions_since(mark) == ["meeting.added"]


@pytest.mark.parametrize(
    ("panel_id", "day", "reason", "errors"),
    [
        (
            "care-and-resource",
            dt.date(2026, 11, 23),
            "x",
            {"date": "The date must be in the future."},
        ),
        (
            "care-and-resource",
            dt.date(2027, 11, 24),
            "x",
            {"date": "The date must be within the next year."},
        ),
        (
            "resource",
            dt.date(2026, 12, 4),
            "x",
            {"panel": "This authority has no panel with that id."},
        ),
        ("care-and-resource", dt.date(2026, 12, 4), "", {"reason": "Enter the reason."}),
    ],
    ids=["today", "beyond a year", "another council's panel", "no reason"],
)
def test_an_added_meeting_is_refused_with_what_is_wrong(
    north_somerset: Cast, panel_id: str, day: dt.date, reason: str, errors: dict[str, str]
) -> None:
    with nothing_written(), pytest.raises(Invalid) as refused:
        meeting_add(
            actor=north_somerset.panel_coordinator, panel_id=panel_id, day=day, reason=reason
        )
    assert refused.value.errors == errors
