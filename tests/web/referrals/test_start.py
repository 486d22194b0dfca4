"""Starting a referral: what it is for, which team, and the child (chosen or added)."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.accounts.actors import actor_for
from carepanel.accounts.models import RoleGrant
from carepanel.audit.models import AuditEvent
from carepanel.children.models import Child
from carepanel.referrals.models import Referral
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import assert_error_links_land, error_summary, html, main_text
from tests.workflow.helpers import drafted, new_child

pytestmark = pytest.mark.django_db

NEW_CHILD = {
    "kind": "family_support_package",
    "source": "new",
    "first_name": "Wren",
    "last_name": "Tolleshunt",
    "case_id": "NS-WEB-1",
    "date_of_birth_day": "14",
    "date_of_birth_month": "5",
    "date_of_birth_year": "2016",
    "gender": "F",
    "ethnicity": "WBRI",
    "plan": "cin",
}


def test_a_social_worker_starts_a_referral_for_a_new_child(client: Client, north_somerset: Cast):
    signed_in(client, north_somerset.social_worker)

    response = client.post("/referrals/new/", NEW_CHILD, follow=True)

    referral = Referral.objects.get()
    assert response.redirect_chain == [(f"/referrals/{referral.pk}/", 302)]
    assert referral.status == Referral.Status.DRAFT
    assert referral.kind == "family_support_package"
    assert referral.team == north_somerset.team
    child = Child.objects.get(case_id="NS-WEB-1")
    assert (child.first_name, child.plan, child.gender) == ("Wren", "cin", "F")
    assert str(child.date_of_birth) == "2016-05-14"
    assert [link.child for link in referral.child_links.all()] == [child]
    assert AuditEvent.objects.filter(action="referral.created", referral_id=referral.pk).exists()
    assert f"Referral {referral.pk} is started." in main_text(response)


def test_a_child_already_on_record_is_chosen_from_the_team_s_children(
    client: Client, north_somerset: Cast
):
    known = drafted(north_somerset, children=[new_child(first_name="Cai")]).child_links.get().child
    theirs = (
        drafted(north_somerset, actor=north_somerset.other_social_worker).child_links.get().child
    )
    signed_in(client, north_somerset.social_worker)

    page = html(client.get("/referrals/new/"))
    response = client.post(
        "/referrals/new/", {"kind": "short_breaks", "source": "existing", "child": known.pk}
    )

    assert f'<option value="{known.pk}">Cai Invented' in page
    assert f'value="{theirs.pk}"' not in page
    referral = Referral.objects.get(kind="short_breaks")
    assert response["Location"] == f"/referrals/{referral.pk}/"
    assert [link.child_id for link in referral.child_links.all()] == [known.pk]


def test_another_team_s_child_cannot_be_named(client: Client, north_somerset: Cast):
    drafted(north_somerset)
    theirs = (
        drafted(north_somerset, actor=north_somerset.other_social_worker).child_links.get().child
    )
    signed_in(client, north_somerset.social_worker)

    response = client.post(
        "/referrals/new/", {"kind": "short_breaks", "source": "existing", "child": theirs.pk}
    )

    assert error_summary(response) == ["Choose a child from the list"]
    assert not Referral.objects.filter(kind="short_breaks").exists()


def test_the_service_s_messages_for_a_new_child_are_shown_against_each_field(
    client: Client, north_somerset: Cast
):
    signed_in(client, north_somerset.social_worker)
    data = {**NEW_CHILD, "first_name": "", "case_id": "", "gender": ""}

    response = client.post("/referrals/new/", data)

    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter the child's first name.",
        "Enter the child's ID from the case-management system.",
        "Choose the child's gender: M, F or U.",
    ]
    page = html(response)
    assert '<a href="#id_first_name">' in page and '<a href="#id_gender_0">' in page
    assert "<title>Error: Start a referral" in page
    assert not Referral.objects.exists()


def test_a_date_of_birth_without_its_month_is_refused_with_the_govuk_message(
    client: Client, north_somerset: Cast
):
    signed_in(client, north_somerset.social_worker)

    response = client.post("/referrals/new/", {**NEW_CHILD, "date_of_birth_month": ""})

    assert error_summary(response) == ["Date of birth must include a month"]
    assert_error_links_land(response)


def test_a_case_id_already_on_record_is_refused(client: Client, north_somerset: Cast):
    drafted(north_somerset, children=[new_child(case_id="NS-WEB-1")])
    signed_in(client, north_somerset.social_worker)

    response = client.post("/referrals/new/", NEW_CHILD)

    assert error_summary(response) == [
        "A child with this ID is already on record: give their id instead."
    ]


def test_what_it_is_for_and_whether_the_child_is_on_record_must_be_chosen(
    client: Client, north_somerset: Cast
):
    drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.post("/referrals/new/", {})

    assert error_summary(response) == [
        "Choose what the referral is for",
        "Say whether the child is already on record",
    ]


def test_a_person_in_two_teams_chooses_which_team_it_is_from(client: Client, north_somerset: Cast):
    user = north_somerset.social_worker.user
    RoleGrant.objects.create(
        authority_id="north-somerset",
        user=user,
        role="team_manager",
        team=north_somerset.other_team,
    )
    actor = actor_for(user, "north-somerset")
    signed_in(client, actor)

    asked = html(client.get("/referrals/new/"))
    unchosen = client.post("/referrals/new/", NEW_CHILD)
    chosen = client.post("/referrals/new/", {**NEW_CHILD, "team": north_somerset.other_team.pk})

    assert "Which of your teams is it from?" in asked
    assert error_summary(unchosen) == ["Choose which of your teams it is from"]
    assert chosen.status_code == 302
    assert Referral.objects.get().team == north_somerset.other_team


def test_only_social_workers_and_team_managers_may_start_one(client: Client, north_somerset: Cast):
    signed_in(client, north_somerset.panel_member)

    response = client.get("/referrals/new/")

    assert response.status_code == 403
    assert "Only a social worker or team manager can start a referral." in html(response)
