"""The shapes the API shares between its parts: value types, errors, costs, meetings,
agenda items and approvals.

Money travels as a string with two decimals ("1500.00"), never a float; times as ISO
8601 in London time with their offset ("2026-12-02T13:30:00+00:00"); dates as ISO dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any

from django.utils import timezone
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from carepanel.core.text import (
    LONG_TEXT_WITHOUT_CONTROL_CHARACTERS,
    WITHOUT_CONTROL_CHARACTERS,
    has_control_characters,
)
from carepanel.decisions.models import Approval
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.queries import places_of
from carepanel.policy.kinds import COST_BASES, PAPER_TYPES

# ------------------------------------------------------------------------ value types


class Stated:
    """Adds to a value's JSON Schema what the OpenAPI document must state about it: the
    values or limits a service checks with its own words (`Stated(enum=[...])`), so the
    document says what the service refuses."""

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.update(self.keywords)
        return json_schema


def stated_values(values: Iterable[str]) -> Stated:
    return Stated(enum=list(values))


class _NoControlCharacters:
    """Refuses control characters (core/text.py); the document states it as a pattern."""

    def __init__(self, *, long_text: bool) -> None:
        self.long_text = long_text

    def _check(self, value: str) -> str:
        if has_control_characters(value, long_text=self.long_text):
            raise PydanticCustomError("control_characters", "must not include control characters")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = (
            LONG_TEXT_WITHOUT_CONTROL_CHARACTERS if self.long_text else WITHOUT_CONTROL_CHARACTERS
        )
        return json_schema


# Every string the API takes is one of these, with its limit: `Field(max_length=…)`, or
# `Stated(maxLength=…)` where a service checks the length with its own message.
Text = Annotated[str, _NoControlCharacters(long_text=False)]
# Multi-line: keeps tab and new line.
LongText = Annotated[str, _NoControlCharacters(long_text=True)]
# The limit of a text column without one of its own (a reason, an address, a discussion).
LONG_TEXT_MAX = 10_000

# Dates travel as ISO dates only: pydantic alone would read `0` as 1 January 1970.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The document states the range in the pattern too, which every JSON Schema tool reads.
ISO_DATE_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "not an ISO date")


def _sane_date(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise PydanticCustomError(
            "date_out_of_range",
            "outside {earliest} to {latest}",
            {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    return value


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    AfterValidator(_sane_date),
    Stated(
        pattern=ISO_DATE_PATTERN,
        formatMinimum=EARLIEST.isoformat(),
        formatMaximum=LATEST.isoformat(),
    ),
]

# The largest id a database row can have: a bigger number is no id, and some databases
# refuse to compare with it.
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID)]
# The columns hold ten digits before the point; the services refuse a negative amount,
# and more than two decimals, with their own words.
MoneyIn = Annotated[
    Decimal,
    Field(gt=Decimal("-1e10"), lt=Decimal("1e10"), max_digits=14),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "exclusiveMaximum": 1e10},
                {"type": "string", "pattern": r"^[0-9]{1,10}(\.[0-9]{1,2})?$", "maxLength": 13},
            ],
            "description": "in pounds, 0 or more, with at most two decimals",
            "examples": ["1500.00"],
        }
    ),
]
Weeks = Annotated[int, Stated(minimum=1, maximum=520)]


def _london(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


LondonDateTime = Annotated[
    dt.datetime,
    PlainSerializer(_london, return_type=str),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "examples": ["2026-12-02T13:30:00+00:00"]}
    ),
]
Money = Annotated[
    Decimal,
    PlainSerializer(_money, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["1500.00"]}),
]


class Input(Schema):
    """A request body: a field the API does not know is refused, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


# ------------------------------------------------------------------------------ errors


class Error(Schema):
    message: str = Field(examples=["No referral with that id."])
    errors: dict[str, str] | None = Field(
        default=None,
        description="For 400 and 422: what is wrong with each field, keyed by its path "
        "in the request, like `children[0].ethnicity`.",
        examples=[{"children[0].ethnicity": "Choose a code from the list."}],
    )
    current_version: int | None = Field(
        default=None,
        description="For a 409 because someone else changed the record since you read it: "
        "the version it has now. Read it again before you retry.",
    )


ERRORS: dict[int, type[Schema]] = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    409: Error,
    422: Error,
}


# ------------------------------------------------------------------------------- costs


class CostIn(Input):
    amount_gbp: MoneyIn
    # A value not listed is refused by the service, in its own words.
    basis: Annotated[Text, stated_values(COST_BASES)] = Field(
        description="one_off, weekly, monthly or annual"
    )
    weeks: Weeks | None = Field(
        default=None, description="the duration of a recurring cost, 1 to 520 weeks"
    )


