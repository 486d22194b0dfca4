"""An outcome at a meeting is recorded only once the meeting has started
(carepanel.decisions.permissions.check_meeting_started): the service, the hearing page
and the API all ask the one rule, and say from when. Delegated and emergency decisions
belong to no meeting and are unaffected.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from carepanel.core.errors import IllegalTransition
from carepanel.core.templatetags.govuk_dates import govuk_date, govuk_time
from carepanel.decisions.models import Decision
from carepanel.decisions.permissions import meeting_started
from carepanel.decisions.services import agenda_item_decide, decision_sign
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.policy import first_meeting_for, get_pack
from tests.api.flows import api_for
from tests.clock import at_meeting, travel_to
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import (
    decided,
    decision_input,
    emergency,
    listed,
    london,
    nothing_written,
)

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def _not_yet(meeting: Meeting) -> str:
    return (
        f"This meeting starts at {govuk_time(meeting.starts_at)} on "
        f"{govuk_date(meeting.starts_at)}. Its decisions can be recorded from then."
    )


def test_the_message_says_from_when_in_words(north_somerset: Cast) -> None:
    # North Somerset: Friday midday deadline for the Wednesday 1:30pm panel.
    expected = first_meeting_for(get_pack("north-somerset"), MONDAY)
    item = listed(north_somerset)
    assert item.meeting.starts_at == expected.starts_at
    assert _not_yet(item.meeting) == (
        "This meeting starts at 1:30pm on Wednesday 2 December 2026. "
        "Its decisions can be recorded from then."
    )


def test_a_decision_before_the_meeting_starts_is_refused_and_nothing_is_written(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    item = listed(cast)
    travel_to(item.meeting.starts_at - dt.timedelta(minutes=1))
    with (
        nothing_written(),
        pytest.raises(IllegalTransition, match=re.escape(_not_yet(item.meeting))),
    ):
        agenda_item_decide(
            actor=cast.chair, item_id=item.pk, data=decision_input("approved"), version=None
        )
    assert not meeting_started(item.meeting)


def test_the_same_decision_at_the_start_is_recorded(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    travel_to(item.meeting.starts_at)
    assert meeting_started(item.meeting)
    decision = agenda_item_decide(
        actor=cast.chair, item_id=item.pk, data=decision_input("approved"), version=None
    )
    assert decision.recorded_at == item.meeting.starts_at


def test_a_ratification_waits_for_the_meeting_too(portsmouth: Cast) -> None:
    _, recorded = emergency(portsmouth, approvers=("head_of_service",))
    item = AgendaItem.objects.select_related("meeting").get(
        referral=recorded.referral, status=AgendaItem.Status.LISTED
    )
    assert item.purpose == AgendaItem.Purpose.RATIFICATION
    with (
        nothing_written(),
        pytest.raises(IllegalTransition, match=re.escape(_not_yet(item.meeting))),
    ):
        agenda_item_decide(
            actor=portsmouth.panel_coordinator,
            item_id=item.pk,
            data=decision_input("ratified"),
            version=None,
        )


def test_a_decision_is_never_signed_before_its_meeting_has_started(portsmouth: Cast) -> None:
    decision = decided(portsmouth)
    # A row no service could write: its meeting moved back into the future.
    meeting = decision.agenda_item.meeting  # type: ignore[union-attr]
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + dt.timedelta(days=1),
        ends_at=meeting.ends_at + dt.timedelta(days=1),
    )
    meeting.refresh_from_db()
    with (
        nothing_written(),
        pytest.raises(IllegalTransition, match=re.escape(_not_yet(meeting))),
    ):
        decision_sign(actor=portsmouth.chair, decision_id=decision.pk)


# ------------------------------------------------------------------------ the page


def test_the_hearing_page_says_from_when_and_offers_no_form_before_the_start(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)
    chair = signed_in(client, cast.chair)

    response = chair.get(f"/agenda-items/{item.pk}/decision/")

    assert response.status_code == 200
    html = response.content.decode()
    assert _not_yet(item.meeting) in " ".join(html.split())
    assert 'name="record"' not in html and "<form" not in html.split("</header>", 1)[-1]
    refused = chair.post(
        f"/agenda-items/{item.pk}/decision/", {"record": "1", "outcome": "declined"}
    )
    assert refused.status_code == 409
    assert _not_yet(item.meeting) in " ".join(refused.content.decode().split())
    assert not Decision.objects.filter(agenda_item=item).exists()

    at_meeting(item.meeting)
    page = chair.get(f"/agenda-items/{item.pk}/decision/").content.decode()
    assert 'name="record"' in page
    assert parse(page).h("h1") == [f"Decision on referral {item.referral_id}"]


# ------------------------------------------------------------------------ the API


def test_the_api_answers_409_before_the_start_and_records_after(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    caller = api_for(cast.panel_coordinator)
    body = {"outcome": "declined", "discussion": "Invented discussion."}

    early = caller.post(f"/agenda-items/{item.pk}/decision", body)
    at_meeting(item.meeting)
    on_time = caller.post(f"/agenda-items/{item.pk}/decision", body)

    assert early.status_code == 409
    assert early.json() == {"message": _not_yet(item.meeting)}
    assert on_time.status_code == 201, on_time.content
    assert on_time.json()["outcome"] == "declined"
