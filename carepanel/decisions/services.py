"""Every change to decisions: the hearing, signing, finalisation, corrections, delegated
decisions, emergency decisions with their ratification, recording the signed decision on
the child's file, and the approvals that other apps' changes end or move.

A signed decision is never changed. A correction is a new decision that supersedes
the old one once it is signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from carepanel.accounts.actors import Actor
from carepanel.accounts.models import RoleGrant
from carepanel.audit.services import audit_record
from carepanel.core.errors import IllegalTransition, Invalid, NotFound
from carepanel.decisions import permissions
from carepanel.decisions.models import (
    APPROVING,
    PER_CHILD,
    RELISTING,
    Action,
    Approval,
    ChildOutcome,
    Decision,
    DecisionCondition,
    EmergencyApprover,
    EmergencyDecision,
    Outcome,
)
from carepanel.decisions.queries import (
    awaiting_finalisation_q,
    decisions_visible_to,
    emergency_decisions_visible_to,
)
from carepanel.decisions.sheets import render_sheet_pdf, sheet_queryset, sheet_snapshot
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.queries import get_item_for_actor
from carepanel.meetings.services import agenda_item_hear, carry_over, referral_place
from carepanel.policy import get_pack, review_plan
from carepanel.policy.kinds import COST_BASES, ROLE_LABELS
from carepanel.referrals.models import Referral
from carepanel.referrals.permissions import check_can_record_on_file
from carepanel.referrals.queries import get_referral_for_actor
from carepanel.referrals.services import check_version as check_referral_version
from carepanel.referrals.services import children_of, refresh_route
from carepanel.referrals.transitions import advance

PANEL_OUTCOMES = frozenset(
    {
        Outcome.APPROVED,
        Outcome.APPROVED_WITH_CONDITIONS,
        Outcome.DECLINED,
        Outcome.DEFERRED,
        Outcome.REFERRED,
        Outcome.NOT_HEARD,
    }
)
RATIFICATION_OUTCOMES = frozenset({Outcome.RATIFIED, Outcome.NOT_RATIFIED})
DELEGATED_OUTCOMES = frozenset(
    {Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS, Outcome.DECLINED}
)
MAX_CONDITIONS = 20
MAX_ACTIONS = 20


@dataclass
class ApprovalInput:
    resource: str
    cost_amount_gbp: Decimal
    cost_basis: str
    starts_on: dt.date
    provider: str = ""
    cost_weeks: int | None = None
    ends_on: dt.date | None = None
    # The date a new referral is due; when left out, the pack's review rules set it.
    review_due_on: dt.date | None = None


@dataclass
class ActionInput:
    description: str
    owner_id: int
    due_on: dt.date


@dataclass
class ChildOutcomeInput:
    child_id: int
    outcome: str | None = None
    note: str = ""


@dataclass
class DecisionInput:
    outcome: str
    discussion: str = ""
    children: Sequence[ChildOutcomeInput] = ()
    conditions: Sequence[str] = ()
    actions: Sequence[ActionInput] = ()
    approval: ApprovalInput | None = None
    referred_to: str = ""


# ------------------------------------------------------------------------ validation


def _validate(
    data: DecisionInput,
    *,
    allowed: frozenset[str],
    referral: Referral,
    child_ids: list[int],
    approval_required: bool = True,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.outcome not in allowed:
        words = ", ".join(sorted(allowed))
        errors["outcome"] = f"Choose one of: {words}."
        return errors
    if data.outcome == Outcome.APPROVED_WITH_CONDITIONS and not any(
        c.strip() for c in data.conditions
    ):
        errors["conditions"] = "Add the conditions of the approval."
    if len(data.conditions) > MAX_CONDITIONS:
        errors["conditions"] = f"Add at most {MAX_CONDITIONS} conditions."
    for index, condition in enumerate(data.conditions):
        if not condition.strip() or len(condition) > 2000:
            errors[f"conditions[{index}]"] = "Enter the condition (2,000 characters or fewer)."
    if data.outcome == Outcome.REFERRED and not data.referred_to.strip():
        errors["referred_to"] = "Say which panel it is referred to."
    if len(data.discussion) > 20000:
        errors["discussion"] = "The discussion must be 20,000 characters or fewer."
    errors.update(_validate_children(data, child_ids))
    errors.update(_validate_actions(data.actions, referral))
    if data.outcome in APPROVING:
        if data.approval is None:
            if approval_required:
                errors["approval"] = (
                    "Give the approval: the resource, cost, start and the date a new "
                    "referral is due."
                )
        else:
            errors.update(_validate_approval(data.approval))
    elif data.approval is not None:
        errors["approval"] = "Only an approval has approval details."
    return errors


def _validate_children(data: DecisionInput, child_ids: list[int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    given = [c.child_id for c in data.children]
    if len(set(given)) != len(given):
        errors["children"] = "Give each child's outcome once."
    for index, child in enumerate(data.children):
        if child.child_id not in child_ids:
            errors[f"children[{index}].child_id"] = "This child is not on the referral."
        elif (
            child.outcome is not None
            and child.outcome != data.outcome
            # Siblings may be decided differently, but a deferral or removal is of the
            # whole item: the referral comes back as one.
            and (child.outcome not in PER_CHILD or data.outcome not in PER_CHILD)
        ):
            errors[f"children[{index}].outcome"] = (
                "Only approved, approved with conditions or declined may differ "
                "between the children."
            )
        if len(child.note) > 2000:
            errors[f"children[{index}].note"] = "The note must be 2,000 characters or fewer."
    return errors


def _validate_actions(actions: Sequence[ActionInput], referral: Referral) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(actions) > MAX_ACTIONS:
        return {"actions": f"Add at most {MAX_ACTIONS} actions."}
    owners = set(
        RoleGrant.objects.filter(
            authority_id=referral.authority_id, user_id__in=[a.owner_id for a in actions]
        ).values_list("user_id", flat=True)
    )
    for index, action in enumerate(actions):
        if not action.description.strip() or len(action.description) > 2000:
            errors[f"actions[{index}].description"] = (
                "Describe the action (2,000 characters or fewer)."
            )
        if action.owner_id not in owners:
            errors[f"actions[{index}].owner"] = "The owner must be someone in this council."
        if action.due_on < timezone.localdate():
            errors[f"actions[{index}].due_on"] = "The due date must be today or later."
    return errors


def _validate_approval(approval: ApprovalInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not approval.resource.strip() or len(approval.resource) > 300:
        errors["approval.resource"] = "Say what is approved (300 characters or fewer)."
    if len(approval.provider) > 200:
        errors["approval.provider"] = "The provider must be 200 characters or fewer."
    if approval.cost_amount_gbp < 0:
        errors["approval.cost_amount_gbp"] = "The cost must be £0 or more."
    if approval.cost_basis not in COST_BASES:
        errors["approval.cost_basis"] = (
            "Say whether the cost is one-off, weekly, monthly or annual."
        )
    if approval.cost_weeks is not None and not 1 <= approval.cost_weeks <= 520:
        errors["approval.cost_weeks"] = "The duration must be between 1 and 520 weeks."
    if approval.ends_on is not None and approval.ends_on < approval.starts_on:
        errors["approval.ends_on"] = "The end date must be on or after the start date."
    if approval.review_due_on is not None and approval.review_due_on <= timezone.localdate():
        errors["approval.review_due_on"] = "The date a new referral is due must be in the future."
    return errors


# --------------------------------------------------------------------------- writing


def _write_details(decision: Decision, data: DecisionInput, child_ids: list[int]) -> None:
    """The decision's children, conditions, actions and approval, replacing any before."""
    authority_id = decision.authority_id
    ChildOutcome.objects.filter(decision=decision).delete()
    DecisionCondition.objects.filter(decision=decision).delete()
    Action.objects.filter(decision=decision).delete()
    Approval.objects.filter(decision=decision).delete()
    by_child = {c.child_id: c for c in data.children}
    ChildOutcome.objects.bulk_create(
        ChildOutcome(
            authority_id=authority_id,
            decision=decision,
            child_id=child_id,
            outcome=(by_child[child_id].outcome if child_id in by_child else None) or data.outcome,
            note=by_child[child_id].note.strip() if child_id in by_child else "",
        )
        for child_id in child_ids
    )
    DecisionCondition.objects.bulk_create(
        DecisionCondition(
            authority_id=authority_id, decision=decision, text=text.strip(), position=i
        )
        for i, text in enumerate(data.conditions)
    )
    Action.objects.bulk_create(
        Action(
            authority_id=authority_id,
            decision=decision,
            description=a.description.strip(),
            owner_id=a.owner_id,
            due_on=a.due_on,
            position=i,
        )
        for i, a in enumerate(data.actions)
    )
    if data.approval is not None and data.outcome in APPROVING:
        _create_approval(decision.referral, data.approval, decision=decision)