class CostOut(Schema):
    amount_gbp: Money
    basis: Annotated[str, stated_values(COST_BASES)]
    weeks: int | None

    @classmethod
    def of(cls, amount: Decimal | None, basis: str, weeks: int | None) -> CostOut | None:
        if amount is None:
            return None
        return cls(amount_gbp=amount, basis=basis, weeks=weeks)


class Ref(Schema):
    """Another record, by id and name."""

    id: int
    name: str


# ---------------------------------------------------------------------------- meetings


class MeetingOut(Schema):
    id: int
    panel: str
    panel_name: str
    status: Annotated[str, stated_values(Meeting.Status.values)]
    starts_at: LondonDateTime
    ends_at: LondonDateTime
    submission_deadline: LondonDateTime
    papers_deadline: LondonDateTime | None
    capacity: int | None = Field(description="null where the panel sets no limit")
    slot_minutes: int | None
    listed: int = Field(description="items on the agenda still to be heard")
    taken: int = Field(
        description="places its requests hold: every item listed or heard there, whatever "
        "the outcome (a decision never frees a place)"
    )
    places_left: int | None = Field(description="null where unlimited; never below 0")
    over_capacity_by: int = Field(description="places taken beyond the capacity")
    urgent_only: bool = Field(
        description="true for a sitting that takes only urgent business (late items "
        "accepted by the chair or a head of service, emergencies and ratifications), never "
        "ordinary listings"
    )
    venue: str
    change_reason: str
    version: int

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingOut:
        """`meeting` as `meetings_visible_to` reads it, with its places counted."""
        places = places_of(meeting)
        return cls(
            id=meeting.pk,
            panel=meeting.panel_id,
            panel_name=meeting.panel_name,
            status=meeting.status,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            submission_deadline=meeting.submission_deadline,
            papers_deadline=meeting.papers_deadline,
            capacity=meeting.capacity,
            slot_minutes=meeting.slot_minutes,
            listed=places.listed,
            taken=places.taken,
            places_left=places.left,
            over_capacity_by=places.over_by,
            urgent_only=meeting.urgent_only,
            venue=meeting.venue,
            change_reason=meeting.change_reason,
            version=meeting.version,
        )


class ItemMeetingOut(Schema):
    """An agenda item as its referral sees it: where and when it is heard."""

    id: int = Field(description="the meeting's id")
    panel: str
    panel_name: str
    starts_at: LondonDateTime
    submission_deadline: LondonDateTime
    item_id: int
    item_status: Annotated[str, stated_values(AgendaItem.Status.values)]
    purpose: Annotated[str, stated_values(AgendaItem.Purpose.values)]
    late: bool
    late_reason: str

    @classmethod
    def of(cls, item: AgendaItem) -> ItemMeetingOut:
        meeting = item.meeting
        return cls(
            id=meeting.pk,
            panel=meeting.panel_id,
            panel_name=meeting.panel_name,
            starts_at=meeting.starts_at,
            submission_deadline=meeting.submission_deadline,
            item_id=item.pk,
            item_status=item.status,
            purpose=item.purpose,
            late=item.late,
            late_reason=item.late_reason,
        )


class PaperGapOut(Schema):
    type: Annotated[str, stated_values(PAPER_TYPES)]
    problem: Annotated[str, stated_values(["missing", "out_of_date"])]
    message: str


# --------------------------------------------------------------------------- approvals


class ApprovalIn(Input):
    # The service checks these lengths, in its own words.
    resource: Annotated[Text, Stated(maxLength=300)]
    provider: Annotated[Text, Stated(maxLength=200)] = ""
    cost: CostIn
    starts_on: IsoDate
    ends_on: IsoDate | None = None
    review_due_on: IsoDate | None = Field(
        default=None,
        description="the date a new referral is due; left out, the council's review rules set it",
    )


class ApprovalOut(Schema):
    id: int
    referral: int
    decision: int | None
    emergency_decision: int | None
    status: Annotated[str, stated_values(Approval.Status.values)]
    resource: str
    provider: str
    cost: CostOut | None
    starts_on: dt.date
    ends_on: dt.date | None
    review_due_on: dt.date
    ended_on: dt.date | None
    end_reason: str

    @classmethod
    def of(cls, approval: Approval) -> ApprovalOut:
        return cls(
            id=approval.pk,
            referral=approval.referral_id,
            decision=approval.decision_id,
            emergency_decision=approval.emergency_decision_id,
            status=approval.status,
            resource=approval.resource,
            provider=approval.provider,
            cost=CostOut.of(approval.cost_amount_gbp, approval.cost_basis, approval.cost_weeks),
            starts_on=approval.starts_on,
            ends_on=approval.ends_on,
            review_due_on=approval.review_due_on,
            ended_on=approval.ended_on,
            end_reason=approval.end_reason,
        )
