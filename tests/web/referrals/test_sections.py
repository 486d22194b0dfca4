"""Each section of a draft saves through `referral_update`, replacing only its own fields."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.referrals.models import FamilyMember, Referral
from carepanel.referrals.services import referral_input_of, referral_update
from tests.personas import Cast, answers_for
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import assert_error_links_land, error_summary, html, main_text
from tests.workflow.helpers import drafted, new_child, submitted

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this referral since you opened it. Reload it and try again."


def _request(version: int, **changes: str | list[str]) -> dict[str, object]:
    data: dict[str, object] = {
        "version": version,
        "kind": "family_support_package",
        "cost_amount": "1,500",
        "cost_basis": "annual",
        "cost_weeks": "",
    }
    data.update(changes)
    return data


# ------------------------------------------------------------- what is asked for


def test_the_cost_and_flags_are_saved_and_the_answers_kept(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset, amount=None)
    signed_in(client, north_somerset.social_worker)

    response = client.post(
        f"/referrals/{referral.pk}/request/",
        _request(
            1, cost_amount="£250.50", cost_basis="weekly", cost_weeks="12", flags=["joint_funding"]
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/"
    referral.refresh_from_db()
    assert (referral.cost_amount_gbp, referral.cost_basis, referral.cost_weeks) == (
        Decimal("250.50"),
        "weekly",
        12,
    )
    assert referral.joint_funding and not referral.emergency
    assert referral.version == 2
    assert referral.answers == answers_for("north-somerset")
    assert referral.child_links.count() == 1
    assert AuditEvent.objects.filter(action="referral.updated", referral_id=referral.pk).exists()


def test_the_request_page_shows_what_is_stored(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset, flags={"renewal": True})
    signed_in(client, north_somerset.social_worker)

    page = html(client.get(f"/referrals/{referral.pk}/request/"))

    assert '<option value="family_support_package" selected>' in page
    assert 'name="cost_amount" type="text" value="1500.00"' in page
    assert 'value="annual" checked' in page
    assert 'value="renewal" checked' in page
    assert '<input type="hidden" name="version" value="1"' in page
    assert '<div class="govuk-input__prefix" aria-hidden="true">£</div>' in page


def test_a_cost_that_is_not_a_number_is_refused(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.post(f"/referrals/{referral.pk}/request/", _request(1, cost_amount="abc"))

    assert response.status_code == 200
    assert error_summary(response) == ["Enter the cost as an amount in pounds, like 1500 or 62.50"]
    assert '<a href="#id_cost_amount">' in html(response)
    assert "<title>Error: What you are asking for" in html(response)
    referral.refresh_from_db()
    assert referral.version == 1


def test_the_service_s_cost_messages_reach_their_fields(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    negative = client.post(f"/referrals/{referral.pk}/request/", _request(1, cost_amount="-5"))
    no_basis = client.post(f"/referrals/{referral.pk}/request/", _request(1, cost_basis=""))
    one_off_weeks = client.post(
        f"/referrals/{referral.pk}/request/", _request(1, cost_basis="one_off", cost_weeks="4")
    )

    assert error_summary(negative) == ["The cost must be £0 or more."]
    assert error_summary(no_basis) == [
        "Say whether the cost is one-off, weekly, monthly or annual."
    ]
    assert '<a href="#id_cost_basis_0">' in html(no_basis)
    assert_error_links_land(no_basis)
    assert error_summary(one_off_weeks) == ["A one-off cost has no duration."]
    assert '<a href="#id_cost_weeks">' in html(one_off_weeks)


def test_a_stale_version_is_refused_and_nothing_is_saved(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    # The team manager saves first.
    referral_update(
        actor=north_somerset.team_manager,
        referral_id=referral.pk,
        version=1,
        data=referral_input_of(referral),
    )
    signed_in(client, north_somerset.social_worker)

    response = client.post(f"/referrals/{referral.pk}/request/", _request(1, cost_amount="900"))

    assert error_summary(response) == [STALE]
    referral.refresh_from_db()
    assert referral.cost_amount_gbp == Decimal("1500.00")
    assert referral.version == 2


def test_save_and_come_back_later_saves_and_returns_to_the_list(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.post(
        f"/referrals/{referral.pk}/request/", {**_request(1, cost_amount="900"), "later": "1"}
    )

    assert response["Location"] == "/referrals/"
    referral.refresh_from_db()
    assert referral.cost_amount_gbp == Decimal("900")
    followed = client.get("/referrals/")
    assert f"Referral {referral.pk} is saved. You can come back to it at any time." in html(
        followed
    )


def test_a_submitted_referral_cannot_be_changed(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.get(f"/referrals/{referral.pk}/request/")

    assert response.status_code == 409
    assert "This referral is submitted, so it cannot be changed." in html(response)


# ----------------------------------------------------------------------- questions


def test_answers_are_saved_with_a_character_count_for_each(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    page = html(client.get(f"/referrals/{referral.pk}/the-request/"))
    response = client.post(
        f"/referrals/{referral.pk}/the-request/",
        {"version": 1, "requested": "Agreement to\r\nfamily support.", "work_undertaken": ""},
    )

    assert 'data-module="govuk-character-count" data-maxlength="1500"' in page
    assert "You can enter up to 3000 characters" in page
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.answers["requested"] == "Agreement to\nfamily support."
    assert "work_undertaken" not in referral.answers
    assert referral.answers["worries"] == answers_for("north-somerset")["worries"]


def test_an_optional_question_says_so(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    page = html(client.get(f"/referrals/{referral.pk}/situation/"))

    assert "What is going well? (optional)" in page
    assert "What are we worried about? (optional)" not in page


def test_a_too_long_answer_is_refused_with_the_limit(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.post(
        f"/referrals/{referral.pk}/the-request/",
        {"version": 1, "requested": "x" * 1501, "work_undertaken": "Some work."},
    )

    assert error_summary(response) == ["The answer must be 1,500 characters or fewer."]
    assert '<a href="#id_requested">' in html(response)
    referral.refresh_from_db()
    assert referral.version == 1


# ------------------------------------------------------------------------ previous


def test_the_previous_presentation_is_saved(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.post(
        f"/referrals/{referral.pk}/previous/",
        {
            "version": 1,
            "previously_presented_on_day": "4",
            "previously_presented_on_month": "11",
            "previously_presented_on_year": "2026",
            "previous_outcome": "Deferred for an assessment.",
        },
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert str(referral.previously_presented_on) == "2026-11-04"
    assert referral.previous_outcome == "Deferred for an assessment."


def test_a_previous_date_in_the_future_or_incomplete_is_refused(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)
    date = {
        "previously_presented_on_day": "4",
        "previously_presented_on_month": "11",
        "previously_presented_on_year": "2027",
    }

    future = client.post(f"/referrals/{referral.pk}/previous/", {"version": 1, **date})
    no_year = client.post(
        f"/referrals/{referral.pk}/previous/",
        {"version": 1, **date, "previously_presented_on_year": ""},
    )

    assert error_summary(future) == ["The date it was presented before must be in the past."]
    assert error_summary(no_year) == [
        "Date it was presented to the panel before must include a year"
    ]


# --------------------------------------------------------------- children and family


def test_a_second_child_is_added_from_the_team_s_children_and_removed_again(
    client: Client, north_somerset: Cast
):
    sibling = drafted(north_somerset, children=[new_child(first_name="Dee")])
    sibling_child = sibling.child_links.get().child
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    added = client.post(
        f"/referrals/{referral.pk}/add-child/",
        {"version": 1, "source": "existing", "child": sibling_child.pk},
    )
    listing = client.get(f"/referrals/{referral.pk}/children/")
    removed = client.post(
        f"/referrals/{referral.pk}/children/", {"version": 2, "remove_child": sibling_child.pk}
    )

    assert added["Location"] == f"/referrals/{referral.pk}/children/"
    assert "Dee Invented" in main_text(listing)
    assert removed.status_code == 302
    referral.refresh_from_db()
    assert [link.child_id for link in referral.child_links.all()] != [sibling_child.pk]
    assert referral.child_links.count() == 1
    assert referral.version == 3


def test_a_new_child_is_added_with_the_service_s_checks(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    refused = client.post(
        f"/referrals/{referral.pk}/add-child/", {"version": 1, "source": "new", "first_name": "Eli"}
    )

    assert error_summary(refused) == [
        "Enter the child's last name.",
        "Enter the child's ID from the case-management system.",
        "Enter the child's date of birth.",
        "Choose the child's gender: M, F or U.",
    ]
    assert_error_links_land(refused)


def test_the_only_child_cannot_be_removed(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    child = referral.child_links.get().child
    signed_in(client, north_somerset.social_worker)

    response = client.post(
        f"/referrals/{referral.pk}/children/", {"version": 1, "remove_child": child.pk}
    )

    assert error_summary(response) == ["Name at least one child."]
    assert referral.child_links.count() == 1


def test_a_family_member_is_added_and_removed(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    refused = client.post(f"/referrals/{referral.pk}/family-member/", {"version": 1})
    added = client.post(
        f"/referrals/{referral.pk}/family-member/",
        {"version": 1, "name": "Rowan Invented", "relationship": "mother", "gender": "F"},
    )
    member = FamilyMember.objects.get()
    page = main_text(client.get(f"/referrals/{referral.pk}/children/"))
    removed = client.post(
        f"/referrals/{referral.pk}/children/", {"version": 2, "remove_member": member.pk}
    )

    assert error_summary(refused) == [
        "Enter the family member's name (200 characters or fewer).",
        "Enter how they are related to the child, like mother.",
    ]
    assert added["Location"] == f"/referrals/{referral.pk}/children/"
    assert "Rowan Invented Mother" in page
    assert removed.status_code == 302
    assert not FamilyMember.objects.exists()
    assert Referral.objects.get().version == 3


def test_a_form_without_its_version_is_refused(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.post(f"/referrals/{referral.pk}/request/", {"kind": "short_breaks"})

    assert error_summary(response) == [
        "The page was sent without the version it showed. Reload it."
    ]


def test_another_team_cannot_post_to_a_section(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.other_social_worker)

    response = client.post(f"/referrals/{referral.pk}/request/", _request(1, cost_amount="1"))

    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.version == 1


def test_referral_input_of_gives_back_what_is_stored(north_somerset: Cast):
    referral = drafted(north_somerset, flags={"renewal": True})
    referral_update(
        actor=north_somerset.social_worker,
        referral_id=referral.pk,
        version=1,
        data=_with_family(referral),
    )
    referral.refresh_from_db()
    before = referral_input_of(referral)

    referral_update(
        actor=north_somerset.social_worker, referral_id=referral.pk, version=2, data=before
    )

    referral.refresh_from_db()
    assert referral_input_of(referral) == before
    assert before.flags["renewal"] and before.family[0]["name"] == "Rowan Invented"


def _with_family(referral: Referral):
    member = {"name": "Rowan Invented", "relationship": "mother", "gender": "F"}
    return replace(referral_input_of(referral), family=[member])
