"""A child's history: the referrals naming them, the decisions' outcomes for them, the
approvals they are under, emergency decisions and reviews. It spans referrals and
decisions, so it lives in the highest app it reads; the child's page and the API's
child record both serialise it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from carepanel.accounts.actors import Actor
from carepanel.audit.services import audit_record
from carepanel.children.models import Child
from carepanel.core.errors import NotFound
from carepanel.decisions.models import APPROVING, Approval, ChildOutcome
from carepanel.decisions.queries import decisions_visible_to
from carepanel.policy import LONDON
from carepanel.referrals.models import Referral, ReferralChild
from carepanel.referrals.queries import children_visible_to, referrals_visible_to


@dataclass(frozen=True)
class HistoryEntry:
    """One event on the child's timeline. `kind` is referral, decision, approval,
    emergency or review; `obj` is the row it shows (for a review, the approval)."""

    kind: str
    at: dt.datetime
    obj: Any
    # A review is due on a day, not at a time.
    all_day: bool = False


@dataclass(frozen=True)
class ChildHistory:
    """The child with what the actor may see of them, each newest first: the rows
    (`referrals`, `outcomes`, `approvals`) and the timeline made of them (`entries`)."""

    child: Child
    referrals: list[Referral]
    outcomes: list[ChildOutcome]
    approvals: list[Approval]
    entries: list[HistoryEntry]


def _day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)


def child_history(actor: Actor, child_id: int) -> ChildHistory:
    """The child and, newest first, each referral naming them that the actor may see,
    its decisions' outcomes for this child, the approvals they are under (a sibling's
    approval is not theirs), emergency decisions and the reviews their approvals set.

    A fixed number of queries. Reading a child's record is audited.
    """
    try:
        child = children_visible_to(actor).select_related("team").get(pk=child_id)
    except Child.DoesNotExist:
        raise NotFound("No child with that id.") from None
    naming = ReferralChild.objects.filter(authority_id=actor.authority_id, child=child).values(
        "referral_id"
    )
    visible = referrals_visible_to(actor).filter(pk__in=naming)
    referrals: list[Referral] = list(
        visible.select_related("created_by", "emergency_decision").order_by("-created_at", "-pk")
    )
    outcomes = list(
        ChildOutcome.objects.filter(
            authority_id=actor.authority_id,
            child=child,
            decision__in=decisions_visible_to(actor).values("pk"),
        )
        .select_related("decision", "decision__agenda_item__meeting")
        .order_by("-decision__recorded_at", "-pk")
    )
    approved = [o.decision_id for o in outcomes if o.outcome in APPROVING]
    approvals = list(
        Approval.objects.filter(
            Q(decision_id__in=approved) | Q(emergency_decision__referral__in=visible.values("pk")),
            authority_id=actor.authority_id,
        )
        .select_related("decision", "emergency_decision")
        .order_by("-starts_on", "-pk")
    )
    entries = [HistoryEntry("referral", r.submitted_at or r.created_at, r) for r in referrals]
    entries += [
        HistoryEntry("emergency", r.emergency_decision.recorded_at, r.emergency_decision)
        for r in referrals
        if hasattr(r, "emergency_decision")
    ]
    entries += [HistoryEntry("decision", o.decision.recorded_at, o) for o in outcomes]
    for approval in approvals:
        source = approval.decision or approval.emergency_decision
        assert source is not None  # noqa: S101 - the table's constraint: one or the other
        entries.append(HistoryEntry("approval", source.recorded_at, approval))
        if approval.status != Approval.Status.ENDED:
            entries.append(
                HistoryEntry("review", _day(approval.review_due_on), approval, all_day=True)
            )
    # Newest first; of events at one moment, what followed from another comes first.
    order = {"review": 0, "approval": 1, "decision": 2, "emergency": 3, "referral": 4}
    entries.sort(key=lambda entry: (entry.at, -order[entry.kind]), reverse=True)
    audit_record(actor=actor, authority_id=actor.authority_id, action="child.viewed", obj=child)
    return ChildHistory(
        child=child, referrals=referrals, outcomes=outcomes, approvals=approvals, entries=entries
    )
