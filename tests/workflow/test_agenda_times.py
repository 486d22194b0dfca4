"""The coordinator advises each item's time to attend (agenda_times_set): North Somerset's
terms of reference say "You will then be advised of a time to attend panel", and its
pack sets no slot length. Times are London times on the meeting's day, within its
sitting; one set time overrides a panel's slot; a moved meeting's times move with it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine

from carepanel.audit.models import AuditEvent
from carepanel.core.errors import IllegalTransition, Invalid, NotFound, NotPermitted
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.queries import agenda_for
from carepanel.meetings.services import (
    agenda_item_remove,
    agenda_times_set,
    meeting_add,
    meeting_cancel,
    meeting_move,
)
from tests.personas import Cast
from tests.workflow.helpers import (
    actions_since,
    audit_mark,
    listed,
    london,
    nothing_written,
)

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def _times() -> dict[int, dt.datetime | None]:
    return dict(AgendaItem.objects.order_by("pk").values_list("pk", "attend_at"))


def _set(cast: Cast, meeting: Meeting, times: dict[int, dt.time | None]) -> Meeting:
    return agenda_times_set(
        actor=cast.panel_coordinator, meeting_id=meeting.pk, times=times, version=meeting.version
    )


def test_the_coordinator_sets_each_items_time_on_the_meetings_day(north_somerset: Cast) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)
    meeting = first.meeting
    mark = audit_mark()

    changed = _set(cast, meeting, {first.pk: dt.time(13, 30), second.pk: dt.time(14, 15)})

    assert changed.version == meeting.version + 1
    assert Meeting.objects.get(pk=meeting.pk).version == meeting.version + 1
    assert _times() == {
        first.pk: london(2026, 12, 2, 13, 30),
        second.pk: london(2026, 12, 2, 14, 15),
    }
    assert actions_since(mark) == ["agenda.times_set"]
    event = AuditEvent.objects.get(action="agenda.times_set")
    assert (event.actor, event.object_id) == (cast.panel_coordinator.user, str(meeting.pk))
    # Ids and times only: no names.
    assert event.data == {"times": {str(first.pk): "13:30", str(second.pk): "14:15"}}


def test_a_time_is_cleared_and_items_not_given_keep_theirs(north_somerset: Cast) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)
    meeting = _set(cast, first.meeting, {first.pk: dt.time(13, 30), second.pk: dt.time(14)})

    _set(cast, meeting, {first.pk: None})

    assert _times() == {first.pk: None, second.pk: london(2026, 12, 2, 14)}
    assert AuditEvent.objects.filter(action="agenda.times_set").latest("pk").data == {
        "times": {str(first.pk): None}
    }


def test_the_agenda_shows_the_set_time_and_otherwise_none(north_somerset: Cast) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)
    _set(cast, first.meeting, {second.pk: dt.time(15)})

    agenda = agenda_for(cast.chair, first.meeting_id)

    assert [(row.item.pk, row.slot_starts_at, row.time_to_be_advised) for row in agenda.rows] == [
        (first.pk, None, True),
        (second.pk, london(2026, 12, 2, 15), False),
    ]


def test_a_set_time_overrides_a_panels_slot(central_bedfordshire: Cast) -> None:
    cast = central_bedfordshire
    first, _ = listed(cast), listed(cast)
    _set(cast, first.meeting, {first.pk: dt.time(10, 30)})

    agenda = agenda_for(cast.chair, first.meeting_id)

    # The second keeps its slot, which follows its place in the running order.
    assert [row.slot_starts_at for row in agenda.rows] == [
        london(2026, 12, 1, 10, 30),
        london(2026, 12, 1, 9, 45),
    ]


def test_a_time_is_a_london_time_in_summer_too(north_somerset: Cast) -> None:
    cast = north_somerset
    april_7 = meeting_add(
        actor=cast.panel_coordinator,
        panel_id="care-and-resource",
        day=dt.date(2027, 4, 7),
        reason="An extra sitting.",
    )
    item = listed(cast)
    AgendaItem.objects.filter(pk=item.pk).update(meeting=april_7)

    _set(cast, april_7, {item.pk: dt.time(14)})

    attend_at = AgendaItem.objects.get(pk=item.pk).attend_at
    assert attend_at == london(2027, 4, 7, 14)
    assert attend_at == dt.datetime(2027, 4, 7, 13, tzinfo=dt.UTC)  # British Summer Time


@pytest.mark.parametrize(
    "time", [dt.time(13, 29), dt.time(16, 30), dt.time(9)], ids=["before", "at the end", "morning"]
)
def test_a_time_outside_the_sitting_is_refused(north_somerset: Cast, time: dt.time) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)
    before = _times()

    with (
        nothing_written(),
        pytest.raises(Invalid) as refused,
    ):
        _set(cast, first.meeting, {first.pk: dt.time(14), second.pk: time})

    assert refused.value.errors == {
        f"times.{second.pk}": "The time must be within the sitting, from 1:30pm to 4:30pm."
    }
    assert _times() == before


def test_the_last_minute_of_the_sitting_is_within_it(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)

    _set(cast, item.meeting, {item.pk: dt.time(16, 29)})

    assert _times() == {item.pk: london(2026, 12, 2, 16, 29)}


def test_an_item_not_listed_on_the_meeting_is_refused(north_somerset: Cast) -> None:
    cast = north_somerset
    ours, removed = listed(cast), listed(cast)
    agenda_item_remove(actor=cast.chair, item_id=removed.pk, reason="No presenter.")
    elsewhere = AgendaItem.objects.get(referral=removed.referral, status="listed")
    meeting = Meeting.objects.get(pk=ours.meeting_id)
    before = _times()

    with nothing_written(), pytest.raises(Invalid) as refused:
        _set(cast, meeting, {ours.pk: dt.time(14), removed.pk: None, elsewhere.pk: dt.time(15)})

    not_listed = "This item is not listed on this meeting's agenda."
    assert refused.value.errors == {
        f"times.{removed.pk}": not_listed,
        f"times.{elsewhere.pk}": not_listed,
    }
    assert _times() == before


@pytest.mark.parametrize("persona", ["chair", "social_worker", "head_of_service"])
def test_only_the_panel_coordinator_sets_times(north_somerset: Cast, persona: str) -> None:
    cast = north_somerset
    item = listed(cast)

    with (
        nothing_written(),
        pytest.raises(
            NotPermitted, match=re.escape("Only the panel coordinator can set the times to attend.")
        ),
    ):
        agenda_times_set(
            actor=getattr(cast, persona),
            meeting_id=item.meeting_id,
            times={item.pk: dt.time(14)},
            version=None,
        )
    assert _times() == {item.pk: None}


def test_times_are_set_from_the_version_read(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    read = item.meeting
    _set(cast, read, {item.pk: dt.time(14)})

    with (
        nothing_written(),
        pytest.raises(
            IllegalTransition,
            match=re.escape(
                "Someone else changed this meeting since you opened it. Reload it and try again."
            ),
        ),
    ):
        _set(cast, read, {item.pk: dt.time(15)})
    assert _times() == {item.pk: london(2026, 12, 2, 14)}


def test_a_cancelled_meeting_has_no_times_to_set(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    cancelled = meeting_cancel(
        actor=cast.panel_coordinator, meeting_id=item.meeting_id, reason="The chair is unwell."
    )

    with (
        nothing_written(),
        pytest.raises(
            IllegalTransition,
            match=re.escape("This meeting is cancelled, so it has no times to attend."),
        ),
    ):
        _set(cast, cancelled, {item.pk: dt.time(14)})


def test_another_councils_meeting_is_not_found(north_somerset: Cast, portsmouth: Cast) -> None:
    item = listed(north_somerset)

    with nothing_written(), pytest.raises(NotFound):
        agenda_times_set(
            actor=portsmouth.panel_coordinator,
            meeting_id=item.meeting_id,
            times={item.pk: dt.time(14)},
            version=None,
        )


def test_a_moved_meetings_times_keep_their_time_of_day(north_somerset: Cast) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)
    meeting = _set(cast, first.meeting, {first.pk: dt.time(14, 15)})
    # A time the new sitting's hours do not cover (a set-up only the ORM makes) is
    # cleared, to be advised again.
    AgendaItem.objects.filter(pk=second.pk).update(attend_at=london(2026, 12, 2, 17))

    meeting_move(
        actor=cast.panel_coordinator,
        meeting_id=meeting.pk,
        day=dt.date(2026, 12, 3),
        reason="The room is needed.",
    )

    assert _times() == {first.pk: london(2026, 12, 3, 14, 15), second.pk: None}


def test_an_item_carried_to_the_next_meeting_waits_for_a_new_time(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    _set(cast, item.meeting, {item.pk: dt.time(14)})

    agenda_item_remove(actor=cast.chair, item_id=item.pk, reason="No presenter.")

    relisted = AgendaItem.objects.get(referral=item.referral, status="listed")
    assert relisted.attend_at is None
    next_week = agenda_for(cast.chair, relisted.meeting_id)
    assert [row.slot_starts_at for row in next_week.rows] == [None]
    # The removed item keeps the time it had on record, but shows none.
    this_week = agenda_for(cast.chair, item.meeting_id)
    assert AgendaItem.objects.get(pk=item.pk).attend_at == london(2026, 12, 2, 14)
    assert [row.slot_starts_at for row in this_week.rows] == [None]
