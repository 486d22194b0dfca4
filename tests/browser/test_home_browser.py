import pytest
from playwright.sync_api import ConsoleMessage, Page, Response

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

# GOV.UK Frontend's generic header is near-black; an unstyled <div> is transparent.
GOVUK_BLACK = "rgb(11, 12, 12)"


def test_the_home_page_loads_govuk_frontend_with_no_errors(live_server, page: Page):
    errors: list[str] = []
    statuses: dict[str, int] = {}

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_response(response: Response) -> None:
        statuses[response.url.removeprefix(live_server.url)] = response.status

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)

    page.goto(f"{live_server.url}/panels/", wait_until="networkidle")

    header = page.locator(".govuk-generic-header")
    assert header.evaluate("element => getComputedStyle(element).backgroundColor") == GOVUK_BLACK
    heading = page.locator("h1")
    assert "GDS Transport" in heading.evaluate("element => getComputedStyle(element).fontFamily")
    assert "govuk-frontend-supported" in (page.locator("body").get_attribute("class") or "")
    assets = {url: status for url, status in statuses.items() if url.startswith("/assets/")}
    assert set(assets.values()) == {200}
    assert set(assets) >= {
        "/assets/govuk-frontend/govuk/govuk-frontend.min.css",
        "/assets/moj-frontend/moj/moj-frontend.min.css",
        "/assets/js/supported.js",
        "/assets/js/init.js",
        "/assets/govuk-frontend/govuk/govuk-frontend.min.js",
        "/assets/moj-frontend/moj/moj-frontend.min.js",
    }
    assert any(url.startswith("/assets/fonts/") for url in assets)
    # Includes any Content Security Policy violation, which Chromium reports as an error.
    assert errors == []


def test_the_home_page_has_no_wcag_2_2_aa_violations_that_axe_finds(live_server, page: Page):
    page.goto(f"{live_server.url}/panels/", wait_until="networkidle")

    assert_no_axe_violations(page)
