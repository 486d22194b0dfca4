"""A meeting's agenda and what the chair and coordinator do to its items: order them,
remove one, record the panel's decision on one."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from carepanel.accounts.actors import Actor
from carepanel.api.auth import actor_of
from carepanel.api.decisions import DecisionIn, DecisionOut, decision_errors, decision_out
from carepanel.api.errors import renamed_fields
from carepanel.api.schemas import (
    ERRORS,
    LONG_TEXT_MAX,
    Input,
    ItemMeetingOut,
    LondonDateTime,
    LongText,
    MeetingOut,
    ObjectId,
    PaperGapOut,
    Ref,
    Version,
    stated_values,
)
from carepanel.decisions.services import agenda_item_decide
from carepanel.meetings import services
from carepanel.meetings.models import AgendaItem
from carepanel.meetings.queries import AgendaRow, agenda_for
from carepanel.policy import KINDS

router = Router(tags=["agenda"])


class AgendaChildOut(Schema):
    id: int
    first_name: str
    last_name: str


class AgendaItemOut(Schema):
    id: int
    status: Annotated[str, stated_values(AgendaItem.Status.values)]
    purpose: Annotated[str, stated_values(AgendaItem.Purpose.values)]
    position: int
    slot_starts_at: LondonDateTime | None = Field(
        description="when its presenter is to attend: the time the coordinator advised; "
        "otherwise its slot, where the meeting has slots; null until a time is advised, "
        "or for an item removed or moved"
    )
    late: bool
    late_reason: str
    carried_over_from: int | None = Field(description="the earlier item it was carried from")
    removed_reason: str
    referral: int
    kind: Annotated[str, stated_values(KINDS)]
    kind_label: str
    children: list[AgendaChildOut]
    presenter: Ref
    paper_gaps: list[PaperGapOut]
    complete: bool | None = Field(
        description="has every paper and every sign-off it needs (a ratification needs no "
        "sign-off), as the agenda page shows; null once not listed"
    )
    decision: int | None = Field(description="the latest decision recorded on the item")


class AgendaOut(Schema):
    meeting: MeetingOut
    over_capacity_by: int
    items: list[AgendaItemOut]


class AgendaOrderIn(Input):
    items: list[ObjectId] = Field(description="every listed item's id, first to be heard first")


class RemoveIn(Input):
    reason: LongText = Field(max_length=LONG_TEXT_MAX)


class RemovedOut(Schema):
    removed_item: int
    relisted: ItemMeetingOut = Field(description="the item at the next meeting")


class AgendaDecisionIn(DecisionIn):
    version: Version | None = Field(
        default=None,
        description="The version of the item's decision you read; null or absent when you "
        "saw none yet. Without a version the recording is a creation: if someone else "
        "recorded a decision meanwhile it is refused (409, with their `current_version`), "
        "never replaced. With a version that is no longer current, likewise 409.",
    )


def agenda_out(actor: Actor, meeting_id: int) -> AgendaOut:
    """The agenda page's read (`agenda_for`), serialised: the same items, times to attend
    and completeness. Slots count over the whole running order, so that someone who sees
    only their own item is given the time the coordinator sees for it."""
    agenda = agenda_for(actor, meeting_id, with_late_meetings=False)
    summary = MeetingOut.of(agenda.meeting)
    return AgendaOut(
        meeting=summary,
        over_capacity_by=summary.over_capacity_by,
        items=[_item_out(row) for row in agenda.rows],
    )


def _item_out(row: AgendaRow) -> AgendaItemOut:
    item, referral, completeness = row.item, row.item.referral, row.completeness
    return AgendaItemOut(
        id=item.pk,
        status=item.status,
        purpose=item.purpose,
        position=item.position,
        slot_starts_at=row.slot_starts_at,
        late=item.late,
        late_reason=item.late_reason,
        carried_over_from=item.carried_over_from_id,
        removed_reason=item.removed_reason,
        referral=referral.pk,
        kind=referral.kind,
        kind_label=referral.kind_label,
        children=[
            AgendaChildOut(id=child.pk, first_name=child.first_name, last_name=child.last_name)
            for child in row.children
        ],
        presenter=Ref(id=referral.presenter.pk, name=str(referral.presenter)),
        paper_gaps=[
            PaperGapOut(type=g.type, problem=g.problem, message=g.message)
            for g in (completeness.paper_gaps if completeness else [])
        ],
        complete=completeness.complete if completeness else None,
        decision=row.decision_id,
    )


@router.get(
    "/meetings/{meeting_id}/agenda",
    response={200: AgendaOut, **ERRORS},
    summary="Read a meeting's agenda, in the order the items are heard",
)
def agenda_detail(request: HttpRequest, meeting_id: ObjectId) -> AgendaOut:
    return agenda_out(actor_of(request), meeting_id)


@router.post(
    "/meetings/{meeting_id}/agenda/order",
    response={200: AgendaOut, **ERRORS},
    summary="Set the order of an agenda, as the chair",
)
def agenda_order(request: HttpRequest, meeting_id: ObjectId, payload: AgendaOrderIn) -> AgendaOut:
    actor = actor_of(request)
    services.agenda_prioritise(actor=actor, meeting_id=meeting_id, item_ids=payload.items)
    return agenda_out(actor, meeting_id)


@router.post(
    "/agenda-items/{item_id}/remove",
    response={200: RemovedOut, **ERRORS},
    summary="Remove an item from the agenda, as the chair; it is listed at the next meeting",
)
def agenda_item_remove(request: HttpRequest, item_id: ObjectId, payload: RemoveIn) -> RemovedOut:
    actor = actor_of(request)
    relisted = services.agenda_item_remove(actor=actor, item_id=item_id, reason=payload.reason)
    return RemovedOut(removed_item=item_id, relisted=ItemMeetingOut.of(relisted))


@router.post(
    "/agenda-items/{item_id}/decision",
    response={200: DecisionOut, 201: DecisionOut, **ERRORS},
    summary="Record the panel's decision on an item",
    description="201 when first recorded; 200 when recorded again before the chair signs "
    "it (give the `version` you read). Only once the meeting has started: before, 409 "
    "saying from when.",
)
def agenda_item_decision(
    request: HttpRequest, item_id: ObjectId, payload: AgendaDecisionIn
) -> Status[DecisionOut]:
    actor = actor_of(request)
    with renamed_fields(decision_errors):
        decision = agenda_item_decide(
            actor=actor, item_id=item_id, data=payload.to_input(), version=payload.version
        )
    return Status(201 if decision.version == 1 else 200, decision_out(actor, decision.pk))
