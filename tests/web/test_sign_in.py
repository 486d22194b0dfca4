from __future__ import annotations

import pytest
from django.test import Client

from carepanel.accounts.services import person_create
from tests.personas import Cast
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_a_page_asks_a_person_who_has_not_signed_in_to_sign_in(client: Client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/"


def test_signing_in_with_the_right_password_opens_the_home_page(
    client: Client, north_somerset: Cast
):
    user = north_somerset.social_worker.user
    user.set_password("a-long-password-2026")
    user.save()

    response = client.post(
        "/sign-in/", {"username": user.username, "password": "a-long-password-2026"}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert b"What needs you now" in response.content
    assert b"North Somerset Council" in response.content


def test_a_wrong_password_gets_the_error_summary_and_no_session(
    client: Client, north_somerset: Cast
):
    user = north_somerset.social_worker.user

    response = client.post("/sign-in/", {"username": user.username, "password": "wrong"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a correct username and password" in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session


def test_an_empty_form_says_what_to_enter_against_each_field(client: Client, db: None):
    html = client.post("/sign-in/", {}).content.decode()

    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html


def test_signing_out_ends_the_session(client: Client, north_somerset: Cast):
    signed_in(client, north_somerset.social_worker)

    response = client.post("/sign-out/")

    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_a_person_in_two_councils_chooses_which_one_they_work_for(
    client: Client, north_somerset: Cast, portsmouth: Cast
):
    person = person_create(
        authority_id="north-somerset",
        username="two-councils",
        first_name="Robin",
        last_name="Invented",
        roles=["panel_member"],
    )
    from carepanel.accounts.models import RoleGrant

    RoleGrant.objects.create(authority_id="portsmouth", user=person, role="panel_member")
    client.force_login(person)

    home = client.get("/").content.decode()
    assert "Change council" in home
    chosen = client.post("/council/", {"authority": "portsmouth"}, follow=True)

    assert chosen.redirect_chain == [("/", 302)]
    assert "Portsmouth City Council" in chosen.content.decode()
    assert client.session["authority_id"] == "portsmouth"


def test_a_person_cannot_choose_a_council_they_do_not_work_for(
    client: Client, north_somerset: Cast, portsmouth: Cast
):
    signed_in(client, north_somerset.panel_member)

    response = client.post("/council/", {"authority": "portsmouth"})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert client.session["authority_id"] == "north-somerset"


def test_a_person_without_any_role_is_told_so(client: Client, db: None):
    from carepanel.accounts.models import User

    client.force_login(User.objects.create_user("nobody"))

    response = client.get("/")

    assert response.status_code == 403
    assert "You do not hold a role" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_a_page_saying_what_to_do(db: None):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/sign-in/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
