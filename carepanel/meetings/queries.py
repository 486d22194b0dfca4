"""Reads of meetings and agendas, scoped to the actor's authority and role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from carepanel.accounts.actors import Actor
from carepanel.audit.services import audit_record
from carepanel.core.errors import NotFound
from carepanel.meetings.completeness import gaps_for_items
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.permissions import (
    can_prioritise_agenda,
    can_remove_item,
    can_see_agenda,
    can_see_meetings,
)
from carepanel.policy import PaperGap, get_pack
from carepanel.policy.schema import SignOff as SignOffRule
from carepanel.referrals.models import Paper, Referral, ReferralChild, SignOff
from carepanel.referrals.queries import referrals_visible_to

if TYPE_CHECKING:
    from carepanel.children.models import Child


# ------------------------------------------------------------------ places

# The items a meeting's capacity counts: every request still to be heard there and every
# request heard there, whatever the outcome (a deferred item was heard at this meeting;
# its referral's new item counts at the next). A decision never frees a place.
TAKING_A_PLACE = (AgendaItem.Status.LISTED, AgendaItem.Status.HEARD)


def _takes_a_place() -> Q:
    """Of a meeting's items: listed, heard, or taken off by the panel's own decision at
    the hearing ("not heard"), which is a recorded outcome too. An item the chair removed
    before the meeting, or moved, holds no place."""
    return Q(status__in=TAKING_A_PLACE) | Q(
        status=AgendaItem.Status.REMOVED, decisions__isnull=False
    )


def with_places(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The one count of a meeting's room, for listing, the pages, the home page and the
    API: `listed` (items still to be heard), `taken` (places its requests hold) and
    `places_left` (None where the panel sets no limit, never below 0). Read it through
    `places_of`."""
    taken = (
        AgendaItem.objects.filter(meeting=OuterRef("pk"))
        .filter(_takes_a_place())
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return meetings.annotate(
        listed=Count("items", filter=Q(items__status=AgendaItem.Status.LISTED), distinct=True),
        taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0),
    ).annotate(
        places_left=Case(
            When(capacity__isnull=True, then=None),
            When(taken__gte=F("capacity"), then=Value(0)),
            default=F("capacity") - F("taken"),
            output_field=IntegerField(),
        )
    )


@dataclass(frozen=True)
class Places:
    """A meeting's room: its capacity (None where the panel sets no limit), the items
    still to be heard, the places taken, places left and how many it holds beyond."""

    capacity: int | None
    listed: int
    taken: int
    left: int | None

    @property
    def over_by(self) -> int:
        return 0 if self.capacity is None else max(self.taken - self.capacity, 0)

    @property
    def full(self) -> bool:
        return self.left == 0


def places_of(meeting: Meeting) -> Places:
    """A meeting's places, from the counts `with_places` annotates (as every read of
    meetings here does)."""
    return Places(
        capacity=meeting.capacity,
        listed=meeting.listed,  # type: ignore[attr-defined]
        taken=meeting.taken,  # type: ignore[attr-defined]
        left=meeting.places_left,  # type: ignore[attr-defined]
    )


def places_left(meeting: Meeting) -> int | None:
    return places_of(meeting).left


# ------------------------------------------------------------------ meetings


def meetings_visible_to(actor: Actor) -> QuerySet[Meeting]:
    if not can_see_meetings(actor):
        return Meeting.objects.none()
    return with_places(Meeting.objects.filter(authority_id=actor.authority_id))


def upcoming_meetings(actor: Actor, now: dt.datetime) -> QuerySet[Meeting]:
    """Scheduled meetings still to start, soonest first, with `listed` annotated."""
    return (
        meetings_visible_to(actor)
        .filter(status=Meeting.Status.SCHEDULED, starts_at__gt=now)
        .order_by("starts_at", "pk")
    )


def agendas_to_order(actor: Actor, now: dt.datetime) -> QuerySet[Meeting]:
    """Meetings to come with more requests than places (listed or heard), for a chair
    (`permissions.can_prioritise_agenda`) to say which go first."""
    if not can_prioritise_agenda(actor):
        return Meeting.objects.none()
    return upcoming_meetings(actor, now).filter(
        capacity__isnull=False,
        taken__gt=F("capacity"),  # type: ignore[misc]  # annotated by meetings_visible_to
    )


