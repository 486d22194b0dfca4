"""Every change to meetings and agendas: generating, adding, moving and cancelling
meetings; listing referrals; removing, prioritising and carrying items over.

Listing takes a row lock on each candidate meeting before counting its items, so two
coordinators (or two server processes) can never both take a meeting's last place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from carepanel.accounts.actors import Actor
from carepanel.audit.services import audit_record
from carepanel.core.errors import IllegalTransition, Invalid, NotFound
from carepanel.core.templatetags.govuk_dates import govuk_time
from carepanel.meetings import permissions
from carepanel.meetings.completeness import gaps_for_items
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.queries import following_meeting, places_left, with_places
from carepanel.meetings.signals import meeting_moved, ratification_carried_over
from carepanel.policy import LONDON, Pack, get_pack, meeting_on
from carepanel.policy.calendar import meeting_days
from carepanel.referrals.models import Referral
from carepanel.referrals.permissions import check_can_list_referral
from carepanel.referrals.queries import get_referral_for_actor
from carepanel.referrals.services import check_version
from carepanel.referrals.transitions import advance, allows

# Meetings are generated this far ahead (the forward view), and listing never
# looks further: past it, a coordinator must add a meeting.
HORIZON_WEEKS = 16

NO_ROOM = (
    "No meeting of the {panel} in the next 16 weeks has a place left. Ask the panel "
    "coordinator to add a meeting."
)


def _today() -> dt.date:
    return timezone.localdate()


def meetings_generate(*, authority_id: str, start: dt.date | None = None) -> int:
    """Create the pack's meetings from `start` for HORIZON_WEEKS; returns how many were new.

    Idempotent: a cadence day that already has a row (scheduled, moved or cancelled) is
    left as the coordinator made it.
    """
    pack = get_pack(authority_id)
    first = start or _today()
    last = first + dt.timedelta(weeks=HORIZON_WEEKS)
    created = 0
    for panel in pack.panels:
        existing = set(
            Meeting.objects.filter(
                authority_id=authority_id,
                panel_id=panel.id,
                cadence_day__gte=first,
                cadence_day__lte=last,
            ).values_list("cadence_day", flat=True)
        )
        new = [
            _meeting_row(pack, panel.id, day, cadence_day=day)
            for day in meeting_days(panel, first, last)
            if day not in existing
        ]
        Meeting.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
    return created


def _meeting_row(
    pack: Pack, panel_id: str, day: dt.date, *, cadence_day: dt.date | None
) -> Meeting:
    panel = pack.panel(panel_id)
    sitting = meeting_on(pack, panel, day)
    return Meeting(
        authority_id=pack.authority.id,
        panel_id=panel.id,
        panel_name=panel.name,
        starts_at=sitting.starts_at,
        ends_at=sitting.ends_at,
        submission_deadline=sitting.submission_deadline,
        papers_deadline=sitting.papers_deadline,
        capacity=sitting.capacity,
        slot_minutes=sitting.slot_minutes,
        venue=panel.venue,
        cadence_day=cadence_day,
    )


def _get_meeting(actor: Actor, meeting_id: int, *, for_update: bool = False) -> Meeting:
    meetings = Meeting.objects.filter(authority_id=actor.authority_id)
    if for_update:
        meetings = meetings.select_for_update()
    try:
        return meetings.get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise NotFound("No meeting with that id.") from None


def _check_day(pack: Pack, panel_id: str, day: dt.date) -> None:
    if day <= _today():
        raise Invalid({"date": "The date must be in the future."})
    if day > _today() + dt.timedelta(weeks=52):
        raise Invalid({"date": "The date must be within the next year."})
    try:
        pack.panel(panel_id)
    except Exception:
        raise Invalid({"panel": "This authority has no panel with that id."}) from None


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise Invalid({"reason": "Enter the reason."})
    return reason


@transaction.atomic
def meeting_add(
    *, actor: Actor, panel_id: str, day: dt.date, reason: str, urgent_only: bool = False
) -> Meeting:
    """An extra sitting, with the times and deadlines the panel's rules give for that day.

    An `urgent_only` sitting takes only urgent business (late items accepted by the chair
    or a head of service, emergencies and ratifications): ordinary listing passes it by."""
    permissions.check_can_add_meeting(actor)
    reason = _require_reason(reason)
    pack = get_pack(actor.authority_id)
    _check_day(pack, panel_id, day)
    meeting = _meeting_row(pack, panel_id, day, cadence_day=None)
    meeting.change_reason = reason
    meeting.urgent_only = urgent_only
    meeting.save()
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="meeting.added",
        obj=meeting,
        data={"day": day.isoformat(), "reason": reason, "urgent_only": urgent_only},
    )
    return meeting


@transaction.atomic
def meeting_move(
    *, actor: Actor, meeting_id: int, day: dt.date, reason: str, version: int | None = None
) -> Meeting:
    """Move a sitting to another day; its deadlines follow, its agenda goes with it."""
    meeting = _get_meeting(actor, meeting_id, for_update=True)
    permissions.check_can_move_meeting(actor, meeting)
    reason = _require_reason(reason)
    _check_version(meeting, version)
    pack = get_pack(actor.authority_id)
    _check_day(pack, meeting.panel_id, day)
    moved_from = meeting.day
    row = _meeting_row(pack, meeting.panel_id, day, cadence_day=meeting.cadence_day)
    for field in ("starts_at", "ends_at", "submission_deadline", "papers_deadline"):
        setattr(meeting, field, getattr(row, field))
    meeting.change_reason = reason
    meeting.version += 1
    meeting.save(
        update_fields=[
            "starts_at",
            "ends_at",
            "submission_deadline",
            "papers_deadline",
            "change_reason",
            "version",
        ]
    )
    _times_follow(meeting)
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="meeting.moved",
        obj=meeting,
        data={"from": moved_from.isoformat(), "to": day.isoformat(), "reason": reason},
    )
    meeting_moved.send(sender=Meeting, meeting=meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_cancel(
    *, actor: Actor, meeting_id: int, reason: str, version: int | None = None
) -> Meeting:
    """Cancel a sitting; every item on its agenda goes to the next meeting, never lost."""
    meeting = _get_meeting(actor, meeting_id, for_update=True)
    permissions.check_can_cancel_meeting(actor, meeting)
    reason = _require_reason(reason)
    _check_version(meeting, version)
    meeting.status = Meeting.Status.CANCELLED
    meeting.change_reason = reason
    meeting.version += 1
    meeting.save(update_fields=["status", "change_reason", "version"])
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="meeting.cancelled",
        obj=meeting,
        data={"reason": reason},
    )
    items = AgendaItem.objects.filter(
        authority_id=actor.authority_id, meeting=meeting, status=AgendaItem.Status.LISTED
    ).select_related("referral")
    for item in items:
        carry_over(item=item, actor=actor, status=AgendaItem.Status.MOVED, reason=reason)
    return meeting


def _times_follow(meeting: Meeting) -> None:
    """The times to attend advised for a moved meeting keep their time of day on its new
    day; one the new sitting's hours do not cover is cleared, to be advised again."""
    items = list(
        AgendaItem.objects.filter(
            authority_id=meeting.authority_id,
            meeting=meeting,
            status=AgendaItem.Status.LISTED,
            attend_at__isnull=False,
        )
    )
    for item in items:
        if item.attend_at is None:  # for mypy: the filter leaves none
            continue
        at = _on_the_day(meeting, timezone.localtime(item.attend_at, LONDON).time())
        item.attend_at = at if _within_sitting(meeting, at) else None
    AgendaItem.objects.bulk_update(items, ["attend_at"])


def _on_the_day(meeting: Meeting, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(meeting.day, time, tzinfo=LONDON)


def _within_sitting(meeting: Meeting, at: dt.datetime) -> bool:
    return meeting.starts_at <= at < meeting.ends_at


def _check_version(meeting: Meeting, version: int | None) -> None:
    if version is not None and version != meeting.version:
        raise IllegalTransition(
            "Someone else changed this meeting since you opened it. Reload it and try again."
        )


# ----------------------------------------------------------------------------- listing


def _candidates(referral: Referral, *, after: dt.datetime) -> list[Meeting]:
    """The scheduled meetings of the referral's panel starting after `after`, locked,
    with their places counted (`with_places`)."""
    ids = list(
        Meeting.objects.select_for_update()
        .filter(
            authority_id=referral.authority_id,
            panel_id=referral.panel_id,
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=after,
        )
        .order_by("starts_at")
        .values_list("pk", flat=True)
    )
    return list(with_places(Meeting.objects.filter(pk__in=ids)).order_by("starts_at"))


def _new_item(
    referral: Referral,
    meeting: Meeting,
    *,
    purpose: str,
    now: dt.datetime,
    carried_over_from: AgendaItem | None = None,
    late_by: Actor | None = None,
    late_reason: str = "",
) -> AgendaItem:
    return AgendaItem.objects.create(
        authority_id=referral.authority_id,
        meeting=meeting,
        referral=referral,
        purpose=purpose,
        listed_at=now,
        carried_over_from=carried_over_from,
        late=late_by is not None,
        late_accepted_by=late_by.user if late_by else None,
        late_reason=late_reason,
    )


def referral_place(*, referral: Referral, actor: Actor | None, purpose: str) -> AgendaItem:
    """List an agreed referral at the earliest meeting whose submission deadline it met
    and which has a place; for a ratification, at the next meeting whatever its deadline.

    Runs inside the caller's transaction, with the referral row already locked.
    """
    now = timezone.now()
    meetings_generate(authority_id=referral.authority_id)
    ready = referral.ready_at or now
    ratification = purpose == AgendaItem.Purpose.RATIFICATION
    for meeting in _candidates(referral, after=now):
        if ratification:
            # Emergencies and retrospective approvals are heard at the next meeting,
            # deadline or not (BCP: "emergencies excepted").
            break
        if meeting.urgent_only or meeting.submission_deadline < ready:
            continue
        if places_left(meeting) != 0:
            break
    else:
        pack = get_pack(referral.authority_id)
        raise IllegalTransition(NO_ROOM.format(panel=pack.panel(referral.panel_id).name))
    item = _new_item(referral, meeting, purpose=purpose, now=now)
    advance(referral, "emergency" if ratification else "list")
    audit_record(
        actor=actor,
        authority_id=referral.authority_id,
        action="referral.listed",
        obj=item,
        referral_id=referral.pk,
        data={"meeting": meeting.pk, "purpose": purpose},
    )
    return item


def carry_over(
    *, item: AgendaItem, actor: Actor | None, status: str, reason: str = ""
) -> AgendaItem:
    """Close `item` and list its referral at the next meeting after the item's own.

    A deferred, removed or cancelled item is never lost; it may take the next meeting
    past its capacity, which the chair then prioritises. An item for decision is ordinary
    business, so it passes by a sitting for urgent business only; a ratification does not.
    """
    now = timezone.now()
    meeting = item.meeting
    meetings_generate(authority_id=item.authority_id, start=meeting.day)
    ratification = item.purpose == AgendaItem.Purpose.RATIFICATION
    following = following_meeting(meeting, urgent=ratification)
    if following is None:
        raise IllegalTransition(
            f"The {meeting.panel_name} has no later meeting. Ask the panel coordinator to "
            "add one first."
        )
    item.status = status
    item.removed_reason = reason
    item.version += 1
    item.save(update_fields=["status", "removed_reason", "version"])
    new = _new_item(item.referral, following, purpose=item.purpose, now=now, carried_over_from=item)
    if item.purpose == AgendaItem.Purpose.RATIFICATION:
        ratification_carried_over.send(
            sender=AgendaItem, item=item, following=following, actor=actor
        )
    referral = item.referral
    advance(referral, "carry_over")
    audit_record(
        actor=actor,
        authority_id=item.authority_id,
        action="agenda_item.carried_over",
        obj=new,
        referral_id=referral.pk,
        data={"from_item": item.pk, "from_meeting": meeting.pk, "to_meeting": following.pk},
    )
    return new


def agenda_item_hear(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    """The panel has heard the item (decisions records what it decided). Runs inside
    the caller's transaction, with the item's row already locked."""
    if item.status != AgendaItem.Status.LISTED:
        raise IllegalTransition("This item is no longer on the agenda.")
    item.status = AgendaItem.Status.HEARD
    item.version += 1
    item.save(update_fields=["status", "version"])
    audit_record(
        actor=actor,
        authority_id=item.authority_id,
        action="agenda_item.heard",
        obj=item,
        referral_id=item.referral_id,
        data={"meeting": item.meeting_id},
    )
    return item


@transaction.atomic
def agenda_item_end(*, actor: Actor | None, item_id: int, reason: str) -> AgendaItem:
    """Take a listed item off its agenda for good (its referral was withdrawn): unlike
    `agenda_item_remove`, it is not relisted."""
    item = AgendaItem.objects.select_for_update().get(pk=item_id)
    if item.status != AgendaItem.Status.LISTED:
        raise IllegalTransition("This item is no longer on the agenda.")
    item.status = AgendaItem.Status.REMOVED
    item.removed_reason = reason
    item.version += 1
    item.save(update_fields=["status", "removed_reason", "version"])
    audit_record(
        actor=actor,
        authority_id=item.authority_id,
        action="agenda_item.ended",
        obj=item,
        referral_id=item.referral_id,
        data={"meeting": item.meeting_id, "reason": reason},
    )
    return item


def _get_item(actor: Actor, item_id: int) -> AgendaItem:
    try:
        return (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting", "referral")
            .get(authority_id=actor.authority_id, pk=item_id)
        )
    except AgendaItem.DoesNotExist:
        raise NotFound("No agenda item with that id.") from None


@transaction.atomic
def referral_list(*, actor: Actor, referral_id: int, version: int | None = None) -> AgendaItem:
    """List an agreed referral that is not on an agenda (the coordinator's retry after a
    full horizon, once a meeting has been added)."""
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    check_can_list_referral(actor, referral)
    check_version(referral, version)
    return referral_place(referral=referral, actor=actor, purpose=AgendaItem.Purpose.DECISION)


@transaction.atomic
def agenda_item_remove(*, actor: Actor, item_id: int, reason: str) -> AgendaItem:
    """The chair removes an item (papers, sign-off or presenter missing); it is relisted
    at the next meeting, with the papers it lacked on record."""
    item = _get_item(actor, item_id)
    permissions.check_can_remove_item(actor, item)
    reason = _require_reason(reason)
    gaps = gaps_for_items([item]).get(item.pk, [])
    item.gaps_when_removed = [{"type": g.type, "problem": g.problem} for g in gaps]
    item.save(update_fields=["gaps_when_removed"])
    return carry_over(item=item, actor=actor, status=AgendaItem.Status.REMOVED, reason=reason)


@transaction.atomic
def agenda_prioritise(*, actor: Actor, meeting_id: int, item_ids: Sequence[int]) -> Meeting:
    """The chair's order for the agenda: `item_ids` first to last; all listed items."""
    meeting = _get_meeting(actor, meeting_id, for_update=True)
    permissions.check_can_prioritise_agenda(actor)
    items = {
        item.pk: item
        for item in AgendaItem.objects.filter(
            authority_id=actor.authority_id, meeting=meeting, status=AgendaItem.Status.LISTED
        )
    }
    if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
        raise Invalid({"items": "List every item on the agenda once, in the order to hear them."})
    for position, item_id in enumerate(item_ids, start=1):
        items[item_id].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="agenda.prioritised",
        obj=meeting,
        data={"items": list(item_ids)},
    )
    return meeting


@transaction.atomic
def agenda_times_set(
    *, actor: Actor, meeting_id: int, times: Mapping[int, dt.time | None], version: int | None
) -> Meeting:
    """The coordinator advises presenters when to attend: for each listed item in
    `times`, its time on the meeting's day (London time), or None to clear it. Items not
    in `times` keep theirs. Where the panel has slots, a set time overrides the slot."""
    meeting = _get_meeting(actor, meeting_id, for_update=True)
    permissions.check_can_set_times(actor, meeting)
    _check_version(meeting, version)
    items = {
        item.pk: item
        for item in AgendaItem.objects.filter(
            authority_id=actor.authority_id,
            meeting=meeting,
            status=AgendaItem.Status.LISTED,
            pk__in=list(times),
        )
    }
    errors: dict[str, str] = {}
    for item_id, time in times.items():
        if item_id not in items:
            errors[f"times.{item_id}"] = "This item is not listed on this meeting's agenda."
        elif time is not None and not _within_sitting(meeting, _on_the_day(meeting, time)):
            errors[f"times.{item_id}"] = (
                f"The time must be within the sitting, from {govuk_time(meeting.starts_at)} "
                f"to {govuk_time(meeting.ends_at)}."
            )
    if errors:
        raise Invalid(errors)
    for item_id, time in times.items():
        items[item_id].attend_at = None if time is None else _on_the_day(meeting, time)
    AgendaItem.objects.bulk_update(items.values(), ["attend_at"])
    meeting.version += 1
    meeting.save(update_fields=["version"])
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="agenda.times_set",
        obj=meeting,
        data={
            "times": {
                str(item_id): None if time is None else time.strftime("%H:%M")
                for item_id, time in times.items()
            }
        },
    )
    return meeting


