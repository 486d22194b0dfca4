"""The home page and the navigation, on a fixed Monday: Monday 23 November 2026 at 10am,
when North Somerset's next meeting taking referrals is Wednesday 2 December (the
deadline for 25 November passed on Friday)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client

from carepanel.accounts.actors import Actor
from tests.pages import Page, parse
from tests.web.conftest import signed_in
from tests.workflow.helpers import london

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def home(client: Client) -> Callable[[Actor], tuple[str, Page]]:
    """`home(actor)` → the home page's HTML and its parsed parts, as the actor sees it."""

    def read(actor: Actor) -> tuple[str, Page]:
        response = signed_in(client, actor).get("/")
        assert response.status_code == 200
        html = response.content.decode()
        return html, parse(html)

    return read
