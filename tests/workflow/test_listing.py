"""Listing (DESIGN.md §4): a referral goes to the earliest meeting whose submission deadline
it met and which has room; past the deadline to the next one, unless the chair or a head
of service accepts it as exceptional, with a reason (referral_place, referral_list,
referral_accept_late, agenda_prioritise)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from carepanel.core.errors import IllegalTransition, Invalid, NotPermitted
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import (
    agenda_prioritise,
    meeting_cancel,
    referral_accept_late,
    referral_list,
)
from tests.personas import Cast
from tests.workflow.helpers import (
    actions_since,
    agreed,
    audit_mark,
    listed,
    listed_on,
    london,
    meetings_of,
    nothing_written,
)

# Listing and deadlines depend on the day: .ci/run runs these again at faked dates.
pytestmark = pytest.mark.any_day

MONDAY = london(2026, 11, 23, 10)


def _meeting(cast: Cast, starts_at: dt.datetime) -> Meeting:
    return Meeting.objects.get(authority_id=cast.authority_id, starts_at=starts_at)


# (council, when the last sign-off is given, the meeting it is listed at)
DEADLINES = [
    # North Somerset: Wednesday 13:30; "by 12.00 midday on Friday before panel".
    ("north_somerset", london(2026, 11, 27, 12, 0), london(2026, 12, 2, 13, 30)),
    ("north_somerset", london(2026, 11, 27, 12, 1), london(2026, 12, 9, 13, 30)),
    # Portsmouth: second Thursday 14:00; "by 12 noon on Thursday prior".
    ("portsmouth", london(2026, 12, 3, 12, 0), london(2026, 12, 10, 14, 0)),
    ("portsmouth", london(2026, 12, 3, 12, 1), london(2027, 1, 14, 14, 0)),
    # Central Bedfordshire: Tuesday 09:30; 3 working days before, by 17:00 (assumed).
    ("central_bedfordshire", london(2026, 11, 26, 17, 0), london(2026, 12, 1, 9, 30)),
    ("central_bedfordshire", london(2026, 11, 26, 17, 1), london(2026, 12, 8, 9, 30)),
    # BCP: Monday 13:30 (assumed); "by 1pm on the preceding Friday".
    ("bcp", london(2026, 11, 27, 13, 0), london(2026, 11, 30, 13, 30)),
    ("bcp", london(2026, 11, 27, 13, 1), london(2026, 12, 7, 13, 30)),
    # Bexley: Thursday 10:00 (assumed); two working days before, by 17:00 (assumed).
    ("bexley", london(2026, 12, 1, 17, 0), london(2026, 12, 3, 10, 0)),
    ("bexley", london(2026, 12, 1, 17, 1), london(2026, 12, 10, 10, 0)),
    # BCP over Christmas: no panel on the substitute Boxing Day bank holiday (28 December),
    # and New Year's Day moves the deadline of 4 January back to Thursday 31 December.
    ("bcp", london(2026, 12, 18, 13, 1), london(2027, 1, 4, 13, 30)),
    ("bcp", london(2026, 12, 31, 13, 1), london(2027, 1, 11, 13, 30)),
]


@pytest.mark.parametrize(("council", "ready_at", "meeting_at"), DEADLINES)
def test_a_referral_is_listed_at_the_earliest_meeting_whose_deadline_it_met(
    request: pytest.FixtureRequest, council: str, ready_at: dt.datetime, meeting_at: dt.datetime
) -> None:
    cast: Cast = request.getfixturevalue(council)
    with time_machine.travel(ready_at, tick=False):
        mark = audit_mark()
        item = listed(cast)
    assert item.meeting.starts_at == meeting_at
    assert (item.purpose, item.late, item.referral.ready_at) == ("decision", False, ready_at)
    assert actions_since(mark, action="referral.listed") == ["referral.listed"]


@time_machine.travel(MONDAY, tick=False)
def test_a_full_meeting_is_passed_over_for_the_next_with_room(north_somerset: Cast) -> None:
    cast = north_somerset
    meetings_of(cast)
    december_2 = _meeting(cast, london(2026, 12, 2, 13, 30))
    first = listed(cast)
    assert first.meeting == december_2
    # A meeting with one place, now taken (set up directly: North Somerset states no capacity).
    Meeting.objects.filter(pk=december_2.pk).update(capacity=1)
    second = listed(cast)
    assert second.meeting.starts_at == london(2026, 12, 9, 13, 30)
    assert len(listed_on(december_2)) == 1


@time_machine.travel(MONDAY, tick=False)
def test_a_cancelled_meeting_takes_no_referrals(north_somerset: Cast) -> None:
    cast = north_somerset
    meetings_of(cast)
    december_2 = _meeting(cast, london(2026, 12, 2, 13, 30))
    meeting_cancel(actor=cast.panel_coordinator, meeting_id=december_2.pk, reason="Chair unwell.")
    assert listed(cast).meeting.starts_at == london(2026, 12, 9, 13, 30)


@time_machine.travel(MONDAY, tick=False)
def test_an_agreed_referral_waits_when_no_meeting_in_sixteen_weeks_has_room(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = agreed(cast)
    assert not AgendaItem.objects.filter(referral=referral).exists()
    message = (
        "No meeting of the Care and Resource Panel in the next 16 weeks has a place left. Ask "
        "the panel coordinator to add a meeting."
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_list(actor=cast.panel_coordinator, referral_id=referral.pk)


@time_machine.travel(MONDAY, tick=False)
def test_only_a_panel_coordinator_lists_an_agreed_referral(north_somerset: Cast) -> None:
    referral = agreed(north_somerset)
    with (
        nothing_written(),
        pytest.raises(
            NotPermitted, match=re.escape("Only a panel coordinator can list a referral.")
        ),
    ):
        referral_list(actor=north_somerset.chair, referral_id=referral.pk)


# ------------------------------------------------------------------------ late referrals


@pytest.mark.parametrize("persona", ["chair", "head_of_service"])
@time_machine.travel(london(2026, 11, 27, 12, 1), tick=False)
def test_a_late_referral_is_accepted_as_exceptional_by_the_chair_or_a_head_of_service(
    north_somerset: Cast, persona: str
) -> None:
    cast = north_somerset
    on_time = listed(cast)
    december_2 = _meeting(cast, london(2026, 12, 2, 13, 30))
    assert on_time.meeting.starts_at == london(2026, 12, 9, 13, 30)  # a minute late
    mark = audit_mark()
    item = referral_accept_late(
        actor=getattr(cast, persona),
        referral_id=on_time.referral_id,
        meeting_id=december_2.pk,
        reason="  The placement ends on Thursday.  ",
    )
    assert (item.meeting, item.late, item.late_reason, item.late_accepted_by) == (
        december_2,
        True,
        "The placement ends on Thursday.",
        getattr(cast, persona).user,
    )
    # The place it had is given up, linked to the new one: never two places at once.
    on_time.refresh_from_db()
    assert (on_time.status, item.carried_over_from) == ("moved", on_time)
    assert AgendaItem.objects.filter(referral_id=on_time.referral_id, status="listed").get() == item
    assert actions_since(mark) == ["referral.accepted_late"]


@time_machine.travel(london(2026, 11, 27, 12, 1), tick=False)
def test_a_late_acceptance_needs_a_reason(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    december_2 = _meeting(north_somerset, london(2026, 12, 2, 13, 30))
    with nothing_written(), pytest.raises(Invalid, match=re.escape("reason: Enter the reason.")):
        referral_accept_late(
            actor=north_somerset.chair,
            referral_id=item.referral_id,
            meeting_id=december_2.pk,
            reason=" ",
        )


@time_machine.travel(london(2026, 11, 27, 12, 1), tick=False)
def test_a_late_acceptance_is_refused_by_anyone_else(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    december_2 = _meeting(north_somerset, london(2026, 12, 2, 13, 30))
    message = "Only the panel chair or head of service can accept a late referral."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        referral_accept_late(
            actor=north_somerset.panel_coordinator,
            referral_id=item.referral_id,
            meeting_id=december_2.pk,
            reason="Urgent.",
        )


@time_machine.travel(MONDAY, tick=False)
def test_a_referral_that_met_the_deadline_is_not_late(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    message = "This referral met that meeting's deadline, so it is not late."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_accept_late(
            actor=north_somerset.chair,
            referral_id=item.referral_id,
            meeting_id=item.meeting_id,
            reason="Urgent.",
        )


@time_machine.travel(MONDAY, tick=False)
def test_a_referral_already_accepted_late_for_a_meeting_is_not_accepted_twice(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    item = listed(cast)
    wednesday = _meeting(cast, london(2026, 11, 25, 13, 30))
    referral_accept_late(
        actor=cast.chair, referral_id=item.referral_id, meeting_id=wednesday.pk, reason="Urgent."
    )
    message = "This referral is already on that meeting's agenda."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_accept_late(
            actor=cast.head_of_service,
            referral_id=item.referral_id,
            meeting_id=wednesday.pk,
            reason="Urgent.",
        )


def test_a_meeting_that_has_started_takes_no_late_referral(north_somerset: Cast) -> None:
    cast = north_somerset
    with time_machine.travel(MONDAY, tick=False):
        item = listed(cast)
    wednesday = _meeting(cast, london(2026, 11, 25, 13, 30))
    with (
        time_machine.travel(london(2026, 11, 25, 13, 45), tick=False),
        nothing_written(),
        pytest.raises(IllegalTransition, match=re.escape("This meeting has already started.")),
    ):
        referral_accept_late(
            actor=cast.chair,
            referral_id=item.referral_id,
            meeting_id=wednesday.pk,
            reason="Urgent.",
        )


@time_machine.travel(MONDAY, tick=False)
def test_a_late_referral_is_accepted_only_for_a_scheduled_meeting(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    wednesday = _meeting(cast, london(2026, 11, 25, 13, 30))
    meeting_cancel(actor=cast.panel_coordinator, meeting_id=wednesday.pk, reason="No quorum.")
    with nothing_written(), pytest.raises(Invalid) as refused:
        referral_accept_late(
            actor=cast.chair,
            referral_id=item.referral_id,
            meeting_id=wednesday.pk,
            reason="Urgent.",
        )
    assert refused.value.errors == {
        "meeting": "Choose a scheduled meeting of the panel this referral goes to."
    }


@time_machine.travel(MONDAY, tick=False)
def test_a_late_referral_may_take_a_meeting_past_its_capacity(portsmouth: Cast) -> None:
    cast = portsmouth
    meetings_of(cast)
    december = _meeting(cast, london(2026, 12, 10, 14, 0))
    first = listed(cast)
    Meeting.objects.filter(pk=december.pk).update(capacity=1)
    with time_machine.travel(london(2026, 12, 4, 9, 0), tick=False):
        late = listed(cast)
        assert late.meeting.starts_at == london(2027, 1, 14, 14, 0)
        referral_accept_late(
            actor=cast.chair, referral_id=late.referral_id, meeting_id=december.pk, reason="Urgent."
        )
    assert [i.referral_id for i in listed_on(december)] == [first.referral_id, late.referral_id]


# ------------------------------------------------------------------------ the chair's order


@time_machine.travel(MONDAY, tick=False)
def test_the_chair_sets_the_order_of_the_agenda(north_somerset: Cast) -> None:
    cast = north_somerset
    items = [listed(cast) for _ in range(3)]
    meeting = items[0].meeting
    order = [items[2].pk, items[0].pk, items[1].pk]
    mark = audit_mark()
    agenda_prioritise(actor=cast.chair, meeting_id=meeting.pk, item_ids=order)
    assert (
        list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("position")
            .values_list("pk", flat=True)
        )
        == order
    )
    assert actions_since(mark) == ["agenda.prioritised"]


@time_machine.travel(MONDAY, tick=False)
def test_the_chairs_order_names_every_item_once(north_somerset: Cast) -> None:
    cast = north_somerset
    items = [listed(cast) for _ in range(2)]
    with nothing_written(), pytest.raises(Invalid) as refused:
        agenda_prioritise(
            actor=cast.chair, meeting_id=items[0].meeting_id, item_ids=[items[0].pk, items[0].pk]
        )
    assert refused.value.errors == {
        "items": "List every item on the agenda once, in the order to hear them."
    }
