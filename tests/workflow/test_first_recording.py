"""Recording a decision always carries the version read: None where the person saw no
decision yet, which makes it a creation. A second first recording is refused with the
version someone else's decision has now, never a silent replacement
(carepanel.decisions.services._check_read).

The sequential case runs on both databases; the race of two threads only means
something on PostgreSQL (SQLite serialises writers on its own).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client

from carepanel.core.errors import IllegalTransition
from carepanel.decisions.models import Decision
from carepanel.decisions.services import CHANGED, NONE_YET, RECORDED_MEANWHILE, agenda_item_decide
from tests.api.flows import api_for
from tests.clock import at_meeting
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import decision_input, listed, london, nothing_written

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_the_messages_are_the_issues() -> None:
    assert RECORDED_MEANWHILE == (
        "Someone else recorded a decision on this item since you opened it. Reload it to "
        "read their decision, and record it again if it needs changing."
    )
    assert CHANGED == (
        "Someone else changed this decision since you opened it. Reload it and try again."
    )
    assert NONE_YET == "This item has no decision yet: record it without a version."


def test_a_second_first_recording_is_refused_with_the_current_version(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    first = agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input("approved"), version=None
    )
    with nothing_written(), pytest.raises(IllegalTransition) as refused:
        agenda_item_decide(
            actor=cast.chair, item_id=item.pk, data=decision_input("declined"), version=None
        )
    assert (refused.value.message, refused.value.current_version) == (RECORDED_MEANWHILE, 1)
    first.refresh_from_db()
    assert (first.outcome, first.version) == ("approved", 1)


def test_the_database_refuses_a_second_first_decision_for_an_item(north_somerset: Cast) -> None:
    """The service's lock is the first guard; the partial unique constraint the last."""
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    first = agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input("approved"), version=None
    )
    second = Decision(
        authority_id=first.authority_id,
        referral_id=first.referral_id,
        agenda_item_id=item.pk,
        outcome="declined",
        recorded_by=first.recorded_by,
        recorded_at=first.recorded_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert Decision.objects.filter(agenda_item_id=item.pk).count() == 1


def test_a_stale_version_is_refused_and_the_current_one_given(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input("approved"), version=None
    )
    agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input("declined"), version=1
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(CHANGED)) as refused:
        agenda_item_decide(
            actor=cast.chair, item_id=item.pk, data=decision_input("approved"), version=1
        )
    assert refused.value.current_version == 2


def test_a_version_for_an_item_with_no_decision_is_refused(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(NONE_YET)):
        agenda_item_decide(
            actor=cast.chair, item_id=item.pk, data=decision_input("approved"), version=1
        )


def test_the_api_answers_409_with_the_current_version(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    body = {"outcome": "declined", "discussion": "Invented discussion."}
    path = f"/agenda-items/{item.pk}/decision"

    first = api_for(cast.panel_coordinator).post(path, body)
    second = api_for(cast.chair).post(path, {**body, "version": None})

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json() == {"message": RECORDED_MEANWHILE, "current_version": 1}
    assert Decision.objects.filter(agenda_item=item).count() == 1


def test_a_stale_hearing_page_says_someone_else_recorded_it(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    chair = signed_in(client, cast.chair)
    page = chair.get(f"/agenda-items/{item.pk}/decision/").content.decode()
    # The form says "no decision yet": a version field with no value.
    (version,) = re.findall(r'<input[^>]*name="version"[^>]*>', page)
    assert "value=" not in version
    agenda_item_decide(  # meanwhile, the coordinator records it
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input("approved"), version=None
    )

    response = chair.post(
        f"/agenda-items/{item.pk}/decision/",
        {"record": "1", "version": "", "outcome": "declined", "discussion": "Invented."},
    )

    assert response.status_code == 200
    shown = parse(response.content)
    assert shown.title.startswith("Error: ")
    assert RECORDED_MEANWHILE in " ".join(response.content.decode().split())
    assert Decision.objects.get(agenda_item=item).outcome == "approved"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two first recordings at once need concurrent writers: PostgreSQL only",
)
@pytest.mark.django_db(transaction=True)
def test_two_first_recordings_at_once_leave_one_decision_and_one_refusal(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)
    barrier = threading.Barrier(2, timeout=10)
    results: list[str] = []
    errors: list[BaseException] = []

    def record(actor_role: str, outcome: str) -> None:
        try:
            barrier.wait()
            agenda_item_decide(
                actor=getattr(cast, actor_role),
                item_id=item.pk,
                data=decision_input(outcome),
                version=None,
            )
            results.append("recorded")
        except IllegalTransition as refused:
            results.append(f"{refused.message}|{refused.current_version}")
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=("panel_coordinator", "approved")),
        threading.Thread(target=record, args=("chair", "declined")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert sorted(results) == sorted(["recorded", f"{RECORDED_MEANWHILE}|1"])
    (decision,) = Decision.objects.filter(agenda_item=item)
    assert decision.version == 1
