"""Signing off: the next sign-off the pack asks for, agree (or authorise) or return."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.referrals.models import Referral, SignOff
from carepanel.referrals.services import referral_sign_off
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import (
    assert_error_links_land,
    error_summary,
    html,
    main_text,
    query_bound,
)
from tests.workflow.helpers import drafted, submitted, with_papers

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this referral since you opened it. Reload it and try again."


def test_the_team_manager_reads_the_referral_and_chooses_agree_or_return(
    client: Client, north_somerset: Cast
):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.team_manager)

    response = client.get(f"/referrals/{referral.pk}/sign-off/")

    assert response.status_code == 200
    page = html(response)
    assert '<h1 class="govuk-heading-xl">Agree the referral</h1>' in page
    # The reason is revealed by CSS while "return" is chosen (see carepanel.css).
    returned = page.index('value="returned"')
    reveal = page.index('<div class="govuk-radios__conditional carepanel-reveal" id="conditional')
    assert returned < reveal < page.index('name="reason"')
    assert "Invented answer to: What are we worried about?" in page
    assert f'<input type="hidden" name="version" value="{referral.version}"' in page


def test_agreeing_records_the_sign_off_and_says_who_is_next(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.team_manager)

    response = client.post(
        f"/referrals/{referral.pk}/sign-off/",
        {"outcome": "agreed", "version": referral.version},
        follow=True,
    )

    sign_off = SignOff.objects.get()
    assert (sign_off.role, sign_off.outcome) == ("team_manager", "agreed")
    assert AuditEvent.objects.filter(action="referral.sign_off.agreed").exists()
    assert (
        f"Referral {referral.pk} is agreed. Next, the head of service must authorise it."
        in main_text(response)
    )


def test_the_head_of_service_authorises_and_it_is_listed(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset)
    referral_sign_off(actor=north_somerset.team_manager, referral_id=referral.pk, outcome="agreed")
    signed_in(client, north_somerset.head_of_service)

    page = html(client.get(f"/referrals/{referral.pk}/sign-off/"))
    response = client.post(
        f"/referrals/{referral.pk}/sign-off/", {"outcome": "agreed", "version": 2}, follow=True
    )

    assert '<label class="govuk-label govuk-radios__label" for="id_outcome_0">Authorise' in page
    referral.refresh_from_db()
    assert referral.status == Referral.Status.LISTED
    assert (
        f"Referral {referral.pk} is authorised and listed for Wednesday 2 December 2026 at 1:30pm."
        in main_text(response)
    )


def test_returning_needs_a_reason_and_sends_it_back_to_draft(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.team_manager)

    no_reason = client.post(
        f"/referrals/{referral.pk}/sign-off/", {"outcome": "returned", "version": 2}
    )
    returned = client.post(
        f"/referrals/{referral.pk}/sign-off/",
        {"outcome": "returned", "reason": "Add the genogram.", "version": 2},
        follow=True,
    )

    assert error_summary(no_reason) == ["Say why you are returning the referral."]
    assert '<a href="#id_reason">' in html(no_reason)
    referral.refresh_from_db()
    assert (referral.status, referral.returned_reason) == (
        Referral.Status.DRAFT,
        "Add the genogram.",
    )
    assert f"Referral {referral.pk} is returned to its social worker." in main_text(returned)


def test_a_choice_must_be_made(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.team_manager)

    response = client.post(f"/referrals/{referral.pk}/sign-off/", {"version": 2})

    assert error_summary(response) == ["Choose whether to agree the referral or return it"]
    assert '<a href="#id_outcome_0">' in html(response)
    assert_error_links_land(response)
    assert not SignOff.objects.exists()


def test_a_stale_version_is_refused(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.team_manager)

    response = client.post(
        f"/referrals/{referral.pk}/sign-off/", {"outcome": "agreed", "version": 1}
    )

    assert error_summary(response) == [STALE]
    assert not SignOff.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("head_of_service", 403),  # not yet: the team manager agrees first
        ("social_worker", 403),
        ("other_team_manager", 404),
        ("panel_member", 404),
    ],
)
def test_only_the_next_signer_sees_the_page(
    client: Client, north_somerset: Cast, persona: str, status: int
):
    referral = submitted(north_somerset)
    signed_in(client, getattr(north_somerset, persona))

    assert client.get(f"/referrals/{referral.pk}/sign-off/").status_code == status
    posted = client.post(f"/referrals/{referral.pk}/sign-off/", {"outcome": "agreed", "version": 2})
    assert posted.status_code == status
    assert not SignOff.objects.exists()


def test_a_draft_is_not_waiting_for_a_sign_off(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.team_manager)

    response = client.get(f"/referrals/{referral.pk}/sign-off/")

    # The page refuses in the service's own words (`check_can_sign_off_referral`).
    assert response.status_code == 409
    assert "This referral is draft, so it cannot be signed off." in html(response)


def test_a_portsmouth_person_gets_not_found(client: Client, north_somerset: Cast, portsmouth: Cast):
    referral = submitted(north_somerset)
    signed_in(client, portsmouth.team_manager)

    assert (
        client.post(f"/referrals/{referral.pk}/sign-off/", {"outcome": "agreed"}).status_code == 404
    )


@pytest.mark.parametrize("count", [1, 10])
def test_the_sign_off_page_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries, count: int
):
    referral = submitted(north_somerset)
    with_papers(north_somerset, referral, *["assessment"] * count)
    signed_in(client, north_somerset.team_manager)

    with django_assert_max_num_queries(query_bound(north_somerset.team_manager, 9)):
        response = client.get(f"/referrals/{referral.pk}/sign-off/")

    assert response.status_code == 200
