"""Decisions: reading one, signing, finalising, correcting, and its decision sheet.

The decision body (outcome, children, conditions, actions, approval) is shared with the
agenda item's decision and the delegated decision, so it lives here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from carepanel.accounts.actors import Actor
from carepanel.api.auth import actor_of
from carepanel.api.errors import renamed_fields, renamer
from carepanel.api.schemas import (
    ERRORS,
    LONG_TEXT_MAX,
    ApprovalIn,
    ApprovalOut,
    Input,
    IsoDate,
    LondonDateTime,
    LongText,
    ObjectId,
    Ref,
    Stated,
    Text,
    Version,
    stated_values,
)
from carepanel.core.errors import NotFound
from carepanel.decisions import services
from carepanel.decisions.models import Action, ChildOutcome, Decision, Outcome
from carepanel.decisions.queries import decisions_visible_to
from carepanel.decisions.sheets import sheet_filename
from carepanel.policy import ROLES

router = Router(tags=["decisions"])

NO_DECISION = "No decision with that id."

# The services name some fields as their dataclasses do; say them as the body does.
decision_errors = renamer(
    (r"^approval\.cost_amount_gbp$", "approval.cost.amount_gbp"),
    (r"^approval\.cost_basis$", "approval.cost.basis"),
    (r"^approval\.cost_weeks$", "approval.cost.weeks"),
    (r"^children\[(\d+)\]\.child_id$", r"children[\1].child"),
)


# ------------------------------------------------------------------------------- input


def approval_input(approval: ApprovalIn) -> services.ApprovalInput:
    return services.ApprovalInput(
        resource=approval.resource,
        provider=approval.provider,
        cost_amount_gbp=approval.cost.amount_gbp,
        cost_basis=approval.cost.basis,
        cost_weeks=approval.cost.weeks,
        starts_on=approval.starts_on,
        ends_on=approval.ends_on,
        review_due_on=approval.review_due_on,
    )


# The decision service checks the outcomes and these lengths, in its own words.
OutcomeIn = Annotated[Text, stated_values(Outcome.values)]


class ChildOutcomeIn(Input):
    child: ObjectId
    outcome: OutcomeIn | None = Field(
        default=None, description="where it differs from the decision's outcome"
    )
    note: Annotated[LongText, Stated(maxLength=2000)] = ""


class ActionIn(Input):
    description: Annotated[LongText, Stated(maxLength=2000)]
    owner: ObjectId = Field(description="the user id of the person who owns the action")
    due_on: IsoDate


class DecisionIn(Input):
    outcome: OutcomeIn = Field(examples=["approved_with_conditions"])
    discussion: Annotated[LongText, Stated(maxLength=20000)] = ""
    children: list[ChildOutcomeIn] = Field(default_factory=list)
    conditions: list[Annotated[LongText, Stated(maxLength=2000)]] = Field(default_factory=list)
    actions: list[ActionIn] = Field(default_factory=list)
    approval: ApprovalIn | None = None
    referred_to: Text = Field(default="", max_length=200, description="for `referred`")

    def to_input(self) -> services.DecisionInput:
        return services.DecisionInput(
            outcome=self.outcome,
            discussion=self.discussion,
            children=[
                services.ChildOutcomeInput(child_id=c.child, outcome=c.outcome, note=c.note)
                for c in self.children
            ],
            conditions=list(self.conditions),
            actions=[
                services.ActionInput(description=a.description, owner_id=a.owner, due_on=a.due_on)
                for a in self.actions
            ],
            approval=approval_input(self.approval) if self.approval else None,
            referred_to=self.referred_to,
        )


class VersionIn(Input):
    version: Version | None = Field(default=None, description="the version you read")


class CorrectionIn(DecisionIn):
    reason: LongText = Field(max_length=LONG_TEXT_MAX, description="what the correction corrects")


# ------------------------------------------------------------------------------ output


class ChildOutcomeOut(Schema):
    child: int
    outcome: Annotated[str, stated_values(Outcome.values)]
    note: str


class ActionOut(Schema):
    id: int
    description: str
    owner: Ref
    due_on: dt.date


class DecisionOut(Schema):
    id: int
    referral: int
    agenda_item: int | None
    meeting: int | None
    kind: Annotated[str, stated_values(Decision.Kind.values)]
    outcome: Annotated[str, stated_values(Outcome.values)]
    outcome_label: str
    status: Annotated[str, stated_values(Decision.Status.values)]
    version: int
    discussion: str
    referred_to: str
    children: list[ChildOutcomeOut]
    conditions: list[str]
    actions: list[ActionOut]
    approval: ApprovalOut | None
    recorded_at: LondonDateTime
    signed_by: str = Field(description="the name as it stood when signed")
    signed_at: LondonDateTime | None
    finalised_by_role: Annotated[str, stated_values(["", *ROLES])] = Field(
        description="the role the pack has finalise the decision; empty where none"
    )
    finalised_by: str
    finalised_at: LondonDateTime | None
    awaits_finalisation: bool
    supersedes: int | None
    superseded_by: int | None
    correction_reason: str
    sheet_url: str


def detail_queryset(actor: Actor) -> QuerySet[Decision]:
    return (
        decisions_visible_to(actor)
        .defer("sheet_snapshot")
        .select_related("agenda_item", "approval", "superseded_by")
        .prefetch_related(
            "child_outcomes",
            "conditions",
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        )
    )


def _out(decision: Decision) -> DecisionOut:
    approval = getattr(decision, "approval", None)
    correction = getattr(decision, "superseded_by", None)
    outcomes: list[ChildOutcome] = list(decision.child_outcomes.all())
    return DecisionOut(
        id=decision.pk,
        referral=decision.referral_id,
        agenda_item=decision.agenda_item_id,
        meeting=decision.agenda_item.meeting_id if decision.agenda_item else None,
        kind=decision.kind,
        outcome=decision.outcome,
        outcome_label=decision.get_outcome_display(),
        status=decision.status,
        version=decision.version,
        discussion=decision.discussion,
        referred_to=decision.referred_to,
        children=[
            ChildOutcomeOut(child=o.child_id, outcome=o.outcome, note=o.note) for o in outcomes
        ],
        conditions=[condition.text for condition in decision.conditions.all()],
        actions=[
            ActionOut(
                id=action.pk,
                description=action.description,
                owner=Ref(id=action.owner.pk, name=str(action.owner)),
                due_on=action.due_on,
            )
            for action in decision.actions.all()
        ],
        approval=ApprovalOut.of(approval) if approval is not None else None,
        recorded_at=decision.recorded_at,
        signed_by=decision.signed_name,
        signed_at=decision.signed_at,
        finalised_by_role=decision.finalised_by_role,
        finalised_by=decision.finalised_name,
        finalised_at=decision.finalised_at,
        awaits_finalisation=decision.awaits_finalisation,
        supersedes=decision.supersedes_id,
        superseded_by=correction.pk if correction is not None else None,
        correction_reason=decision.correction_reason,
        sheet_url=f"/api/v1/decisions/{decision.pk}/sheet.pdf",
    )


def decision_out(actor: Actor, decision_id: int) -> DecisionOut:
    try:
        return _out(detail_queryset(actor).get(pk=decision_id))
    except Decision.DoesNotExist:
        raise NotFound(NO_DECISION) from None


# ----------------------------------------------------------------------------- routes


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionOut, **ERRORS},
    summary="Read a decision",
)
def decision_detail(request: HttpRequest, decision_id: ObjectId) -> DecisionOut:
    return decision_out(actor_of(request), decision_id)


@router.post(
    "/decisions/{decision_id}/sign",
    response={200: DecisionOut, **ERRORS},
    summary="Sign a decision, as the chair: it never changes again",
)
def decision_sign(
    request: HttpRequest, decision_id: ObjectId, payload: VersionIn | None = None
) -> DecisionOut:
    actor = actor_of(request)
    version = payload.version if payload else None
    services.decision_sign(actor=actor, decision_id=decision_id, version=version)
    return decision_out(actor, decision_id)


@router.post(
    "/decisions/{decision_id}/finalise",
    response={200: DecisionOut, **ERRORS},
    summary="Finalise the panel's signed recommendation, where the council asks for it",
)
def decision_finalise(
    request: HttpRequest, decision_id: ObjectId, payload: VersionIn | None = None
) -> DecisionOut:
    actor = actor_of(request)
    version = payload.version if payload else None
    services.decision_finalise(actor=actor, decision_id=decision_id, version=version)
    return decision_out(actor, decision_id)


@router.post(
    "/decisions/{decision_id}/corrections",
    response={201: DecisionOut, **ERRORS},
    summary="Correct a signed decision with a new one that supersedes it once signed",
)
def decision_correct(
    request: HttpRequest, decision_id: ObjectId, payload: CorrectionIn
) -> Status[DecisionOut]:
    actor = actor_of(request)
    with renamed_fields(decision_errors):
        correction = services.decision_correct(
            actor=actor, decision_id=decision_id, reason=payload.reason, data=payload.to_input()
        )
    return Status(201, decision_out(actor, correction.pk))


@router.get(
    "/decisions/{decision_id}/sheet.pdf",
    response={200: None, **ERRORS},
    summary="Download the decision sheet as PDF",
    openapi_extra={
        "responses": {
            200: {
                "description": "The decision sheet",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def decision_sheet(request: HttpRequest, decision_id: ObjectId) -> HttpResponse:
    decision, pdf = services.decision_sheet_download(
        actor=actor_of(request),
        decision_id=decision_id,
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{sheet_filename(decision.pk)}"'
    return response
