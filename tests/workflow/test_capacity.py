"""Capacity counts every request at a meeting that is listed or has been heard, whatever
its outcome: places left never rise when the panel records its decisions
(carepanel.meetings.queries.with_places, the one count listing, the pages, the home page
and the API read).

Portsmouth's terms of reference: "a maximum of 25 children (requests) at each panel".
The expected meetings come from the policy calendar, on a frozen Monday.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from carepanel.decisions.services import agenda_item_decide
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.queries import meetings_visible_to, places_of
from carepanel.meetings.services import agenda_item_remove
from carepanel.policy import first_meeting_for, get_pack, next_meetings
from tests.api.flows import api_for
from tests.clock import at_meeting
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import decided, decision_input, listed, london

MONDAY = london(2026, 11, 23, 10)

# Every outcome the panel can give an item for decision, in turn.
OUTCOMES = (
    "approved",
    "approved_with_conditions",
    "declined",
    "deferred",
    "referred",
    "not_heard",
)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def _places(cast: Cast, meeting: Meeting) -> tuple[int | None, int]:
    places = places_of(meetings_visible_to(cast.panel_coordinator).get(pk=meeting.pk))
    return places.left, places.taken


def _api_places(cast: Cast, meeting: Meeting) -> tuple[int | None, int]:
    shown = api_for(cast.panel_coordinator).get(f"/meetings/{meeting.pk}/agenda").json()
    return shown["meeting"]["places_left"], shown["meeting"]["taken"]


def _page_places(client: Client, cast: Cast, meeting: Meeting) -> str:
    page = parse(signed_in(client, cast.panel_coordinator).get(f"/meetings/{meeting.pk}/").content)
    return page.summaries["details-heading"]["Places left"]


def test_25_requests_listed_or_heard_leave_no_place_before_and_after_the_decisions(
    portsmouth: Cast, client: Client
) -> None:
    cast = portsmouth
    pack = get_pack(cast.authority_id)
    expected = first_meeting_for(pack, MONDAY)
    (following,) = next_meetings(pack, expected.starts_at, 1)
    assert expected.capacity == 25

    items = [listed(cast) for _ in range(25)]
    meeting = items[0].meeting
    assert {item.meeting_id for item in items} == {meeting.pk}
    assert meeting.starts_at == expected.starts_at
    assert _places(cast, meeting) == (0, 25)
    assert _api_places(cast, meeting) == (0, 25)
    assert _page_places(client, cast, meeting) == "0 (25 listed)"

    # The 26th agreed referral goes to the following meeting.
    twenty_sixth = listed(cast)
    assert twenty_sixth.meeting.starts_at == following.starts_at

    at_meeting(meeting)
    for number, item in enumerate(items):
        decided_item(cast, item, OUTCOMES[number % len(OUTCOMES)])

    statuses = set(
        AgendaItem.objects.filter(meeting=meeting).values_list("status", flat=True).distinct()
    )
    assert statuses == {"heard", "removed"}  # removed: the items not heard
    assert _places(cast, meeting) == (0, 25)
    assert _api_places(cast, meeting) == (0, 25)
    assert _page_places(client, cast, meeting) == "0 (0 listed, 25 places taken)"


def decided_item(cast: Cast, item: AgendaItem, outcome: str) -> None:
    agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input(outcome), version=None
    )


def test_a_deferred_item_holds_its_place_where_it_was_heard_and_its_new_item_one_at_the_next(
    portsmouth: Cast,
) -> None:
    cast = portsmouth
    deferred = decided(cast, "deferred")
    heard_at = deferred.agenda_item.meeting  # type: ignore[union-attr]
    carried = AgendaItem.objects.select_related("meeting").get(
        referral=deferred.referral, status=AgendaItem.Status.LISTED
    )
    assert _places(cast, heard_at) == (24, 1)
    assert _places(cast, carried.meeting) == (24, 1)


def test_an_item_the_chair_removed_before_the_meeting_frees_its_place(portsmouth: Cast) -> None:
    cast = portsmouth
    item = listed(cast)
    agenda_item_remove(actor=cast.chair, item_id=item.pk, reason="The papers are missing.")
    assert _places(cast, item.meeting) == (25, 0)
