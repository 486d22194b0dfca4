"""What needs each person now: the reads behind the home page and the navigation's counts.

This module only assembles: each rule of who may act on what is its app's, a filter in
its `queries.py` beside the predicate in its `permissions.py` (who signs off next, who
decides a delegated referral, who approves an emergency, what awaits finalisation, when
an item is heard, who sees what). Every read starts from the apps' scoped queries.
Each function runs a fixed number of queries whatever the number of rows; lists are
cut at `SHOWN` rows and the rest counted.

The navigation's counts (`counts_for`) run on every page: one query per kind of thing
counted, and only for the roles that have such things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils import timezone

from carepanel.accounts.actors import Actor
from carepanel.core.templatetags.govuk_dates import govuk_datetime
from carepanel.decisions.models import Approval, Decision
from carepanel.decisions.models import EmergencyDecision as Emergency
from carepanel.decisions.permissions import (
    approves_emergencies,
    delegated_approver_roles,
    finaliser_roles,
    signs_decisions,
)
from carepanel.decisions.queries import (
    approvals_visible_to,
    awaits_finalisation,
    decisions_to_finalise,
    decisions_to_sign,
    decisions_visible_to,
    emergencies_awaiting,
    emergency_decisions_visible_to,
    to_decide_q,
    to_finalise_q,
    to_sign_q,
)
from carepanel.meetings.completeness import gaps_for_items
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.permissions import can_prioritise_agenda, can_see_agenda
from carepanel.meetings.queries import (
    agendas_to_order,
    items_visible_to,
    places_of,
    slots_before,
    time_to_attend_annotated,
    upcoming_meetings,
)
from carepanel.policy import (
    ROLE_LABELS,
    Pack,
    PaperGap,
    cost_in_words,
    first_meeting_for,
    get_pack,
)
from carepanel.policy import Meeting as PolicyMeeting
from carepanel.referrals.models import Referral, ReferralChild
from carepanel.referrals.permissions import (
    can_create_referral,
    can_sign_off_referral,
    check_can_sign_off_referral,
)
from carepanel.referrals.queries import (
    OPEN_STATES,
    awaiting_sign_off_q,
    my_open_q,
    next_sign_off,
    own_work_q,
    referrals_visible_to,
    returned_q,
    sign_off_roles,
)

# Rows shown in each list on the home page; the rest are counted, with a link to the list.
SHOWN = 10
# Meetings shown ahead; the coordinator's completeness checks read the items on these.
MEETINGS_AHEAD = 4
# Agenda items whose papers are checked at once: four meetings of twenty-five items.
ITEMS_CHECKED = 100

S = Referral.Status


# --------------------------------------------------------------------- the counts


@dataclass(frozen=True)
class Counts:
    """What the navigation's badges count, and what the home page reuses of it."""

    returned: int = 0
    to_sign_off: int = 0
    to_decide: int = 0
    # The drafter's referrals still open (counted here as it costs no extra query).
    open_referrals: int = 0
    agendas_to_order: int = 0
    to_sign: int = 0
    to_finalise: int = 0
    emergencies_awaiting: tuple[Emergency, ...] = ()

    @property
    def referrals_waiting(self) -> int:
        return self.returned + self.to_sign_off + self.to_decide

    @property
    def decisions_waiting(self) -> int:
        return self.to_sign + self.to_finalise


def counts_for(actor: Actor, now: dt.datetime | None = None) -> Counts:
    """At most four queries: referrals, decisions, agendas, emergencies; each only for a
    person whose roles have such things to do."""
    now = now or timezone.now()
    pack = _pack(actor)
    values: dict[str, int] = {}

    referral_counts: dict[str, Count] = {}
    if can_create_referral(actor):
        referral_counts["returned"] = Count("pk", filter=returned_q(actor))
        referral_counts["open_referrals"] = Count("pk", filter=my_open_q(actor))
    sign_off = awaiting_sign_off_q(actor, pack)
    if sign_off is not None:
        referral_counts["to_sign_off"] = Count("pk", filter=sign_off)
    if actor.has(*delegated_approver_roles(pack)):
        referral_counts["to_decide"] = Count("pk", filter=to_decide_q(actor))
    if referral_counts:
        values.update(
            referrals_visible_to(actor).filter(status__in=OPEN_STATES).aggregate(**referral_counts)
        )

    if signs_decisions(actor, pack):
        values.update(
            decisions_visible_to(actor)
            .filter(Q(status=Decision.Status.RECORDED) | Q(finalised_at__isnull=True))
            .aggregate(
                to_sign=Count("pk", filter=to_sign_q(actor)),
                to_finalise=Count("pk", filter=to_finalise_q(actor)),
            )
        )

    if can_prioritise_agenda(actor):
        values["agendas_to_order"] = agendas_to_order(actor, now).count()

    emergencies: tuple[Emergency, ...] = ()
    if approves_emergencies(actor, pack):
        emergencies = tuple(emergencies_awaiting(actor))
    return Counts(**values, emergencies_awaiting=emergencies)


def _pack(actor: Actor) -> Pack:
    return get_pack(actor.authority_id)


# ----------------------------------------------------------------- the home page


Row = TypeVar("Row")


@dataclass(frozen=True)
class Shown(Generic[Row]):
    """The first rows of a list and how many there are in all."""

    rows: list[Row]
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    # Its tag's key in `status_tags`: a referral's status, or a returned or emergency draft.
    state: str
    next_step: str
    returned_reason: str = ""


@dataclass(frozen=True)
class ItemRow:
    item: AgendaItem
    gaps: list[PaperGap]


@dataclass(frozen=True)
class SignOffRow:
    referral: Referral
    # "agree", "authorise", or "decide" for a decision within delegation.
    action: str
    role: str


@dataclass(frozen=True)
class EmergencyRow:
    emergency: Emergency
    waiting_for: str


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    listed: int
    places_left: int | None


@dataclass(frozen=True)
class ApprovalRow:
    approval: Approval
    cost: str


@dataclass
class Drafting:
    referrals: Shown[ReferralRow]
    papers_missing: Shown[ItemRow]
    next_panel: PolicyMeeting
    can_start: bool


@dataclass
class Coordination:
    meetings: list[MeetingRow]
    late: Shown[ItemRow]
    incomplete: Shown[ItemRow]
    agreed: Shown[Referral]
    to_record: Shown[Referral]


@dataclass
class Chairing:
    next_meeting: MeetingRow | None
    to_order: Shown[MeetingRow]
    to_sign: Shown[Decision]


@dataclass
class Emergencies:
    awaiting_me: Shown[Emergency]
    others: Shown[EmergencyRow]


@dataclass
class Home:
    drafting: Drafting | None = None
    sign_offs: Shown[SignOffRow] | None = None
    emergencies: Emergencies | None = None
    coordination: Coordination | None = None
    chairing: Chairing | None = None
    to_finalise: Shown[Decision] | None = None
    meetings: list[MeetingRow] | None = None
    approvals: list[ApprovalRow] | None = None
    auditor: bool = False
    administrator: bool = False
    role_labels: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return any(
            part is not None
            for part in (
                self.drafting,
                self.sign_offs,
                self.emergencies,
                self.coordination,
                self.chairing,
                self.to_finalise,
                self.meetings,
                self.approvals,
            )
        ) or (self.auditor or self.administrator)