def get_meeting_for_actor(actor: Actor, meeting_id: int) -> Meeting:
    try:
        return meetings_visible_to(actor).get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise NotFound("No meeting with that id.") from None


def items_visible_to(actor: Actor) -> QuerySet[AgendaItem]:
    """The panel's roles see every item; a social worker or team manager only the items
    of referrals they may see (their team's), as DESIGN.md §9 asks."""
    items = AgendaItem.objects.filter(authority_id=actor.authority_id)
    if can_see_agenda(actor):
        return items
    if not can_see_meetings(actor):
        return items.none()
    return items.filter(referral__in=referrals_visible_to(actor).values("pk"))


def agenda_items(meeting: Meeting, actor: Actor) -> QuerySet[AgendaItem]:
    """The meeting's items in the chair's order, with what the agenda shows of each:
    a fixed number of queries whatever the number of items."""
    return (
        items_visible_to(actor)
        .filter(meeting=meeting)
        .select_related("referral", "referral__presenter", "meeting", "late_accepted_by")
        .prefetch_related(
            Prefetch(
                "referral__child_links",
                queryset=ReferralChild.objects.select_related("child"),
            ),
            Prefetch("referral__papers", queryset=Paper.objects.order_by("uploaded_at")),
            "decisions",
        )
        .order_by("position", "listed_at", "pk")
    )


def get_item_for_actor(actor: Actor, item_id: int, *, for_update: bool = False) -> AgendaItem:
    """An agenda item the actor may see."""
    items = items_visible_to(actor)
    if for_update:
        items = items.select_for_update(of=("self",))
    try:
        return items.select_related("meeting", "referral").get(pk=item_id)
    except AgendaItem.DoesNotExist:
        raise NotFound("No agenda item with that id.") from None


# ------------------------------------------------------------------ the list of meetings

MEETING_SORTS = ("date", "places")


def meeting_table(
    actor: Actor,
    *,
    starting: dt.datetime,
    panel_id: str = "",
    sort: str = "date",
    descending: bool = False,
) -> QuerySet[Meeting]:
    """The meetings from `starting`, with their items listed and late and their places
    left counted in SQL. Sorted by date, or by places left (a panel without a limit
    has the most places)."""
    meetings = (
        meetings_visible_to(actor)
        .filter(starts_at__gte=starting)
        .annotate(
            late=Count(
                "items",
                filter=Q(items__status=AgendaItem.Status.LISTED, items__late=True),
                distinct=True,
            ),
        )
    )
    if panel_id:
        meetings = meetings.filter(panel_id=panel_id)
    if sort == "places":
        places = F("places_left")
        first = places.desc(nulls_first=True) if descending else places.asc(nulls_last=True)
        return meetings.order_by(first, "starts_at", "pk")
    return meetings.order_by(*(["-starts_at", "-pk"] if descending else ["starts_at", "pk"]))


# ------------------------------------------------------------------ completeness


def sign_offs_missing(referral: Referral) -> list[SignOffRule]:
    """The sign-offs the referral's panel asks for that no one has agreed in its current
    round (an emergency listed for ratification has had none). Reads `sign_offs`:
    prefetch them."""
    pack = get_pack(referral.authority_id)
    given = {
        (s.role, s.action)
        for s in referral.sign_offs.all()
        if s.round == referral.round and s.outcome == SignOff.Outcome.AGREED
    }
    return [
        rule
        for rule in pack.panel(referral.panel_id or None).sign_offs
        if (rule.role, rule.action) not in given
    ]


@dataclass(frozen=True)
class Completeness:
    paper_gaps: list[PaperGap]
    sign_offs_missing: list[SignOffRule]

    @property
    def complete(self) -> bool:
        return not self.paper_gaps and not self.sign_offs_missing


def with_completeness(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """What `completeness_of` reads of each item, in a fixed number of queries."""
    return items.select_related("referral", "meeting").prefetch_related(
        Prefetch("referral__child_links", queryset=ReferralChild.objects.select_related("child")),
        Prefetch("referral__papers", queryset=Paper.objects.order_by("uploaded_at")),
        "referral__sign_offs",
    )


def completeness_of(items: list[AgendaItem]) -> dict[int, Completeness]:
    """Each item's missing papers and sign-offs, keyed by item id: the one rule of an
    item's completeness, for the pages and the API. A ratification asks for no sign-off:
    the emergency was approved by the roles the pack names. Load the items
    `with_completeness` (or as `agenda_for` does), or this queries per item."""
    gaps = gaps_for_items(items)
    return {
        item.pk: Completeness(
            gaps[item.pk],
            []
            if item.purpose == AgendaItem.Purpose.RATIFICATION
            else sign_offs_missing(item.referral),
        )
        for item in items
    }


def incomplete_counts(actor: Actor, meeting_ids: list[int]) -> dict[int, int]:
    """How many listed items of each meeting lack a paper or a sign-off, for the
    coordinator's list of meetings: a fixed number of queries."""
    items = list(
        with_completeness(
            items_visible_to(actor).filter(
                meeting_id__in=meeting_ids, status=AgendaItem.Status.LISTED
            )
        )
    )
    found = completeness_of(items)
    counts = dict.fromkeys(meeting_ids, 0)
    for item in items:
        if not found[item.pk].complete:
            counts[item.meeting_id] += 1
    return counts


# ------------------------------------------------------------------ the agenda

# Items that hold a slot in the running order: those still to be heard and those heard.
IN_RUNNING_ORDER = (AgendaItem.Status.LISTED, AgendaItem.Status.HEARD)


def slot_start(meeting: Meeting, before: int) -> dt.datetime | None:
    """The one rule for a slot: the meeting's start plus a slot for each item before it
    in the running order; None where the panel sets no slot length."""
    if not meeting.slot_minutes:
        return None
    return meeting.starts_at + dt.timedelta(minutes=before * meeting.slot_minutes)


def slot_times(
    meeting: Meeting, running_order: Iterable[tuple[int, str]]
) -> dict[int, dt.datetime | None]:
    """When each item is heard (`slot_start`). `running_order` is every item's (id,
    status) in the agenda's order. None for an item removed or moved (it holds no slot)."""
    times: dict[int, dt.datetime | None] = {}
    before = 0
    for item_id, status in running_order:
        if status not in IN_RUNNING_ORDER:
            times[item_id] = None
            continue
        times[item_id] = slot_start(meeting, before)
        before += 1
    return times


def slots_before() -> Coalesce:
    """The same count as `slot_times` makes, in SQL for a list of items of several
    meetings: how many items come before this one in its meeting's running order."""
    earlier = (
        Q(position__lt=OuterRef("position"))
        | Q(position=OuterRef("position"), listed_at__lt=OuterRef("listed_at"))
        | Q(position=OuterRef("position"), listed_at=OuterRef("listed_at"), pk__lt=OuterRef("pk"))
    )
    before = (
        AgendaItem.objects.filter(
            earlier,
            authority_id=OuterRef("authority_id"),
            meeting=OuterRef("meeting"),
            status__in=IN_RUNNING_ORDER,
        )
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(before, output_field=IntegerField()), Value(0))


def time_to_attend_annotated(item: AgendaItem) -> dt.datetime | None:
    """`time_to_attend` of an item read with `slots_before` annotated (and its meeting)."""
    before: int = item.slots_before  # type: ignore[attr-defined]
    return time_to_attend(item, slot_start(item.meeting, before))


def time_to_attend(item: AgendaItem, slot: dt.datetime | None) -> dt.datetime | None:
    """The one rule for an item's time, wherever it is shown: the time the coordinator
    advised, if they have; otherwise its `slot` (see `slot_times`), where the panel has
    slots; otherwise none yet. An item removed or moved holds no time."""
    if item.status not in IN_RUNNING_ORDER:
        return None
    return item.attend_at or slot


def beyond_capacity(meeting: Meeting, running_order: Iterable[tuple[int, str]]) -> set[int]:
    """The listed items, in the agenda's order, that fall past the meeting's capacity
    (items already heard keep the places they took)."""
    if meeting.capacity is None:
        return set()
    holding = [(item_id, status) for item_id, status in running_order if status in TAKING_A_PLACE]
    return {
        item_id
        for item_id, status in holding[meeting.capacity :]
        if status == AgendaItem.Status.LISTED
    }


def running_order(actor: Actor, meeting: Meeting, items: list[AgendaItem]) -> list[tuple[int, str]]:
    """Every item's (id, status) in the agenda's order. Someone who sees only some of the
    items still needs the others' places to know when theirs is heard: one query then,
    of ids and statuses only."""
    if can_see_agenda(actor):
        return [(item.pk, item.status) for item in items]
    return list(
        AgendaItem.objects.filter(authority_id=meeting.authority_id, meeting=meeting)
        .order_by("position", "listed_at", "pk")
        .values_list("pk", "status")
    )


def earlier_meetings(meeting: Meeting) -> list[Meeting]:
    """The panel's scheduled meetings still to come that sit before `meeting`: where an
    item on its agenda may be accepted late."""
    return list(
        Meeting.objects.filter(
            authority_id=meeting.authority_id,
            panel_id=meeting.panel_id,
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=timezone.now(),
            starts_at__lt=meeting.starts_at,
        ).order_by("starts_at", "pk")
    )


def late_meetings(item: AgendaItem, earlier: list[Meeting]) -> list[Meeting]:
    """Of `earlier` (see `earlier_meetings`), those whose deadline the item's referral
    missed, so that it could be accepted there as late; none for an item not listed."""
    if item.status != AgendaItem.Status.LISTED:
        return []
    ready = item.referral.ready_at
    return [m for m in earlier if ready is None or ready > m.submission_deadline]


def following_meeting(meeting: Meeting, *, urgent: bool = False) -> Meeting | None:
    """The panel's next scheduled meeting after `meeting` (or after now, if it has
    started): where an item removed from it, or a cancelled meeting's items, go. Only an
    `urgent` item (a ratification) may go to a sitting for urgent business only."""
    following = Meeting.objects.filter(
        authority_id=meeting.authority_id,
        panel_id=meeting.panel_id,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=max(meeting.starts_at, timezone.now()),
    ).exclude(pk=meeting.pk)
    if not urgent:
        following = following.filter(urgent_only=False)
    return following.order_by("starts_at", "pk").first()


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    # When its presenter is to attend (see `time_to_attend`).
    slot_starts_at: dt.datetime | None
    children: list[Child]
    # None once the item is no longer listed: its completeness no longer matters.
    completeness: Completeness | None
    # The newest decision on the item (decisions' page shows it).
    decision_id: int | None
    beyond_capacity: bool
    # Earlier meetings whose deadline it missed: where it may be accepted late.
    late_meetings: list[Meeting]
    # The actor may take it off the agenda (`permissions.check_can_remove_item`).
    may_remove: bool

    @property
    def time_to_be_advised(self) -> bool:
        """Still to be heard, with no time yet: the coordinator has yet to advise one."""
        return self.slot_starts_at is None and self.item.status == AgendaItem.Status.LISTED


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting
    places: Places
    rows: list[AgendaRow]


def agenda_for(actor: Actor, meeting_id: int, *, with_late_meetings: bool = True) -> Agenda:
    """The meeting and the items on its agenda the actor may see, in the chair's order,
    with each item's time to attend, papers and sign-offs: a fixed number of queries, whatever
    its length. The agenda page and the API both serialise it. It names children, so the
    read is audited. Without `with_late_meetings` (the API shows none), one query fewer."""
    meeting = get_meeting_for_actor(actor, meeting_id)
    items = list(agenda_items(meeting, actor).prefetch_related("referral__sign_offs"))
    listed = [item for item in items if item.status == AgendaItem.Status.LISTED]
    completeness = completeness_of(listed)
    order = running_order(actor, meeting, items)
    slots = slot_times(meeting, order)
    past_capacity = beyond_capacity(meeting, order)
    earlier = earlier_meetings(meeting) if listed and with_late_meetings else []
    rows = [
        AgendaRow(
            item=item,
            slot_starts_at=time_to_attend(item, slots[item.pk]),
            children=[link.child for link in item.referral.child_links.all()],
            completeness=completeness.get(item.pk),
            decision_id=next((d.pk for d in item.decisions.all()), None),  # newest first
            beyond_capacity=item.pk in past_capacity,
            late_meetings=late_meetings(item, earlier),
            may_remove=can_remove_item(actor, item),
        )
        for item in items
    ]
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="agenda.viewed",
        obj=meeting,
        data={"referrals": [item.referral_id for item in items]},
    )
    return Agenda(meeting=meeting, places=places_of(meeting), rows=rows)


