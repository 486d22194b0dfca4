"""`carepanel generate_meetings` keeps 16 weeks of meetings, leaving coordinators' changes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from carepanel.meetings.models import Meeting
from carepanel.policy import LONDON

# Meetings and deadlines depend on the day: .ci/run runs these again at faked dates.
pytestmark = [pytest.mark.django_db, pytest.mark.any_day]

MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


def _generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_meetings", *args, stdout=out)
    return out.getvalue()


@time_machine.travel(MONDAY, tick=False)
def test_it_creates_sixteen_weeks_of_north_somersets_wednesday_meetings() -> None:
    assert _generate("--authority", "north-somerset") == "north-somerset: 16 new meetings\n"
    days = [
        m.starts_at.astimezone(LONDON)
        for m in Meeting.objects.filter(authority_id="north-somerset")
    ]
    assert days[0] == dt.datetime(2026, 11, 25, 13, 30, tzinfo=LONDON)
    assert days[-1] == dt.datetime(2027, 3, 10, 13, 30, tzinfo=LONDON)
    assert {day.weekday() for day in days} == {2}


@time_machine.travel(MONDAY, tick=False)
def test_running_it_again_adds_nothing_and_keeps_a_cancelled_meeting_cancelled() -> None:
    _generate()
    first = Meeting.objects.filter(authority_id="bcp").first()
    assert first is not None
    Meeting.objects.filter(pk=first.pk).update(status=Meeting.Status.CANCELLED)

    assert "bcp: 0 new meetings" in _generate()
    first.refresh_from_db()
    assert first.status == Meeting.Status.CANCELLED


def test_it_refuses_an_unknown_authority_in_one_line() -> None:
    with pytest.raises(CommandError) as refused:
        _generate("--authority", "atlantis")
    assert str(refused.value) == (
        "no policy pack for the authority 'atlantis'; known: bcp, bexley, "
        "central-bedfordshire, north-somerset, portsmouth"
    )