def home_for(actor: Actor, counts: Counts, now: dt.datetime | None = None) -> Home:
    """Each of the actor's roles' part of the home page."""
    now = now or timezone.now()
    pack = _pack(actor)
    home = Home(role_labels=sorted(ROLE_LABELS[role] for role in actor.roles))
    meetings: list[MeetingRow] | None = None
    if actor.has("panel_coordinator", "chair", "panel_member", "iro"):
        meetings = _meeting_rows(upcoming_meetings(actor, now)[:MEETINGS_AHEAD])
    if can_create_referral(actor):
        home.drafting = _drafting(actor, counts, pack, now)
    if counts.to_sign_off or counts.to_decide or _signs_off(actor, pack):
        home.sign_offs = _sign_offs(actor, counts, pack)
    if approves_emergencies(actor, pack):
        home.emergencies = _emergencies(actor, counts)
    if actor.has("panel_coordinator"):
        home.coordination = _coordination(actor, meetings or [])
    if actor.has("chair"):
        home.chairing = _chairing(actor, counts, meetings or [], now)
    if actor.has(*finaliser_roles(pack)):
        home.to_finalise = Shown(
            list(
                decisions_to_finalise(actor)
                .select_related("referral", "agenda_item__meeting")
                .order_by("signed_at", "pk")[:SHOWN]
            ),
            counts.to_finalise,
        )
    if actor.has("panel_member", "iro"):
        home.meetings = meetings
    if actor.has("finance_officer", "commissioning"):
        home.approvals = _approvals(actor)
    home.auditor = actor.has("auditor")
    home.administrator = actor.has("system_administrator")
    return home


def _signs_off(actor: Actor, pack: Pack) -> bool:
    return actor.has(*sign_off_roles(pack), *delegated_approver_roles(pack))


def _meeting_rows(meetings: Iterable[Meeting]) -> list[MeetingRow]:
    rows = []
    for meeting in meetings:
        places = places_of(meeting)
        # The rows say an over-full meeting's excess as negative places left.
        left = places.left if not places.over_by else -places.over_by
        rows.append(MeetingRow(meeting, places.taken, left))
    return rows


def _drafting(actor: Actor, counts: Counts, pack: Pack, now: dt.datetime) -> Drafting:
    """The actor's team's open referrals, those that need them first; and the papers
    missing from the ones on an agenda."""
    order = Case(
        When(status=S.DRAFT, returned_reason__gt="", then=Value(0)),
        When(status=S.LISTED, then=Value(1)),
        When(status=S.DRAFT, then=Value(2)),
        When(status=S.SUBMITTED, then=Value(3)),
        When(status=S.AGREED, then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )
    referrals = list(
        referrals_visible_to(actor)
        .filter(my_open_q(actor))
        .select_related("emergency_decision")
        .annotate(
            urgency=order,
            heard_at=Subquery(
                AgendaItem.objects.filter(referral=OuterRef("pk"), status=AgendaItem.Status.LISTED)
                .order_by()
                .values("meeting__starts_at")[:1]
            ),
            awaits_finalisation=awaits_finalisation(),
        )
        .prefetch_related(
            "sign_offs",
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.filter(status=AgendaItem.Status.LISTED)
                .select_related("meeting")
                .annotate(slots_before=slots_before()),
                to_attr="listed_items",
            ),
        )
        .order_by("urgency", "heard_at", "-created_at", "-pk")[:SHOWN]
    )
    items = list(
        items_visible_to(actor)
        .filter(
            status=AgendaItem.Status.LISTED,
            meeting__starts_at__gt=now,
            referral__in=referrals_visible_to(actor).filter(own_work_q(actor)).values("pk"),
        )
        .select_related("referral", "meeting")
        .prefetch_related(*_paper_prefetches())
        .order_by("meeting__starts_at", "pk")[:ITEMS_CHECKED]
    )
    return Drafting(
        referrals=Shown([_referral_row(r, pack) for r in referrals], counts.open_referrals),
        papers_missing=_with_gaps(items),
        next_panel=first_meeting_for(pack, now),
        can_start=can_create_referral(actor),
    )


def _referral_row(referral: Referral, pack: Pack) -> ReferralRow:
    status = referral.status
    emergency: Emergency | None = getattr(referral, "emergency_decision", None)
    if status == S.DRAFT and referral.returned_reason:
        return _row(referral, "returned", "Change it and submit it again.", returned=True)
    if status == S.DRAFT and emergency is not None:
        return _row(referral, "emergency", "Waiting for the emergency approvers.")
    if status == S.DRAFT:
        return _row(referral, "draft", "Finish it and submit it.")
    if status == S.SUBMITTED:
        if referral.route == Referral.Route.DELEGATED:
            who = ROLE_LABELS.get(referral.route_approver, "delegated approver")
            return _row(referral, "submitted", f"Waiting for the {who} to decide it.")
        rule = next_sign_off(referral, pack)
        if rule is None:
            return _row(referral, "submitted", "Waiting to be listed.")
        return _row(
            referral,
            "submitted",
            f"Waiting for the {ROLE_LABELS[rule.role]} to {rule.action} it.",
        )
    if status == S.AGREED:
        return _row(referral, "agreed", "Waiting for the panel coordinator to list it.")
    if status == S.LISTED:
        items: list[AgendaItem] = getattr(referral, "listed_items", [])
        if not items:
            return _row(referral, "listed", "Listed for a meeting.")
        item = items[0]
        # The item's own slot where the meeting has slots; otherwise the meeting's start.
        starts = time_to_attend_annotated(item) or item.meeting.starts_at
        where = f"the {item.meeting.panel_name} on {govuk_datetime(starts)}"
        if item.purpose == AgendaItem.Purpose.RATIFICATION:
            return _row(referral, "listed", f"For ratification at {where}.")
        return _row(referral, "listed", f"At {where}.")
    if status == S.DECIDED:
        return _row(referral, "decided", "Waiting for the panel chair to sign the decision.")
    if referral.awaits_finalisation:  # type: ignore[attr-defined]
        return _row(referral, "signed", "Waiting for the decision to be finalised.")
    return _row(referral, "signed", "Waiting to be recorded on the child's file.")


def _row(referral: Referral, key: str, next_step: str, *, returned: bool = False) -> ReferralRow:
    reason = referral.returned_reason if returned else ""
    return ReferralRow(referral, key, next_step, reason)


def _paper_prefetches() -> list[Any]:
    """What `gaps_for_items` reads of each item's referral."""
    return [
        Prefetch("referral__child_links", queryset=ReferralChild.objects.select_related("child")),
        "referral__papers",
    ]


def _with_gaps(items: list[AgendaItem]) -> Shown[ItemRow]:
    gaps = gaps_for_items(items)
    rows = [ItemRow(item, gaps[item.pk]) for item in items if gaps[item.pk]]
    return Shown(rows[:SHOWN], len(rows))


def _sign_offs(actor: Actor, counts: Counts, pack: Pack) -> Shown[SignOffRow]:
    """Referrals whose next sign-off is the actor's, then those for them to decide under
    delegation; each checked again by the predicates the sign-off itself uses."""
    waiting = awaiting_sign_off_q(actor, pack)
    mine = to_decide_q(actor) if actor.has(*delegated_approver_roles(pack)) else None
    either = [q for q in (waiting, mine) if q is not None]
    if not either:
        return Shown([], 0)
    wanted = either[0] if len(either) == 1 else either[0] | either[1]
    referrals = list(
        referrals_visible_to(actor)
        .filter(wanted)
        .select_related("team")
        .prefetch_related("sign_offs")
        .order_by("submitted_at", "pk")[:SHOWN]
    )
    rows = []
    for referral in referrals:
        if referral.route == Referral.Route.DELEGATED:
            rows.append(SignOffRow(referral, "decide", referral.route_approver))
            continue
        if can_sign_off_referral(actor, referral, pack):
            rule = check_can_sign_off_referral(actor, referral, pack)
            rows.append(SignOffRow(referral, rule.action, rule.role))
    return Shown(rows, counts.to_sign_off + counts.to_decide)


