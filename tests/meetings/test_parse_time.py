"""Times as the coordinator types them on the times-to-attend page."""

from __future__ import annotations

import datetime as dt

import pytest

from carepanel.meetings.forms import parse_time


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("1:30pm", dt.time(13, 30)),
        ("1.30pm", dt.time(13, 30)),
        ("1pm", dt.time(13)),
        ("13:30", dt.time(13, 30)),
        ("13.30", dt.time(13, 30)),
        ("midday", dt.time(12)),
        ("Midday ", dt.time(12)),
        ("noon", dt.time(12)),
        ("midnight", dt.time(0)),
        ("12pm", dt.time(12)),
        ("12:15pm", dt.time(12, 15)),
        ("12am", dt.time(0)),
        ("9am", dt.time(9)),
        ("9:05 AM", dt.time(9, 5)),
        ("2 p.m.", dt.time(14)),
        ("09:00", dt.time(9)),
        ("0:00", dt.time(0)),
        ("23:59", dt.time(23, 59)),
    ],
)
def test_a_time_is_read_as_people_write_it(text: str, time: dt.time) -> None:
    assert parse_time(text) == time


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2",  # 2am or 2pm?
        "14",
        "13pm",
        "0am",
        "24:00",
        "1:60pm",
        "1:5pm",
        "1:30:00",
        "half past one",
        "1,30pm",
        "-1:30",
    ],
)
def test_what_is_not_a_time_is_none(text: str) -> None:
    assert parse_time(text) is None
