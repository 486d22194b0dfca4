"""Working days, meetings and deadlines: the calendar rules of DESIGN.md §5.

The same for every pack:
- time zone Europe/London; times come out as aware datetimes (ISO 8601 with offset);
- working days are Monday to Friday except bank holidays in England;
- a regular meeting that falls on a bank holiday does not happen unless the pack says so;
- a deadline is "the last WEEKDAY before the meeting at HH:MM" or "N working days
  before the meeting at HH:MM"; one that falls on a non-working day moves back to
  the previous working day, same time.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from .errors import PolicyError
from .schema import DeadlineRule, Pack, Panel

LONDON = ZoneInfo("Europe/London")

# Twenty years covers any planner view; a longer range is almost certainly a typo
# (2062 for 2026) and would print hundreds of thousands of meetings.
MAX_RANGE_DAYS = 366 * 20


@lru_cache(maxsize=1)
def _england_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG")


def is_bank_holiday(day: dt.date) -> bool:
    """A bank holiday in England, as GOV.UK lists them: the weekday that is off.

    The `holidays` package also lists the weekend date of a holiday whose day off
    is substituted to a Monday; only the substitute is a bank holiday.
    """
    return day.weekday() < 5 and day in _england_holidays()


def bank_holiday_name(day: dt.date) -> str | None:
    return _england_holidays().get(day) if is_bank_holiday(day) else None


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def previous_working_day(day: dt.date) -> dt.date:
    """The working day strictly before `day`."""
    day -= dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def on_or_before_working_day(day: dt.date) -> dt.date:
    return day if is_working_day(day) else previous_working_day(day)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """`count` working days after `day` (before it when negative); `day` itself not counted."""
    step = dt.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def deadline_for(rule: DeadlineRule, meeting_day: dt.date) -> dt.datetime:
    """The moment a deadline rule gives for a meeting on `meeting_day`."""
    if rule.rule == "weekday_before":
        assert rule.weekday is not None  # noqa: S101 -- the schema requires it
        back = (meeting_day.weekday() - rule.weekday - 1) % 7 + 1
        day = on_or_before_working_day(meeting_day - dt.timedelta(days=back))
    else:
        assert rule.days is not None  # noqa: S101 -- the schema requires it
        day = add_working_days(meeting_day, -rule.days)
    return dt.datetime.combine(day, rule.at, tzinfo=LONDON)


def describe_deadline(rule: DeadlineRule) -> str:
    """The rule in words, as a coordinator would say it."""
    at = rule.at.strftime("%H:%M")
    if rule.rule == "weekday_before":
        assert rule.weekday is not None  # noqa: S101 -- the schema requires it
        return f"{_calendar.day_name[rule.weekday]} before the meeting at {at}"
    return f"{rule.days} working days before the meeting at {at}"


@dataclass(frozen=True)
class Meeting:
    """One sitting of a panel as its cadence gives it."""

    authority: str
    panel: str
    panel_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    submission_deadline: dt.datetime
    papers_deadline: dt.datetime | None
    capacity: int | None
    slot_minutes: int | None

    @property
    def day(self) -> dt.date:
        return self.starts_at.date()

    def to_json(self) -> dict[str, Any]:
        return {
            "authority": self.authority,
            "panel": self.panel,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "submission_deadline": self.submission_deadline.isoformat(),
            "papers_deadline": self.papers_deadline.isoformat() if self.papers_deadline else None,
            "capacity": self.capacity,
        }


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    days = [
        week[weekday]
        for week in _calendar.Calendar().monthdatescalendar(year, month)
        if week[weekday].month == month
    ]
    return days[nth - 1] if nth > 0 else days[nth]


def _cadence_days(panel: Panel, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    cadence = panel.cadence
    if cadence.frequency == "weekly":
        day = start + dt.timedelta(days=(cadence.weekday - start.weekday()) % 7)
        while day <= end:
            yield day
            day += dt.timedelta(days=7)
        return
    assert cadence.week_of_month is not None  # noqa: S101 -- the schema requires it
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        day = _nth_weekday(year, month, cadence.weekday, cadence.week_of_month)
        if start <= day <= end:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def meeting_days(panel: Panel, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The days the panel sits between `start` and `end` inclusive, oldest first."""
    for day in _cadence_days(panel, start, end):
        if panel.cadence.meets_on_bank_holidays or not is_bank_holiday(day):
            yield day


def meeting_on(pack: Pack, panel: Panel, day: dt.date) -> Meeting:
    """The meeting the panel's rules give for `day` (whether or not its cadence falls there).

    A coordinator may add or move a sitting; its deadlines follow the same rules.
    """
    return Meeting(
        authority=pack.authority.id,
        panel=panel.id,
        panel_name=panel.name,
        starts_at=dt.datetime.combine(day, panel.cadence.starts, tzinfo=LONDON),
        ends_at=dt.datetime.combine(day, panel.cadence.ends, tzinfo=LONDON),
        submission_deadline=deadline_for(panel.submission_deadline, day),
        papers_deadline=(
            deadline_for(panel.papers_deadline, day) if panel.papers_deadline else None
        ),
        capacity=panel.effective_capacity,
        slot_minutes=panel.slot_minutes,
    )


def meetings(
    pack: Pack, start: dt.date, end: dt.date, panel_id: str | None = None
) -> list[Meeting]:
    """The panel's meetings between two dates inclusive, oldest first (main panel by default)."""
    if start > end:
        raise PolicyError(
            f"the start date {start.isoformat()} is after the end date {end.isoformat()}"
        )
    if (end - start).days > MAX_RANGE_DAYS:
        raise PolicyError(
            f"{start.isoformat()} to {end.isoformat()} is more than 20 years; "
            "ask for a shorter range"
        )
    panel = pack.panel(panel_id)
    return [meeting_on(pack, panel, day) for day in meeting_days(panel, start, end)]


def _meetings_from(pack: Pack, panel: Panel, day: dt.date) -> Iterator[Meeting]:
    """Every meeting of the panel from `day` on, without end."""
    while True:
        # A quarter at a time: enough for a monthly panel, cheap for a weekly one.
        window_end = day + dt.timedelta(days=92)
        for meeting_day in meeting_days(panel, day, window_end):
            yield meeting_on(pack, panel, meeting_day)
        day = window_end + dt.timedelta(days=1)


def next_meetings(
    pack: Pack, after: dt.datetime, count: int, panel_id: str | None = None
) -> list[Meeting]:
    """The next `count` meetings that start after the moment `after`."""
    panel = pack.panel(panel_id)
    upcoming = (
        meeting
        for meeting in _meetings_from(pack, panel, after.astimezone(LONDON).date())
        if meeting.starts_at > after
    )
    return list(islice(upcoming, count))


def first_meeting_for(
    pack: Pack, submitted_at: dt.datetime, panel_id: str | None = None
) -> Meeting:
    """The earliest meeting whose submission deadline a referral submitted at `submitted_at` met.

    Capacity is not the engine's concern: the service that lists a referral walks on
    from here to the first meeting with room.
    """
    panel = pack.panel(panel_id)
    for meeting in _meetings_from(pack, panel, submitted_at.astimezone(LONDON).date()):
        if submitted_at <= meeting.submission_deadline:
            return meeting
    raise AssertionError("unreachable: a cadence always yields another meeting")
