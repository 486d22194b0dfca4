"""The referral pages run on Monday 23 November 2026 at 10:00, London time, as the API
and workflow tests do: North Somerset's next panel a referral can reach is Wednesday
2 December, its deadline Friday 27 November at midday."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.api.flows import MONDAY


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield
