"""The list of meetings (/meetings/): who sees it, places left, the coordinator's counts,
filtering, sorting, pagination, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import meetings_generate
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.meetings.counting import every_page
from tests.workflow.helpers import listed, meetings_of, with_papers

pytestmark = pytest.mark.django_db

URL = "/meetings/"


def _rows(client: Client, url: str = URL) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return parse(response.content).tables["meetings-heading"]


def test_the_coordinator_sees_each_meetings_places_and_what_needs_attention(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)
    with_papers(cast, second.referral, "assessment", "care_plan", "genogram")
    december_2 = first.meeting
    Meeting.objects.filter(pk=december_2.pk).update(capacity=1)
    AgendaItem.objects.filter(pk=second.pk).update(late=True)

    response = signed_in(client, cast.panel_coordinator).get(URL)

    page = parse(response.content)
    assert page.title == "Meetings – Carepanel"
    assert page.h("h1") == ["Meetings"]
    header, *rows = page.tables["meetings-heading"]
    assert header == [
        "Date and time",
        "Panel",
        "Submission deadline",
        "Status",
        "Items listed",
        "Places left",
        "Late",
        "Incomplete",
    ]
    assert rows[0] == [
        "Wednesday 25 November 2026 at 1:30pm",
        "Care and Resource Panel",
        "Friday 20 November 2026 at midday",
        "Scheduled",
        "0",
        "No limit",
        "0",
        "0",
    ]
    assert rows[1] == [
        "Wednesday 2 December 2026 at 1:30pm",
        "Care and Resource Panel",
        "Friday 27 November 2026 at midday",
        "Scheduled",
        "2",
        "1 over capacity",
        "1",
        "1",
    ]
    assert len(rows) == 16
    assert 'href="/meetings/new/"' in response.content.decode()
    assert f'href="/meetings/{december_2.pk}/"' in response.content.decode()


def test_places_left_are_counted_from_the_capacity(client: Client, portsmouth: Cast) -> None:
    listed(portsmouth)

    rows = _rows(signed_in(client, portsmouth.panel_coordinator))

    assert [row[5] for row in rows[1:3]] == ["24 of 25", "25 of 25"]


def test_a_social_worker_sees_the_dates_but_not_the_coordinators_counts(
    client: Client, north_somerset: Cast
) -> None:
    listed(north_somerset)

    response = signed_in(client, north_somerset.social_worker).get(URL)

    header = parse(response.content).tables["meetings-heading"][0]
    assert "Late" not in header
    assert "Incomplete" not in header
    assert "Places left" in header
    assert 'href="/meetings/new/"' not in response.content.decode()


@pytest.mark.parametrize("persona", ["auditor", "system_administrator"])
def test_roles_without_meetings_are_refused(
    client: Client, north_somerset: Cast, persona: str
) -> None:
    response = signed_in(client, getattr(north_somerset, persona)).get(URL)

    assert response.status_code == 403


def test_each_council_sees_only_its_own_meetings(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    meetings_generate(authority_id="north-somerset")

    rows = _rows(signed_in(client, portsmouth.panel_coordinator))

    assert {row[1] for row in rows[1:]} == {"Resource Panel"}


def test_past_meetings_are_reached_through_the_date_filter(
    client: Client, north_somerset: Cast
) -> None:
    meetings_generate(authority_id="north-somerset", start=dt.date(2026, 11, 1))
    caller = signed_in(client, north_somerset.panel_coordinator)

    today = _rows(caller)
    earlier = _rows(caller, f"{URL}?panel=&from_date_day=4&from_date_month=11&from_date_year=2026")

    assert today[1][0] == "Wednesday 25 November 2026 at 1:30pm"
    assert earlier[1][0] == "Wednesday 4 November 2026 at 1:30pm"


def test_a_wrong_date_in_the_filter_is_reported_and_the_list_still_shows(
    client: Client, north_somerset: Cast
) -> None:
    response = signed_in(client, north_somerset.panel_coordinator).get(
        f"{URL}?from_date_day=31&from_date_month=2&from_date_year=2026"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert '<a href="#id_from_date_day">From must be a real date</a>' in html
    assert parse(html).title == "Error: Meetings – Carepanel"
    assert parse(html).tables["meetings-heading"][1][0] == "Wednesday 25 November 2026 at 1:30pm"


def test_the_list_sorts_by_places_left_on_the_server(client: Client, portsmouth: Cast) -> None:
    cast = portsmouth
    listed(cast)  # 10 December: 24 places left
    meetings = meetings_of(cast)
    Meeting.objects.filter(pk=meetings[2].pk).update(capacity=3)
    caller = signed_in(client, cast.panel_coordinator)

    fewest = caller.get(f"{URL}?sort=places&order=asc")
    most = caller.get(f"{URL}?sort=places&order=desc")

    assert [row[5] for row in parse(fewest.content).tables["meetings-heading"][1:]] == [
        "3 of 3",
        "24 of 25",
        "25 of 25",
        "25 of 25",
    ]
    assert parse(most.content).tables["meetings-heading"][1][5] == "25 of 25"
    html = fewest.content.decode()
    link = 'aria-sort="{}"><a class="govuk-link govuk-link--no-visited-state" href="{}"'
    assert link.format("ascending", "?sort=places&amp;order=desc") in html
    assert link.format("none", "?sort=date&amp;order=asc") in html


def test_an_unknown_sort_falls_back_to_the_date(client: Client, north_somerset: Cast) -> None:
    rows = _rows(signed_in(client, north_somerset.panel_coordinator), f"{URL}?sort=pk&order=up")

    assert rows[1][0] == "Wednesday 25 November 2026 at 1:30pm"


def test_long_lists_are_paginated_25_at_a_time(client: Client, north_somerset: Cast) -> None:
    meetings_generate(authority_id="north-somerset", start=dt.date(2026, 7, 1))
    caller = signed_in(client, north_somerset.panel_coordinator)
    query = "?from_date_day=1&from_date_month=7&from_date_year=2026"

    first = caller.get(URL + query)
    second = caller.get(URL + query + "&page=2")

    assert len(parse(first.content).tables["meetings-heading"]) == 26
    assert 'aria-label="Page 2"' in first.content.decode()
    assert 'rel="next"' in first.content.decode()
    rows = parse(second.content).tables["meetings-heading"][1:]
    # 17 Wednesdays from 1 July, then 16 from today: the 26th is 20 January.
    assert (len(rows), rows[0][0]) == (8, "Wednesday 20 January 2027 at 1:30pm")
    assert 'rel="prev"' in second.content.decode()


def test_the_list_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries
) -> None:
    cast = north_somerset
    listed(cast)
    caller = signed_in(client, cast.panel_coordinator)
    caller.get(URL)  # generates the forward view once
    # Generating (the days already made, per panel); the count and the page; the listed
    # items with children, papers and sign-offs.
    limit = every_page(cast.panel_coordinator, URL) + 7
    with django_assert_max_num_queries(limit) as small:
        caller.get(URL)

    for _ in range(12):
        listed(cast)
    Meeting.objects.filter(authority_id=cast.authority_id).update(capacity=4)
    with django_assert_max_num_queries(limit) as large:
        response = caller.get(URL)

    assert len(small) == len(large) == limit
    # All thirteen are on 2 December, the second meeting.
    assert parse(response.content).tables["meetings-heading"][2][4:6] == ["13", "9 over capacity"]
