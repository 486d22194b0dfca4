"""The home page runs a fixed number of queries for each role, whatever there is to list
(DESIGN.md §8): read once with one of everything, and again with sixteen."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from carepanel.meetings.models import Meeting
from carepanel.meetings.services import referral_accept_late
from carepanel.referrals.services import referral_sign_off
from tests.clock import travel_to
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import (
    decided,
    drafted,
    emergency,
    in_effect,
    listed,
    meetings_of,
    signed,
    submitted,
    with_papers,
)

pytestmark = pytest.mark.django_db

# Every signed-in page: the session, the person, their roles here.
SIGNED_IN = 3

# Each role's home page: the signed-in page, the navigation (the councils the person works
# for, then its counts), then the page's own reads.
EXPECTED = {
    # referrals count; the team's referrals, their sign-offs, their listed items; the
    # items on an agenda with their children and papers.
    "social_worker": SIGNED_IN + 1 + 1 + 3 + 3,
    # as the social worker; the referrals to sign off and their sign-offs.
    "team_manager": SIGNED_IN + 1 + 1 + 3 + 3 + 2,
    # referrals, decisions and emergency counts; the referrals to sign off or decide and
    # their sign-offs; the other open emergencies, their approvers, how many.
    "head_of_service": SIGNED_IN + 1 + 3 + 2 + 3,
    # decisions and emergency counts; the other open emergencies, their approvers, how
    # many; the decisions to finalise.
    "assistant_director": SIGNED_IN + 1 + 2 + 3 + 1,
    # the next meetings; the items on them with their children and papers; the agreed and
    # signed referrals counted; the first of each.
    "panel_coordinator": SIGNED_IN + 1 + 1 + 3 + 1 + 2,
    # decisions and agendas counts; the next meetings; the agendas to order; the
    # decisions to sign.
    "chair": SIGNED_IN + 1 + 2 + 1 + 1 + 1,
    # the next meetings.
    "panel_member": SIGNED_IN + 1 + 1,
    # the approvals in effect.
    "finance_officer": SIGNED_IN + 1 + 1,
    "auditor": SIGNED_IN + 1,
}


def one_of_everything(cast: Cast, *, over_capacity: bool = False) -> None:
    """A referral in every state a home page lists, and the work each leaves someone;
    `over_capacity` makes the meeting it lists at over-full, for the chair to order."""
    # Heard at their meetings first: each hearing moves the clock to its meeting's start.
    decided(cast)
    signed(cast)
    in_effect(cast)
    # Then just past the next meeting's deadline, so that a referral can be accepted late.
    upcoming = next(m for m in meetings_of(cast) if m.starts_at > timezone.now())
    travel_to(upcoming.submission_deadline + dt.timedelta(minutes=1))
    drafted(cast)
    sent_back = submitted(cast)
    referral_sign_off(
        actor=cast.team_manager, referral_id=sent_back.pk, outcome="returned", reason="No."
    )
    submitted(cast)
    to_authorise = submitted(cast)
    referral_sign_off(actor=cast.team_manager, referral_id=to_authorise.pk, outcome="agreed")
    submitted(cast, kind="one_off_payment", amount="100.00", basis="one_off")
    bare = listed(cast)
    late = listed(cast)
    with_papers(cast, late.referral, "assessment")
    referral_accept_late(
        actor=cast.chair,
        referral_id=late.referral_id,
        meeting_id=upcoming.pk,
        reason="The placement ends on Friday.",
    )
    emergency(cast, approvers=("head_of_service",))
    emergency(cast, approvers=("assistant_director",))
    emergency(cast, approvers=("head_of_service", "assistant_director"))
    if over_capacity:
        listed(cast)  # beside `bare`, one more than its single place
        Meeting.objects.filter(pk=bare.meeting_id).update(capacity=1)


def test_each_roles_home_page_runs_a_fixed_number_of_queries(
    north_somerset: Cast, client: Client, django_assert_max_num_queries
):
    cast = north_somerset
    one_of_everything(cast, over_capacity=True)
    few = {}
    for persona, expected in EXPECTED.items():
        signed_in(client, getattr(cast, persona))
        with django_assert_max_num_queries(expected) as captured:
            assert client.get("/").status_code == 200
        few[persona] = len(captured)

    for _ in range(15):
        one_of_everything(cast)
    many = {}
    for persona, expected in EXPECTED.items():
        signed_in(client, getattr(cast, persona))
        with django_assert_max_num_queries(expected) as captured:
            html = client.get("/").content.decode()
        many[persona] = len(captured)
        if persona == "social_worker":
            # The lists are cut at ten rows, and say how many more there are.
            assert re.search(r"And \d+ more referrals", html), "the list should be cut"

    assert few == many == EXPECTED
