"""The API tests run on Monday 23 November 2026 at 10:00, London time, as the workflow
tests do: North Somerset's next panel that a referral can reach is Wednesday 2 December."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import time_machine

from tests.api.flows import MONDAY, Api, api_for


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def api(db: None) -> Callable[..., Api]:
    """`api(cast.social_worker)`: a client that calls the API with a token of theirs."""
    return api_for
