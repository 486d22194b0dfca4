"""Two referrals listed at once for a meeting's last place: the row locks of listing let
exactly one take it (carepanel.meetings.services._candidates).

SQLite serialises writers on its own; the race only means something on PostgreSQL, which
CI runs the suite on as well.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import time_machine
from django.db import connection

from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import referral_list
from carepanel.referrals.services import referral_sign_off
from tests.personas import Cast
from tests.workflow.helpers import agreed, listed, listed_on, london, submitted

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the race for a meeting's last place needs concurrent writers: PostgreSQL only",
    ),
    pytest.mark.django_db(transaction=True),
]

DECEMBER = london(2026, 12, 10, 14, 0)
JANUARY = london(2027, 1, 14, 14, 0)


def _awaiting_the_last_sign_off(cast: Cast) -> tuple[list[int], Callable[[int], object]]:
    racing = [submitted(cast).pk, submitted(cast).pk]
    return racing, lambda pk: referral_sign_off(
        actor=cast.service_leader, referral_id=pk, outcome="agreed"
    )


def _agreed_without_a_place(cast: Cast) -> tuple[list[int], Callable[[int], object]]:
    racing = [agreed(cast).pk, agreed(cast).pk]  # every meeting full while they were agreed
    Meeting.objects.filter(authority_id=cast.authority_id).update(capacity=25)
    return racing, lambda pk: referral_list(actor=cast.panel_coordinator, referral_id=pk)


@pytest.mark.parametrize(
    "racers",
    [_awaiting_the_last_sign_off, _agreed_without_a_place],
    ids=["the last sign-off lists each", "the coordinator lists each"],
)
def test_two_referrals_listed_at_once_for_the_last_place_leave_exactly_one_on_it(
    portsmouth: Cast, racers: Callable[[Cast], tuple[list[int], Callable[[int], object]]]
) -> None:
    cast = portsmouth
    with time_machine.travel(london(2026, 11, 23, 10), tick=False):
        december = listed(cast).meeting
        assert december.starts_at == DECEMBER
        racing, list_one = racers(cast)
        # One place left: a capacity of 2 with one item listed.
        Meeting.objects.filter(pk=december.pk).update(capacity=2)

        barrier = threading.Barrier(len(racing), timeout=10)
        errors: list[BaseException] = []

        def race(referral_id: int) -> None:
            try:
                barrier.wait()
                list_one(referral_id)
            except BaseException as error:  # reported below, in the test's thread
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=race, args=(pk,)) for pk in racing]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert not errors, errors
    december.refresh_from_db()
    on_december = [item.referral_id for item in listed_on(december)]
    # Full, and never past its capacity.
    assert len(on_december) == december.capacity == 2
    winners = [pk for pk in racing if pk in on_december]
    assert len(winners) == 1
    (loser,) = set(racing) - set(winners)
    # The other went to the next meeting with room: January's.
    elsewhere = AgendaItem.objects.select_related("meeting").get(referral_id=loser, status="listed")
    assert elsewhere.meeting.starts_at == JANUARY
