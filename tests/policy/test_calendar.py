"""The calendar rules every pack shares (DESIGN.md §5), as examples and as properties."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepanel.policy import (
    LONDON,
    PolicyError,
    add_working_days,
    deadline_for,
    describe_deadline,
    first_meeting_for,
    get_pack,
    is_bank_holiday,
    is_working_day,
    load_packs,
    meetings,
    next_meetings,
)
from tests.policy.helpers import london

# Listing and deadlines depend on the day: .ci/run runs these again at faked dates.
pytestmark = pytest.mark.any_day

REFERENCE = Path(__file__).resolve().parent / "data"
AUTHORITIES = list(load_packs())


def test_bank_holidays_match_the_gov_uk_list() -> None:
    """Cross-check the `holidays` package against GOV.UK's England and Wales list, 2012-2030."""
    with (REFERENCE / "bank_holidays_england_wales.csv").open(encoding="utf-8") as handle:
        listed = {dt.date.fromisoformat(row["date"]) for row in csv.DictReader(handle)}
    day, last = dt.date(2012, 1, 1), dt.date(2030, 12, 31)
    mismatches = []
    while day <= last:
        if is_bank_holiday(day) != (day in listed):
            mismatches.append(day)
        day += dt.timedelta(days=1)
    assert mismatches == []


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(dt.date(2026, 12, 24))
    assert not is_working_day(dt.date(2026, 12, 26))  # Saturday
    assert not is_working_day(dt.date(2026, 12, 28))  # Boxing Day, substitute
    assert add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 29)
    assert add_working_days(dt.date(2026, 12, 29), -2) == dt.date(2026, 12, 23)


def test_a_deadline_after_the_clocks_change_keeps_its_local_time() -> None:
    """Times are Europe/London: noon is 12:00+01:00 in summer, 12:00+00:00 in winter."""
    pack = get_pack("north-somerset")
    summer = meetings(pack, dt.date(2027, 4, 7), dt.date(2027, 4, 7))[0]
    assert summer.submission_deadline.isoformat() == "2027-04-02T12:00:00+01:00"
    assert summer.starts_at.isoformat() == "2027-04-07T13:30:00+01:00"


def test_deadline_rules_read_as_a_coordinator_says_them() -> None:
    north_somerset = get_pack("north-somerset").main_panel
    bexley = get_pack("bexley").main_panel
    assert (
        describe_deadline(north_somerset.submission_deadline)
        == "Friday before the meeting at 12:00"
    )
    assert (
        describe_deadline(bexley.submission_deadline)
        == "2 working days before the meeting at 17:00"
    )


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(
        PolicyError, match="the start date 2026-12-06 is after the end date 2026-11-23"
    ):
        meetings(get_pack("bcp"), dt.date(2026, 12, 6), dt.date(2026, 11, 23))


def test_a_range_of_centuries_is_refused_as_a_typo() -> None:
    with pytest.raises(PolicyError, match="more than 20 years"):
        meetings(get_pack("bcp"), dt.date(2026, 1, 1), dt.date(2206, 1, 1))


def test_an_unknown_panel_is_refused_by_name() -> None:
    with pytest.raises(PolicyError, match="unknown panel 'fostering' for authority 'bcp'"):
        meetings(get_pack("bcp"), dt.date(2026, 1, 1), dt.date(2026, 2, 1), panel_id="fostering")


def test_a_referral_submitted_on_the_deadline_makes_that_meeting() -> None:
    pack = get_pack("north-somerset")
    on_time = first_meeting_for(pack, london(2026, 11, 27, 12))
    late = first_meeting_for(pack, london(2026, 11, 27, 12, 1))
    assert on_time.day == dt.date(2026, 12, 2)
    assert late.day == dt.date(2026, 12, 9)


def test_a_monthly_panel_finds_its_next_meetings_months_ahead() -> None:
    found = next_meetings(get_pack("portsmouth"), london(2026, 12, 10, 15), 3)
    assert [m.day for m in found] == [
        dt.date(2027, 1, 14),
        dt.date(2027, 2, 11),
        dt.date(2027, 3, 11),
    ]


# ------------------------------------------------------------------ properties

dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31))


@settings(max_examples=60, deadline=None)
@given(authority=st.sampled_from(AUTHORITIES), start=dates, days=st.integers(0, 400))
def test_every_meeting_keeps_the_calendar_invariants(
    authority: str, start: dt.date, days: int
) -> None:
    pack = get_pack(authority)
    found = meetings(pack, start, start + dt.timedelta(days=days))
    starts = [m.starts_at for m in found]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), "meetings in order"
    for meeting in found:
        assert start <= meeting.day <= start + dt.timedelta(days=days)
        assert not is_bank_holiday(meeting.day), "no meeting on a bank holiday"
        assert meeting.day.weekday() == pack.main_panel.cadence.weekday
        assert meeting.starts_at < meeting.ends_at
        for deadline in (meeting.submission_deadline, meeting.papers_deadline):
            if deadline is None:
                continue
            assert deadline.tzinfo == LONDON
            assert is_working_day(deadline.date()), "every deadline on a working day"
            assert deadline < meeting.starts_at, "every deadline before its meeting"


@settings(max_examples=60, deadline=None)
@given(authority=st.sampled_from(AUTHORITIES), day=dates)
def test_a_panel_meets_on_its_cadence_except_on_bank_holidays(authority: str, day: dt.date) -> None:
    pack = get_pack(authority)
    cadence = pack.main_panel.cadence
    if cadence.frequency == "weekly":
        found = {m.day for m in meetings(pack, day, day + dt.timedelta(days=6))}
        expected = day + dt.timedelta(days=(cadence.weekday - day.weekday()) % 7)
        assert found == (set() if is_bank_holiday(expected) else {expected})
    else:
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        in_month = [m.day for m in meetings(pack, first, last)]
        assert cadence.week_of_month is not None
        nth = cadence.week_of_month
        assert len(in_month) <= 1
        for meeting_day in in_month:
            assert meeting_day.weekday() == cadence.weekday
            assert (meeting_day.day - 1) // 7 + 1 == nth


@settings(max_examples=80, deadline=None)
@given(authority=st.sampled_from(AUTHORITIES), day=dates)
def test_a_deadline_is_the_working_day_its_rule_names(authority: str, day: dt.date) -> None:
    rule = get_pack(authority).main_panel.submission_deadline
    deadline = deadline_for(rule, day).date()
    assert deadline < day
    assert is_working_day(deadline)
    if rule.rule == "weekday_before":
        assert rule.weekday is not None
        named = day - dt.timedelta(days=(day.weekday() - rule.weekday - 1) % 7 + 1)
        assert deadline <= named
        # Only non-working days lie between the named weekday and the deadline.
        between = [named - dt.timedelta(days=n) for n in range((named - deadline).days)]
        assert not any(is_working_day(d) for d in between)
    elif is_working_day(day):
        assert rule.days is not None
        assert add_working_days(deadline, rule.days) == day


@settings(max_examples=60, deadline=None)
@given(
    authority=st.sampled_from(AUTHORITIES),
    moment=st.datetimes(
        min_value=dt.datetime(2016, 1, 1),  # noqa: DTZ001 -- hypothesis wants naive bounds
        max_value=dt.datetime(2034, 12, 31),  # noqa: DTZ001
    ),
)
def test_the_first_meeting_is_the_earliest_whose_deadline_was_met(
    authority: str, moment: dt.datetime
) -> None:
    pack = get_pack(authority)
    submitted = moment.replace(tzinfo=LONDON)
    chosen = first_meeting_for(pack, submitted)
    assert submitted <= chosen.submission_deadline
    earlier = meetings(pack, submitted.date(), chosen.day - dt.timedelta(days=1))
    assert all(m.submission_deadline < submitted for m in earlier)
