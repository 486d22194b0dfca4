"""Dates and times as GOV.UK writes them: "Friday 27 November 2026 at midday".

Fixed English names rather than strftime's %A and %B, which follow the process
locale. Aware datetimes are shown in Europe/London (the project's time zone).
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

register = template.Library()

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _local(value: datetime.datetime) -> datetime.datetime:
    # localtime() refuses naive datetimes: a time without a zone cannot be shown honestly.
    return timezone.localtime(value)


@register.filter
def govuk_date(value: datetime.date) -> str:
    """'Wednesday 2 December 2026'."""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


@register.filter
def govuk_time(value: datetime.datetime | datetime.time) -> str:
    """'1:30pm', '9am', 'midday', 'midnight': the GOV.UK style guide's times.

    No leading zero, minutes only when not on the hour, and the words "midday" and
    "midnight" where "12pm" and "12am" would leave a reader unsure which is which.
    """
    if isinstance(value, datetime.datetime):
        value = _local(value).time()
    if value.minute == 0 and value.hour in (0, 12):
        return "midday" if value.hour == 12 else "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


@register.filter
def govuk_datetime(value: datetime.datetime) -> str:
    """'Friday 27 November 2026 at midday'."""
    return f"{govuk_date(value)} at {govuk_time(value)}"


@register.filter
def govuk_datetime_range(start: datetime.datetime, end: datetime.datetime) -> str:
    """'Wednesday 2 December 2026, 1:30pm to 4:30pm'; both dates when they differ."""
    if _local(start).date() == _local(end).date():
        return f"{govuk_date(start)}, {govuk_time(start)} to {govuk_time(end)}"
    return f"{govuk_datetime(start)} to {govuk_datetime(end)}"
