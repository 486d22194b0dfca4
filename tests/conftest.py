from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings

from tests import sqlite
from tests.clock import back_to_now
from tests.personas import Cast, make_cast


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
) -> Iterator[None]:
    """The tests' SQLite database is in memory, one cache shared by every connection, where
    `BEGIN IMMEDIATE` fails at once ("database table is locked") instead of waiting while
    another connection (the browser tests' server) holds it: their transactions begin as
    SQLite's default does. tests/api/test_concurrent_requests.py runs on a file with the
    settings' own options (tests/sqlite.py)."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database["OPTIONS"] = {
            key: value for key, value in sqlite.OPTIONS.items() if key != "transaction_mode"
        }
    yield


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
