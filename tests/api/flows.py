"""Rows in a given state for the API tests, each made through the services as a person
would make them, and a small client that calls the API with a bearer token."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from carepanel.accounts.actors import Actor
from carepanel.accounts.services import token_create
from carepanel.decisions.models import Decision, EmergencyDecision
from carepanel.decisions.services import (
    ActionInput,
    ApprovalInput,
    DecisionInput,
    agenda_item_decide,
    decision_sign,
    emergency_decision_record,
)
from carepanel.meetings.models import AgendaItem
from carepanel.policy import LONDON
from carepanel.referrals.models import Paper, Referral
from carepanel.referrals.services import (
    paper_add,
    referral_create,
    referral_sign_off,
    referral_submit,
)
from tests.clock import at_meeting
from tests.personas import Cast, answers_for, child_data, referral_input

MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PANEL = "care-and-resource"

# Case ids are unique within an authority: every child made here gets a new one.
_case_ids = itertools.count(1)


class Api:
    """Calls /api/v1/ as one person; bodies are JSON unless `files` are given."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path: str, body: Any = None) -> Any:
        data = "" if body is None else json.dumps(body)
        return self.client.post(f"/api/v1{path}", data, content_type="application/json")

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            f"/api/v1{path}", json.dumps(body), content_type="application/json"
        )

    def upload(self, path: str, fields: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1{path}", fields)


def api_for(actor: Actor) -> Api:
    return Api(token_create(user=actor.user, authority_id=actor.authority_id))


def new_child(**overrides: Any) -> dict[str, Any]:
    number = next(_case_ids)
    return child_data(number % 4, **{"case_id": f"API-{number:05d}", **overrides})


def child_body(**overrides: Any) -> dict[str, Any]:
    """A new child as the API takes it."""
    data = new_child(**overrides)
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in data.items()
    }


def referral_body(cast: Cast, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "family_support_package",
        "cost": {"amount_gbp": "1500.00", "basis": "annual"},
        "children": [child_body()],
        "answers": answers_for(cast.authority_id),
    }
    body.update(overrides)
    return body


def pdf(name: str = "assessment.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


# ------------------------------------------------------------------------ the workflow


def draft(cast: Cast, *, children: list[dict[str, Any]] | None = None, **kw: Any) -> Referral:
    data = referral_input(cast.authority_id, children=children or [new_child()], **kw)
    return referral_create(actor=cast.social_worker, data=data)


def submitted(cast: Cast, **kw: Any) -> Referral:
    referral = draft(cast, **kw)
    return referral_submit(actor=cast.social_worker, referral_id=referral.pk)


def listed(cast: Cast, **kw: Any) -> AgendaItem:
    """A North Somerset referral agreed by the team manager and the head of service."""
    referral = submitted(cast, **kw)
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
    referral_sign_off(actor=cast.head_of_service, referral_id=referral.pk, outcome="agreed")
    return AgendaItem.objects.select_related("meeting", "referral").get(
        referral=referral, status=AgendaItem.Status.LISTED
    )


def approval(**overrides: Any) -> ApprovalInput:
    values: dict[str, Any] = {
        "resource": "Family support package",
        "cost_amount_gbp": Decimal("1500.00"),
        "cost_basis": "annual",
        "starts_on": dt.date(2026, 12, 7),
        "review_due_on": dt.date(2027, 6, 2),
    }
    values.update(overrides)
    return ApprovalInput(**values)


def decided(cast: Cast, *, conditions: int = 1, **kw: Any) -> Decision:
    """Heard at its meeting: the clock moves to the meeting's start first."""
    item = listed(cast, **kw)
    at_meeting(item.meeting)
    return agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=item.pk,
        version=None,
        data=DecisionInput(
            outcome="approved_with_conditions",
            discussion="Invented discussion.",
            conditions=[f"Invented condition {n}." for n in range(conditions)],
            actions=[
                ActionInput(
                    description=f"Invented action {n}.",
                    owner_id=cast.social_worker.user.pk,
                    due_on=dt.date(2026, 12, 9),
                )
                for n in range(conditions)
            ],
            approval=approval(),
        ),
    )


def signed(cast: Cast, **kw: Any) -> Decision:
    decision = decided(cast, **kw)
    return decision_sign(actor=cast.chair, decision_id=decision.pk)


def with_paper(cast: Cast, referral: Referral, paper_type: str = "assessment") -> Paper:
    return paper_add(
        actor=cast.social_worker,
        referral_id=referral.pk,
        paper_type=paper_type,
        upload=pdf(),
        dated=dt.date(2026, 11, 2),
    )


def emergency(cast: Cast) -> EmergencyDecision:
    """An emergency protection order approved between panels by the head of service."""
    referral = draft(
        cast, kind="emergency_protection_order", amount=None, flags={"emergency": True}
    )
    return emergency_decision_record(
        actor=cast.head_of_service,
        referral_id=referral.pk,
        reason="Invented reason it could not wait.",
        approval=approval(resource="Emergency protection order", cost_amount_gbp=Decimal("0")),
    )
