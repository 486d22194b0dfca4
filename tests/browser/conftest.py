import os
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from carepanel.demo.data import DEMO_PASSWORD

# Playwright's sync API keeps an event loop running in the test thread, and Django then
# refuses that thread database access (SynchronousOnlyOperation) even though every call
# here is synchronous: pytest-django's database set-up and teardown run in that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        # A skip would let CI pass without ever opening a page.
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


# ------------------------------------------------------------------ the demo site


@dataclass(frozen=True)
class DemoSite:
    url: str


@pytest.fixture(scope="module")
def demo_site(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[DemoSite]:
    """A live server over the demo data, loaded once for the whole module.

    pytest-django's `live_server` gives each test a transactional database, emptied after
    every test, and loading the demo takes seconds. Here the demo is committed once to the
    in-memory test database, which the server's thread shares (as `live_server` does), and
    the database is emptied when the module ends. Mark the module's tests `django_db` (not
    `transaction=True`, which would empty it after the first test): each then runs in a
    transaction on the shared connection, so what it and the server write is rolled back,
    and it can read what a person should see.
    """
    quick = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
        # Each test signs in through the page: a slow password hash would cost a second each.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), quick:
        call_command("demo_data", stdout=StringIO(), stderr=StringIO())
        server = LiveServer("localhost")
        try:
            yield DemoSite(url=server.url)
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


def sign_in(page: Page, site: DemoSite, username: str) -> None:
    """Sign in through the sign-in page, as a person opening Carepanel would."""
    page.goto(f"{site.url}/")
    assert page.url == f"{site.url}/sign-in/?next=/"
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site.url}/")


def console_errors(page: Page) -> list[str]:
    """The errors the page logs from now on, a Content Security Policy violation included
    (Chromium reports one as a console error, scripts running or not)."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