def _create_approval(
    referral: Referral,
    approval: ApprovalInput,
    *,
    decision: Decision | None = None,
    emergency: EmergencyDecision | None = None,
    status: str = Approval.Status.PENDING,
    review_due_on: dt.date | None = None,
) -> Approval:
    due = approval.review_due_on or review_due_on
    if due is None:
        due = review_plan(
            get_pack(referral.authority_id),
            referral.kind,
            decided_on=timezone.localdate(),
            starts_on=approval.starts_on,
            ends_on=approval.ends_on,
            flags=referral.flags(),
        ).due_on
    return Approval.objects.create(
        authority_id=referral.authority_id,
        referral=referral,
        decision=decision,
        emergency_decision=emergency,
        status=status,
        resource=approval.resource.strip(),
        provider=approval.provider.strip(),
        cost_amount_gbp=approval.cost_amount_gbp,
        cost_basis=approval.cost_basis,
        cost_weeks=approval.cost_weeks,
        starts_on=approval.starts_on,
        ends_on=approval.ends_on,
        review_due_on=due,
    )


def _child_ids(referral: Referral) -> list[int]:
    return list(referral.child_links.order_by("position", "pk").values_list("child_id", flat=True))


def _get_decision(actor: Actor, decision_id: int) -> Decision:
    try:
        return (
            decisions_visible_to(actor)
            .select_for_update(of=("self",))
            .select_related("referral", "agenda_item", "agenda_item__meeting")
            .get(pk=decision_id)
        )
    except Decision.DoesNotExist:
        raise NotFound("No decision with that id.") from None


