"""A child's record and history: the referrals naming them, the outcomes decided for
them and the approvals they are under, newest first. Every read is audited."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema

from carepanel.api.auth import actor_of
from carepanel.api.referral_schemas import ETHNICITIES, GENDERS, LEGAL_STATUSES
from carepanel.api.schemas import ERRORS, ApprovalOut, LondonDateTime, ObjectId, Ref, stated_values
from carepanel.children.models import Child
from carepanel.decisions.history import child_history
from carepanel.decisions.models import Decision, Outcome
from carepanel.policy import KINDS
from carepanel.referrals.models import Referral

router = Router(tags=["children"])


class ChildReferralOut(Schema):
    id: int
    kind: Annotated[str, stated_values(KINDS)]
    kind_label: str
    status: Annotated[str, stated_values(Referral.Status.values)]
    created_at: LondonDateTime
    submitted_at: LondonDateTime | None


class OutcomeOut(Schema):
    decision: int
    referral: int
    outcome: Annotated[str, stated_values(Outcome.values)]
    note: str
    decision_status: Annotated[str, stated_values(Decision.Status.values)]
    recorded_at: LondonDateTime
    signed_at: LondonDateTime | None


class ChildRecordOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    gender: Annotated[str, stated_values(["", *GENDERS])]
    ethnicity: Annotated[str, stated_values(["", *ETHNICITIES])]
    case_id: str
    legal_status: Annotated[str, stated_values(["", *LEGAL_STATUSES])]
    plan: Annotated[str, stated_values(["", *Child.Plan.values])]
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
    history = child_history(actor_of(request), child_id)
    child = history.child
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
            for referral in history.referrals
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
            for o in history.outcomes
        ],
        approvals=[ApprovalOut.of(approval) for approval in history.approvals],
    )
