"""Who may do what to a referral: one predicate per action, for services and pages alike.

Which role signs off, accepts a late referral or decides under delegation is the
pack's to say; these predicates take the pack's answer as an argument.
"""

from __future__ import annotations

from carepanel.accounts.actors import Actor
from carepanel.core.errors import IllegalTransition, NotPermitted, allowed
from carepanel.policy import Pack
from carepanel.policy.kinds import ROLE_LABELS
from carepanel.policy.schema import SignOff as SignOffRule
from carepanel.referrals.models import Referral
from carepanel.referrals.queries import next_sign_off
from carepanel.referrals.transitions import allows, refusal

DRAFTING_ROLES = ("social_worker", "team_manager")


def _drafts_for(actor: Actor, referral: Referral) -> bool:
    """The social workers and managers of the referral's team, and whoever drafted it."""
    return actor.has(*DRAFTING_ROLES) and (
        referral.team_id in actor.team_ids or referral.created_by_id == actor.user.pk
    )


def _check_state(referral: Referral, action: str) -> None:
    if not allows(referral.status, action):
        raise IllegalTransition(refusal(referral.status, action))


def check_can_create_referral(actor: Actor) -> None:
    if not actor.has(*DRAFTING_ROLES):
        raise NotPermitted("Only a social worker or team manager can start a referral.")


def can_create_referral(actor: Actor) -> bool:
    return allowed(check_can_create_referral, actor)


def check_can_edit_referral(actor: Actor, referral: Referral) -> None:
    if not _drafts_for(actor, referral):
        raise NotPermitted("Only the referral's team can change it.")
    _check_state(referral, "edit")


def can_edit_referral(actor: Actor, referral: Referral) -> bool:
    return allowed(check_can_edit_referral, actor, referral)


def check_can_submit_referral(actor: Actor, referral: Referral) -> None:
    if not _drafts_for(actor, referral):
        raise NotPermitted("Only the referral's team can submit it.")
    _check_state(referral, "submit")
    if hasattr(referral, "emergency_decision"):
        raise IllegalTransition(
            "This referral has an emergency decision waiting for its approvers; it goes to "
            "panel for ratification once they agree."
        )


def can_submit_referral(actor: Actor, referral: Referral) -> bool:
    return allowed(check_can_submit_referral, actor, referral)


def check_can_withdraw_referral(actor: Actor, referral: Referral) -> None:
    if not (_drafts_for(actor, referral) or actor.has("panel_coordinator")):
        raise NotPermitted("Only the referral's team or a panel coordinator can withdraw it.")
    _check_state(referral, "withdraw")


def can_withdraw_referral(actor: Actor, referral: Referral) -> bool:
    return allowed(check_can_withdraw_referral, actor, referral)


def may_give_sign_off(actor: Actor, referral: Referral, role: str) -> bool:
    """`role` is the pack's next sign-off. A team manager signs for their own team only,
    and nobody signs off a referral they drafted (`queries.awaiting_sign_off_q` is the
    same rule as a filter)."""
    if role not in actor.roles or referral.created_by_id == actor.user.pk:
        return False
    return role != "team_manager" or referral.team_id in actor.team_ids


def check_can_sign_off_referral(actor: Actor, referral: Referral, pack: Pack) -> SignOffRule:
    """The pack's next sign-off, if it is the actor's to give; else `referral_sign_off`'s
    refusal. Reads `sign_offs`."""
    if not allows(referral.status, "sign_off"):
        raise IllegalTransition(refusal(referral.status, "sign_off"))
    rule = next_sign_off(referral, pack)
    if rule is None:
        raise IllegalTransition(
            "This referral needs no sign-off: it is decided by the "
            f"{ROLE_LABELS.get(referral.route_approver, 'delegated approver')}."
        )
    if not may_give_sign_off(actor, referral, rule.role):
        if referral.created_by_id == actor.user.pk:
            raise NotPermitted("You drafted this referral, so someone else must sign it off.")
        whose = " of its team" if rule.role == "team_manager" else ""
        raise NotPermitted(
            f"This referral is waiting for the {ROLE_LABELS[rule.role]}{whose} to {rule.action} it."
        )
    return rule


def can_sign_off_referral(actor: Actor, referral: Referral, pack: Pack) -> bool:
    return allowed(check_can_sign_off_referral, actor, referral, pack)


def takes_papers(referral: Referral) -> bool:
    """Papers may be added until the decision is signed (or the referral withdrawn)."""
    return referral.status not in (
        Referral.Status.SIGNED,
        Referral.Status.RECORDED,
        Referral.Status.WITHDRAWN,
    )


def check_can_add_paper(actor: Actor, referral: Referral) -> None:
    if not (_drafts_for(actor, referral) or actor.has("panel_coordinator")):
        raise NotPermitted("Only the referral's team or a panel coordinator can add papers.")
    if not takes_papers(referral):
        raise IllegalTransition(
            f"This referral is {referral.get_status_display().lower()}, so papers cannot be added."
        )


def can_add_paper(actor: Actor, referral: Referral) -> bool:
    return allowed(check_can_add_paper, actor, referral)


def check_can_list_referral(actor: Actor, referral: Referral) -> None:
    """The coordinator lists an agreed referral that found no place."""
    if not actor.has("panel_coordinator"):
        raise NotPermitted("Only a panel coordinator can list a referral.")
    _check_state(referral, "list")


def can_list_referral(actor: Actor, referral: Referral) -> bool:
    return allowed(check_can_list_referral, actor, referral)


def check_can_record_on_file(actor: Actor, referral: Referral) -> None:
    """The coordinator puts a signed decision on the child's file. (Whether the decision
    still awaits finalisation is the service's to check: it reads the decisions.)"""
    if not actor.has("panel_coordinator"):
        raise NotPermitted("Only a panel coordinator can record the decision on the file.")
    _check_state(referral, "record")


def can_record_on_file(actor: Actor, referral: Referral) -> bool:
    return allowed(check_can_record_on_file, actor, referral)
