"""The list of referrals: what each person sees, sorting, filtering, pages, the audit."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.referrals.models import Referral
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import drafts, html, main_text, query_bound
from tests.workflow.helpers import drafted, listed, new_child, submitted

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    return parse(response.content).tables["referrals-heading"][1:]


def test_a_social_worker_sees_their_team_s_referrals_and_not_another_team_s_drafts(
    client: Client, north_somerset: Cast
):
    ours = drafted(north_somerset, children=[new_child(first_name="Wren")])
    theirs = drafted(north_somerset, actor=north_somerset.other_social_worker)
    signed_in(client, north_somerset.social_worker)

    response = client.get("/referrals/")

    assert response.status_code == 200
    rows = _rows(response)
    assert [row[0] for row in rows] == [f"Referral {ours.pk}"]
    assert "Wren Invented" in rows[0][1]
    assert rows[0][2:5] == ["A family support package", "£1,500 a year", "Draft"]
    assert f'href="/referrals/{ours.pk}/"' in html(response)
    assert f"/referrals/{theirs.pk}/" not in html(response)


def test_another_council_s_referrals_are_never_listed(
    client: Client, north_somerset: Cast, portsmouth: Cast
):
    drafted(north_somerset)
    submitted(north_somerset)
    signed_in(client, portsmouth.head_of_service)

    response = client.get("/referrals/")

    assert "0 referrals" in main_text(response)
    assert "There are no referrals to show." in main_text(response)


def test_a_listed_referral_shows_its_state_tag_and_meeting(client: Client, north_somerset: Cast):
    item = listed(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.get("/referrals/")

    row = _rows(response)[0]
    assert row[4] == "Listed"
    assert row[5] == "Wednesday 2 December 2026"
    assert f'href="/meetings/{item.meeting_id}/"' in html(response)
    assert 'class="govuk-tag govuk-tag--blue">Listed<' in html(response)


def test_the_start_button_shows_only_for_those_who_may_start_a_referral(
    client: Client, north_somerset: Cast
):
    signed_in(client, north_somerset.social_worker)
    assert "Start a referral" in html(client.get("/referrals/"))

    signed_in(client, north_somerset.chair)
    assert "Start a referral" not in html(client.get("/referrals/"))


def test_the_filter_shows_only_referrals_in_the_chosen_state(client: Client, north_somerset: Cast):
    draft = drafted(north_somerset)
    sent = submitted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.get("/referrals/", {"status": "submitted"})

    assert [row[0] for row in _rows(response)] == [f"Referral {sent.pk}"]
    assert '<option value="submitted" selected>' in html(response)
    unknown = client.get("/referrals/", {"status": "nonsense"})
    assert {row[0] for row in _rows(unknown)} == {f"Referral {draft.pk}", f"Referral {sent.pk}"}


def test_sorting_by_state_follows_the_life_of_a_referral_and_can_be_reversed(
    client: Client, north_somerset: Cast
):
    sent = submitted(north_somerset)
    draft = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    ascending = client.get("/referrals/", {"sort": "status", "order": "asc"})
    descending = client.get("/referrals/", {"sort": "status", "order": "desc"})

    assert [row[0] for row in _rows(ascending)] == [f"Referral {draft.pk}", f"Referral {sent.pk}"]
    assert [row[0] for row in _rows(descending)] == [f"Referral {sent.pk}", f"Referral {draft.pk}"]
    page = html(ascending)
    assert 'aria-sort="ascending"><a class="govuk-link' in page
    assert 'href="?sort=status&amp;order=desc">State</a>' in page
    assert 'aria-sort="none"' in page


def test_an_unknown_sort_column_falls_back_to_the_newest_first(
    client: Client, north_somerset: Cast
):
    first, second = drafts(north_somerset, 2)
    signed_in(client, north_somerset.social_worker)

    response = client.get("/referrals/", {"sort": "child_name", "order": "sideways"})

    assert response.status_code == 200
    assert [row[0] for row in _rows(response)] == [f"Referral {second.pk}", f"Referral {first.pk}"]


def test_sorting_by_kind_orders_by_the_kind_s_name(client: Client, north_somerset: Cast):
    support = drafted(north_somerset)
    assessment = drafted(north_somerset, kind="independent_assessment")
    signed_in(client, north_somerset.social_worker)

    response = client.get("/referrals/", {"sort": "kind", "order": "asc"})

    # "A family support package" before "An independent or expert assessment".
    assert [row[0] for row in _rows(response)] == [
        f"Referral {support.pk}",
        f"Referral {assessment.pk}",
    ]


def test_twenty_five_referrals_a_page_with_govuk_pagination(client: Client, north_somerset: Cast):
    made = drafts(north_somerset, 27)
    signed_in(client, north_somerset.social_worker)

    first = client.get("/referrals/")
    second = client.get("/referrals/", {"page": "2", "sort": "created", "order": "desc"})

    assert len(_rows(first)) == 25
    assert [row[0] for row in _rows(second)] == [f"Referral {r.pk}" for r in made[1::-1]]
    assert 'class="govuk-pagination"' in html(first)
    assert 'href="?sort=created&amp;order=desc&amp;page=2" rel="next"' in html(first)
    assert 'aria-current="page">2<' in html(second)


def test_the_page_of_referrals_shown_is_written_to_the_audit_trail(
    client: Client, north_somerset: Cast
):
    made = drafts(north_somerset, 2)
    signed_in(client, north_somerset.social_worker)

    client.get("/referrals/")

    event = AuditEvent.objects.get(action="referral.list_viewed")
    assert sorted(event.data["referrals"]) == sorted(r.pk for r in made)
    assert event.actor == north_somerset.social_worker.user


@pytest.mark.parametrize("rows", [1, 12])
def test_the_list_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries, rows: int
):
    for _ in range(rows):
        listed(north_somerset)
    signed_in(client, north_somerset.social_worker)

    # Count, page, children, agenda items; the audit event.
    with django_assert_max_num_queries(query_bound(north_somerset.social_worker, 5)):
        response = client.get("/referrals/")

    assert len(_rows(response)) == rows
    assert Referral.objects.count() == rows
