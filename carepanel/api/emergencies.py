"""Emergency decisions: an approval between panels, its approvers and its ratification."""

from __future__ import annotations

from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from carepanel.accounts.actors import Actor
from carepanel.api.auth import actor_of
from carepanel.api.decisions import approval_input, decision_errors
from carepanel.api.errors import renamed_fields
from carepanel.api.schemas import (
    ERRORS,
    LONG_TEXT_MAX,
    ApprovalIn,
    ApprovalOut,
    Input,
    LondonDateTime,
    LongText,
    ObjectId,
    stated_values,
)
from carepanel.core.errors import NotFound
from carepanel.decisions import services
from carepanel.decisions.models import EmergencyDecision
from carepanel.decisions.queries import emergency_decisions_visible_to
from carepanel.policy import ROLES

router = Router(tags=["emergency decisions"])

NO_EMERGENCY = "No emergency decision with that id."


class EmergencyDecisionIn(Input):
    referral: ObjectId = Field(description="a draft referral flagged as an emergency")
    reason: LongText = Field(
        max_length=LONG_TEXT_MAX, description="why it could not wait for the panel"
    )
    approval: ApprovalIn


class ApproverOut(Schema):
    role: Annotated[str, stated_values(ROLES)]
    name: str
    approved_at: LondonDateTime


class RatificationMeetingOut(Schema):
    id: int
    panel: str
    starts_at: LondonDateTime


class EmergencyDecisionOut(Schema):
    id: int
    referral: int
    status: Annotated[str, stated_values(EmergencyDecision.Status.values)]
    version: int
    reason: str
    approvers_required: list[Annotated[str, stated_values(ROLES)]]
    approval_rule: Annotated[str, stated_values(["any", "all"])] = Field(
        description="any or all of the approvers"
    )
    approvers: list[ApproverOut]
    recorded_at: LondonDateTime
    approved_at: LondonDateTime | None
    ratification_meeting: RatificationMeetingOut | None
    ratification: int | None = Field(description="the decision that ratified it, or not")
    approval: ApprovalOut | None


def detail_queryset(actor: Actor) -> QuerySet[EmergencyDecision]:
    return (
        emergency_decisions_visible_to(actor)
        .select_related("approval", "ratification_meeting")
        .prefetch_related("approvers")
    )


def emergency_out(actor: Actor, emergency_id: int) -> EmergencyDecisionOut:
    try:
        emergency = detail_queryset(actor).get(pk=emergency_id)
    except EmergencyDecision.DoesNotExist:
        raise NotFound(NO_EMERGENCY) from None
    meeting = emergency.ratification_meeting
    approval = getattr(emergency, "approval", None)
    return EmergencyDecisionOut(
        id=emergency.pk,
        referral=emergency.referral_id,
        status=emergency.status,
        version=emergency.version,
        reason=emergency.reason,
        approvers_required=list(emergency.approvers_required),
        approval_rule=emergency.approval_rule,
        approvers=[
            ApproverOut(role=a.role, name=a.name, approved_at=a.approved_at)
            for a in emergency.approvers.all()
        ],
        recorded_at=emergency.recorded_at,
        approved_at=emergency.approved_at,
        ratification_meeting=(
            RatificationMeetingOut(
                id=meeting.pk, panel=meeting.panel_id, starts_at=meeting.starts_at
            )
            if meeting is not None
            else None
        ),
        ratification=emergency.ratification_id,
        approval=ApprovalOut.of(approval) if approval is not None else None,
    )


@router.post(
    "/emergency-decisions",
    response={201: EmergencyDecisionOut, **ERRORS},
    summary="Approve a referral between panels, as a role the council allows",
    description="It stands until the next meeting, where the referral is listed for "
    "ratification. Where the council asks for several approvers, it waits for the others.",
)
def emergency_decision_record(
    request: HttpRequest, payload: EmergencyDecisionIn
) -> Status[EmergencyDecisionOut]:
    actor = actor_of(request)
    with renamed_fields(decision_errors):
        emergency = services.emergency_decision_record(
            actor=actor,
            referral_id=payload.referral,
            reason=payload.reason,
            approval=approval_input(payload.approval),
        )
    return Status(201, emergency_out(actor, emergency.pk))


@router.get(
    "/emergency-decisions/{emergency_id}",
    response={200: EmergencyDecisionOut, **ERRORS},
    summary="Read an emergency decision",
)
def emergency_decision_detail(request: HttpRequest, emergency_id: ObjectId) -> EmergencyDecisionOut:
    return emergency_out(actor_of(request), emergency_id)


@router.post(
    "/emergency-decisions/{emergency_id}/approve",
    response={200: EmergencyDecisionOut, **ERRORS},
    summary="Add your approval to an emergency decision that waits for it",
)
def emergency_decision_approve(
    request: HttpRequest, emergency_id: ObjectId
) -> EmergencyDecisionOut:
    actor = actor_of(request)
    services.emergency_decision_approve(actor=actor, emergency_id=emergency_id)
    return emergency_out(actor, emergency_id)
