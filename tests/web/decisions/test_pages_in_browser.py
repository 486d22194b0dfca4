"""The hearing screen in Chromium, with GOV.UK Frontend's and MOJ Frontend's JavaScript:
the conditional questions reveal, "Add another action" adds a row the server reads, the
decision is recorded; and the decision pages pass axe's WCAG 2.2 AA checks, with nothing
left out."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from carepanel.decisions.models import Action, Decision, DecisionCondition
from tests.browser.axe import axe_violations
from tests.browser.conftest import console_errors
from tests.clock import at_hearing
from tests.personas import Cast
from tests.workflow.helpers import decided, emergency, listed, new_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-password-2026"  # noqa: S105 (an invented person's, for the test)


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/")


def test_the_chair_records_a_decision_with_javascript(
    live_server, page: Page, north_somerset: Cast
) -> None:
    cast = north_somerset
    cast.chair.user.set_password(PASSWORD)
    cast.chair.user.save()
    item = listed(cast, children=[new_child(), new_child()])
    at_hearing(item.pk)
    errors = console_errors(page)
    _sign_in(page, live_server.url, cast.chair.user.username)

    page.goto(f"{live_server.url}/agenda-items/{item.pk}/decision/")
    assert axe_violations(page) == []
    conditions = page.get_by_label("Conditions", exact=True)
    expect(conditions).to_be_hidden()
    page.locator("#id_outcome_1").check()  # approved with conditions
    expect(conditions).to_be_visible()
    expect(page.get_by_label("Which panel is it referred to?")).to_be_hidden()
    conditions.fill("Attend the parenting course.\nReview at three months.")

    page.get_by_label("What is approved").fill("Outreach, two sessions a week")
    page.locator("#id_starts_on_day").fill("7")
    page.locator("#id_starts_on_month").fill("12")
    page.locator("#id_starts_on_year").fill("2026")
    page.get_by_role("button", name="Add another action").click()
    rows = page.locator("textarea[name^=action_]")
    expect(rows).to_have_count(4)
    assert rows.evaluate_all("all => all.map(row => row.name)") == [
        f"action_{i}_description" for i in range(4)
    ]
    page.locator("#id_action_3_description").fill("Commission the package.")
    page.locator("#id_action_3_owner").select_option(label="SocialWorker OfNorth")
    page.locator("#id_action_3_due_on_day").fill("9")
    page.locator("#id_action_3_due_on_month").fill("12")
    page.locator("#id_action_3_due_on_year").fill("2026")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"{live_server.url}/meetings/{item.meeting_id}/")

    decision = Decision.objects.get(agenda_item=item)
    assert decision.outcome == "approved_with_conditions"
    assert DecisionCondition.objects.filter(decision=decision).count() == 2
    assert list(Action.objects.filter(decision=decision).values_list("description", "due_on")) == [
        ("Commission the package.", dt.date(2026, 12, 9))
    ]
    assert errors == []


def test_the_decision_pages_pass_axe(live_server, page: Page, north_somerset: Cast) -> None:
    cast = north_somerset
    cast.chair.user.set_password(PASSWORD)
    cast.chair.user.save()
    decision = decided(cast, "approved_with_conditions")
    emergency(cast, approvers=("head_of_service",))
    errors = console_errors(page)
    _sign_in(page, live_server.url, cast.chair.user.username)
    for path in (
        "/decisions/to-sign/",
        f"/decisions/{decision.pk}/",
        f"/decisions/{decision.pk}/sign/",
        "/emergencies/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
    page.goto(f"{live_server.url}/decisions/{decision.pk}/sign/")
    page.get_by_role("button", name="Sign the decision").click()
    expect(page.locator("h1")).to_have_text("Decision signed")
    assert axe_violations(page) == []
    assert errors == []
