"""A draft's task list: who sees it, its sections and their states, a returned referral."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.referrals.services import referral_input_of, referral_sign_off, referral_update
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import html, main_text, query_bound
from tests.workflow.helpers import drafted, new_child, submitted, with_papers

pytestmark = pytest.mark.django_db


def _statuses(response) -> dict[str, str]:
    """Each task's name and status, from the task list's markup."""
    page = html(response)
    items = re.findall(
        r'govuk-task-list__link" href="[^"]*"[^>]*>([^<]+)</a>'
        r".*?govuk-task-list__status[^>]*>(.*?)</div>",
        page,
        flags=re.S,
    )
    return {name.strip(): re.sub(r"<[^>]+>", "", status).strip() for name, status in items}


def test_the_social_worker_sees_a_govuk_task_list_of_the_form_s_sections(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.get(f"/referrals/{referral.pk}/")

    assert response.status_code == 200
    assert '<ul class="govuk-task-list">' in html(response)
    assert _statuses(response) == {
        "What you are asking for": "Completed",
        "Children and family": "Completed",
        "Previous presentations to the panel": "Not yet started",
        "The request and the work done so far": "Completed",
        "The current situation": "Completed",
        "What the request will achieve": "Completed",
        "Papers": "Not yet started",
        "Check and submit": "Not yet started",
    }
    assert "You have completed 5 of 7 sections." in main_text(response)
    assert f'href="/referrals/{referral.pk}/request/"' in html(response)
    assert f'href="/referrals/{referral.pk}/check/"' in html(response)
    assert "<title>Referral" in html(response)


def test_a_section_with_a_required_answer_missing_is_incomplete(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset, amount=None)
    data = _input_without(referral, "worries")
    referral_update(
        actor=north_somerset.social_worker, referral_id=referral.pk, version=1, data=data
    )
    with_papers(north_somerset, referral, "assessment")
    signed_in(client, north_somerset.social_worker)

    statuses = _statuses(client.get(f"/referrals/{referral.pk}/"))

    assert statuses["What you are asking for"] == "Incomplete"
    assert statuses["The current situation"] == "Incomplete"
    assert statuses["Papers"] == "Incomplete"


def _input_without(referral, question_id: str):
    data = referral_input_of(referral)
    answers = {k: v for k, v in data.answers.items() if k != question_id}
    return replace(data, answers=answers)


def test_bexley_s_own_questions_are_a_section_of_their_own(client: Client, bexley: Cast):
    referral = drafted(bexley)
    signed_in(client, bexley.social_worker)

    statuses = _statuses(client.get(f"/referrals/{referral.pk}/"))
    section = client.get(f"/referrals/{referral.pk}/further-questions/")

    assert statuses["Further questions from London Borough of Bexley"] == "Completed"
    assert section.status_code == 200
    assert "What is the exit strategy?" in html(section)
    assert "How have the costs been shared with other responsible agencies?" in html(section)


def test_north_somerset_has_no_further_questions_section(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    assert "Further questions" not in html(client.get(f"/referrals/{referral.pk}/"))
    assert client.get(f"/referrals/{referral.pk}/further-questions/").status_code == 404


def test_a_returned_referral_shows_why_it_was_returned(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset)
    referral_sign_off(
        actor=north_somerset.team_manager,
        referral_id=referral.pk,
        outcome="returned",
        reason="Say what the family support worker will do each week.",
    )
    signed_in(client, north_somerset.social_worker)

    text = main_text(client.get(f"/referrals/{referral.pk}/"))

    assert "This referral was returned to you by the team manager." in text
    assert "Say what the family support worker will do each week." in text


def test_the_team_manager_of_the_team_also_works_on_the_draft(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.team_manager)

    assert '<ul class="govuk-task-list">' in html(client.get(f"/referrals/{referral.pk}/"))


@pytest.mark.parametrize(
    "persona", ["other_social_worker", "other_team_manager", "head_of_service", "panel_member"]
)
def test_a_draft_is_not_found_for_anyone_outside_its_team(
    client: Client, north_somerset: Cast, persona: str
):
    referral = drafted(north_somerset)
    signed_in(client, getattr(north_somerset, persona))

    assert client.get(f"/referrals/{referral.pk}/").status_code == 404
    assert client.get(f"/referrals/{referral.pk}/request/").status_code == 404


def test_a_portsmouth_person_gets_not_found(client: Client, north_somerset: Cast, portsmouth: Cast):
    referral = drafted(north_somerset)
    signed_in(client, portsmouth.panel_coordinator)

    for path in ("", "request/", "check/", "papers/", "sign-off/", "withdraw/"):
        assert client.get(f"/referrals/{referral.pk}/{path}").status_code == 404, path


def test_reading_a_referral_is_written_to_the_audit_trail(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    client.get(f"/referrals/{referral.pk}/")

    event = AuditEvent.objects.get(action="referral.viewed")
    assert (event.referral_id, event.actor) == (referral.pk, north_somerset.social_worker.user)


@pytest.mark.parametrize("count", [1, 10])
def test_the_task_list_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries, count: int
):
    referral = drafted(north_somerset, children=[new_child() for _ in range(min(count, 8))])
    with_papers(north_somerset, referral, *["assessment"] * count)
    signed_in(client, north_somerset.social_worker)

    # The referral with its people, children, family, sign-offs, papers, items and
    # decisions (8); the audit event.
    with django_assert_max_num_queries(query_bound(north_somerset.social_worker, 9)):
        response = client.get(f"/referrals/{referral.pk}/")

    assert response.status_code == 200
