"""Who may record, sign, finalise and correct decisions: one predicate per action."""

from __future__ import annotations

from carepanel.accounts.actors import Actor
from carepanel.decisions.models import Decision


def can_record_decision(actor: Actor) -> bool:
    return actor.has("panel_coordinator", "chair")


def can_sign_decision(actor: Actor, decision: Decision) -> bool:
    return actor.has("chair") and decision.kind == Decision.Kind.PANEL


def can_finalise_decision(actor: Actor, decision: Decision) -> bool:
    return bool(decision.finalised_by_role) and actor.has(decision.finalised_by_role)


def can_correct_decision(actor: Actor) -> bool:
    return actor.has("chair")


def can_download_sheet(actor: Actor) -> bool:
    """Anyone who can see the decision's referral may read its sheet."""
    return True
