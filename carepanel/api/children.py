"""A child's record and history: the referrals naming them, the outcomes decided for
them and the approvals they are under, newest first. Every read is audited."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Schema

from carepanel.api.auth import actor_of
from carepanel.api.schemas import ERRORS, ApprovalOut, LondonDateTime, ObjectId, Ref
from carepanel.audit.services import audit_record
from carepanel.children.models import Child
from carepanel.children.queries import children_visible_to
from carepanel.core.errors import NotFound
from carepanel.decisions.models import APPROVING, Approval, ChildOutcome
from carepanel.decisions.queries import decisions_visible_to
from carepanel.referrals.models import ReferralChild
from carepanel.referrals.queries import referrals_visible_to

router = Router(tags=["children"])

NO_CHILD = "No child with that id."


class ChildReferralOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    created_at: LondonDateTime
    submitted_at: LondonDateTime | None


class OutcomeOut(Schema):
    decision: int
    referral: int
    outcome: str
    note: str
    decision_status: str
    recorded_at: LondonDateTime
    signed_at: LondonDateTime | None


class ChildRecordOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    gender: str
    ethnicity: str
    case_id: str
    legal_status: str
    plan: str
    disabled: bool
    ehc_plan: bool
    ehc_plan_issued_on: dt.date | None
    ehc_plan_reviewed_on: dt.date | None
    home_address: str
    placement_address: str
    placement_and_carer: str
    team: Ref
    referrals: list[ChildReferralOut]
    outcomes: list[OutcomeOut]
    approvals: list[ApprovalOut]


@router.get(
    "/children/{child_id}",
    response={200: ChildRecordOut, **ERRORS},
    summary="Read a child's record, with their referrals, outcomes and approvals",
)
def child_detail(request: HttpRequest, child_id: ObjectId) -> ChildRecordOut:
    actor = actor_of(request)
    try:
        child = children_visible_to(actor).select_related("team").get(pk=child_id)
    except Child.DoesNotExist:
        raise NotFound(NO_CHILD) from None
    naming = ReferralChild.objects.filter(authority_id=actor.authority_id, child=child).values(
        "referral_id"
    )
    referrals = referrals_visible_to(actor).filter(pk__in=naming).order_by("-created_at", "-pk")
    outcomes = list(
        ChildOutcome.objects.filter(
            authority_id=actor.authority_id,
            child=child,
            decision__in=decisions_visible_to(actor).values("pk"),
        )
        .select_related("decision")
        .order_by("-decision__recorded_at", "-pk")
    )
    # The approvals of decisions that approved this child, and emergency approvals of
    # referrals naming them (a sibling's approval is not the child's).
    approved = [o.decision_id for o in outcomes if o.outcome in APPROVING]
    approvals = Approval.objects.filter(
        Q(decision_id__in=approved) | Q(emergency_decision__referral__in=referrals.values("pk")),
        authority_id=actor.authority_id,
    ).order_by("-starts_on", "-pk")
    audit_record(actor=actor, authority_id=actor.authority_id, action="child.viewed", obj=child)
    return ChildRecordOut(
        id=child.pk,
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth,
        gender=child.gender,
        ethnicity=child.ethnicity,
        case_id=child.case_id,
        legal_status=child.legal_status,
        plan=child.plan,
        disabled=child.disabled,
        ehc_plan=child.ehc_plan,
        ehc_plan_issued_on=child.ehc_plan_issued_on,
        ehc_plan_reviewed_on=child.ehc_plan_reviewed_on,
        home_address=child.home_address,
        placement_address=child.placement_address,
        placement_and_carer=child.placement_and_carer,
        team=Ref(id=child.team.pk, name=child.team.name),
        referrals=[
            ChildReferralOut(
                id=referral.pk,
                kind=referral.kind,
                kind_label=referral.kind_label,
                status=referral.status,
                created_at=referral.created_at,
                submitted_at=referral.submitted_at,
            )
            for referral in referrals
        ],
        outcomes=[
            OutcomeOut(
                decision=o.decision_id,
                referral=o.decision.referral_id,
                outcome=o.outcome,
                note=o.note,
                decision_status=o.decision.status,
                recorded_at=o.decision.recorded_at,
                signed_at=o.decision.signed_at,
            )
            for o in outcomes
        ],
        approvals=[ApprovalOut.of(approval) for approval in approvals],
    )
