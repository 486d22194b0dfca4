"""The meeting pages' tests run on Monday 23 November 2026 at 10:00, London time: North
Somerset's panel meets on Wednesdays at 1:30pm, and a referral agreed now is listed on
Wednesday 2 December 2026."""

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
