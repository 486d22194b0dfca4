"""The shapes of a referral in the API: what a caller sends and what it reads back."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from carepanel.api.schemas import (
    LONG_TEXT_MAX,
    CostIn,
    CostOut,
    Input,
    IsoDate,
    ItemMeetingOut,
    LondonDateTime,
    LongText,
    Money,
    ObjectId,
    PaperGapOut,
    Ref,
    Stated,
    Text,
    Version,
    stated_values,
)
from carepanel.children.codes import ETHNICITY_CHOICES, LEGAL_STATUS_CHOICES, SEX_CHOICES
from carepanel.children.models import Child
from carepanel.decisions.models import Decision, EmergencyDecision, Outcome
from carepanel.policy import KINDS, PAPER_TYPES, ROLES
from carepanel.referrals import services
from carepanel.referrals.models import Paper, Referral, SignOff

# The codes of a child's and a family member's fields (the services check them).
GENDERS = [code for code, _label in SEX_CHOICES]
ETHNICITIES = [code for code, _label in ETHNICITY_CHOICES]
LEGAL_STATUSES = [code for code, _label in LEGAL_STATUS_CHOICES]
Gender = Annotated[Text, stated_values(GENDERS)]
Kind = Annotated[Text, stated_values(KINDS)]

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
    first_name: Annotated[Text, Stated(maxLength=100)] | None = None
    last_name: Annotated[Text, Stated(maxLength=100)] | None = None
    date_of_birth: IsoDate | None = None
    gender: Gender | None = Field(default=None, description="M, F or U")
    ethnicity: Annotated[Text, stated_values(["", *ETHNICITIES])] | None = Field(
        default=None, description="a DfE ethnicity code, like WBRI"
    )
    case_id: Annotated[Text, Stated(maxLength=50)] | None = Field(
        default=None, description="the case-management system's id"
    )
    legal_status: Annotated[Text, stated_values(["", *LEGAL_STATUSES])] | None = Field(
        default=None, description="an SSDA903 legal status"
    )
    plan: Annotated[Text, stated_values(["", *Child.Plan.values])] | None = Field(
        default=None, description="fwb, cin, cp, cic or empty"
    )
    disabled: bool = False
    ehc_plan: bool = False
    ehc_plan_issued_on: IsoDate | None = None
    ehc_plan_reviewed_on: IsoDate | None = None
    home_address: Annotated[LongText, Stated(maxLength=1000)] | None = None
    placement_address: Annotated[LongText, Stated(maxLength=1000)] | None = None
    placement_and_carer: Annotated[Text, Stated(maxLength=300)] | None = None


class FamilyMemberIn(Input):
    name: Annotated[Text, Stated(maxLength=200)]
    relationship: Annotated[Text, Stated(maxLength=100)]
    date_of_birth: IsoDate | None = None
    gender: Annotated[Text, stated_values(["", *GENDERS])] = ""
    ethnicity: Annotated[Text, stated_values(["", *ETHNICITIES])] = ""


class ReferralIn(Input):
    kind: Kind = Field(examples=["family_support_package"])
    cost: CostIn | None = None
    flags: FlagsIn = Field(default_factory=FlagsIn)
    # The services count them, in their own words.
    children: Annotated[list[ChildIn], Stated(minItems=1, maxItems=services.MAX_CHILDREN)]
    family: Annotated[list[FamilyMemberIn], Stated(maxItems=services.MAX_FAMILY)] = Field(
        default_factory=list
    )
    answers: dict[
        Annotated[Text, Field(max_length=64)], Annotated[LongText, Field(max_length=LONG_TEXT_MAX)]
    ] = Field(
        default_factory=dict,
        description="the council's questions, by question id; each answer within the "
        "question's own limit",
    )
    previously_presented_on: IsoDate | None = None
    previous_outcome: LongText = Field(default="", max_length=LONG_TEXT_MAX)
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
    reason: LongText = Field(
        default="", max_length=LONG_TEXT_MAX, description="required when returning"
    )


class ReasonIn(Input):
    reason: LongText = Field(max_length=LONG_TEXT_MAX)


class AcceptLateIn(Input):
    meeting: ObjectId
    reason: LongText = Field(max_length=LONG_TEXT_MAX)


class RecordIn(Input):
    reference: Annotated[Text, Stated(maxLength=200)] = Field(
        description="where the decision is recorded on the child's file"
    )


class ListQuery(Schema):
    page: int = Field(default=1, ge=1, le=1_000_000)
    status: Annotated[Text, stated_values(Referral.Status.values)] | None = Field(
        default=None, description="one of the referral statuses"
    )
    kind: Kind | None = None


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
    legal_status: Annotated[str, stated_values(["", *LEGAL_STATUSES])]
    plan: Annotated[str, stated_values(["", *Child.Plan.values])]
    disabled: bool


class FamilyMemberOut(Schema):
    name: str
    relationship: str
    date_of_birth: dt.date | None
    gender: Annotated[str, stated_values(["", *GENDERS])]
    ethnicity: Annotated[str, stated_values(["", *ETHNICITIES])]


class RouteOut(Schema):
    route: Annotated[str, stated_values(["", *Referral.Route.values])] = Field(
        description="panel, delegated, other_panel or outside_remit"
    )
    panel: str
    approver: str
    other_panel: str
    retrospective: bool
    reasons: list[str]


class SignOffOut(Schema):
    role: Annotated[str, stated_values(ROLES)]
    action: Annotated[str, stated_values(SignOff.Action.values)]
    outcome: Annotated[str, stated_values(SignOff.Outcome.values)]
    reason: str
    by: str
    at: LondonDateTime


class NextSignOffOut(Schema):
    role: Annotated[str, stated_values(ROLES)]
    action: Annotated[str, stated_values(SignOff.Action.values)]


class PaperOut(Schema):
    id: int
    type: Annotated[str, stated_values(PAPER_TYPES)]
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
    kind: Annotated[str, stated_values(Decision.Kind.values)]
    outcome: Annotated[str, stated_values(Outcome.values)]
    status: Annotated[str, stated_values(Decision.Status.values)]
    recorded_at: LondonDateTime


class EmergencyBriefOut(Schema):
    id: int
    status: Annotated[str, stated_values(EmergencyDecision.Status.values)]


class ReferralSummaryOut(Schema):
    id: int
    authority: str
    status: Annotated[str, stated_values(Referral.Status.values)]
    version: int
    kind: Annotated[str, stated_values(KINDS)]
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
