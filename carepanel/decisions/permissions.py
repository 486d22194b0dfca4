"""Who may record, sign, finalise and correct decisions: one predicate per action."""

from __future__ import annotations

from carepanel.accounts.actors import Actor
from carepanel.decisions.models import Decision


def can_record_decision(actor: Actor) -> bool:
    return actor.has("panel_coordinator", "chair")


def can_sign_decision(actor: Actor, decision: Decision) -> bool:
    """The chair signs the panel's decisions; a delegated decision (and so a correction
    of one) is signed by the delegated approver."""
    if decision.kind == Decision.Kind.DELEGATED:
        return _is_delegated_approver(actor, decision)
    return actor.has("chair")


def can_finalise_decision(actor: Actor, decision: Decision) -> bool:
    return bool(decision.finalised_by_role) and actor.has(decision.finalised_by_role)


def can_correct_decision(actor: Actor, decision: Decision | None = None) -> bool:
    if decision is not None and decision.kind == Decision.Kind.DELEGATED:
        return _is_delegated_approver(actor, decision)
    return actor.has("chair")


def _is_delegated_approver(actor: Actor, decision: Decision) -> bool:
    referral = decision.referral
    return referral.route_approver in actor.roles and referral.created_by_id != actor.user.pk
