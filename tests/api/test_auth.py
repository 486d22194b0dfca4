"""Bearer tokens: who a token acts as, and every way a call without a valid one is refused."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from carepanel.accounts.models import ApiToken, RoleGrant
from carepanel.api.api import api as the_api
from carepanel.api.errors import NOT_AUTHENTICATED
from carepanel.referrals.models import Referral
from tests.api.flows import Api, referral_body
from tests.personas import Cast

OPERATIONS = [
    (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
    for path, methods in the_api.get_openapi_schema(path_prefix="/api/v1")["paths"].items()
    for method in methods
]


def _refused(response) -> None:
    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHENTICATED}
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_says_who_the_token_acts_as(north_somerset: Cast, api) -> None:
    manager = north_somerset.team_manager

    response = api(manager).get("/me")

    assert response.status_code == 200
    assert response.json() == {
        "user": {"id": manager.user.pk, "username": "north-team_manager", "name": manager.name},
        "authority": {"id": "north-somerset", "name": "North Somerset Council"},
        "roles": ["team_manager"],
        "teams": [north_somerset.team.pk],
    }


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_it_refuses_every_endpoint_without_a_token(db: None, method: str, path: str) -> None:
    response = Client().generic(method, path)

    _refused(response)


@pytest.mark.parametrize(
    "header",
    ["Bearer cpt_not-a-token", "Bearer ", "Token cpt_x", "cpt_x", "Bearer " + "x" * 5000],
)
def test_it_refuses_an_unknown_or_malformed_token(north_somerset: Cast, header: str) -> None:
    _refused(Client(HTTP_AUTHORIZATION=header).get("/api/v1/me"))


def test_it_refuses_a_revoked_token(north_somerset: Cast, api) -> None:
    caller = api(north_somerset.social_worker)
    ApiToken.objects.update(revoked_at=timezone.now())

    _refused(caller.get("/me"))


def test_it_refuses_the_token_of_a_deactivated_person(north_somerset: Cast, api) -> None:
    actor = north_somerset.social_worker
    caller = api(actor)
    actor.user.is_active = False
    actor.user.save(update_fields=["is_active"])

    _refused(caller.get("/me"))


def test_it_refuses_the_token_of_someone_who_no_longer_holds_a_role(
    north_somerset: Cast, api
) -> None:
    actor = north_somerset.social_worker
    caller = api(actor)
    RoleGrant.objects.filter(user=actor.user).delete()

    _refused(caller.get("/me"))


def test_it_acts_with_the_roles_held_now_not_when_the_token_was_made(
    north_somerset: Cast, api
) -> None:
    actor = north_somerset.social_worker
    caller = api(actor)
    RoleGrant.objects.create(authority_id=actor.authority_id, user=actor.user, role="chair")

    assert caller.get("/me").json()["roles"] == ["chair", "social_worker"]


def test_a_bearer_call_needs_no_csrf_token(north_somerset: Cast, api) -> None:
    token = api(north_somerset.social_worker).token
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")

    response = client.post(
        "/api/v1/referrals", referral_body(north_somerset), content_type="application/json"
    )

    assert response.status_code == 201
    assert Referral.objects.exists()


def test_a_token_acts_only_in_its_own_authority(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    caller: Api = api(portsmouth.social_worker)

    assert caller.get("/me").json()["authority"]["id"] == "portsmouth"
