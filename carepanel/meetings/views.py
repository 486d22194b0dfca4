from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from carepanel.core.web import ActorRequest, actor_view
from carepanel.policy import Meeting, Pack, first_meeting_for, load_packs, next_meetings

NEXT_MEETINGS_SHOWN = 4


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    deadline_passed: bool


@dataclass(frozen=True)
class Timetable:
    pack: Pack
    # The first meeting a referral sent now can still reach: what a social worker asks.
    taking_referrals: Meeting
    rows: list[MeetingRow]


def _timetable(pack: Pack, now: dt.datetime) -> Timetable:
    return Timetable(
        pack=pack,
        taking_referrals=first_meeting_for(pack, now),
        rows=[
            MeetingRow(meeting, deadline_passed=meeting.submission_deadline < now)
            for meeting in next_meetings(pack, now, NEXT_MEETINGS_SHOWN)
        ],
    )


@require_safe
def timetable(request: HttpRequest) -> HttpResponse:
    """Each authority's main panel and its next meetings; public, as it names no one."""
    now = timezone.now()
    timetables = [_timetable(pack, now) for pack in load_packs().values()]
    return render(
        request, "meetings/home.html", {"today": timezone.localdate(now), "timetables": timetables}
    )


@require_safe
@actor_view
def meeting_list(request: ActorRequest) -> HttpResponse:
    return render(request, "core/home.html", {})


def meeting_add(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def agenda(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def agenda_prioritise(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def meeting_move(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def meeting_cancel(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def item_remove(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def item_accept_late(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