CHANGED = "Someone else changed this decision since you opened it. Reload it and try again."
RECORDED_MEANWHILE = (
    "Someone else recorded a decision on this item since you opened it. Reload it to read "
    "their decision, and record it again if it needs changing."
)
NONE_YET = "This item has no decision yet: record it without a version."


def _check_version(row: Decision | EmergencyDecision, version: int | None) -> None:
    if version is not None and version != row.version:
        raise IllegalTransition(CHANGED, current_version=row.version)


def _check_read(existing: Decision | None, version: int | None) -> None:
    """Recording carries the version of the decision the person read, or None where they
    saw none: a first recording is a creation, so it never replaces one made meanwhile."""
    if existing is None:
        if version is not None:
            raise IllegalTransition(NONE_YET)
    elif version is None:
        raise IllegalTransition(RECORDED_MEANWHILE, current_version=existing.version)
    elif version != existing.version:
        raise IllegalTransition(CHANGED, current_version=existing.version)


# -------------------------------------------------------------------------- the hearing


@transaction.atomic
def agenda_item_decide(
    *, actor: Actor, item_id: int, data: DecisionInput, version: int | None
) -> Decision:
    """Record the panel's decision on an item: outcome per child, discussion, conditions,
    actions and the approval. Until the chair signs, recording again replaces it.

    `version` is the version of the decision the person read, None where they saw none
    yet (see `_check_read`). Only once the meeting has started.

    A deferred or not-heard item goes to the next meeting by itself.
    """
    item = get_item_for_actor(actor, item_id, for_update=True)
    permissions.check_can_record_decision(actor)
    referral = Referral.objects.select_for_update().get(pk=item.referral_id)
    existing = item.decisions.filter(supersedes__isnull=True).first()
    permissions.check_can_decide_item(actor, item, existing)
    _check_read(existing, version)
    ratification = item.purpose == AgendaItem.Purpose.RATIFICATION
    # A ratification may be deferred too (Portsmouth ratifies "with papers"): the
    # approval then stands until the meeting it is carried to.
    allowed = RATIFICATION_OUTCOMES | RELISTING if ratification else PANEL_OUTCOMES
    child_ids = _child_ids(referral)
    errors = _validate(
        data,
        allowed=allowed,
        referral=referral,
        child_ids=child_ids,
        approval_required=not ratification,
    )
    if errors:
        raise Invalid(errors)
    panel = get_pack(actor.authority_id).panel(referral.panel_id or None)
    now = timezone.now()
    decision = existing or Decision(
        authority_id=actor.authority_id,
        referral=referral,
        agenda_item=item,
        kind=Decision.Kind.PANEL,
        recorded_by=actor.user,
        recorded_at=now,
        finalised_by_role=panel.finalised_by or "",
    )
    decision.outcome = data.outcome
    decision.discussion = data.discussion.strip()
    decision.referred_to = data.referred_to.strip()
    decision.recorded_by = actor.user
    decision.recorded_at = now
    if existing is not None:
        decision.version += 1
    decision.save()
    _write_details(decision, data, child_ids)
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="decision.recorded" if existing is None else "decision.re_recorded",
        obj=decision,
        referral_id=referral.pk,
        data={"item": item.pk, "outcome": data.outcome, "version": decision.version},
    )
    if data.outcome in RELISTING:
        status = (
            AgendaItem.Status.REMOVED
            if data.outcome == Outcome.NOT_HEARD
            else AgendaItem.Status.HEARD
        )
        carry_over(item=item, actor=actor, status=status, reason=decision.discussion)
    elif existing is None:
        agenda_item_hear(actor=actor, item=item)
        advance(referral, "decide")
    return decision


