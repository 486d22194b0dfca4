import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from carepanel.core.templatetags.govuk_dates import (
    govuk_date,
    govuk_datetime,
    govuk_datetime_range,
    govuk_time,
)

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
GOVUK_TIME = re.compile(r"(?P<hour>1[0-2]|[1-9])(:(?P<minute>[0-5][0-9]))?(?P<suffix>am|pm)")


def test_a_date_has_its_weekday_day_month_and_year_without_leading_zeros():
    assert govuk_date(dt.date(2026, 12, 2)) == "Wednesday 2 December 2026"


def test_an_aware_datetime_is_dated_in_london_not_in_its_own_zone():
    # 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    assert govuk_date(dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "Wednesday 1 July 2026"


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        (dt.time(12, 0), "midday"),
        (dt.time(13, 30), "1:30pm"),
        (dt.time(9, 0), "9am"),
        (dt.time(9, 5), "9:05am"),
        (dt.time(0, 0), "midnight"),
        (dt.time(0, 15), "12:15am"),
        (dt.time(23, 59), "11:59pm"),
    ],
)
def test_a_time_is_on_the_twelve_hour_clock_with_minutes_only_when_past_the_hour(time, expected):
    assert govuk_time(time) == expected


def test_a_naive_datetime_is_refused_because_its_zone_is_unknown():
    with pytest.raises(ValueError, match="naive"):
        govuk_time(dt.datetime(2026, 11, 27, 12, 0))  # noqa: DTZ001 - the naive value is the point


@given(st.times())
def test_every_time_reads_back_as_the_same_hour_and_minute(time):
    words = {"midday": "12pm", "midnight": "12am"}
    shown = govuk_time(time)
    match = GOVUK_TIME.fullmatch(words.get(shown, shown))
    assert match is not None
    hour = int(match["hour"]) % 12 + (12 if match["suffix"] == "pm" else 0)
    assert (hour, int(match["minute"] or 0)) == (time.hour, time.minute)


def test_a_deadline_reads_as_a_date_at_a_time():
    deadline = dt.datetime(2026, 11, 27, 12, 0, tzinfo=LONDON)
    assert govuk_datetime(deadline) == "Friday 27 November 2026 at midday"


def test_a_meeting_within_one_day_names_the_date_once():
    starts = dt.datetime(2026, 12, 2, 13, 30, tzinfo=LONDON)
    ends = dt.datetime(2026, 12, 2, 16, 30, tzinfo=LONDON)
    assert govuk_datetime_range(starts, ends) == "Wednesday 2 December 2026, 1:30pm to 4:30pm"


def test_a_meeting_past_midnight_names_both_dates():
    starts = dt.datetime(2026, 12, 31, 22, 0, tzinfo=LONDON)
    ends = dt.datetime(2027, 1, 1, 1, 0, tzinfo=LONDON)
    assert govuk_datetime_range(starts, ends) == (
        "Thursday 31 December 2026 at 10pm to Friday 1 January 2027 at 1am"
    )


def test_the_filters_are_available_in_templates():
    template = Template("{% load govuk_dates %}{{ starts|govuk_datetime_range:ends }}")
    context = Context(
        {
            "starts": dt.datetime(2026, 12, 2, 13, 30, tzinfo=UTC),
            "ends": dt.datetime(2026, 12, 2, 16, 30, tzinfo=UTC),
        }
    )
    assert template.render(context) == "Wednesday 2 December 2026, 1:30pm to 4:30pm"
