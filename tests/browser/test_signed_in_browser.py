"""Signing in through the real sign-in page on the demo data, and the home page each main
role lands on: what it shows, the navigation's badge, WCAG 2.2 AA as axe checks it, and
the same pages with JavaScript turned off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from carepanel.accounts.actors import actor_for
from carepanel.accounts.models import RoleGrant, User
from carepanel.home.navigation import navigation_for
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import DemoSite, console_errors, sign_in

# The tests read the demo data that `demo_site` committed; each runs in a transaction
# rolled back after it (what it or the server wrote, sign-ins included, goes with it).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def expected_badges(username: str) -> dict[str, str]:
    """What each navigation item's badge should say to a screen reader ("" for none),
    from the counts of what waits for the demo person."""
    user = User.objects.get(username=username)
    grant = RoleGrant.objects.filter(user=user).values_list("authority_id", flat=True)[0]
    items = navigation_for(actor_for(user, grant), "/").items
    return {
        item.label: f"({item.count} {item.count_means})" if item.count else "" for item in items
    }


def badges(page: Page) -> dict[str, str]:
    """Each navigation item's badge as the page reads it out ("" for none)."""
    shown = {}
    for link in page.locator(".moj-primary-navigation__link").all():
        label: str = link.evaluate("link => link.firstChild.textContent.trim()")
        hidden = link.locator(".moj-notification-badge .govuk-visually-hidden")
        shown[label] = (hidden.text_content() or "") if hidden.count() else ""
    return shown


def test_a_social_worker_signs_in_and_sees_what_needs_them(demo_site: DemoSite, page: Page):
    errors = console_errors(page)
    page.goto(f"{demo_site.url}/")

    expect(page).to_have_title("Sign in – Carepanel")
    assert_no_axe_violations(page)
    sign_in(page, demo_site, "ns-social-worker")

    expect(page).to_have_title("What needs you now – Carepanel")
    expect(page.locator("h1")).to_have_text("What needs you now")
    expect(page.locator(".govuk-service-navigation__service-name")).to_have_text(
        "North Somerset Council"
    )
    referrals = page.locator("section[aria-labelledby=your-referrals]")
    expect(referrals.locator("h2")).to_contain_text("Your team's referrals")
    expect(referrals.locator("tbody tr").first).to_be_visible()
    expect(page.get_by_role("button", name="Start a referral")).to_be_visible()
    expect(page.locator("section[aria-labelledby=next-panel]")).to_contain_text(
        "Submission deadline"
    )
    assert badges(page) == expected_badges("ns-social-worker")
    assert list(badges(page)) == ["Home", "Referrals", "Meetings"]
    assert_no_axe_violations(page)
    assert errors == []


@pytest.mark.parametrize(
    ("username", "badge"),
    [
        # The demo returns a referral to the second team, and one waits for its manager.
        ("ns-social-worker-2", ("Referrals", "(1 waiting for you)")),
        ("ns-team-manager-2", ("Referrals", "(2 waiting for you)")),
        # North Somerset's chair is its assistant director: an emergency waits for them.
        ("ns-chair", ("Emergencies", "(1 waiting for your approval)")),
    ],
)
def test_the_navigation_badges_count_what_waits(
    demo_site: DemoSite, page: Page, username: str, badge: tuple[str, str]
):
    sign_in(page, demo_site, username)

    shown = badges(page)
    label, words = badge
    assert shown[label] == words
    assert shown == expected_badges(username)
    count = words.strip("(").split(" ")[0]
    link = page.get_by_role("link", name=label)
    expect(link.locator(".moj-notification-badge [aria-hidden=true]")).to_have_text(count)


@pytest.mark.parametrize(
    ("username", "heading"),
    [
        ("ns-team-manager", "Referrals waiting for you"),
        ("ns-head-of-service", "Emergency decisions waiting for your approval"),
        ("ns-coordinator", "Next meetings"),
        ("ns-chair", "Next agenda"),
        # Portsmouth's chair, whose next agenda the demo fills past its capacity.
        ("pm-chair", "Next agenda"),
    ],
)
def test_each_main_roles_home_page_meets_wcag_2_2_aa(
    demo_site: DemoSite, page: Page, username: str, heading: str
):
    errors = console_errors(page)

    sign_in(page, demo_site, username)

    expect(page.locator("h1")).to_have_text("What needs you now")
    expect(page.locator("h2", has_text=heading)).to_be_visible()
    assert badges(page) == expected_badges(username)
    assert_no_axe_violations(page)
    assert errors == []


def test_the_pages_work_without_javascript_and_break_no_content_security_policy(
    demo_site: DemoSite, browser: Browser
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    errors = console_errors(page)
    try:
        sign_in(page, demo_site, "ns-team-manager")

        # GOV.UK Frontend marks the page when its scripts run: here they do not.
        assert "govuk-frontend-supported" not in (page.locator("body").get_attribute("class") or "")
        expect(page.locator("h1")).to_have_text("What needs you now")
        expect(page.locator("section[aria-labelledby=sign-offs] h2")).to_be_visible()
        expect(page.get_by_role("navigation", name="Main")).to_contain_text("Referrals")
        page.get_by_role("link", name="Home").click()
        expect(page.locator("h1")).to_have_text("What needs you now")

        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{demo_site.url}/sign-in/")
        page.goto(f"{demo_site.url}/")
        expect(page).to_have_title("Sign in – Carepanel")
    finally:
        context.close()
    assert errors == []
