"""Meetings: the calendar of sittings, and the coordinator's changes to it."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from carepanel.accounts.actors import Actor
from carepanel.api.auth import actor_of
from carepanel.api.errors import RequestInvalid
from carepanel.api.schemas import (
    ERRORS,
    LONG_TEXT_MAX,
    Input,
    IsoDate,
    LongText,
    MeetingOut,
    ObjectId,
    Text,
    Version,
)
from carepanel.core.errors import NotFound
from carepanel.meetings import services
from carepanel.meetings.models import Meeting
from carepanel.meetings.queries import get_meeting_for_actor, meetings_visible_to
from carepanel.policy import LONDON

router = Router(tags=["meetings"])

MAX_RANGE = dt.timedelta(days=366)


class MeetingQuery(Schema):
    authority: Text | None = Field(
        default=None, max_length=64, description="your token's authority"
    )
    date_from: IsoDate | None = Field(default=None, alias="from", description="default today")
    date_to: IsoDate | None = Field(
        default=None, alias="to", description="inclusive; default 16 weeks from today"
    )
    panel: Text | None = Field(default=None, max_length=64)


class MeetingList(Schema):
    authority: str
    date_from: dt.date
    date_to: dt.date
    results: list[MeetingOut]


class MeetingAddIn(Input):
    panel: Text = Field(max_length=64, examples=["care-and-resource"])
    date: IsoDate
    reason: LongText = Field(max_length=LONG_TEXT_MAX)
    urgent_only: bool = Field(
        default=False,
        description="true for a sitting that takes only urgent business: late items "
        "accepted by the chair or a head of service, emergencies and ratifications. "
        "Ordinary listing never goes to it.",
    )


class MeetingMoveIn(Input):
    date: IsoDate
    reason: LongText = Field(max_length=LONG_TEXT_MAX)
    version: Version


class MeetingCancelIn(Input):
    reason: LongText = Field(max_length=LONG_TEXT_MAX)
    version: Version


def meeting_out(actor: Actor, meeting_id: int) -> MeetingOut:
    meeting = get_meeting_for_actor(actor, meeting_id)
    return MeetingOut.of(meeting)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)


@router.get(
    "/meetings",
    response={200: MeetingList, **ERRORS},
    summary="List the meetings between two dates, oldest first",
    description="Cancelled meetings are listed too, with their status and reason. At most "
    "a year at a time.",
)
def meeting_list(request: HttpRequest, filters: Query[MeetingQuery]) -> MeetingList:
    actor = actor_of(request)
    if filters.authority not in (None, actor.authority_id):
        raise NotFound("No authority with that id.")
    today = timezone.localdate()
    start = filters.date_from or today
    end = filters.date_to or start + dt.timedelta(weeks=services.HORIZON_WEEKS)
    if end < start:
        raise RequestInvalid({"to": "The end date must be on or after the start date."})
    if end - start > MAX_RANGE:
        raise RequestInvalid({"to": "Ask for at most a year of meetings at a time."})
    # Idempotent: a cadence day already generated (or moved, or cancelled) is left alone.
    services.meetings_generate(authority_id=actor.authority_id)
    meetings = meetings_visible_to(actor).filter(
        starts_at__gte=_midnight(start), starts_at__lt=_midnight(end + dt.timedelta(days=1))
    )
    if filters.panel:
        meetings = meetings.filter(panel_id=filters.panel)
    return MeetingList(
        authority=actor.authority_id,
        date_from=start,
        date_to=end,
        results=[MeetingOut.of(meeting) for meeting in meetings.order_by("starts_at", "pk")],
    )


@router.post(
    "/meetings",
    response={201: MeetingOut, **ERRORS},
    summary="Add a meeting, as the panel coordinator",
)
def meeting_add(request: HttpRequest, payload: MeetingAddIn) -> Status[MeetingOut]:
    actor = actor_of(request)
    meeting: Meeting = services.meeting_add(
        actor=actor,
        panel_id=payload.panel,
        day=payload.date,
        reason=payload.reason,
        urgent_only=payload.urgent_only,
    )
    return Status(201, meeting_out(actor, meeting.pk))


@router.post(
    "/meetings/{meeting_id}/move",
    response={200: MeetingOut, **ERRORS},
    summary="Move a meeting to another day; its agenda goes with it",
)
def meeting_move(request: HttpRequest, meeting_id: ObjectId, payload: MeetingMoveIn) -> MeetingOut:
    actor = actor_of(request)
    services.meeting_move(
        actor=actor,
        meeting_id=meeting_id,
        day=payload.date,
        reason=payload.reason,
        version=payload.version,
    )
    return meeting_out(actor, meeting_id)


@router.post(
    "/meetings/{meeting_id}/cancel",
    response={200: MeetingOut, **ERRORS},
    summary="Cancel a meeting; every item on its agenda goes to the next meeting",
)
def meeting_cancel(
    request: HttpRequest, meeting_id: ObjectId, payload: MeetingCancelIn
) -> MeetingOut:
    actor = actor_of(request)
    services.meeting_cancel(
        actor=actor, meeting_id=meeting_id, reason=payload.reason, version=payload.version
    )
    return meeting_out(actor, meeting_id)
