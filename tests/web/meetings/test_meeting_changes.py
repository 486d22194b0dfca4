"""The coordinator's changes to meetings: add (/meetings/new/), move and cancel, each
with its reason, its audit event, its error summary and, for a change to a meeting, the
version read."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import meeting_move
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import listed, london, meetings_of

pytestmark = pytest.mark.django_db

PANEL = "care-and-resource"


def _date(day: int | str, month: int | str, year: int | str) -> dict[str, str]:
    return {"date_day": str(day), "date_month": str(month), "date_year": str(year)}


# ------------------------------------------------------------------ adding


def test_the_coordinator_adds_a_meeting(client: Client, north_somerset: Cast) -> None:
    caller = signed_in(client, north_somerset.panel_coordinator)
    form = caller.get("/meetings/new/")
    assert parse(form.content).h("h1") == ["Add a meeting"]
    # The panel's only choice is already made.
    assert 'value="care-and-resource" checked' in form.content.decode()

    response = caller.post(
        "/meetings/new/",
        {
            "panel": PANEL,
            **_date(4, 12, 2026),
            "business": "ordinary",
            "reason": "An extra sitting for the backlog.",
        },
        follow=True,
    )

    added = Meeting.objects.get(authority_id="north-somerset", cadence_day=None)
    assert response.redirect_chain == [(f"/meetings/{added.pk}/", 302)]
    assert (added.starts_at, added.change_reason, added.urgent_only) == (
        london(2026, 12, 4, 13, 30),
        "An extra sitting for the backlog.",
        False,
    )
    assert "Meeting added for Friday 4 December 2026 at 1:30pm" in response.content.decode()
    event = AuditEvent.objects.get(action="meeting.added")
    assert (event.actor, event.object_id) == (north_somerset.panel_coordinator.user, str(added.pk))


def test_the_add_meeting_page_asks_what_can_be_listed(client: Client, north_somerset: Cast) -> None:
    caller = signed_in(client, north_somerset.panel_coordinator)
    html = " ".join(caller.get("/meetings/new/").content.decode().split()).replace("&#x27;", "'")
    assert "What can be listed at this meeting?" in html
    assert "Every referral, as at the panel's usual meetings" in html
    assert "Urgent business only" in html
    assert (
        "Urgent business is late items accepted by the chair or a head of service, "
        "emergencies and ratifications."
    ) in html
    assert 'name="business" type="radio" value="urgent"' in html

    unanswered = caller.post(
        "/meetings/new/", {"panel": PANEL, **_date(4, 12, 2026), "reason": "Backlog."}
    )
    assert '<a href="#id_business_0">Choose what can be listed at this meeting</a>' in (
        unanswered.content.decode()
    )
    assert not Meeting.objects.filter(cadence_day=None).exists()


def test_an_urgent_only_meeting_says_so_on_the_list_and_its_agenda(
    client: Client, north_somerset: Cast
) -> None:
    caller = signed_in(client, north_somerset.panel_coordinator)
    caller.post(
        "/meetings/new/",
        {
            "panel": PANEL,
            **_date(4, 12, 2026),
            "business": "urgent",
            "reason": "An emergency that cannot wait.",
        },
    )
    added = Meeting.objects.get(authority_id="north-somerset", cadence_day=None)
    assert added.urgent_only is True
    tag = '<strong class="govuk-tag govuk-tag--orange">Urgent business only</strong>'
    assert tag in caller.get("/meetings/").content.decode()
    assert tag in caller.get(f"/meetings/{added.pk}/").content.decode()
    event = AuditEvent.objects.get(action="meeting.added")
    assert event.data["urgent_only"] is True


@pytest.mark.parametrize(
    ("fields", "message", "anchor"),
    [
        (_date(23, 11, 2026), "The date must be in the future.", "id_date_day"),
        (_date(24, 11, 2027), "The date must be within the next year.", "id_date_day"),
        (_date(31, 11, 2026), "Date of the meeting must be a real date", "id_date_day"),
        (_date("", 12, 2026), "Date of the meeting must include a day", "id_date_day"),
        ({}, "Enter the date of the meeting", "id_date_day"),
    ],
    ids=["today", "beyond a year", "not a real date", "no day", "no date"],
)
def test_a_wrong_date_is_explained_in_the_error_summary(
    client: Client, north_somerset: Cast, fields: dict[str, str], message: str, anchor: str
) -> None:
    response = signed_in(client, north_somerset.panel_coordinator).post(
        "/meetings/new/", {"panel": PANEL, "business": "ordinary", "reason": "Backlog.", **fields}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#{anchor}">{message}</a>' in html
    assert parse(html).title == "Error: Add a meeting – Carepanel"
    assert not Meeting.objects.filter(cadence_day=None).exists()


def test_a_meeting_is_added_only_with_a_reason(client: Client, north_somerset: Cast) -> None:
    response = signed_in(client, north_somerset.panel_coordinator).post(
        "/meetings/new/", {"panel": PANEL, **_date(4, 12, 2026), "reason": "  "}
    )

    assert '<a href="#id_reason">Enter the reason</a>' in response.content.decode()


@pytest.mark.parametrize("persona", ["chair", "social_worker"])
def test_only_a_coordinator_may_add_a_meeting(
    client: Client, north_somerset: Cast, persona: str
) -> None:
    caller = signed_in(client, getattr(north_somerset, persona))

    refused = caller.get("/meetings/new/")
    posted = caller.post("/meetings/new/", {"panel": PANEL, **_date(4, 12, 2026), "reason": "x"})

    assert refused.status_code == posted.status_code == 403
    assert "Only a panel coordinator can add a meeting." in refused.content.decode()
    assert not Meeting.objects.filter(cadence_day=None).exists()


# ------------------------------------------------------------------ moving


def test_the_coordinator_moves_a_meeting_and_its_agenda_goes_with_it(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)
    url = f"/meetings/{item.meeting_id}/move/"
    caller = signed_in(client, north_somerset.panel_coordinator)
    form = caller.get(url)
    assert 'name="version" value="1"' in form.content.decode()

    response = caller.post(
        url, {**_date(3, 12, 2026), "reason": "The room is needed.", "version": "1"}, follow=True
    )

    moved = Meeting.objects.get(pk=item.meeting_id)
    assert response.redirect_chain == [(f"/meetings/{moved.pk}/", 302)]
    assert (moved.starts_at, moved.version) == (london(2026, 12, 3, 13, 30), 2)
    assert AgendaItem.objects.get(pk=item.pk).meeting_id == moved.pk
    assert "Meeting moved to Thursday 3 December 2026 at 1:30pm" in response.content.decode()
    assert AuditEvent.objects.get(action="meeting.moved").data["to"] == "2026-12-03"


def test_a_meeting_changed_since_it_was_read_is_not_moved(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    meeting = meetings_of(cast)[1]
    meeting_move(
        actor=cast.panel_coordinator,
        meeting_id=meeting.pk,
        day=london(2026, 12, 3).date(),
        reason="x",
    )

    response = signed_in(client, cast.panel_coordinator).post(
        f"/meetings/{meeting.pk}/move/",
        {**_date(4, 12, 2026), "reason": "Another room.", "version": "1"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Someone else changed this meeting since you opened it." in html
    assert Meeting.objects.get(pk=meeting.pk).starts_at == london(2026, 12, 3, 13, 30)


def test_a_move_to_the_past_is_refused_with_the_services_words(
    client: Client, north_somerset: Cast
) -> None:
    meeting = meetings_of(north_somerset)[1]

    response = signed_in(client, north_somerset.panel_coordinator).post(
        f"/meetings/{meeting.pk}/move/", {**_date(20, 11, 2026), "reason": "x", "version": "1"}
    )

    assert '<a href="#id_date_day">The date must be in the future.</a>' in response.content.decode()


def test_another_councils_meeting_cannot_be_moved_or_cancelled(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    meeting = meetings_of(north_somerset)[1]
    caller = signed_in(client, portsmouth.panel_coordinator)

    for action in ("move", "cancel"):
        assert caller.get(f"/meetings/{meeting.pk}/{action}/").status_code == 404
        posted = caller.post(f"/meetings/{meeting.pk}/{action}/", {"reason": "x", "version": "1"})
        assert posted.status_code == 404
    assert Meeting.objects.get(pk=meeting.pk).version == 1


# ------------------------------------------------------------------ cancelling


def test_the_coordinator_cancels_a_meeting_and_its_items_go_to_the_next(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)
    url = f"/meetings/{item.meeting_id}/cancel/"
    caller = signed_in(client, cast.panel_coordinator)
    warning = caller.get(url).content.decode()
    assert (
        "Its 1 item will move to the next meeting, on Wednesday 9 December 2026 at 1:30pm."
        in warning
    )

    response = caller.post(url, {"reason": "The chair is unwell.", "version": "1"}, follow=True)

    meeting = Meeting.objects.get(pk=item.meeting_id)
    assert (meeting.status, meeting.change_reason) == ("cancelled", "The chair is unwell.")
    relisted = AgendaItem.objects.get(referral_id=item.referral_id, status="listed")
    assert relisted.meeting.starts_at == london(2026, 12, 9, 13, 30)
    html = response.content.decode()
    assert "The meeting on Wednesday 2 December 2026 is cancelled." in html
    assert "This meeting is cancelled: The chair is unwell." in html
    assert list(
        AuditEvent.objects.filter(action__startswith="meeting.").values_list("action", flat=True)
    ) == ["meeting.cancelled"]


def test_a_meeting_is_cancelled_only_with_a_reason_and_the_version_read(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    meeting = meetings_of(cast)[1]
    caller = signed_in(client, cast.panel_coordinator)

    no_reason = caller.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "", "version": "1"})
    Meeting.objects.filter(pk=meeting.pk).update(version=2)
    stale = caller.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "x", "version": "1"})

    assert '<a href="#id_reason">Enter the reason</a>' in no_reason.content.decode()
    assert "Someone else changed this meeting since you opened it." in stale.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"


def test_a_chair_cannot_cancel_a_meeting(client: Client, north_somerset: Cast) -> None:
    meeting = meetings_of(north_somerset)[1]

    response = signed_in(client, north_somerset.chair).post(
        f"/meetings/{meeting.pk}/cancel/", {"reason": "x", "version": "1"}
    )

    assert response.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"