# ------------------------------------------------------------------ times to attend


@dataclass(frozen=True)
class TimeRow:
    # Its place in the running order, counting from 1.
    number: int
    item: AgendaItem
    # The time it has now (see `time_to_attend`): the coordinator's, or its slot.
    time: dt.datetime | None


def times_to_attend(actor: Actor, meeting_id: int) -> tuple[Meeting, list[TimeRow]]:
    """The meeting and its listed items in the running order, each with its time to
    attend: what the coordinator advises presenters. A fixed number of queries."""
    meeting = get_meeting_for_actor(actor, meeting_id)
    items = list(
        items_visible_to(actor)
        .filter(meeting=meeting, status__in=IN_RUNNING_ORDER)
        .select_related("referral", "referral__presenter")
        .prefetch_related(
            Prefetch(
                "referral__child_links",
                queryset=ReferralChild.objects.select_related("child"),
            )
        )
        .order_by("position", "listed_at", "pk")
    )
    order = running_order(actor, meeting, items)
    slots = slot_times(meeting, order)
    holding = (item_id for item_id, status in order if status in IN_RUNNING_ORDER)
    numbers = {item_id: number for number, item_id in enumerate(holding, start=1)}
    rows = [
        TimeRow(
            number=numbers[item.pk],
            item=item,
            time=time_to_attend(item, slots[item.pk]),
        )
        for item in items
        if item.status == AgendaItem.Status.LISTED
    ]
    return meeting, rows


