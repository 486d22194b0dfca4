"""Check your answers: everything on the draft, where it goes in words, and submitting."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.referrals.models import Referral
from carepanel.referrals.services import referral_input_of, referral_update
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import error_links, error_summary, html, main_text, query_bound
from tests.workflow.helpers import drafted, new_child, submitted, with_papers

pytestmark = pytest.mark.django_db


def test_the_route_is_said_in_words_before_submitting(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.get(f"/referrals/{referral.pk}/check/")

    assert response.status_code == 200
    text = main_text(response)
    assert (
        "This goes to North Somerset Council's Care and Resource Panel on Wednesday 2 December "
        "2026 at 1:30pm." in text
    )
    assert (
        "The team manager's agreement and the head of service's authorisation must be in by "
        "Friday 27 November 2026 at midday." in text
    )
    assert "The team manager of the referral's team agrees it." in text
    assert "The head of service authorises it." in text
    assert 'class="govuk-warning-text"' in html(response)
    assert "Submit the referral" in text
    assert error_summary(response) == []


def test_every_answer_has_a_change_link_that_says_what_it_changes(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    page = html(client.get(f"/referrals/{referral.pk}/check/"))

    assert (
        f'href="/referrals/{referral.pk}/request/#id_cost_amount">Change'
        '<span class="govuk-visually-hidden"> the cost</span>' in page
    )
    assert (
        f'href="/referrals/{referral.pk}/situation/#id_worries">Change<span '
        'class="govuk-visually-hidden"> the answer to: What are we worried about?</span>' in page
    )
    assert "Invented answer to: What are we worried about?" in page


def test_missing_answers_are_an_error_summary_linking_to_their_section(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset)
    data = referral_input_of(referral)
    answers = {k: v for k, v in data.answers.items() if k not in ("requested", "worries")}
    referral_update(
        actor=north_somerset.social_worker,
        referral_id=referral.pk,
        version=1,
        data=replace(data, answers=answers),
    )
    signed_in(client, north_somerset.social_worker)

    shown = client.get(f"/referrals/{referral.pk}/check/")
    posted = client.post(f"/referrals/{referral.pk}/check/")

    expected = [
        "Answer the question: What is being requested of the panel?",
        "Answer the question: What are we worried about?",
    ]
    assert error_summary(shown) == expected
    assert error_links(shown) == [
        f"/referrals/{referral.pk}/the-request/#id_requested",
        f"/referrals/{referral.pk}/situation/#id_worries",
    ]
    assert "<title>Error: Check your answers" in html(shown)
    assert error_summary(posted) == expected
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_submitting_sends_it_for_its_sign_offs(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.post(f"/referrals/{referral.pk}/check/", follow=True)

    assert response.redirect_chain == [(f"/referrals/{referral.pk}/", 302)]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.version == 2
    assert AuditEvent.objects.filter(action="referral.submitted", referral_id=referral.pk).exists()
    text = main_text(response)
    assert f"Referral {referral.pk} is submitted. Next, the team manager must agree it." in text
    # The summary, not the task list: it cannot be changed now.
    assert "govuk-task-list" not in html(response)


def test_support_for_a_disabled_child_says_where_it_goes_instead_and_offers_no_submit(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset, children=[new_child(disabled=True)])
    signed_in(client, north_somerset.social_worker)

    shown = client.get(f"/referrals/{referral.pk}/check/")
    posted = client.post(f"/referrals/{referral.pk}/check/")

    text = main_text(shown)
    assert "This goes to the Children with Disabilities Panel instead" in text
    assert "Submit the referral" not in text
    assert 'class="govuk-notification-banner"' in html(shown)
    assert error_summary(posted) == [
        "Respite and family support for a disabled child, outside care proceedings, are decided "
        "by the separate panel for Children with Disabilities."
    ]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_a_cost_within_the_delegation_goes_to_the_delegated_approver(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset, amount="800.00")
    signed_in(client, north_somerset.social_worker)

    text = main_text(client.get(f"/referrals/{referral.pk}/check/"))
    response = client.post(f"/referrals/{referral.pk}/check/", follow=True)

    assert (
        "This is within the head of service's delegation: they decide it without the Care and "
        "Resource Panel." in text
    )
    assert (
        f"Referral {referral.pk} is submitted. The head of service decides it without the panel."
        in main_text(response)
    )


def test_a_submitted_referral_s_check_page_goes_back_to_the_referral(
    client: Client, north_somerset: Cast
):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.get(f"/referrals/{referral.pk}/check/")

    assert response["Location"] == f"/referrals/{referral.pk}/"


def test_another_team_cannot_check_or_submit_a_draft(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.other_social_worker)

    assert client.get(f"/referrals/{referral.pk}/check/").status_code == 404
    assert client.post(f"/referrals/{referral.pk}/check/").status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


@pytest.mark.parametrize("count", [1, 10])
def test_the_check_page_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries, count: int
):
    referral = drafted(north_somerset, children=[new_child() for _ in range(min(count, 8))])
    with_papers(north_somerset, referral, *["care_plan"] * count)
    signed_in(client, north_somerset.social_worker)

    # The referral with everything on it (8 queries).
    with django_assert_max_num_queries(query_bound(north_somerset.social_worker, 8)):
        response = client.get(f"/referrals/{referral.pk}/check/")

    assert response.status_code == 200