@transaction.atomic
def decision_sign(*, actor: Actor, decision_id: int, version: int | None = None) -> Decision:
    """The chair signs the decision sheet; from now on it never changes.

    Where the pack names a role that finalises (North Somerset's assistant director),
    the decision takes effect when that role confirms it; a chair who holds the role
    finalises by signing.
    """
    decision = _get_decision(actor, decision_id)
    permissions.check_can_sign_decision(actor, decision)
    _check_version(decision, version)
    now = timezone.now()
    decision.status = Decision.Status.SIGNED
    decision.signed_by = actor.user
    decision.signed_name = actor.name
    decision.signed_at = now
    fields = ["status", "signed_by", "signed_name", "signed_at", "version"]
    if decision.finalised_by_role and decision.finalised_by_role in actor.roles:
        decision.finalised_by = actor.user
        decision.finalised_name = actor.name
        decision.finalised_at = now
        fields += ["finalised_by", "finalised_name", "finalised_at"]
    decision.version += 1
    decision.save(update_fields=fields)
    _seal(decision)
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="decision.signed",
        obj=decision,
        referral_id=decision.referral_id,
        data={"finalised": decision.finalised_at is not None},
    )
    referral = Referral.objects.select_for_update().get(pk=decision.referral_id)
    if decision.supersedes_id is None and decision.outcome not in RELISTING:
        advance(referral, "sign")
    if decision.in_effect:
        _take_effect(decision, actor)
    return decision


def _seal(decision: Decision) -> None:
    """Keep the sheet's words as signed (see Decision.sheet_snapshot)."""
    signed = sheet_queryset().get(pk=decision.pk)
    decision.sheet_snapshot = sheet_snapshot(signed)
    decision.save(update_fields=["sheet_snapshot"])


