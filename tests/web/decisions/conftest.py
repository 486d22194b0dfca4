"""The decision pages run on Monday 23 November 2026 at 10:00, London time, as the workflow
and API tests do: North Somerset's next panel is Wednesday 25 November."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

# Chromium and a page for the browser tests (test_pages_in_browser.py).
from tests.browser.conftest import browser, page  # noqa: F401
from tests.workflow.helpers import london

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield
