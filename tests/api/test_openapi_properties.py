"""Requests generated from the OpenAPI document, for every operation: none answers 500.

Bodies and query parameters come from the document's own schemas (hypothesis-jsonschema),
so they hold every value, length and pattern it states; path ids are rows of a North
Somerset world made through the services, so the requests reach the services rather
than stopping at a 404. Whoever calls, whatever they send, the answer is a success or a
refusal in JSON, never a fault of ours.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from carepanel.api.api import api as the_api
from tests.api.flows import Api, api_for, emergency, listed, pdf, signed, submitted, with_paper
from tests.personas import Cast

DOCUMENT = the_api.get_openapi_schema(path_prefix="")
# Keywords of OpenAPI, or of our document, that JSON Schema generation need not read.
_IGNORED = {"title", "description", "examples", "example", "formatMinimum", "formatMaximum"}


def _inline(schema: Any) -> Any:
    """The schema with every `$ref` replaced by what it names (the document has no cycles)."""
    if isinstance(schema, list):
        return [_inline(part) for part in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _inline(DOCUMENT["components"]["schemas"][name])
    inlined: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("properties", "patternProperties"):
            # Names of fields, not keywords: a field may be called `description`.
            inlined[key] = {name: _inline(part) for name, part in value.items()}
        elif key in ("enum", "default", "required"):
            inlined[key] = value
        elif key not in _IGNORED:
            inlined[key] = _inline(value)
    if "format" in inlined and "pattern" in inlined:
        # A date drawn by its format rarely meets the pattern's range: draw by the pattern
        # (a 31 February among them, which the API refuses as it should).
        del inlined["format"]
    return inlined


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    query: dict[str, Any]
    body: dict[str, Any] | None
    multipart: bool

    @classmethod
    def of(cls, method: str, path: str, spec: dict[str, Any]) -> Operation:
        query = {
            parameter["name"]: _inline(parameter["schema"])
            for parameter in spec.get("parameters", [])
            if parameter["in"] == "query"
        }
        content = spec.get("requestBody", {}).get("content", {})
        multipart = "multipart/form-data" in content
        body = None
        if content:
            (media,) = content.values()
            body = _inline(media["schema"])
            if multipart:
                # The file is attached as a real PDF; the other fields are generated.
                body["properties"].pop("file")
                body["required"] = [name for name in body.get("required", []) if name != "file"]
        return cls(method, path, spec["operationId"], query, body, multipart)


OPERATIONS = [
    Operation.of(method, path, spec)
    for path, methods in DOCUMENT["paths"].items()
    for method, spec in methods.items()
]


def values(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values the schema allows. Objects, arrays and unions are assembled here, the values
    inside them by hypothesis-jsonschema: its own objects rely on Hypothesis internals
    that Hypothesis 6.1xx no longer has."""
    if "anyOf" in schema:
        return st.one_of([values(part) for part in schema["anyOf"]])
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return values(schema["allOf"][0])
    if schema.get("type") == "object":
        properties = {name: values(part) for name, part in schema.get("properties", {}).items()}
        required = set(schema.get("required", []))
        fixed = st.fixed_dictionaries(
            {name: part for name, part in properties.items() if name in required},
            optional={name: part for name, part in properties.items() if name not in required},
        )
        if "patternProperties" not in schema:
            return fixed
        (key_pattern, value_schema), *_ = schema["patternProperties"].items()
        keys = from_schema(
            {"type": "string", "pattern": key_pattern, **schema.get("propertyNames", {})}
        )
        extra = st.dictionaries(keys, values(value_schema), max_size=3)
        return st.tuples(fixed, extra).map(lambda pair: {**pair[1], **pair[0]})
    if schema.get("type") == "array":
        return st.lists(
            values(schema.get("items", {})),
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 3), 3),
        )
    return from_schema(schema)


def _query(schemas: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Some of the query parameters, each a value its schema allows."""
    return st.fixed_dictionaries(
        {}, optional={name: values(schema) for name, schema in schemas.items()}
    ).map(lambda params: {name: value for name, value in params.items() if value is not None})


@dataclass(frozen=True)
class World:
    ids: dict[str, int]
    callers: list[Api]


@pytest.fixture
def world(north_somerset: Cast) -> World:
    cast = north_somerset
    decision = signed(cast)
    item = listed(cast)
    paper = with_paper(cast, item.referral)
    urgent = emergency(cast)
    ids = {
        "referral_id": submitted(cast).pk,
        "paper_id": paper.pk,
        "meeting_id": item.meeting_id,
        "item_id": item.pk,
        "decision_id": decision.pk,
        "emergency_id": urgent.pk,
        "child_id": item.referral.children.get().pk,
    }
    callers = [
        api_for(getattr(cast, persona))
        for persona in (
            "social_worker",
            "team_manager",
            "head_of_service",
            "panel_coordinator",
            "chair",
        )
    ]
    return World(ids, callers)


# Ten requests an operation keeps the test well under a minute; derandomized, each run
# sends the same ones.
EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_no_request_the_document_allows_answers_500(world: World) -> None:
    assert len(OPERATIONS) >= 28  # every operation of the document, not a few
    for operation in OPERATIONS:
        _examples_of(world, operation)()


def _examples_of(world: World, operation: Operation) -> Callable[[], None]:
    @EXAMPLES
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        _send(world, operation, data)

    return check


def _send(world: World, operation: Operation, data: st.DataObject) -> None:
    caller = data.draw(st.sampled_from(world.callers), label="caller")
    path = "/api/v1" + re.sub(
        r"\{(\w+)\}", lambda match: str(world.ids[str(match.group(1))]), operation.path
    )
    query = data.draw(_query(operation.query), label="query") if operation.query else {}
    body = data.draw(values(operation.body), label="body") if operation.body else None
    client = caller.client

    if operation.multipart:
        fields = {name: value for name, value in (body or {}).items() if value is not None}
        response = client.post(path, {**fields, "file": pdf()})
    elif operation.method == "get":
        response = client.get(path, query)
    else:
        response = client.generic(
            operation.method.upper(),
            path,
            "" if body is None else json.dumps(body),
            "application/json",
        )

    assert response.status_code < 500, (operation.operation_id, query, body, response.content)
    if response.status_code >= 400:
        assert "message" in response.json(), operation.operation_id
