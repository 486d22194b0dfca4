import datetime as dt
import logging
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from carepanel.policy import PackError, load_packs
from tests.pages import parse

AUTHORITY_IDS = {"bexley", "north-somerset", "central-bedfordshire", "portsmouth", "bcp"}
HEADER = ["Date and time", "Submission deadline", "Papers deadline", "Places"]


@pytest.fixture
def monday_23_november_2026() -> Iterator[None]:
    with time_machine.travel(
        dt.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


@pytest.mark.usefixtures("monday_23_november_2026")
def test_the_home_page_has_a_title_and_exactly_one_main_heading(client: Client):
    page = parse(client.get("/panels/").content)

    assert page.title == "Panels and their next meetings – Carepanel"
    assert page.h("h1") == ["Panels and their next meetings"]


@pytest.mark.usefixtures("monday_23_november_2026")
def test_the_home_page_has_a_section_for_each_authority_in_order_of_name(client: Client):
    packs = load_packs()
    page = parse(client.get("/panels/").content)

    assert set(packs) == AUTHORITY_IDS
    assert page.h("h2") == sorted(pack.authority.name for pack in packs.values())
    assert set(page.tables) == AUTHORITY_IDS


@pytest.mark.usefixtures("monday_23_november_2026")
def test_each_authority_shows_its_main_panel_and_its_next_four_meetings(client: Client):
    response = client.get("/panels/")
    page = parse(response.content)

    for pack in load_packs().values():
        assert pack.main_panel.name in response.text
        assert pack.main_panel.venue in response.text
        assert page.tables[pack.authority.id][0] == HEADER
        assert len(page.tables[pack.authority.id]) == 1 + 4


@pytest.mark.usefixtures("monday_23_november_2026")
def test_north_somerset_shows_its_wednesday_meetings_with_friday_and_monday_deadlines(
    client: Client,
):
    rows = parse(client.get("/panels/").content).tables["north-somerset"]

    assert rows[1][0] == "Wednesday 25 November 2026, 1:30pm to 4:30pm"
    assert rows[2] == [
        "Wednesday 2 December 2026, 1:30pm to 4:30pm",
        "Friday 27 November 2026 at midday",
        "Monday 30 November 2026 at midday",
        "No limit",
    ]


@pytest.mark.usefixtures("monday_23_november_2026")
def test_a_panel_without_a_papers_deadline_says_none_set_and_shows_its_capacity(client: Client):
    rows = parse(client.get("/panels/").content).tables["portsmouth"]

    assert rows[1] == [
        "Thursday 10 December 2026, 2pm to 5pm",
        "Thursday 3 December 2026 at midday",
        "None set",
        "25",
    ]


@pytest.mark.django_db
def test_the_home_page_runs_no_sql(client: Client, django_assert_max_num_queries):
    # The timetables come from the policy packs alone; nothing is stored yet.
    with django_assert_max_num_queries(0):
        response = client.get("/panels/")

    assert response.status_code == 200


def test_a_broken_policy_pack_gives_the_service_error_page_and_logs_the_cause(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    def load_broken_packs() -> None:
        raise PackError("policies/bexley.toml", "panels.main.cadence", "no such weekday")

    monkeypatch.setattr("carepanel.meetings.views.load_packs", load_broken_packs)
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/panels/")

    page = parse(response.content)
    assert response.status_code == 500
    assert page.h("h1") == ["Sorry, there is a problem with the service"]
    assert "bexley.toml" not in response.text
    [record] = caplog.records
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "policies/bexley.toml: panels.main.cadence: no such weekday"


@pytest.mark.usefixtures("monday_23_november_2026")
def test_a_meeting_whose_deadline_has_gone_is_tagged_and_the_next_open_one_named(client: Client):
    response = client.get("/panels/")
    rows = parse(response.content).tables["north-somerset"]

    # On Monday 23 November the 25 November meeting closed on Friday 20 November.
    assert rows[1][1] == "Friday 20 November 2026 at midday Deadline passed"
    assert rows[2][1] == "Friday 27 November 2026 at midday"
    summary = parse(response.content).summaries["north-somerset"]
    assert summary["Next meeting taking referrals"] == (
        "Wednesday 2 December 2026 Referral in by Friday 27 November 2026 at midday"
    )
