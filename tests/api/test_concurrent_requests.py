"""Several people at once, through the API: sign-offs racing for a meeting's last places,
new referrals and lists, each in its own thread with its own database connection. Every
answer is a success or a 409, never a 500 ("database is locked"), and the meeting is
never past its capacity.

On SQLite the threads share a database file, as the demo server's do: the tests'
in-memory database has neither a write-ahead log nor connections of its own, so it would
prove nothing about the settings (carepanel/settings.py) that make writers wait.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections

from carepanel.meetings.models import AgendaItem, Meeting
from tests import sqlite
from tests.api.flows import Api, api_for, referral_body
from tests.personas import make_cast
from tests.workflow.helpers import listed, london, submitted

pytestmark = pytest.mark.django_db(transaction=True)

SIGN_OFFS = 5
PLACES_LEFT = 2
SUCCESS_OR_CONFLICT = frozenset({200, 201, 409})


@contextmanager
def _on_a_file(path: Path) -> Iterator[Callable[[], None]]:
    """The default database moved to a migrated SQLite file for this thread; the function
    yielded does the same for another thread."""
    original = connections["default"]
    # The settings' own options, which the in-memory test database goes without.
    settings = {**original.settings_dict, "NAME": str(path), "OPTIONS": sqlite.OPTIONS}

    def use_the_file() -> None:
        connections["default"] = original.__class__(settings, "default")

    use_the_file()
    try:
        call_command("migrate", verbosity=0)
        yield use_the_file
    finally:
        connections["default"].close()
        connections["default"] = original


@pytest.fixture
def in_each_thread(transactional_db: None, tmp_path: Path) -> Iterator[Callable[[], None]]:
    """What a thread calls before its first query."""
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    with _on_a_file(tmp_path / "carepanel.sqlite3") as use_the_file:
        yield use_the_file


def _race(
    in_each_thread: Callable[[], None], calls: list[Callable[[], Any]]
) -> list[int | BaseException]:
    """Every call at once, one thread each; the answers' status codes, in order."""
    barrier = threading.Barrier(len(calls), timeout=30)
    answers: list[int | BaseException] = [0] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        in_each_thread()
        try:
            barrier.wait()
            answers[index] = call().status_code
        except BaseException as error:  # reported in the test's thread
            answers[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_concurrent_sign_offs_creations_and_lists_all_succeed_or_conflict(
    in_each_thread: Callable[[], None],
) -> None:
    with time_machine.travel(london(2026, 11, 23, 10), tick=False):
        cast = make_cast("portsmouth")
        december = listed(cast).meeting
        awaiting = [submitted(cast).pk for _ in range(SIGN_OFFS)]
        Meeting.objects.filter(pk=december.pk).update(capacity=1 + PLACES_LEFT)
        # Each thread its own client: a token, and a test client, per person.
        leaders = [api_for(cast.service_leader) for _ in awaiting]
        social_workers = [api_for(cast.social_worker) for _ in range(2)]
        readers = [api_for(cast.panel_coordinator) for _ in range(2)]

        def sign_off(caller: Api, pk: int) -> Callable[[], Any]:
            return lambda: caller.post(f"/referrals/{pk}/sign-offs", {"outcome": "agreed"})

        calls: list[Callable[[], Any]] = [
            *(sign_off(caller, pk) for caller, pk in zip(leaders, awaiting, strict=True)),
            *(
                lambda c=caller: c.post("/referrals", referral_body(cast))
                for caller in social_workers
            ),
            lambda: readers[0].get("/referrals"),
            lambda: readers[1].get("/meetings"),
        ]
        answers = _race(in_each_thread, calls)

        assert all(answer in SUCCESS_OR_CONFLICT for answer in answers), answers
        on_december = AgendaItem.objects.filter(meeting=december, status="listed").count()
        # Full, and never past its capacity; the others went to a later meeting.
        assert on_december == 1 + PLACES_LEFT
        placed = AgendaItem.objects.filter(referral_id__in=awaiting, status="listed")
        assert placed.count() == SIGN_OFFS
