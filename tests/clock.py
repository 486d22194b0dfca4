"""Moving a test's clock to the moment something happens: the panel records its
decisions only once the meeting has started, so a test that hears an item first moves
the clock to the meeting's start, computed from the meeting row the rules made.

The clock stays there (frozen) until the test ends; `tests/conftest.py` puts it back.
"""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from carepanel.meetings.models import AgendaItem, Meeting

_travels: list[time_machine.travel] = []


def travel_to(moment: dt.datetime) -> None:
    """The clock at `moment`, frozen, for the rest of the test."""
    traveller = time_machine.travel(moment, tick=False)
    traveller.start()
    _travels.append(traveller)


def at_meeting(meeting: Meeting) -> None:
    """The clock at the meeting's start, unless it has started already."""
    if timezone.now() < meeting.starts_at:
        travel_to(meeting.starts_at)


def back_to_now() -> None:
    """Undo every `travel_to` of the test, newest first."""
    while _travels:
        _travels.pop().stop()


def at_hearing(item_id: int | None) -> int | None:
    """The clock at the start of the meeting the agenda item is on; returns the item's id."""
    assert item_id is not None
    at_meeting(AgendaItem.objects.select_related("meeting").get(pk=item_id).meeting)
    return item_id