@transaction.atomic
def decision_finalise(*, actor: Actor, decision_id: int, version: int | None = None) -> Decision:
    """The named role confirms the panel's recommendation; only then does it take effect."""
    decision = _get_decision(actor, decision_id)
    permissions.check_can_finalise_decision(actor, decision)
    _check_version(decision, version)
    decision.finalised_by = actor.user
    decision.finalised_name = actor.name
    decision.finalised_at = timezone.now()
    decision.version += 1
    decision.save(update_fields=["finalised_by", "finalised_name", "finalised_at", "version"])
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="decision.finalised",
        obj=decision,
        referral_id=decision.referral_id,
    )
    _take_effect(decision, actor)
    return decision


def _take_effect(decision: Decision, actor: Actor) -> None:
    """A signed (and finalised) decision's approval starts; what it replaces ends."""
    today = timezone.localdate()
    approval = Approval.objects.filter(decision=decision).first()
    if approval is not None:
        approval.status = Approval.Status.ACTIVE
        approval.version += 1
        approval.save(update_fields=["status", "version"])
    if decision.supersedes_id is not None:
        approvals_end(
            Approval.objects.filter(
                decision_id=decision.supersedes_id, status=Approval.Status.ACTIVE
            ),
            actor,
            f"Superseded by decision {decision.pk}.",
        )
    if decision.outcome in RATIFICATION_OUTCOMES:
        _settle_emergency(decision, actor, today)


def approvals_end(approvals: QuerySet[Approval], actor: Actor | None, reason: str) -> None:
    """End each of `approvals` through `approval_end`, with its own audit event."""
    for approval_id in list(approvals.values_list("pk", flat=True)):
        approval_end(actor=actor, approval_id=approval_id, reason=reason)


def _settle_emergency(decision: Decision, actor: Actor, today: dt.date) -> None:
    emergency = EmergencyDecision.objects.select_for_update().get(referral_id=decision.referral_id)
    ratified = decision.outcome == Outcome.RATIFIED
    emergency.status = (
        EmergencyDecision.Status.RATIFIED if ratified else EmergencyDecision.Status.NOT_RATIFIED
    )
    emergency.ratification = decision
    emergency.version += 1
    emergency.save(update_fields=["status", "ratification", "version"])
    standing = Approval.objects.filter(emergency_decision=emergency, status=Approval.Status.ACTIVE)
    has_new = Approval.objects.filter(decision=decision).exists()
    if not ratified:
        approvals_end(standing, actor, "Not ratified by the panel.")
    elif has_new:
        approvals_end(
            standing, actor, f"Replaced by the approval ratified in decision {decision.pk}."
        )
    else:
        # Ratified as it stood: it now runs to the date the pack's review rules give.
        for approval in standing:
            approval.review_due_on = review_plan(
                get_pack(decision.authority_id),
                decision.referral.kind,
                decided_on=today,
                starts_on=approval.starts_on,
                ends_on=approval.ends_on,
                flags=decision.referral.flags(),
            ).due_on
            approval.version += 1
            approval.save(update_fields=["review_due_on", "version"])
    audit_record(
        actor=actor,
        authority_id=decision.authority_id,
        action=f"emergency_decision.{emergency.status}",
        obj=emergency,
        referral_id=decision.referral_id,
        data={"decision": decision.pk},
    )


