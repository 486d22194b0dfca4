from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.clock import back_to_now
from tests.personas import Cast, make_cast


@pytest.fixture
def north_somerset(db: None) -> Cast:
    return make_cast("north-somerset")


@pytest.fixture
def portsmouth(db: None) -> Cast:
    return make_cast("portsmouth")


@pytest.fixture
def bexley(db: None) -> Cast:
    return make_cast("bexley")


@pytest.fixture
def bcp(db: None) -> Cast:
    return make_cast("bcp")


@pytest.fixture
def central_bedfordshire(db: None) -> Cast:
    return make_cast("central-bedfordshire")


@pytest.fixture(autouse=True)
def _media_root(settings: pytest.FixtureRequest, tmp_path: object) -> None:
    """Uploaded papers go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _clock_back() -> Iterator[None]:
    """A test that moved the clock to a hearing (tests/clock.py) leaves it as it found it."""
    yield
    back_to_now()
