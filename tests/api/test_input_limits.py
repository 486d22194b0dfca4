"""What the OpenAPI document refuses, the API refuses: dates only as ISO dates within a
sane range, text without control characters, every enum and limit stated.

A malformed request (not JSON, a missing field, a wrong type) is a 400; a well-formed one
with a value outside the document's values or limits is a 422."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from carepanel.children.models import Child
from carepanel.core.errors import Invalid
from carepanel.policy import KINDS
from carepanel.policy.kinds import COST_BASES
from carepanel.referrals.models import Referral
from tests.api.flows import child_body, draft, new_child, referral_body, submitted
from tests.personas import Cast


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("0", "Enter a date like 2026-11-23."),
        ("1700000000", "Enter a date like 2026-11-23."),
        ("2026-1-5", "Enter a date like 2026-11-23."),
        ("1899-12-31", "Enter a date between 1900-01-01 and 2099-12-31."),
        ("2100-01-01", "Enter a date between 1900-01-01 and 2099-12-31."),
    ],
)
def test_a_date_in_the_query_is_an_iso_date_in_a_sane_range(
    north_somerset: Cast, api, value: str, problem: str
) -> None:
    response = api(north_somerset.panel_coordinator).get("/meetings", **{"from": value})

    assert response.status_code == 422
    assert response.json()["errors"] == {"from": problem}


def test_a_date_in_a_body_is_an_iso_date_not_a_number(north_somerset: Cast, api) -> None:
    body = referral_body(north_somerset, children=[child_body(date_of_birth=0)])

    response = api(north_somerset.social_worker).post("/referrals", body)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "children[0].date_of_birth": "Enter a date like 2026-11-23."
    }
    assert not Referral.objects.exists()


@pytest.mark.parametrize("character", ["\x00", "\x07", "\t", "\n", "\x1f"])
def test_a_control_character_in_a_child_s_name_is_refused_naming_the_field(
    north_somerset: Cast, api, character: str
) -> None:
    body = referral_body(north_somerset, children=[child_body(first_name=f"Wr{character}en")])

    response = api(north_somerset.social_worker).post("/referrals", body)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "children[0].first_name": "First name must not include control characters."
    }
    assert not Child.objects.exists()


def test_long_text_keeps_tab_and_new_line_and_refuses_the_rest(north_somerset: Cast, api) -> None:
    referral = submitted(north_somerset)
    caller = api(north_somerset.social_worker)
    path = f"/referrals/{referral.pk}/withdraw"

    escaped = caller.post(path, {"reason": "Moved\x1b away."})
    kept = caller.post(path, {"reason": "Moved away.\r\n\tNo longer needed."})

    assert escaped.status_code == 422
    assert escaped.json()["errors"] == {"reason": "Reason must not include control characters."}
    assert kept.status_code == 200
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN


# ------------------------------------------------------------------ the document


@pytest.fixture
def document(db: None) -> dict[str, Any]:
    return json.loads(Client().get("/api/v1/openapi.json").content)


def _strings(schema: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every string schema inside `schema`, with where it is."""
    if schema.get("type") == "string":
        yield where, schema
    for key in ("anyOf", "allOf", "oneOf"):
        for index, part in enumerate(schema.get(key, [])):
            yield from _strings(part, f"{where}/{key}{index}")
    if "items" in schema:
        yield from _strings(schema["items"], f"{where}[]")
    for name, part in schema.get("properties", {}).items():
        yield from _strings(part, f"{where}.{name}")
    for part in schema.get("patternProperties", {}).values():
        yield from _strings(part, f"{where}{{}}")


def test_every_text_a_request_carries_states_its_limits(document: dict[str, Any]) -> None:
    inputs = {
        name: schema
        for name, schema in document["components"]["schemas"].items()
        if name.endswith("In")
    }
    parameters = {
        f"{path} {parameter['name']}": parameter["schema"]
        for path, methods in document["paths"].items()
        for operation in methods.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    unlimited = []
    for name, schema in {**inputs, **parameters}.items():
        for where, string in _strings(schema, name):
            if not {"pattern", "enum"} & set(string):
                unlimited.append(f"{where}: no pattern")
            if not {"maxLength", "enum", "format"} & set(string):
                unlimited.append(f"{where}: no maxLength, enum or format")
    assert unlimited == [], unlimited
    assert inputs  # the walk found the request bodies


def test_the_enums_are_stated(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]

    assert schemas["CostIn"]["properties"]["basis"]["enum"] == list(COST_BASES)
    assert schemas["CostOut"]["properties"]["basis"]["enum"] == list(COST_BASES)
    assert schemas["ReferralIn"]["properties"]["kind"]["enum"] == list(KINDS)
    assert schemas["ReferralSummaryOut"]["properties"]["status"]["enum"] == list(
        Referral.Status.values
    )
    assert schemas["CostIn"]["properties"]["amount_gbp"]["anyOf"][0]["minimum"] == 0
    assert schemas["CostIn"]["properties"]["weeks"]["anyOf"][0] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 520,
    }
    assert schemas["ChildIn"]["properties"]["first_name"]["anyOf"][0]["maxLength"] == 100
    page = next(
        parameter
        for parameter in document["paths"]["/api/v1/referrals"]["get"]["parameters"]
        if parameter["name"] == "page"
    )
    assert (page["schema"]["minimum"], page["schema"]["maximum"]) == (1, 1_000_000)


def test_a_service_called_directly_stores_no_nul(north_somerset: Cast) -> None:
    """The last guard (core/storable.py), for a caller that skips the forms and schemas."""
    with pytest.raises(Invalid) as refused:
        draft(north_somerset, children=[new_child(first_name="Wr\x00en")])

    assert refused.value.errors == {"first_name": "First name must not include control characters"}
    assert not Child.objects.exists()
    assert not Referral.objects.exists()
