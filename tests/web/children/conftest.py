"""The child page's tests run on Monday 23 November 2026 at 10:00, London time, as the
workflow tests do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.workflow.helpers import london

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield
