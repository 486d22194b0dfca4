"""Set-up for the workflow tests: referrals, items and decisions in a given state, each
made through the services exactly as a person would make them.

Every helper takes the authority's `Cast` and returns the row in the state its name
says; keyword arguments shape the referral (kind, cost, children, flags).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.utils import timezone

from carepanel.accounts.actors import Actor
from carepanel.audit.models import AuditEvent
from carepanel.children.models import Child
from carepanel.decisions.models import (
    Action,
    Approval,
    ChildOutcome,
    Decision,
    DecisionCondition,
    EmergencyApprover,
    EmergencyDecision,
)
from carepanel.decisions.services import (
    ActionInput,
    ApprovalInput,
    DecisionInput,
    agenda_item_decide,
    decision_finalise,
    decision_sign,
    emergency_decision_approve,
    emergency_decision_record,
    referral_record,
)
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import meetings_generate
from carepanel.policy import LONDON, get_pack
from carepanel.referrals.models import Paper, Referral, ReferralChild, SignOff
from carepanel.referrals.services import (
    paper_add,
    referral_create,
    referral_sign_off,
    referral_submit,
    referral_withdraw,
)
from tests.clock import at_meeting
from tests.personas import Cast, child_data, referral_input

# A minimal PDF: the upload check reads only the first bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# A referral each council's panel hears (BCP hears only externally commissioned placements).
PANEL_KIND = {
    "north-somerset": "family_support_package",
    "portsmouth": "family_support_package",
    "bexley": "family_support_package",
    "central-bedfordshire": "family_support_package",
    "bcp": "placement_ifa",
}

# Case ids must be unique within an authority: every child the helpers make gets a new one.
_children = itertools.count(100)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def pdf(name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def new_child(**overrides: Any) -> dict[str, Any]:
    """A new child of the personas' family, with a case id of its own."""
    number = next(_children)
    return child_data(number % 4, **{"case_id": f"WF-{number:05d}", **overrides})


def persona_for(cast: Cast, role: str) -> Actor:
    """The cast member who holds `role` (a team role: of the referral's team, the first)."""
    return getattr(cast, role)


# ------------------------------------------------------------------------ referrals


def drafted(
    cast: Cast,
    *,
    actor: Actor | None = None,
    kind: str | None = None,
    amount: str | None = "1500.00",
    basis: str = "annual",
    weeks: int | None = None,
    children: list[dict[str, Any]] | None = None,
    flags: dict[str, bool] | None = None,
) -> Referral:
    """A draft referral of the cast's first team that the council's panel hears."""
    data = referral_input(
        cast.authority_id,
        kind=kind or PANEL_KIND[cast.authority_id],
        amount=amount,
        basis=basis,
        weeks=weeks,
        children=children if children is not None else [new_child()],
        flags=flags,
    )
    return referral_create(actor=actor or cast.social_worker, data=data)


def submitted(cast: Cast, **referral: Any) -> Referral:
    made = drafted(cast, **referral)
    return referral_submit(actor=cast.social_worker, referral_id=made.pk)


def sign_off_all(cast: Cast, referral: Referral) -> None:
    """Every sign-off the council's pack asks for, in the pack's order."""
    panel = get_pack(cast.authority_id).panel(referral.panel_id or None)
    for rule in panel.sign_offs:
        referral_sign_off(
            actor=persona_for(cast, rule.role), referral_id=referral.pk, outcome="agreed"
        )


def listed(cast: Cast, **referral: Any) -> AgendaItem:
    """A referral with every sign-off in, listed at the meeting the rules give."""
    made = submitted(cast, **referral)
    sign_off_all(cast, made)
    return AgendaItem.objects.select_related("meeting", "referral").get(
        referral=made, status=AgendaItem.Status.LISTED
    )


def every_meeting_full(cast: Cast) -> None:
    """No meeting in the horizon has a place left (a set-up only the ORM can make for a
    panel without a stated capacity)."""
    meetings_generate(authority_id=cast.authority_id)
    Meeting.objects.filter(authority_id=cast.authority_id).update(capacity=0)


def agreed(cast: Cast, **referral: Any) -> Referral:
    """A referral with every sign-off in that no meeting had a place for: it waits, agreed."""
    every_meeting_full(cast)
    made = submitted(cast, **referral)
    sign_off_all(cast, made)
    made.refresh_from_db()
    assert made.status == Referral.Status.AGREED
    return made


def with_papers(cast: Cast, referral: Referral, *types: str, dated: dt.date | None = None) -> None:
    for paper_type in types:
        paper_add(
            actor=cast.social_worker,
            referral_id=referral.pk,
            paper_type=paper_type,
            upload=pdf(f"{paper_type}.pdf"),
            dated=dated or timezone.localdate(),
        )


# ------------------------------------------------------------------------ decisions


def approval_input(**overrides: Any) -> ApprovalInput:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "resource": "Family support package",
        "cost_amount_gbp": Decimal("1500.00"),
        "cost_basis": "annual",
        "starts_on": today + dt.timedelta(days=14),
        "review_due_on": today + dt.timedelta(days=180),
    }
    values.update(overrides)
    return ApprovalInput(**values)


def decision_input(outcome: str = "approved", **overrides: Any) -> DecisionInput:
    """A decision of `outcome` with what that outcome needs (conditions, approval, panel)."""
    values: dict[str, Any] = {"outcome": outcome, "discussion": "Invented discussion."}
    if outcome in ("approved", "approved_with_conditions"):
        values["approval"] = approval_input()
    if outcome == "approved_with_conditions":
        values["conditions"] = ["Review attendance at the parenting course."]
    if outcome == "referred":
        values["referred_to"] = "Joint Agency Panel"
    values.update(overrides)
    return DecisionInput(**values)


def action_input(cast: Cast, **overrides: Any) -> ActionInput:
    values: dict[str, Any] = {
        "description": "Commission the package.",
        "owner_id": cast.social_worker.user.pk,
        "due_on": timezone.localdate() + dt.timedelta(days=7),
    }
    values.update(overrides)
    return ActionInput(**values)


def decided(cast: Cast, outcome: str = "approved", **referral: Any) -> Decision:
    """A listed referral heard by the panel, its decision recorded by the coordinator once
    the meeting has started (the clock moves to its start)."""
    item = listed(cast, **referral)
    at_meeting(item.meeting)
    return agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input(outcome), version=None
    )


def signed(cast: Cast, outcome: str = "approved", **referral: Any) -> Decision:
    """A decision the chair has signed (not yet finalised where the pack asks for that)."""
    decision = decided(cast, outcome, **referral)
    return decision_sign(actor=cast.chair, decision_id=decision.pk)


def in_effect(cast: Cast, outcome: str = "approved", **referral: Any) -> Decision:
    """A signed decision, finalised where the pack names a role that finalises."""
    decision = signed(cast, outcome, **referral)
    if decision.awaits_finalisation:
        finaliser = persona_for(cast, decision.finalised_by_role)
        decision = decision_finalise(actor=finaliser, decision_id=decision.pk)
    return decision


def emergency(
    cast: Cast, *, approvers: tuple[str, ...], **referral: Any
) -> tuple[Referral, EmergencyDecision]:
    """A draft flagged as an emergency, approved between panels by each of `approvers`."""
    flags = {"emergency": True, **referral.pop("flags", {})}
    made = drafted(cast, flags=flags, **referral)
    first, *rest = approvers
    recorded = emergency_decision_record(
        actor=persona_for(cast, first),
        referral_id=made.pk,
        reason="The child could not safely wait for the panel.",
        approval=approval_input(),
    )
    for role in rest:
        emergency_decision_approve(actor=persona_for(cast, role), emergency_id=recorded.pk)
    made.refresh_from_db()
    recorded.refresh_from_db()
    return made, recorded


# ------------------------------------------------------------------------ meetings


def meetings_of(cast: Cast, start: dt.date | None = None) -> list[Meeting]:
    """The cast's authority's scheduled meetings, generated from `start` (today)."""
    meetings_generate(authority_id=cast.authority_id, start=start)
    return list(
        Meeting.objects.filter(
            authority_id=cast.authority_id, status=Meeting.Status.SCHEDULED
        ).order_by("starts_at")
    )


def paper_gaps_of(item: AgendaItem) -> list[tuple[str, str, str]]:
    """The item's missing or stale papers as the agenda shows them: (type, problem, message)."""
    from carepanel.meetings.completeness import gaps_for_items
    from carepanel.meetings.queries import agenda_items
    from tests.personas import actor_as

    coordinator = actor_as(item.authority_id, "panel_coordinator")
    items = list(agenda_items(item.meeting, coordinator).filter(pk=item.pk))
    return [(g.type, g.problem, g.message) for g in gaps_for_items(items)[item.pk]]


def listed_on(meeting: Meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting, status=AgendaItem.Status.LISTED).order_by("pk")
    )


# ------------------------------------------------------------------------ checking


def actions_since(mark: int, **filters: Any) -> list[str]:
    """The audit actions written after the event with pk `mark`, oldest first."""
    return list(
        AuditEvent.objects.filter(pk__gt=mark, **filters)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def audit_mark() -> int:
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


# Every row a workflow service writes.
COUNTED: tuple[type[Model], ...] = (
    AuditEvent,
    Child,
    Referral,
    ReferralChild,
    Paper,
    SignOff,
    Meeting,
    AgendaItem,
    Decision,
    ChildOutcome,
    DecisionCondition,
    Action,
    Approval,
    EmergencyDecision,
    EmergencyApprover,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def statuses() -> dict[str, list[tuple[int, str, int]]]:
    """Every stateful row's status and version: a snapshot to compare."""
    return {
        "referrals": list(Referral.objects.order_by("pk").values_list("pk", "status", "version")),
        "items": list(AgendaItem.objects.order_by("pk").values_list("pk", "status", "version")),
        "decisions": list(Decision.objects.order_by("pk").values_list("pk", "status", "version")),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "status", "version")),
        "emergency decisions": list(
            EmergencyDecision.objects.order_by("pk").values_list("pk", "status", "version")
        ),
    }


@contextmanager
def nothing_written() -> Iterator[None]:
    """Assert that the block changes no row the workflow writes (a refusal writes nothing)."""
    counts, before = row_counts(), statuses()
    yield
    after = row_counts()
    assert after == counts, f"rows written: {counts} became {after}"
    changed = statuses()
    assert changed == before, f"states changed: {before} became {changed}"


# ------------------------------------------------------------------------ any state


def referral_in(cast: Cast, status: str) -> Referral:
    """A referral of the council's panel in `status`, reached through the services."""
    made: Referral
    if status == Referral.Status.DRAFT:
        made = drafted(cast)
    elif status == Referral.Status.SUBMITTED:
        made = submitted(cast)
    elif status == Referral.Status.AGREED:
        made = agreed(cast)
    elif status == Referral.Status.LISTED:
        made = listed(cast).referral
    elif status == Referral.Status.DECIDED:
        made = decided(cast).referral
    elif status == Referral.Status.SIGNED:
        made = in_effect(cast).referral
    elif status == Referral.Status.RECORDED:
        made = in_effect(cast).referral
        referral_record(actor=cast.panel_coordinator, referral_id=made.pk, reference="CN-1")
    elif status == Referral.Status.WITHDRAWN:
        made = submitted(cast)
        referral_withdraw(actor=cast.social_worker, referral_id=made.pk, reason="No longer needed.")
    else:
        raise AssertionError(status)
    made.refresh_from_db()
    assert made.status == status
    return made
