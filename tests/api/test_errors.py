"""Errors are JSON, in plain English, and never a 500 for anything a caller sends."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
from django.core.exceptions import DisallowedHost
from django.db import DataError, IntegrityError

from carepanel.api.api import api as the_api
from carepanel.api.errors import (
    BAD_BODY,
    CONFLICT,
    MALFORMED,
    NOT_FOUND,
    NOT_STORABLE,
    SERVER_ERROR,
    TOO_BIG,
    field_path,
)
from tests.api.flows import emergency, listed, referral_body, signed, with_paper
from tests.personas import Cast

BAD_BODIES = [
    "{not json",
    "[]",
    "null",
    '"text"',
    "{}",
    '{"unknown": 1}',
    json.dumps(
        {
            "outcome": 5,
            "reason": None,
            "items": {"a": 1},
            "version": "one",
            "date": "Tuesday",
            "children": [{"id": 2**70}],
            "approval": {"cost": {"amount_gbp": "NaN"}},
            "meeting": -1,
            "referral": 10**30,
        }
    ),
]


def test_it_refuses_malformed_json(north_somerset: Cast, api) -> None:
    caller = api(north_somerset.social_worker)

    response = caller.client.post("/api/v1/referrals", "{kind:", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"message": BAD_BODY}


def test_it_refuses_a_body_too_large_to_read(north_somerset: Cast, api, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = referral_body(north_somerset, previous_outcome="x" * 2000)

    response = api(north_somerset.social_worker).post("/referrals", body)

    assert response.status_code == 413
    assert response.json() == {"message": TOO_BIG}


def test_it_asks_for_a_body_where_none_was_sent(north_somerset: Cast, api) -> None:
    response = api(north_somerset.social_worker).post("/referrals")

    assert response.status_code == 400
    assert response.json()["errors"] == {"body": "Send the request body as a JSON object."}


def test_it_refuses_a_body_that_is_not_an_object(north_somerset: Cast, api) -> None:
    response = api(north_somerset.social_worker).post("/referrals", ["kind"])

    assert response.status_code == 400
    assert response.json()["errors"] == {"body": "Give an object."}


def test_it_refuses_an_id_too_large_to_be_one(north_somerset: Cast, api) -> None:
    body = referral_body(north_somerset, children=[{"id": 2**64}], presenter=0)

    response = api(north_somerset.social_worker).post("/referrals", body)

    # Well-formed, with values outside the document's limits: 422.
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "children[0].id": "This is too large.",
        "presenter": "This must be 1 or more.",
    }


@pytest.mark.parametrize("path", ["/referrals/abc", "/referrals/0", f"/referrals/{2**64}"])
def test_an_address_with_no_such_id_is_not_found(north_somerset: Cast, api, path: str) -> None:
    response = api(north_somerset.social_worker).get(path)

    assert response.status_code == 404
    assert response.json() == {"message": NOT_FOUND}


@pytest.mark.parametrize("path", ["/", "/nowhere", "/referrals/1/nowhere", "/docs"])
def test_an_unknown_address_answers_in_json(north_somerset: Cast, api, path: str) -> None:
    caller = api(north_somerset.social_worker)

    for response in (caller.get(path), caller.post(path, {})):
        assert response.status_code == 404
        assert response.json() == {"message": NOT_FOUND}


def test_a_fault_of_ours_is_a_json_500_that_logs_the_class_only(
    north_somerset: Cast, api, monkeypatch, caplog
) -> None:
    def fail(**kwargs: Any) -> None:
        raise RuntimeError("Ash Invented, born 1 March 2015")

    monkeypatch.setattr("carepanel.referrals.services.referral_submit", fail)
    caller = api(north_somerset.social_worker)
    referral = caller.post("/referrals", referral_body(north_somerset)).json()

    with caplog.at_level(logging.ERROR):
        response = caller.post(f"/referrals/{referral['id']}/submit")

    assert response.status_code == 500
    assert response.json() == {"message": SERVER_ERROR}
    assert "Unhandled RuntimeError in the API" in caplog.text
    assert "Ash" not in caplog.text
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (DataError("value too long for type character varying(200)"), 400, NOT_STORABLE),
        (IntegrityError("UNIQUE constraint failed"), 409, CONFLICT),
        (DisallowedHost("evil.example"), 400, MALFORMED),
    ],
)
def test_what_the_database_refuses_is_the_callers_error_not_a_500(
    north_somerset: Cast, api, monkeypatch, error: Exception, status: int, message: str
) -> None:
    def refuse(**kwargs: Any) -> None:
        raise error

    monkeypatch.setattr("carepanel.referrals.services.referral_withdraw", refuse)
    caller = api(north_somerset.social_worker)
    referral = caller.post("/referrals", referral_body(north_somerset)).json()

    response = caller.post(f"/referrals/{referral['id']}/withdraw", {"reason": "x"})

    assert response.status_code == status
    assert response.json() == {"message": message}


def test_field_paths_name_list_items_by_index() -> None:
    assert field_path(("body", "payload", "children", 0, "gender")) == "children[0].gender"
    assert field_path(("query", "page")) == "page"
    assert field_path(("body", "payload")) == "body"
    assert field_path(("file", "file")) == "file"


def test_no_endpoint_answers_500_to_bad_input(north_somerset: Cast, api) -> None:
    cast = north_somerset
    decision = signed(cast)
    item = listed(cast)
    paper = with_paper(cast, item.referral)
    urgent = emergency(cast)
    ids = {
        "referral_id": item.referral_id,
        "paper_id": paper.pk,
        "meeting_id": item.meeting_id,
        "item_id": item.pk,
        "decision_id": decision.pk,
        "emergency_id": urgent.pk,
        "child_id": item.referral.children.get().pk,
    }
    callers = [api(cast.panel_coordinator), api(cast.chair), api(cast.social_worker)]
    schema = the_api.get_openapi_schema(path_prefix="")
    statuses = set()

    for template, methods in schema["paths"].items():
        path = re.sub(r"\{(\w+)\}", lambda m: str(ids[str(m.group(1))]), template)
        for method in methods:
            for caller in callers:
                if method == "get":
                    responses = [
                        caller.get(path, page="x", status="?", **{"from": "soon", "to": "-"}),
                        caller.get(path, authority="north-somerset", panel="\x00"),
                    ]
                else:
                    responses = [
                        caller.client.generic(
                            method.upper(), f"/api/v1{path}", body, "application/json"
                        )
                        for body in BAD_BODIES
                    ]
                for response in responses:
                    assert response.status_code != 500, (method, path, response.content)
                    if response.status_code >= 400:
                        assert "message" in response.json(), (method, path)
                    statuses.add(response.status_code)

    assert 400 in statuses


def test_a_method_the_address_does_not_accept_gets_json(north_somerset: Cast, api) -> None:
    response = api(north_somerset.social_worker).get("/referrals/1/submit")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json() == {"message": "This address does not accept GET; it accepts POST."}
