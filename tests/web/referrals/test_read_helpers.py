"""What the referral pages added to the referral services and queries: the predicates that
decide which buttons show (each the same question its service asks), optional versions on
the state changes, the paper read, the slot time."""

from __future__ import annotations

import pytest
from django.utils import timezone

from carepanel.core.errors import IllegalTransition, NotFound
from carepanel.decisions.permissions import can_decide_delegated
from carepanel.decisions.permissions import can_record_emergency as may_record_emergency
from carepanel.decisions.services import referral_record
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.queries import time_to_attend_for
from carepanel.meetings.services import referral_list
from carepanel.policy import get_pack
from carepanel.referrals.models import Referral
from carepanel.referrals.queries import get_paper_for_actor
from carepanel.referrals.services import (
    emergency_route,
    referral_sign_off,
    referral_withdraw,
    route_of,
)
from carepanel.referrals.services import submittable as is_submittable
from tests.personas import Cast
from tests.workflow.helpers import (
    agreed,
    drafted,
    emergency,
    in_effect,
    listed,
    london,
    new_child,
    nothing_written,
    submitted,
    with_papers,
)

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this referral since you opened it. Reload it and try again."


def _children(referral: Referral):
    return [link.child for link in referral.child_links.all()]


def can_record_emergency(actor, referral, pack, children) -> bool:
    """The referral page's question: may the actor record an emergency decision now?"""
    return may_record_emergency(actor, referral, emergency_route(referral, pack, children))


def test_an_emergency_decision_is_offered_to_the_roles_the_pack_names(north_somerset: Cast):
    referral = drafted(north_somerset, flags={"emergency": True})
    pack = get_pack("north-somerset")

    def may(persona: str) -> bool:
        return can_record_emergency(
            getattr(north_somerset, persona), referral, pack, _children(referral)
        )

    assert may("head_of_service") and may("assistant_director")
    assert not may("social_worker") and not may("panel_coordinator")


def test_no_emergency_decision_once_one_is_recorded_or_the_referral_is_submitted(
    north_somerset: Cast,
):
    pack = get_pack("north-somerset")
    recorded, _ = emergency(north_somerset, approvers=("head_of_service",))
    sent = submitted(north_somerset, flags={"emergency": True})
    head = north_somerset.head_of_service

    recorded = Referral.objects.get(pk=recorded.pk)
    assert not can_record_emergency(head, recorded, pack, _children(recorded))
    assert not can_record_emergency(head, sent, pack, _children(sent))


def test_a_delegated_decision_is_offered_to_the_delegated_approver_only(north_somerset: Cast):
    delegated = submitted(north_somerset, amount="800.00")
    to_panel = submitted(north_somerset)

    assert can_decide_delegated(north_somerset.head_of_service, delegated)
    assert not can_decide_delegated(north_somerset.team_manager, delegated)
    assert not can_decide_delegated(north_somerset.head_of_service, to_panel)


def test_a_referral_for_another_panel_is_not_submittable(north_somerset: Cast):
    pack = get_pack("north-somerset")
    elsewhere = drafted(north_somerset, children=[new_child(disabled=True)])
    here = drafted(north_somerset)

    assert not is_submittable(route_of(elsewhere, pack, _children(elsewhere)))
    assert is_submittable(route_of(here, pack, _children(here)))


def test_a_stale_version_refuses_each_state_change_and_writes_nothing(north_somerset: Cast):
    to_sign = submitted(north_somerset)
    to_record = in_effect(north_somerset).referral
    to_list = agreed(north_somerset)
    coordinator = north_somerset.panel_coordinator

    attempts = [
        lambda: referral_sign_off(
            actor=north_somerset.team_manager, referral_id=to_sign.pk, outcome="agreed", version=1
        ),
        lambda: referral_withdraw(
            actor=north_somerset.social_worker, referral_id=to_sign.pk, reason="No.", version=1
        ),
        lambda: referral_record(
            actor=coordinator, referral_id=to_record.pk, reference="CN-1", version=1
        ),
        lambda: referral_list(actor=coordinator, referral_id=to_list.pk, version=1),
    ]
    for attempt in attempts:
        with nothing_written(), pytest.raises(IllegalTransition, match=STALE):
            attempt()


def test_without_a_version_the_state_changes_work_as_before(north_somerset: Cast):
    referral = submitted(north_somerset)

    referral_sign_off(actor=north_somerset.team_manager, referral_id=referral.pk, outcome="agreed")

    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.sign_offs.count() == 1


def test_a_paper_is_read_only_through_its_own_referral(north_somerset: Cast):
    referral = drafted(north_somerset)
    other = drafted(north_somerset)
    with_papers(north_somerset, referral, "assessment")
    paper = referral.papers.get()

    assert get_paper_for_actor(north_somerset.social_worker, paper.pk, referral_id=referral.pk)
    with pytest.raises(NotFound):
        get_paper_for_actor(north_somerset.social_worker, paper.pk, referral_id=other.pk)
    with pytest.raises(NotFound):
        get_paper_for_actor(north_somerset.other_social_worker, paper.pk)


def test_the_time_to_attend_is_the_coordinator_s_else_the_slot_in_the_chair_s_order(
    north_somerset: Cast,
):
    first = listed(north_somerset)
    second = listed(north_somerset)
    assert time_to_attend_for(first) is None  # North Somerset sets no slot length

    Meeting.objects.filter(pk=first.meeting_id).update(slot_minutes=40)
    first.refresh_from_db()
    second.refresh_from_db()
    assert [
        f"{timezone.localtime(time_to_attend_for(item)):%H:%M}" for item in (first, second)
    ] == [
        "13:30",
        "14:10",
    ]

    AgendaItem.objects.filter(pk=second.pk).update(attend_at=london(2026, 12, 2, 15, 0))
    second.refresh_from_db()
    assert f"{timezone.localtime(time_to_attend_for(second)):%H:%M}" == "15:00"
