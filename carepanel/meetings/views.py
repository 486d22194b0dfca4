"""The meeting pages: the public timetable, the list of meetings, an agenda, and the
coordinator's and chair's changes to them. Each change is one service call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from carepanel.accounts.web import ActorRequest, actor_view
from carepanel.core.errors import IllegalTransition, Invalid, NotPermitted
from carepanel.core.pagination import paginate, sort_headers
from carepanel.core.templatetags.govuk_dates import govuk_date, govuk_datetime
from carepanel.core.web import add_service_errors
from carepanel.decisions.permissions import can_record_decision
from carepanel.meetings import models, permissions, services
from carepanel.meetings.forms import (
    AcceptLateForm,
    AgendaTimesForm,
    ItemRemoveForm,
    MeetingAddForm,
    MeetingCancelForm,
    MeetingFilterForm,
    MeetingMoveForm,
    PrioritiseForm,
)
from carepanel.meetings.permissions import (
    can_accept_late,
    can_change_meetings,
    can_prioritise_agenda,
    can_see_agenda,
    can_see_meetings,
)
from carepanel.meetings.queries import (
    MEETING_SORTS,
    Places,
    agenda_for,
    beyond_capacity,
    earlier_meetings,
    following_meeting,
    get_item_for_actor,
    get_meeting_for_actor,
    incomplete_counts,
    late_meetings,
    meeting_table,
    places_of,
    running_order,
    times_to_attend,
)
from carepanel.policy import (
    LONDON,
    Meeting,
    Pack,
    first_meeting_for,
    get_pack,
    load_packs,
    next_meetings,
)

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


# ------------------------------------------------------------------ the list of meetings

ORDERS = ("asc", "desc")


@dataclass(frozen=True)
class ListedMeeting:
    meeting: models.Meeting
    places: Places
    # For coordinators only: items lacking a paper or a sign-off.
    incomplete: int | None


# The list's sortable columns.
SORT_LABELS = {"date": "Date and time", "places": "Places left"}


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)


@require_safe
@actor_view
def meeting_list(request: ActorRequest) -> HttpResponse:
    """The council's meetings from a day (today unless filtered), 25 to a page."""
    actor = request.actor
    if not can_see_meetings(actor):
        raise NotPermitted("Your role does not include the panel's meetings.")
    pack = get_pack(actor.authority_id)
    # As the API's list does: the forward view is always there, whatever ran overnight.
    services.meetings_generate(authority_id=actor.authority_id)
    today = timezone.localdate()
    params = request.GET
    filtered = any(key in params for key in ("panel", "from_date_day", "from_date_month"))
    form = MeetingFilterForm(params if filtered else None, pack=pack, initial={"from_date": today})
    panel_id, starting = "", today
    if form.is_bound:
        form.is_valid()
        panel_id = form.cleaned_data.get("panel") or ""
        starting = form.cleaned_data.get("from_date") or today
    sort = params.get("sort", "date")
    sort = sort if sort in MEETING_SORTS else "date"
    order = params.get("order", "asc")
    order = order if order in ORDERS else "asc"
    meetings = meeting_table(
        actor,
        starting=_midnight(starting),
        panel_id=panel_id,
        sort=sort,
        descending=order == "desc",
    )
    page, pagination = paginate(meetings, params, label="Pages of meetings")
    shown = list(page.object_list)
    coordinator = can_change_meetings(actor)
    incomplete = incomplete_counts(actor, [m.pk for m in shown]) if coordinator else {}
    rows = [
        ListedMeeting(
            meeting=meeting,
            places=places_of(meeting),
            incomplete=incomplete.get(meeting.pk) if coordinator else None,
        )
        for meeting in shown
    ]
    return render(
        request,
        "meetings/list.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "pagination": pagination,
            "headers": sort_headers(params, SORT_LABELS, sort, order),
            "coordinator": coordinator,
            "starting": starting,
            "panel_name": dict((p.id, p.name) for p in pack.panels).get(panel_id, ""),
            "today": today,
        },
    )


# ------------------------------------------------------------------ the agenda


