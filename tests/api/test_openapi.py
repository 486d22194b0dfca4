"""The OpenAPI document at /api/v1/openapi.json: every endpoint, documented."""

from __future__ import annotations

import json

from django.test import Client

EXPECTED = {
    "/api/v1/me": {"get"},
    "/api/v1/referrals": {"get", "post"},
    "/api/v1/referrals/{referral_id}": {"get", "patch"},
    "/api/v1/referrals/{referral_id}/submit": {"post"},
    "/api/v1/referrals/{referral_id}/sign-offs": {"post"},
    "/api/v1/referrals/{referral_id}/withdraw": {"post"},
    "/api/v1/referrals/{referral_id}/accept-late": {"post"},
    "/api/v1/referrals/{referral_id}/record": {"post"},
    "/api/v1/referrals/{referral_id}/list": {"post"},
    "/api/v1/referrals/{referral_id}/delegated-decision": {"post"},
    "/api/v1/referrals/{referral_id}/papers": {"post"},
    "/api/v1/papers/{paper_id}/file": {"get"},
    "/api/v1/meetings": {"get", "post"},
    "/api/v1/meetings/{meeting_id}/move": {"post"},
    "/api/v1/meetings/{meeting_id}/cancel": {"post"},
    "/api/v1/meetings/{meeting_id}/agenda": {"get"},
    "/api/v1/meetings/{meeting_id}/agenda/order": {"post"},
    "/api/v1/agenda-items/{item_id}/remove": {"post"},
    "/api/v1/agenda-items/{item_id}/decision": {"post"},
    "/api/v1/decisions/{decision_id}": {"get"},
    "/api/v1/decisions/{decision_id}/sign": {"post"},
    "/api/v1/decisions/{decision_id}/finalise": {"post"},
    "/api/v1/decisions/{decision_id}/corrections": {"post"},
    "/api/v1/decisions/{decision_id}/sheet.pdf": {"get"},
    "/api/v1/emergency-decisions": {"post"},
    "/api/v1/emergency-decisions/{emergency_id}": {"get"},
    "/api/v1/emergency-decisions/{emergency_id}/approve": {"post"},
    "/api/v1/children/{child_id}": {"get"},
}
ERROR_STATUSES = {"400", "401", "403", "404", "409", "422"}


def _document(db: None) -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_it_lists_every_endpoint(db: None) -> None:
    document = _document(db)

    assert document["info"]["title"] == "Carepanel API"
    assert document["info"]["version"] == "1"
    assert {path: set(methods) for path, methods in document["paths"].items()} == EXPECTED


def test_every_operation_has_a_summary_the_bearer_scheme_and_its_errors(db: None) -> None:
    document = _document(db)

    assert document["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"}
    }
    operation_ids = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            where = f"{method} {path}"
            assert operation["summary"], where
            assert operation["security"] == [{"BearerToken": []}], where
            assert set(operation["responses"]) >= ERROR_STATUSES, where
            for status in ERROR_STATUSES:
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, where
            operation_ids.append(operation["operationId"])
    assert len(operation_ids) == len(set(operation_ids))


def test_the_error_schema_says_message_and_field_errors(db: None) -> None:
    error = _document(db)["components"]["schemas"]["Error"]

    assert error["required"] == ["message"]
    assert set(error["properties"]) == {"message", "errors", "current_version"}


def test_money_and_times_are_documented_as_strings(db: None) -> None:
    schemas = _document(db)["components"]["schemas"]

    assert schemas["CostOut"]["properties"]["amount_gbp"]["type"] == "string"
    assert schemas["MeetingOut"]["properties"]["starts_at"]["format"] == "date-time"
    sheet = _document(db)["paths"]["/api/v1/decisions/{decision_id}/sheet.pdf"]["get"]
    assert "application/pdf" in sheet["responses"]["200"]["content"]


# Properties that hold one of a fixed set of codes, wherever they appear, in requests and
# answers alike.
CODED = {
    "status",
    "item_status",
    "decision_status",
    "outcome",
    "kind",
    "purpose",
    "role",
    "roles",
    "approvers_required",
    "basis",
    "gender",
    "ethnicity",
    "legal_status",
    "plan",
    "approval_rule",
    "finalised_by_role",
    "route",
    "action",
    "type",
    "problem",
}


def _enum_of(schema: dict, schemas: dict) -> list | None:
    """The values a property states, through references, lists and nullable unions."""
    if "$ref" in schema:
        return _enum_of(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas)
    if "properties" in schema:  # an object of its own (a referral's route), not a code
        return ["(object)"]
    if "enum" in schema:
        return schema["enum"]
    if schema.get("type") == "array":
        return _enum_of(schema["items"], schemas)
    for union in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(union, []):
            if option.get("type") != "null":
                return _enum_of(option, schemas)
    return None


def test_every_coded_property_states_its_values(db: None) -> None:
    schemas = _document(db)["components"]["schemas"]
    unstated = [
        f"{name}.{prop}"
        for name, schema in schemas.items()
        for prop, definition in schema.get("properties", {}).items()
        if prop in CODED and not _enum_of(definition, schemas)
    ]
    assert unstated == [], unstated


def test_an_answer_states_the_values_it_may_hold(db: None) -> None:
    schemas = _document(db)["components"]["schemas"]

    def stated(schema: str, prop: str) -> list:
        return _enum_of(schemas[schema]["properties"][prop], schemas) or []

    assert _enum_of(schemas["DecisionOut"]["properties"]["status"], schemas) == [
        "recorded",
        "signed",
    ]
    assert "approved_with_conditions" in stated("ChildOutcomeOut", "outcome")
    assert _enum_of(schemas["EmergencyDecisionOut"]["properties"]["approval_rule"], schemas) == [
        "any",
        "all",
    ]
    assert "heard" in stated("AgendaItemOut", "status")
    assert "panel_coordinator" in stated("MeOut", "roles")
