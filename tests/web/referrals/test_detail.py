"""A referral past its draft (or read by someone who cannot change it): the summary, its
route, sign-offs, meeting and decisions, and the buttons for what the reader may do."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.core.templatetags.govuk_dates import govuk_datetime
from carepanel.meetings.models import Meeting
from carepanel.referrals.services import referral_sign_off
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import html, main_text, query_bound
from tests.workflow.helpers import (
    agreed,
    decided,
    drafted,
    in_effect,
    listed,
    submitted,
    with_papers,
)

pytestmark = pytest.mark.django_db

BUTTONS = (
    "Sign off",
    "Withdraw",
    "Record on the child's file",
    "List on an agenda",
    "Record the decision",
    "Record an emergency decision",
)


def _buttons(response) -> list[str]:
    """The action buttons, in the order the page shows them."""
    page = html(response)
    found = [(page.find(f'data-module="govuk-button">{b}</a>'), b) for b in BUTTONS]
    return [button for at, button in sorted(found) if at >= 0]


def test_a_submitted_referral_says_where_it_goes_and_who_signs_next(
    client: Client, north_somerset: Cast
):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.head_of_service)

    response = client.get(f"/referrals/{referral.pk}/")

    assert response.status_code == 200
    assert "govuk-task-list" not in html(response)
    state = parse(response.content).summaries["state"]
    assert state["State"] == "Submitted"
    assert state["Team"] == "Family support team"
    text = main_text(response)
    assert "on Wednesday 2 December 2026 at 1:30pm." in text
    assert "must be in by Friday 27 November 2026 at midday." in text
    assert "Waiting for the team manager to agree it." in text
    assert _buttons(response) == []


@pytest.mark.parametrize(
    ("persona", "buttons"),
    [
        ("team_manager", ["Sign off", "Withdraw"]),
        ("social_worker", ["Withdraw"]),
        ("panel_coordinator", ["Withdraw"]),
        ("head_of_service", []),
    ],
)
def test_the_buttons_are_what_each_reader_may_do(
    client: Client, north_somerset: Cast, persona: str, buttons: list[str]
):
    referral = submitted(north_somerset)
    signed_in(client, getattr(north_somerset, persona))

    assert _buttons(client.get(f"/referrals/{referral.pk}/")) == buttons


def test_a_listed_referral_shows_its_meeting_and_its_sign_offs(
    client: Client, north_somerset: Cast
):
    item = listed(north_somerset)
    signed_in(client, north_somerset.panel_member)

    response = client.get(f"/referrals/{item.referral_id}/")

    page = parse(response.content)
    assert page.summaries["state"]["State"] == "Listed"
    assert page.summaries["state"]["Meeting"].startswith(
        "Care and Resource Panel, Wednesday 2 December 2026 at 1:30pm"
    )
    assert f'href="/meetings/{item.meeting_id}/"' in html(response)
    rows = page.tables["sign-offs"][1:]
    assert [(row[0], row[1], row[3]) for row in rows] == [
        ("TeamManager OfNorth", "Team manager", "Agreed"),
        ("HeadOfService OfNorth", "Head of service", "Authorised"),
    ]
    assert rows[0][2] == "Monday 23 November 2026 at 10am"
    assert "Care and Resource Panel decides it." in main_text(response)
    child = item.referral.child_links.get().child
    assert f'href="/children/{child.pk}/"' in html(response)
    assert _buttons(response) == []


def test_a_returned_sign_off_shows_its_reason(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset)
    referral_sign_off(
        actor=north_somerset.team_manager,
        referral_id=referral.pk,
        outcome="returned",
        reason="Add the genogram.",
    )
    signed_in(client, north_somerset.head_of_service)
    # The head of service sees a returned draft only through its team's scope: not at all.
    assert client.get(f"/referrals/{referral.pk}/").status_code == 404

    signed_in(client, north_somerset.social_worker)
    page = html(client.get(f"/referrals/{referral.pk}/"))
    assert "Add the genogram." in page


def test_a_decided_referral_links_to_its_decision(client: Client, north_somerset: Cast):
    decision = decided(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.get(f"/referrals/{decision.referral_id}/")

    rows = parse(response.content).tables["decisions"][1:]
    heard = govuk_datetime(decision.agenda_item.meeting.starts_at)  # type: ignore[union-attr]
    assert rows[0][1:] == ["Approved", heard, "Recorded, not signed"]
    assert f'href="/decisions/{decision.pk}/"' in html(response)


def test_the_coordinator_records_a_signed_decision_on_the_child_s_file(
    client: Client, north_somerset: Cast
):
    decision = in_effect(north_somerset)
    signed_in(client, north_somerset.panel_coordinator)

    response = client.get(f"/referrals/{decision.referral_id}/")

    assert _buttons(response) == ["Record on the child's file"]
    assert f'href="/referrals/{decision.referral_id}/record/"' in html(response)


def test_the_coordinator_lists_an_agreed_referral_that_found_no_place(
    client: Client, north_somerset: Cast
):
    referral = agreed(north_somerset)
    signed_in(client, north_somerset.panel_coordinator)

    response = client.get(f"/referrals/{referral.pk}/")

    assert _buttons(response) == ["List on an agenda", "Withdraw"]


def test_the_delegated_approver_records_the_decision(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset, amount="800.00")
    signed_in(client, north_somerset.head_of_service)

    response = client.get(f"/referrals/{referral.pk}/")

    assert _buttons(response) == ["Record the decision"]
    assert f'href="/referrals/{referral.pk}/decision/"' in html(response)
    assert (
        "The head of service decides it under delegation, without the Care and Resource Panel."
        in main_text(response)
    )


def test_an_emergency_draft_offers_its_approvers_an_emergency_decision(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset, flags={"emergency": True})

    signed_in(client, north_somerset.head_of_service)
    approver = client.get(f"/referrals/{referral.pk}/")
    signed_in(client, north_somerset.social_worker)
    worker = client.get(f"/referrals/{referral.pk}/")

    assert _buttons(approver) == ["Record an emergency decision"]
    assert f'href="/referrals/{referral.pk}/emergency/"' in html(approver)
    assert "govuk-task-list" in html(worker)
    assert "Record an emergency decision" not in html(worker)


def test_a_council_without_approval_between_panels_offers_no_emergency_decision(
    client: Client, bexley: Cast
):
    referral = drafted(bexley, flags={"emergency": True})
    signed_in(client, bexley.head_of_service)

    assert "Record an emergency decision" not in html(client.get(f"/referrals/{referral.pk}/"))


def test_another_council_s_listed_referral_is_not_found(
    client: Client, north_somerset: Cast, portsmouth: Cast
):
    item = listed(north_somerset)
    signed_in(client, portsmouth.panel_member)

    assert client.get(f"/referrals/{item.referral_id}/").status_code == 404


def test_the_time_to_attend_shows_where_the_meeting_has_slots(client: Client, north_somerset: Cast):
    item = listed(north_somerset)
    Meeting.objects.filter(pk=item.meeting_id).update(slot_minutes=30)
    signed_in(client, north_somerset.social_worker)

    state = parse(client.get(f"/referrals/{item.referral_id}/").content).summaries["state"]

    assert "Time to attend: 1:30pm" in state["Meeting"]


def test_without_slots_the_coordinator_advises_a_time(client: Client, north_somerset: Cast):
    item = listed(north_somerset)
    signed_in(client, north_somerset.social_worker)

    state = parse(client.get(f"/referrals/{item.referral_id}/").content).summaries["state"]

    assert "The panel coordinator will advise a time to attend" in state["Meeting"]


@pytest.mark.parametrize("count", [1, 10])
def test_the_summary_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries, count: int
):
    item = listed(north_somerset)
    Meeting.objects.filter(pk=item.meeting_id).update(slot_minutes=30)
    with_papers(north_somerset, item.referral, *["assessment"] * count)
    signed_in(client, north_somerset.panel_coordinator)

    # The referral with everything on it (8); its slot (1); the audit event.
    with django_assert_max_num_queries(query_bound(north_somerset.panel_coordinator, 10)):
        response = client.get(f"/referrals/{item.referral_id}/")

    assert len(parse(response.content).tables["papers"]) == count + 1
