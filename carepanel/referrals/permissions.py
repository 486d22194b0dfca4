"""Who may do what to a referral: one predicate per action, for services and pages alike.

Which role signs off, accepts a late referral or decides under delegation is the
pack's to say; these predicates take the pack's answer as an argument.
"""

from __future__ import annotations

from carepanel.accounts.actors import Actor
from carepanel.referrals.models import Referral

DRAFTING_ROLES = ("social_worker", "team_manager")


def can_create_referral(actor: Actor) -> bool:
    return actor.has(*DRAFTING_ROLES)


def can_edit_referral(actor: Actor, referral: Referral) -> bool:
    """The social workers and managers of the referral's team, and whoever drafted it."""
    return actor.has(*DRAFTING_ROLES) and (
        referral.team_id in actor.team_ids or referral.created_by_id == actor.user.pk
    )


def can_submit_referral(actor: Actor, referral: Referral) -> bool:
    return can_edit_referral(actor, referral)


def can_withdraw_referral(actor: Actor, referral: Referral) -> bool:
    return can_edit_referral(actor, referral) or actor.has("panel_coordinator")


def can_sign_off_referral(actor: Actor, referral: Referral, role: str) -> bool:
    """`role` is the pack's next sign-off. A team manager signs for their own team only,
    and nobody signs off a referral they drafted."""
    if role not in actor.roles or referral.created_by_id == actor.user.pk:
        return False
    return role != "team_manager" or referral.team_id in actor.team_ids


def can_add_paper(actor: Actor, referral: Referral) -> bool:
    return can_edit_referral(actor, referral) or actor.has("panel_coordinator")


def can_list_referral(actor: Actor) -> bool:
    """The coordinator lists an agreed referral that found no place."""
    return actor.has("panel_coordinator")


def can_record_on_file(actor: Actor) -> bool:
    return actor.has("panel_coordinator")
