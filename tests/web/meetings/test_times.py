"""The coordinator's times to attend (/meetings/<id>/times/): North Somerset sets no slot
length, so the coordinator advises each presenter when to come ("You will then be
advised of a time to attend panel"). Who may, what the form shows and saves, its
errors, the version read, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import agenda_times_set
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.meetings.counting import every_page
from tests.workflow.helpers import listed, london, new_child

pytestmark = pytest.mark.django_db


def _url(meeting_id: int) -> str:
    return f"/meetings/{meeting_id}/times/"


def _attend_at(*items: AgendaItem) -> list[dt.datetime | None]:
    return [AgendaItem.objects.get(pk=item.pk).attend_at for item in items]


def _field(item: AgendaItem) -> str:
    return f"time-{item.pk}"


def test_the_coordinator_sees_each_listed_item_with_a_time_box(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    first = listed(cast, children=[new_child(first_name="Ash")])
    second = listed(cast)
    agenda_times_set(
        actor=cast.panel_coordinator,
        meeting_id=first.meeting_id,
        times={second.pk: dt.time(14, 15)},
        version=None,
    )
    child = first.referral.child_links.get().child

    response = signed_in(client, cast.panel_coordinator).get(_url(first.meeting_id))

    assert response.status_code == 200
    page = parse(response.content)
    assert page.title == "Set times to attend – Carepanel"
    assert page.h("h1") == ["Set times to attend"]
    header, one, two = page.tables[""]
    assert header == ["Item", "Referral", "Children", "Kind", "Presenter", "Time to attend"]
    assert one[:5] == [
        "1",
        f"Referral {first.referral_id} For decision",
        child.full_name,
        "A family support package",
        "SocialWorker OfNorth",
    ]
    assert two[0] == "2"
    html = response.content.decode()
    assert 'name="version" value="2"' in html  # setting the time changed the meeting
    assert '<label class="govuk-label govuk-visually-hidden" for="id_time-' in html
    assert "Time to attend for item 1</label>" in html
    assert "For example, 1:30pm or 13:30" in html
    assert "govuk-input--width-5" in html
    # No time yet for the first; the coordinator's for the second.
    assert f'name="{_field(first)}" type="text" spellcheck="false" autocomplete="off" value=""' in (
        html
    )
    assert f'name="{_field(second)}" type="text" spellcheck="false" autocomplete="off" ' in html
    assert 'value="2:15pm"' in html
    assert "Save times" in html


def test_a_panel_with_slots_shows_each_slot_as_its_time(
    client: Client, central_bedfordshire: Cast
) -> None:
    cast = central_bedfordshire
    items = [listed(cast) for _ in range(2)]

    html = signed_in(client, cast.panel_coordinator).get(_url(items[0].meeting_id)).content
    text = html.decode()

    assert 'value="9:30am"' in text
    assert 'value="9:45am"' in text


def test_saving_sets_the_times_and_the_agenda_shows_them(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)
    caller = signed_in(client, cast.panel_coordinator)
    before = caller.get(f"/meetings/{first.meeting_id}/").content.decode()
    assert f'href="{_url(first.meeting_id)}"' in before
    assert "Set times to attend" in before
    rows = parse(before).tables["agenda-heading"]
    assert rows[0][0] == "Time"
    assert [row[0] for row in rows[1:]] == ["To be advised", "To be advised"]

    response = caller.post(
        _url(first.meeting_id),
        {_field(first): "1:30pm", _field(second): "14.15", "version": "1"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/meetings/{first.meeting_id}/", 302)]
    html = response.content.decode()
    assert "Times to attend saved" in html
    assert [row[0] for row in parse(html).tables["agenda-heading"][1:]] == ["1:30pm", "2:15pm"]
    assert _attend_at(first, second) == [london(2026, 12, 2, 13, 30), london(2026, 12, 2, 14, 15)]
    event = AuditEvent.objects.get(action="agenda.times_set")
    assert (event.actor, event.object_id, event.data) == (
        cast.panel_coordinator.user,
        str(first.meeting_id),
        {"times": {str(first.pk): "13:30", str(second.pk): "14:15"}},
    )
    assert Meeting.objects.get(pk=first.meeting_id).version == 2


def test_the_social_worker_sees_the_time_on_their_home_page(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)
    signed_in(client, cast.panel_coordinator).post(
        _url(item.meeting_id), {_field(item): "2pm", "version": "1"}
    )

    html = signed_in(client, cast.social_worker).get("/").content.decode()

    assert "At the Care and Resource Panel on Wednesday 2 December 2026 at 2pm." in html


def test_a_blank_time_clears_it(client: Client, north_somerset: Cast) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)
    meeting = agenda_times_set(
        actor=cast.panel_coordinator,
        meeting_id=first.meeting_id,
        times={first.pk: dt.time(14), second.pk: dt.time(15)},
        version=None,
    )

    signed_in(client, cast.panel_coordinator).post(
        _url(meeting.pk),
        {_field(first): "", _field(second): "3pm", "version": str(meeting.version)},
    )

    assert _attend_at(first, second) == [None, london(2026, 12, 2, 15)]
    # Only what changed is recorded.
    assert AuditEvent.objects.filter(action="agenda.times_set").latest("pk").data == {
        "times": {str(first.pk): None}
    }


def test_slot_times_left_as_they_were_stay_slots(
    client: Client, central_bedfordshire: Cast
) -> None:
    cast = central_bedfordshire
    first, second = listed(cast), listed(cast)

    signed_in(client, cast.panel_coordinator).post(
        _url(first.meeting_id),
        {_field(first): "9:30am", _field(second): "10:30am", "version": "1"},
    )

    # The first keeps following the running order; the second is pinned.
    assert _attend_at(first, second) == [None, london(2026, 12, 1, 10, 30)]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("half past one", "Enter the time to attend for item 2 as a time, like 1:30pm or 13:30"),
        ("25:00", "Enter the time to attend for item 2 as a time, like 1:30pm or 13:30"),
        ("2", "Enter the time to attend for item 2 as a time, like 1:30pm or 13:30"),
        ("9am", "The time must be within the sitting, from 1:30pm to 4:30pm."),
        ("4:30pm", "The time must be within the sitting, from 1:30pm to 4:30pm."),
    ],
    ids=["words", "no such hour", "am or pm", "before the sitting", "at its end"],
)
def test_a_bad_time_is_explained_and_nothing_changes(
    client: Client, north_somerset: Cast, typed: str, message: str
) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)

    response = signed_in(client, cast.panel_coordinator).post(
        _url(first.meeting_id),
        {_field(first): "2pm", _field(second): typed, "version": "1"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert parse(html).title == "Error: Set times to attend – Carepanel"
    assert f'<a href="#id_{_field(second)}">{message}</a>' in html
    assert f'id="id_{_field(second)}-error"' in html
    assert f'value="{typed}"' in html  # what was typed is kept
    assert _attend_at(first, second) == [None, None]
    assert not AuditEvent.objects.filter(action="agenda.times_set").exists()


def test_a_meeting_changed_since_the_form_was_read_is_not_saved(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)
    agenda_times_set(
        actor=cast.panel_coordinator,
        meeting_id=item.meeting_id,
        times={item.pk: dt.time(14)},
        version=1,
    )

    response = signed_in(client, cast.panel_coordinator).post(
        _url(item.meeting_id), {_field(item): "3pm", "version": "1"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Someone else changed this meeting since you opened it. Reload it and try again." in html
    assert _attend_at(item) == [london(2026, 12, 2, 14)]


@pytest.mark.parametrize("persona", ["chair", "social_worker"])
def test_only_the_coordinator_sets_times(
    client: Client, north_somerset: Cast, persona: str
) -> None:
    cast = north_somerset
    item = listed(cast)
    caller = signed_in(client, getattr(cast, persona))

    refused = caller.get(_url(item.meeting_id))
    posted = caller.post(_url(item.meeting_id), {_field(item): "2pm", "version": "1"})

    assert refused.status_code == posted.status_code == 403
    assert "Only the panel coordinator can set the times to attend." in refused.content.decode()
    assert _attend_at(item) == [None]
    agenda = caller.get(f"/meetings/{item.meeting_id}/").content.decode()
    assert "/times/" not in agenda


def test_another_councils_meeting_is_not_found(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    item = listed(north_somerset)
    caller = signed_in(client, portsmouth.panel_coordinator)

    assert caller.get(_url(item.meeting_id)).status_code == 404
    posted = caller.post(_url(item.meeting_id), {_field(item): "2pm", "version": "1"})
    assert posted.status_code == 404
    assert _attend_at(item) == [None]


def test_the_page_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries
) -> None:
    cast = north_somerset
    first = listed(cast)
    caller = signed_in(client, cast.panel_coordinator)
    url = _url(first.meeting_id)
    # The meeting with its items counted; its items with referrals and presenters; the
    # children.
    limit = every_page(cast.panel_coordinator, url) + 3
    with django_assert_max_num_queries(limit) as small:
        caller.get(url)

    for n in range(9):
        listed(cast, children=[new_child(), new_child()]) if n % 2 else listed(cast)
    with django_assert_max_num_queries(limit) as large:
        response = caller.get(url)

    assert len(small) == len(large) == limit
    assert len(parse(response.content).tables[""]) == 11