# ---------------------------------------------------- a referral with its agenda items


def referrals_for_list(actor: Actor) -> QuerySet[Referral]:
    """The actor's referrals with what a list row shows (children, the meeting it is listed
    at): a fixed number of queries whatever the number of rows."""
    return referrals_visible_to(actor).prefetch_related(
        Prefetch("child_links", queryset=ReferralChild.objects.select_related("child")),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.filter(status=AgendaItem.Status.LISTED).select_related(
                "meeting"
            ),
            to_attr="listed_items",
        ),
    )


def current_item(referral: Referral) -> AgendaItem | None:
    """The item it is listed at now, else the latest it had. Reads the `agenda_items`
    prefetched newest first (as `get_referral_details_for_actor` does)."""
    items = list(referral.agenda_items.all())
    listed = [item for item in items if item.status == AgendaItem.Status.LISTED]
    return listed[0] if listed else (items[0] if items else None)


def get_referral_details_for_actor(actor: Actor, referral_id: int) -> Referral:
    """The referral with everything its pages and the API's referral show, in a fixed
    number of queries: its team and people, children, family, sign-offs, papers, agenda
    items (newest first) and decisions."""
    referrals = (
        referrals_visible_to(actor)
        .select_related("team", "presenter", "created_by", "emergency_decision")
        .prefetch_related(
            Prefetch("child_links", queryset=ReferralChild.objects.select_related("child")),
            "family",
            Prefetch("sign_offs", queryset=SignOff.objects.select_related("signed_by")),
            Prefetch("papers", queryset=Paper.objects.select_related("uploaded_by")),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("meeting").order_by("-listed_at", "-pk"),
            ),
            "decisions",
        )
    )
    try:
        return referrals.get(pk=referral_id)
    except Referral.DoesNotExist:
        raise NotFound("No referral with that id.") from None


def time_to_attend_for(item: AgendaItem) -> dt.datetime | None:
    """When the item's presenter attends: the meetings' one rule for an item's time
    (`carepanel.meetings.queries.time_to_attend`), with its slot from the running order.
    One query, where the meeting has slots and the coordinator has advised no time."""
    meeting = item.meeting
    if item.attend_at is not None or not meeting.slot_minutes:
        return time_to_attend(item, None)
    running_order = (
        AgendaItem.objects.filter(authority_id=item.authority_id, meeting_id=meeting.pk)
        .order_by("position", "listed_at", "pk")
        .values_list("pk", "status")
    )
    return time_to_attend(item, slot_times(meeting, list(running_order)).get(item.pk))
