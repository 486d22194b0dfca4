"""The read helpers the meeting pages use: slots, places, completeness, where an item may
be accepted late, and the sorted list of meetings (carepanel.meetings.queries)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from carepanel.audit.models import AuditEvent
from carepanel.core.errors import NotFound
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.queries import (
    agenda_for,
    beyond_capacity,
    completeness_of,
    earlier_meetings,
    following_meeting,
    incomplete_counts,
    late_meetings,
    meeting_table,
    places_of,
    sign_offs_missing,
    slot_times,
    with_completeness,
    with_places,
)
from carepanel.meetings.services import agenda_item_remove, meeting_cancel
from tests.personas import Cast
from tests.workflow.helpers import (
    emergency,
    listed,
    london,
    meetings_of,
    with_papers,
)

pytestmark = pytest.mark.django_db

NS_PAPERS = ("assessment", "care_plan", "genogram")


def _meeting(cast: Cast, starts_at: dt.datetime) -> Meeting:
    return Meeting.objects.get(authority_id=cast.authority_id, starts_at=starts_at)


# ------------------------------------------------------------------ slots and places


def test_each_item_in_the_running_order_takes_the_next_slot(north_somerset: Cast) -> None:
    meeting = meetings_of(north_somerset)[1]
    meeting.slot_minutes = 30
    order = [(1, "heard"), (2, "removed"), (3, "listed"), (4, "moved"), (5, "listed")]

    times = slot_times(meeting, order)

    assert times == {
        1: london(2026, 12, 2, 13, 30),
        2: None,
        3: london(2026, 12, 2, 14, 0),
        4: None,
        5: london(2026, 12, 2, 14, 30),
    }


def test_a_panel_without_a_slot_length_gives_no_times(north_somerset: Cast) -> None:
    meeting = meetings_of(north_somerset)[1]

    assert slot_times(meeting, [(1, "listed"), (2, "listed")]) == {1: None, 2: None}


def test_the_listed_items_past_the_capacity_fall_beyond_it(north_somerset: Cast) -> None:
    meeting = meetings_of(north_somerset)[1]
    order = [(1, "heard"), (2, "listed"), (3, "removed"), (4, "listed"), (5, "listed")]

    assert beyond_capacity(meeting, order) == set()  # no limit
    meeting.capacity = 2
    # The heard item keeps the place it took: two places, taken by items 1 and 2.
    assert beyond_capacity(meeting, order) == {4, 5}


@pytest.mark.parametrize(
    ("capacity", "count", "left", "over_by"),
    [(None, 3, None, 0), (25, 3, 22, 0), (3, 3, 0, 0), (2, 5, 0, 3)],
)
def test_places_left_never_go_below_none_and_say_how_far_over(
    north_somerset: Cast, capacity: int | None, count: int, left: int | None, over_by: int
) -> None:
    # North Somerset's panel sets no limit, so every one lists at the same meeting.
    items = [listed(north_somerset) for _ in range(count)]
    Meeting.objects.filter(pk=items[0].meeting_id).update(capacity=capacity)
    meeting = with_places(Meeting.objects.filter(pk=items[0].meeting_id)).get()

    places = places_of(meeting)

    assert (places.left, places.over_by, places.taken, places.listed) == (
        left,
        over_by,
        count,
        count,
    )


# ------------------------------------------------------------------ completeness


def test_completeness_names_each_missing_paper_and_sign_off(north_somerset: Cast) -> None:
    cast = north_somerset
    bare = listed(cast)
    papered = listed(cast)
    with_papers(cast, papered.referral, *NS_PAPERS)
    items = list(with_completeness(AgendaItem.objects.filter(pk__in=[bare.pk, papered.pk])))

    found = completeness_of(items)

    assert [g.type for g in found[bare.pk].paper_gaps] == list(NS_PAPERS)
    assert found[bare.pk].sign_offs_missing == []
    assert not found[bare.pk].complete
    assert found[papered.pk].complete


def test_an_emergency_listed_for_ratification_lacks_the_packs_sign_offs(
    north_somerset: Cast,
) -> None:
    referral, _ = emergency(north_somerset, approvers=("head_of_service", "assistant_director"))
    referral.refresh_from_db()

    missing = sign_offs_missing(referral)

    assert [(rule.role, rule.action) for rule in missing] == [
        ("team_manager", "agree"),
        ("head_of_service", "authorise"),
    ]


def test_incomplete_items_are_counted_for_each_meeting(north_somerset: Cast) -> None:
    cast = north_somerset
    first = listed(cast)
    listed(cast)
    complete = listed(cast)
    with_papers(cast, complete.referral, *NS_PAPERS)
    empty = meetings_of(cast)[3]

    counts = incomplete_counts(cast.panel_coordinator, [first.meeting_id, empty.pk])

    assert counts == {first.meeting_id: 2, empty.pk: 0}


# ------------------------------------------------------------------ late and next meetings


def test_an_item_may_go_late_to_an_earlier_meeting_whose_deadline_it_missed(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    # Agreed a minute after Friday's midday deadline: listed on 9 December, not 2 December.
    with time_machine.travel(london(2026, 11, 27, 12, 1), tick=False):
        item = listed(cast)
        assert item.meeting.starts_at == london(2026, 12, 9, 13, 30)
        earlier = earlier_meetings(item.meeting)

        assert [m.starts_at for m in earlier] == [london(2026, 12, 2, 13, 30)]
        assert late_meetings(item, earlier) == earlier


def test_an_item_goes_late_only_where_it_missed_the_deadline(north_somerset: Cast) -> None:
    item = listed(north_somerset)  # agreed now: too late for 25 November, in time for 2 December
    later = _meeting(north_somerset, london(2026, 12, 9, 13, 30))
    item.meeting = later  # as if it had been carried on to 9 December

    assert [m.starts_at for m in late_meetings(item, earlier_meetings(later))] == [
        london(2026, 11, 25, 13, 30)
    ]
    item.status = AgendaItem.Status.HEARD
    assert late_meetings(item, earlier_meetings(later)) == []


def test_the_following_meeting_skips_cancelled_ones(north_somerset: Cast) -> None:
    cast = north_somerset
    december_2, december_9, december_16 = meetings_of(cast)[1:4]
    meeting_cancel(actor=cast.panel_coordinator, meeting_id=december_9.pk, reason="x")

    assert following_meeting(december_2) == december_16


# ------------------------------------------------------------------ the list and the agenda


def test_the_list_counts_listed_and_late_items_and_sorts_by_places(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    december_2, december_9 = meetings_of(cast)[1:3]
    listed(cast)
    listed(cast)
    Meeting.objects.filter(pk=december_9.pk).update(capacity=5)
    Meeting.objects.filter(pk=december_2.pk).update(capacity=3)
    AgendaItem.objects.filter(meeting=december_2).update(late=True)
    starting = london(2026, 11, 23)

    by_date = list(meeting_table(cast.panel_coordinator, starting=starting))
    by_places = list(meeting_table(cast.panel_coordinator, starting=starting, sort="places"))
    most_first = list(
        meeting_table(cast.panel_coordinator, starting=starting, sort="places", descending=True)
    )

    row = next(m for m in by_date if m.pk == december_2.pk)
    assert (row.listed, row.late, row.places_left) == (2, 2, 1)  # type: ignore[attr-defined]
    assert [m.pk for m in by_places[:2]] == [december_2.pk, december_9.pk]
    # A panel without a limit has the most places: last going up, first going down.
    assert by_places[-1].capacity is None
    assert most_first[0].capacity is None
    assert most_first[-1].pk == december_2.pk


def test_the_agenda_is_read_for_the_actor_and_the_read_is_audited(
    north_somerset: Cast, portsmouth: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)

    agenda = agenda_for(cast.chair, item.meeting_id)

    assert [row.item.pk for row in agenda.rows] == [item.pk]
    assert AuditEvent.objects.get(action="agenda.viewed").data == {"referrals": [item.referral_id]}
    with pytest.raises(NotFound):
        agenda_for(portsmouth.chair, item.meeting_id)


def test_a_removed_item_keeps_its_place_on_the_agenda_without_a_slot(
    central_bedfordshire: Cast,
) -> None:
    cast = central_bedfordshire
    first, second = listed(cast), listed(cast)
    agenda_item_remove(actor=cast.chair, item_id=first.pk, reason="No presenter.")

    agenda = agenda_for(cast.chair, first.meeting_id)

    assert [(row.item.pk, row.slot_starts_at) for row in agenda.rows] == [
        (first.pk, None),
        (second.pk, london(2026, 12, 1, 9, 30)),
    ]
    assert agenda.rows[0].completeness is None