@require_safe
@actor_view
def agenda(request: ActorRequest, meeting_id: int) -> HttpResponse:
    """The meeting's details and its agenda, with what each person may do to it."""
    actor = request.actor
    found = agenda_for(actor, meeting_id)
    meeting = found.meeting
    panel = get_pack(actor.authority_id).panel(meeting.panel_id)
    to_come = not meeting.is_cancelled and meeting.starts_at > timezone.now()
    return render(
        request,
        "meetings/agenda.html",
        {
            "agenda": found,
            "meeting": meeting,
            "may_change": permissions.can_move_meeting(actor, meeting),
            "may_order": to_come and can_prioritise_agenda(actor) and found.places.over_by > 0,
            "may_record": can_record_decision(actor),
            "may_accept_late": can_accept_late(actor, panel.late_accepted_by),
            "sees_everything": can_see_agenda(actor),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def agenda_prioritise(request: ActorRequest, meeting_id: int) -> HttpResponse:
    """The chair numbers the listed items in the order the panel is to hear them."""
    actor = request.actor
    meeting = get_meeting_for_actor(actor, meeting_id)
    permissions.check_can_prioritise_agenda(actor)
    items = list(
        models.AgendaItem.objects.filter(
            authority_id=actor.authority_id,
            meeting=meeting,
            status=models.AgendaItem.Status.LISTED,
        )
        .select_related("referral")
        .prefetch_related("referral__child_links__child")
        .order_by("position", "listed_at", "pk")
    )
    form = PrioritiseForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_prioritise(actor=actor, meeting_id=meeting.pk, item_ids=form.item_ids())
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The order of the agenda is saved")
            return redirect("meetings:agenda", meeting_id=meeting.pk)
    past = beyond_capacity(meeting, running_order(actor, meeting, items))
    rows = [(item, form[PrioritiseForm.name_for(item)], item.pk in past) for item in items]
    return render(
        request,
        "meetings/prioritise.html",
        {"meeting": meeting, "form": form, "rows": rows, "places": places_of(meeting)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def agenda_times(request: ActorRequest, meeting_id: int) -> HttpResponse:
    """The coordinator advises each item's presenter of a time to attend."""
    actor = request.actor
    meeting, rows = times_to_attend(actor, meeting_id)
    permissions.check_can_set_times(actor, meeting)
    form = AgendaTimesForm(request.POST or None, rows=rows, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_times_set(
                actor=actor,
                meeting_id=meeting.pk,
                times=form.times(),
                version=form.cleaned_data["version"],
            )
        except (Invalid, IllegalTransition) as error:
            add_service_errors(form, error, form.service_fields())
        else:
            messages.success(request, "Times to attend saved")
            return redirect("meetings:agenda", meeting_id=meeting.pk)
    fields = [(row, form[AgendaTimesForm.name_for(row.item)]) for row in rows]
    return render(
        request, "meetings/times.html", {"meeting": meeting, "form": form, "rows": fields}
    )


# ------------------------------------------------------------------ changing meetings


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def meeting_add(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    permissions.check_can_add_meeting(actor)
    form = MeetingAddForm(request.POST or None, pack=get_pack(actor.authority_id))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_add(
                actor=actor,
                panel_id=form.cleaned_data["panel"],
                day=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                urgent_only=form.urgent_only,
            )
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Meeting added for {govuk_datetime(meeting.starts_at)}")
            return redirect("meetings:agenda", meeting_id=meeting.pk)
    return render(request, "meetings/add.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def meeting_move(request: ActorRequest, meeting_id: int) -> HttpResponse:
    actor = request.actor
    meeting = get_meeting_for_actor(actor, meeting_id)
    permissions.check_can_move_meeting(actor, meeting)
    form = MeetingMoveForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.meeting_move(
                actor=actor,
                meeting_id=meeting.pk,
                day=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except (Invalid, IllegalTransition) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Meeting moved to {govuk_datetime(moved.starts_at)}")
            return redirect("meetings:agenda", meeting_id=moved.pk)
    return render(
        request,
        "meetings/move.html",
        {"meeting": meeting, "form": form, "places": places_of(meeting)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def meeting_cancel(request: ActorRequest, meeting_id: int) -> HttpResponse:
    actor = request.actor
    meeting = get_meeting_for_actor(actor, meeting_id)
    permissions.check_can_cancel_meeting(actor, meeting)
    form = MeetingCancelForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                actor=actor,
                meeting_id=meeting.pk,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except (Invalid, IllegalTransition) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The meeting on {govuk_date(meeting.starts_at)} is cancelled. Its items are "
                "listed at the next meeting.",
            )
            return redirect("meetings:agenda", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/cancel.html",
        {
            "meeting": meeting,
            "form": form,
            "places": places_of(meeting),
            "following": following_meeting(meeting),
        },
    )


# ------------------------------------------------------------------ changing items


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def item_remove(request: ActorRequest, item_id: int) -> HttpResponse:
    actor = request.actor
    item = get_item_for_actor(actor, item_id)
    permissions.check_can_remove_item(actor, item)
    form = ItemRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            relisted = services.agenda_item_remove(
                actor=actor, item_id=item.pk, reason=form.cleaned_data["reason"]
            )
        except (Invalid, IllegalTransition) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Referral {item.referral_id} is removed from the agenda. It is listed at "
                f"the meeting on {govuk_datetime(relisted.meeting.starts_at)}.",
            )
            return redirect("meetings:agenda", meeting_id=item.meeting_id)
    return render(
        request,
        "meetings/item_remove.html",
        {"item": item, "form": form, "following": following_meeting(item.meeting)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def item_accept_late(request: ActorRequest, item_id: int) -> HttpResponse:
    actor = request.actor
    item = get_item_for_actor(actor, item_id)
    panel = get_pack(actor.authority_id).panel(item.meeting.panel_id)
    permissions.check_can_accept_late(actor, panel.late_accepted_by)
    choices = late_meetings(item, earlier_meetings(item.meeting))
    form = AcceptLateForm(
        request.POST or None,
        meetings=[(m.pk, govuk_datetime(m.starts_at)) for m in choices],
    )
    if request.method == "POST" and form.is_valid():
        try:
            accepted = services.referral_accept_late(
                actor=actor,
                referral_id=item.referral_id,
                meeting_id=form.cleaned_data["meeting"],
                reason=form.cleaned_data["reason"],
            )
        except (Invalid, IllegalTransition) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Referral {item.referral_id} is accepted as late for the meeting on "
                f"{govuk_datetime(accepted.meeting.starts_at)}.",
            )
            return redirect("meetings:agenda", meeting_id=accepted.meeting_id)
    return render(
        request,
        "meetings/item_accept_late.html",
        {"item": item, "form": form, "choices": choices},
    )