@transaction.atomic
def decision_correct(
    *, actor: Actor, decision_id: int, reason: str, data: DecisionInput
) -> Decision:
    """A correction of a signed decision: a new record that supersedes it once signed."""
    decision = _get_decision(actor, decision_id)
    permissions.check_can_correct_decision(actor, decision)
    reason = reason.strip()
    if not reason:
        raise Invalid({"reason": "Say what the correction corrects."})
    referral = Referral.objects.select_for_update().get(pk=decision.referral_id)
    if decision.agenda_item_id is None:
        allowed = DELEGATED_OUTCOMES
    elif decision.agenda_item.purpose == AgendaItem.Purpose.RATIFICATION:  # type: ignore[union-attr]
        allowed = RATIFICATION_OUTCOMES
    else:
        allowed = PANEL_OUTCOMES - RELISTING
    child_ids = _child_ids(referral)
    errors = _validate(data, allowed=allowed, referral=referral, child_ids=child_ids)
    if errors:
        raise Invalid(errors)
    correction = Decision.objects.create(
        authority_id=actor.authority_id,
        referral=referral,
        agenda_item=decision.agenda_item,
        kind=decision.kind,
        outcome=data.outcome,
        discussion=data.discussion.strip(),
        referred_to=data.referred_to.strip(),
        recorded_by=actor.user,
        recorded_at=timezone.now(),
        finalised_by_role=decision.finalised_by_role,
        supersedes=decision,
        correction_reason=reason,
    )
    _write_details(correction, data, child_ids)
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="decision.correction_recorded",
        obj=correction,
        referral_id=referral.pk,
        data={"supersedes": decision.pk},
    )
    return correction


# ----------------------------------------------------------------- delegated decisions


@transaction.atomic
def referral_decide_delegated(*, actor: Actor, referral_id: int, data: DecisionInput) -> Decision:
    """Below the panel's threshold the pack's delegated approver decides, without panel.

    Their decision is signed as they record it, and takes effect at once.
    """
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    permissions.check_can_decide_delegated(actor, referral)
    child_ids = _child_ids(referral)
    errors = _validate(data, allowed=DELEGATED_OUTCOMES, referral=referral, child_ids=child_ids)
    if errors:
        raise Invalid(errors)
    now = timezone.now()
    decision = Decision.objects.create(
        authority_id=actor.authority_id,
        referral=referral,
        kind=Decision.Kind.DELEGATED,
        outcome=data.outcome,
        status=Decision.Status.SIGNED,
        discussion=data.discussion.strip(),
        recorded_by=actor.user,
        recorded_at=now,
        signed_by=actor.user,
        signed_name=actor.name,
        signed_at=now,
    )
    _write_details(decision, data, child_ids)
    _seal(decision)
    advance(referral, "decide_delegated")
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="decision.delegated",
        obj=decision,
        referral_id=referral.pk,
        data={"outcome": data.outcome, "role": referral.route_approver},
    )
    _take_effect(decision, actor)
    return decision


# ----------------------------------------------------------------- emergency decisions


@transaction.atomic
def emergency_decision_record(
    *, actor: Actor, referral_id: int, reason: str, approval: ApprovalInput
) -> EmergencyDecision:
    """An approval between panels by a role the pack allows. It stands until the next
    meeting, where the referral is listed for ratification. Where the pack asks for all
    of several approvers, it waits for the others (`emergency_decision_approve`)."""
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    pack = get_pack(actor.authority_id)
    referral.emergency = True
    children = children_of(referral)
    where = refresh_route(referral, pack, children)
    role = permissions.check_can_record_emergency(actor, referral, where)
    errors = {}
    if not reason.strip():
        errors["reason"] = "Say why this could not wait for the panel."
    errors.update(_validate_approval(approval))
    if not children:
        errors["children"] = "Name at least one child on the referral."
    if errors:
        raise Invalid(errors)
    now = timezone.now()
    referral.submitted_at = now
    referral.version += 1
    referral.save()
    emergency = EmergencyDecision.objects.create(
        authority_id=actor.authority_id,
        referral=referral,
        reason=reason.strip(),
        approvers_required=list(where.approvers),
        approval_rule=where.approval or "any",
        recorded_by=actor.user,
        recorded_at=now,
    )
    _create_approval(
        referral,
        approval,
        emergency=emergency,
        review_due_on=approval.review_due_on or approval.starts_on,
    )
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="emergency_decision.recorded",
        obj=emergency,
        referral_id=referral.pk,
        data={"approvers": list(where.approvers), "approval": where.approval},
    )
    _add_approver(emergency, actor, role, now)
    return emergency


@transaction.atomic
def emergency_decision_approve(*, actor: Actor, emergency_id: int) -> EmergencyDecision:
    """Another of the approvers the pack requires agrees to an emergency decision."""
    try:
        emergency = (
            emergency_decisions_visible_to(actor)
            .select_for_update(of=("self",))
            .get(pk=emergency_id)
        )
    except EmergencyDecision.DoesNotExist:
        raise NotFound("No emergency decision with that id.") from None
    # Withdrawn while it waited: the last approver must not list it for ratification.
    emergency.referral = Referral.objects.select_for_update().get(pk=emergency.referral_id)
    role = permissions.check_can_approve_emergency(actor, emergency)
    _add_approver(emergency, actor, role, timezone.now())
    return emergency


def _add_approver(emergency: EmergencyDecision, actor: Actor, role: str, now: dt.datetime) -> None:
    EmergencyApprover.objects.create(
        authority_id=emergency.authority_id,
        emergency_decision=emergency,
        role=role,
        user=actor.user,
        name=actor.name,
        approved_at=now,
    )
    audit_record(
        actor=actor,
        authority_id=emergency.authority_id,
        action="emergency_decision.approved_by",
        obj=emergency,
        referral_id=emergency.referral_id,
        data={"role": role},
    )
    given = set(emergency.approvers.values_list("role", flat=True))
    complete = (
        bool(given)
        if emergency.approval_rule == "any"
        else all(r in given for r in emergency.approvers_required)
    )
    if complete:
        _emergency_in_force(emergency, actor, now)


def _emergency_in_force(emergency: EmergencyDecision, actor: Actor, now: dt.datetime) -> None:
    """The approval stands; the referral goes to the next meeting for ratification."""
    referral = Referral.objects.select_for_update().get(pk=emergency.referral_id)
    referral.ready_at = now
    referral.save(update_fields=["ready_at"])
    item = referral_place(referral=referral, actor=actor, purpose=AgendaItem.Purpose.RATIFICATION)
    meeting: Meeting = item.meeting
    emergency.status = EmergencyDecision.Status.APPROVED
    emergency.approved_at = now
    emergency.ratification_meeting = meeting
    emergency.version += 1
    emergency.save(update_fields=["status", "approved_at", "ratification_meeting", "version"])
    Approval.objects.filter(emergency_decision=emergency).update(
        status=Approval.Status.ACTIVE, review_due_on=timezone.localtime(meeting.starts_at).date()
    )
    audit_record(
        actor=actor,
        authority_id=emergency.authority_id,
        action="emergency_decision.in_force",
        obj=emergency,
        referral_id=referral.pk,
        data={"ratification_meeting": meeting.pk},
    )


# ------------------------------------------------------------- on the child's file


@transaction.atomic
def referral_record(
    *, actor: Actor, referral_id: int, reference: str, version: int | None = None
) -> Referral:
    """The coordinator has put the signed decision on the child's file (EHM, LCS, Mosaic)."""
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    check_can_record_on_file(actor, referral)
    check_referral_version(referral, version)
    _check_finalised(referral)
    reference = reference.strip()
    if not reference or len(reference) > 200:
        raise Invalid({"reference": "Enter where it is recorded, like the case note's reference."})
    referral.recorded_reference = reference
    advance(referral, "record", fields=["recorded_reference"])
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="referral.recorded",
        obj=referral,
        referral_id=referral.pk,
    )
    return referral


def _check_finalised(referral: Referral) -> None:
    """A decision the pack has a role finalise (North Somerset's assistant director) goes
    on the child's file only once finalised: "Assistant Director will finalise the
    decisions and these will be uploaded by the Panel Coordinator"."""
    waiting = Decision.objects.filter(
        awaiting_finalisation_q(), authority_id=referral.authority_id, referral=referral
    ).first()
    if waiting is not None:
        raise IllegalTransition(
            f"The {ROLE_LABELS[waiting.finalised_by_role]} has not finalised the decision yet, "
            "so it cannot be recorded on the child's file."
        )


# ------------------------------------------------- approvals changed by other apps' events


def _locked_approval(approval_id: int) -> Approval:
    return Approval.objects.select_for_update().get(pk=approval_id)


@transaction.atomic
def approval_end(*, actor: Actor | None, approval_id: int, reason: str) -> Approval:
    """An active approval ends today: superseded by a correction, not ratified, replaced
    by a ratified approval, or its referral withdrawn before ratification."""
    approval = _locked_approval(approval_id)
    if approval.status != Approval.Status.ACTIVE:
        raise IllegalTransition("This approval is not in force, so it cannot end.")
    approval.status = Approval.Status.ENDED
    approval.ended_on = timezone.localdate()
    approval.end_reason = reason
    approval.version += 1
    approval.save(update_fields=["status", "ended_on", "end_reason", "version"])
    audit_record(
        actor=actor,
        authority_id=approval.authority_id,
        action="approval.ended",
        obj=approval,
        referral_id=approval.referral_id,
        data={"reason": reason},
    )
    return approval


@transaction.atomic
def approval_review_due_move(*, actor: Actor | None, approval_id: int, due: dt.date) -> Approval:
    """An emergency approval stands until the meeting that ratifies it: when that meeting
    changes, so does the date it comes back."""
    approval = _locked_approval(approval_id)
    moved_from = approval.review_due_on
    approval.review_due_on = due
    approval.version += 1
    approval.save(update_fields=["review_due_on", "version"])
    audit_record(
        actor=actor,
        authority_id=approval.authority_id,
        action="approval.review_due_moved",
        obj=approval,
        referral_id=approval.referral_id,
        data={"from": moved_from.isoformat(), "to": due.isoformat()},
    )
    return approval


@transaction.atomic
def emergency_ratification_move(
    *, actor: Actor | None, emergency_id: int, meeting: Meeting
) -> EmergencyDecision:
    """The emergency decision's ratification was carried to `meeting`; its standing
    approval comes back then."""
    emergency = EmergencyDecision.objects.select_for_update().get(pk=emergency_id)
    emergency.ratification_meeting = meeting
    emergency.version += 1
    emergency.save(update_fields=["ratification_meeting", "version"])
    audit_record(
        actor=actor,
        authority_id=emergency.authority_id,
        action="emergency_decision.ratification_moved",
        obj=emergency,
        referral_id=emergency.referral_id,
        data={"meeting": meeting.pk},
    )
    standing = Approval.objects.filter(
        emergency_decision=emergency, status=Approval.Status.ACTIVE
    ).values_list("pk", flat=True)
    for approval_id in list(standing):
        approval_review_due_move(actor=actor, approval_id=approval_id, due=meeting.day)
    return emergency


# ----------------------------------------------------------------------- the sheet


def decision_sheet_download(
    *, actor: Actor, decision_id: int, base_url: str | None = None
) -> tuple[Decision, bytes]:
    """The decision sheet as PDF, for anyone who may read the decision. The download is
    audited, as every read that names children outside the service is (the API and the
    pages both call this)."""
    visible = decisions_visible_to(actor).values("pk")
    try:
        decision = sheet_queryset().filter(pk__in=visible).get(pk=decision_id)
    except Decision.DoesNotExist:
        raise NotFound("No decision with that id.") from None
    pdf = render_sheet_pdf(decision, base_url=base_url)
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="decision_sheet.downloaded",
        obj=decision,
        referral_id=decision.referral_id,
    )
    return decision, pdf


__all__ = [
    "ActionInput",
    "ApprovalInput",
    "ChildOutcomeInput",
    "DecisionInput",
    "agenda_item_decide",
    "approval_end",
    "approval_review_due_move",
    "decision_correct",
    "decision_finalise",
    "decision_sheet_download",
    "decision_sign",
    "emergency_decision_approve",
    "emergency_decision_record",
    "emergency_ratification_move",
    "referral_decide_delegated",
    "referral_record",
]
