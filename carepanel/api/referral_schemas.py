"""The shapes of a referral in the API: what a caller sends and what it reads back."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from carepanel.api.schemas import (
    CostIn,
    CostOut,
    Input,
    ItemMeetingOut,
    LondonDateTime,
    Money,
    ObjectId,
    PaperGapOut,
    Ref,
    Version,
)
from carepanel.referrals import services
from carepanel.referrals.models import Paper

# ------------------------------------------------------------------------------- input


class FlagsIn(Input):
    part_of_care_proceedings: bool = False
    emergency: bool = False
    unregistered: bool = False
    regulation_24: bool = False
    joint_funding: bool = False
    renewal: bool = False


class ChildIn(Input):
    """A child already on record by `id`, or a new child by their details."""

    id: ObjectId | None = Field(default=None, description="a child already on record")
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: dt.date | None = None
    gender: str | None = Field(default=None, description="M, F or U")
    ethnicity: str | None = Field(default=None, description="a DfE ethnicity code, like WBRI")
    case_id: str | None = Field(default=None, description="the case-management system's id")
    legal_status: str | None = Field(default=None, description="an SSDA903 legal status")
    plan: str | None = Field(default=None, description="fwb, cin, cp, cic or empty")
    disabled: bool = False
    ehc_plan: bool = False
    ehc_plan_issued_on: dt.date | None = None
    ehc_plan_reviewed_on: dt.date | None = None
    home_address: str | None = None
    placement_address: str | None = None
    placement_and_carer: str | None = None


class FamilyMemberIn(Input):
    name: str
    relationship: str
    date_of_birth: dt.date | None = None
    gender: str = ""
    ethnicity: str = ""


class ReferralIn(Input):
    kind: str = Field(examples=["family_support_package"])
    cost: CostIn | None = None
    flags: FlagsIn = Field(default_factory=FlagsIn)
    children: list[ChildIn]
    family: list[FamilyMemberIn] = Field(default_factory=list)
    answers: dict[str, str] = Field(
        default_factory=dict, description="the council's questions, by question id"
    )
    previously_presented_on: dt.date | None = None
    previous_outcome: str = ""
    team: ObjectId | None = Field(default=None, description="needed if you are in several teams")
    presenter: ObjectId | None = Field(
        default=None, description="the presenting social worker; you, when left out"
    )

    def to_input(self) -> services.ReferralInput:
        return services.ReferralInput(
            kind=self.kind,
            children=[child.model_dump() for child in self.children],
            cost_amount_gbp=self.cost.amount_gbp if self.cost else None,
            cost_basis=self.cost.basis if self.cost else "",
            cost_weeks=self.cost.weeks if self.cost else None,
            flags=self.flags.model_dump(),
            answers=self.answers,
            family=[member.model_dump() for member in self.family],
            previously_presented_on=self.previously_presented_on,
            previous_outcome=self.previous_outcome,
            team_id=self.team,
            presenter_id=self.presenter,
        )


class ReferralUpdateIn(ReferralIn):
    version: Version = Field(description="the version you read: a stale one is refused (409)")


class SignOffIn(Input):
    outcome: Literal["agreed", "returned"]
    reason: str = Field(default="", description="required when returning")


class ReasonIn(Input):
    reason: str


class AcceptLateIn(Input):
    meeting: ObjectId
    reason: str


class RecordIn(Input):
    reference: str = Field(description="where the decision is recorded on the child's file")


class ListQuery(Schema):
    page: int = Field(default=1, ge=1, le=1_000_000)
    status: str | None = Field(default=None, description="one of the referral statuses")
    kind: str | None = None


# ------------------------------------------------------------------------------ output


class FlagsOut(Schema):
    disabled: bool = Field(description="any child on the referral is disabled")
    in_care: bool = Field(description="any child on the referral is in care")
    part_of_care_proceedings: bool
    emergency: bool
    unregistered: bool
    regulation_24: bool
    joint_funding: bool
    renewal: bool


class ChildOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    case_id: str
    legal_status: str
    plan: str
    disabled: bool


class FamilyMemberOut(Schema):
    name: str
    relationship: str
    date_of_birth: dt.date | None
    gender: str
    ethnicity: str


class RouteOut(Schema):
    route: str = Field(description="panel, delegated, other_panel or outside_remit")
    panel: str
    approver: str
    other_panel: str
    retrospective: bool
    reasons: list[str]


class SignOffOut(Schema):
    role: str
    action: str
    outcome: str
    reason: str
    by: str
    at: LondonDateTime


class NextSignOffOut(Schema):
    role: str
    action: str


class PaperOut(Schema):
    id: int
    type: str
    dated: dt.date | None
    uploaded_at: LondonDateTime
    content_type: str
    size: int
    original_name: str
    file_url: str

    @classmethod
    def of(cls, paper: Paper) -> PaperOut:
        return cls(
            id=paper.pk,
            type=paper.type,
            dated=paper.dated,
            uploaded_at=paper.uploaded_at,
            content_type=paper.content_type,
            size=paper.size,
            original_name=paper.original_name,
            file_url=f"/api/v1/papers/{paper.pk}/file",
        )


class DecisionBriefOut(Schema):
    id: int
    kind: str
    outcome: str
    status: str
    recorded_at: LondonDateTime


class EmergencyBriefOut(Schema):
    id: int
    status: str


class ReferralSummaryOut(Schema):
    id: int
    authority: str
    status: str
    version: int
    kind: str
    kind_label: str
    cost: CostOut | None
    annual_cost_gbp: Money | None
    total_cost_gbp: Money | None
    flags: FlagsOut
    route: RouteOut
    team: Ref
    presenter: Ref
    children: list[ChildOut]
    meeting: ItemMeetingOut | None = Field(
        description="the meeting of the current agenda item, else of the last one"
    )
    created_at: LondonDateTime
    submitted_at: LondonDateTime | None


class ReferralOut(ReferralSummaryOut):
    answers: dict[str, str]
    family: list[FamilyMemberOut]
    previously_presented_on: dt.date | None
    previous_outcome: str
    returned_reason: str
    recorded_reference: str
    sign_offs: list[SignOffOut]
    next_sign_off: NextSignOffOut | None
    papers: list[PaperOut]
    paper_gaps: list[PaperGapOut] = Field(
        description="papers missing or out of date for the meeting it is listed for"
    )
    decisions: list[DecisionBriefOut]
    emergency_decision: EmergencyBriefOut | None


class ReferralPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ReferralSummaryOut]