@transaction.atomic
def referral_accept_late(
    *, actor: Actor, referral_id: int, meeting_id: int, reason: str
) -> AgendaItem:
    """Accept a referral as exceptional for a meeting whose deadline it missed.

    The pack names who may (`late.accepted_by`: the chair or a head of service); the
    item is flagged late with the reason, and may take the meeting past its capacity.
    """
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    pack = get_pack(actor.authority_id)
    panel = pack.panel(referral.panel_id or None)
    permissions.check_can_accept_late(actor, panel.late_accepted_by)
    reason = _require_reason(reason)
    if not allows(referral.status, "accept_late"):
        raise IllegalTransition(
            "Only a referral with its sign-offs, not yet heard, can be accepted late."
        )
    meeting = _get_meeting(actor, meeting_id, for_update=True)
    if meeting.panel_id != referral.panel_id or meeting.is_cancelled:
        raise Invalid({"meeting": "Choose a scheduled meeting of the panel this referral goes to."})
    now = timezone.now()
    if meeting.starts_at <= now:
        raise IllegalTransition("This meeting has already started.")
    if referral.ready_at is not None and referral.ready_at <= meeting.submission_deadline:
        raise IllegalTransition("This referral met that meeting's deadline, so it is not late.")
    current = AgendaItem.objects.filter(
        authority_id=actor.authority_id, referral=referral, status=AgendaItem.Status.LISTED
    ).first()
    if current is not None:
        if current.meeting_id == meeting.pk:
            raise IllegalTransition("This referral is already on that meeting's agenda.")
        current.status = AgendaItem.Status.MOVED
        current.removed_reason = reason
        current.version += 1
        current.save(update_fields=["status", "removed_reason", "version"])
    item = _new_item(
        referral,
        meeting,
        purpose=current.purpose if current else AgendaItem.Purpose.DECISION,
        now=now,
        carried_over_from=current,
        late_by=actor,
        late_reason=reason,
    )
    advance(referral, "accept_late")
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="referral.accepted_late",
        obj=item,
        referral_id=referral.pk,
        data={"meeting": meeting.pk, "reason": reason},
    )
    return item