def _emergencies(actor: Actor, counts: Counts) -> Emergencies:
    """Those waiting for the actor's approval (counted for the navigation), then the
    others still open: waiting for other approvers, or approved and to be ratified."""
    awaiting_me = list(counts.emergencies_awaiting)
    open_ones = (
        emergency_decisions_visible_to(actor)
        .filter(
            status__in=(Emergency.Status.AWAITING_APPROVERS, Emergency.Status.APPROVED),
        )
        .exclude(referral__status=S.WITHDRAWN)
        .exclude(pk__in=[e.pk for e in awaiting_me])
    )
    others = list(
        open_ones.select_related("referral", "ratification_meeting")
        .prefetch_related("approvers")
        .order_by("-recorded_at", "-pk")[:SHOWN]
    )
    return Emergencies(
        awaiting_me=Shown(awaiting_me[:SHOWN], len(awaiting_me)),
        others=Shown([EmergencyRow(e, _waiting_for(e)) for e in others], open_ones.count()),
    )


def _waiting_for(emergency: Emergency) -> str:
    if emergency.status == Emergency.Status.APPROVED:
        meeting = emergency.ratification_meeting
        if meeting is None:
            return "To be ratified at the next meeting."
        when = govuk_datetime(meeting.starts_at)
        return f"To be ratified at the {meeting.panel_name} on {when}."
    given = {approver.role for approver in emergency.approvers.all()}
    missing = [ROLE_LABELS[role] for role in emergency.approvers_required if role not in given]
    return "Waiting for the " + " and the ".join(missing) + "." if missing else "Approved."


def _coordination(actor: Actor, meetings: list[MeetingRow]) -> Coordination:
    """The coordinator's next meetings, the late and incomplete items on them, agreed
    referrals that no meeting had a place for, and decisions to put on the child's file."""
    items = (
        list(
            items_visible_to(actor)
            .filter(
                status=AgendaItem.Status.LISTED,
                meeting__in=[row.meeting.pk for row in meetings],
            )
            .select_related("referral", "meeting", "late_accepted_by")
            .prefetch_related(*_paper_prefetches())
            .order_by("meeting__starts_at", "position", "listed_at", "pk")[:ITEMS_CHECKED]
        )
        if meetings and can_see_agenda(actor)
        else []
    )
    late = [ItemRow(item, []) for item in items if item.late]
    visible = referrals_visible_to(actor)
    totals = visible.filter(status__in=(S.AGREED, S.SIGNED)).aggregate(
        agreed=Count("pk", filter=Q(status=S.AGREED)),
        signed=Count("pk", filter=Q(status=S.SIGNED)),
    )
    agreed: list[Referral] = list(
        visible.filter(status=S.AGREED).order_by("ready_at", "pk")[:SHOWN]
    )
    to_record: list[Referral] = list(
        visible.filter(status=S.SIGNED)
        .annotate(awaits_finalisation=awaits_finalisation())
        .order_by("awaits_finalisation", "pk")[:SHOWN]
    )
    return Coordination(
        meetings=meetings,
        late=Shown(late[:SHOWN], len(late)),
        incomplete=_with_gaps(items),
        agreed=Shown(agreed, totals["agreed"]),
        to_record=Shown(to_record, totals["signed"]),
    )


def _chairing(
    actor: Actor, counts: Counts, meetings: list[MeetingRow], now: dt.datetime
) -> Chairing:
    to_order = _meeting_rows(agendas_to_order(actor, now)[:SHOWN])
    to_sign = list(
        decisions_to_sign(actor)
        .select_related("referral", "agenda_item__meeting")
        .order_by("agenda_item__meeting__starts_at", "recorded_at", "pk")[:SHOWN]
    )
    return Chairing(
        next_meeting=meetings[0] if meetings else None,
        to_order=Shown(to_order, counts.agendas_to_order),
        to_sign=Shown(to_sign, counts.to_sign),
    )


def _approvals(actor: Actor) -> list[ApprovalRow]:
    """The latest approvals in effect: what finance and commissioning act on."""
    approvals = (
        approvals_visible_to(actor)
        .filter(status=Approval.Status.ACTIVE)
        .select_related("referral")
        .order_by("-pk")[:SHOWN]
    )
    return [
        ApprovalRow(a, cost_in_words(a.cost_amount_gbp, a.cost_basis, a.cost_weeks))
        for a in approvals
    ]
