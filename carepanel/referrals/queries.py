"""Reads of referrals, always scoped to the actor's authority and role (DESIGN.md §9)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from carepanel.accounts.actors import Actor
from carepanel.children.models import Child
from carepanel.core.errors import NotFound
from carepanel.policy import Pack
from carepanel.policy.schema import SignOff as SignOffRule
from carepanel.referrals.models import Paper, Referral, SignOff

# Roles that oversee the whole authority's referrals once they have been submitted.
OVERSIGHT_ROLES = (
    "service_leader",
    "service_manager",
    "head_of_service",
    "assistant_director",
    "deputy_director",
    "director",
    "panel_coordinator",
    "chair",
    "finance_officer",
    "commissioning",
)
# Roles that work on their own team's referrals, drafts included.
TEAM_ROLES = ("social_worker", "team_manager")
# Roles that see what comes before the panel: listed items and what was decided on them.
PANEL_ROLES = ("panel_member", "iro")
HEARD_STATES = (
    Referral.Status.LISTED,
    Referral.Status.DECIDED,
    Referral.Status.SIGNED,
    Referral.Status.RECORDED,
)


def visibility(actor: Actor) -> Q:
    """Which of the authority's referrals the actor may see; empty for auditors and admins."""
    scope = Q(pk__in=[])
    if actor.has(*TEAM_ROLES, *OVERSIGHT_ROLES):
        scope |= Q(team_id__in=actor.team_ids) | Q(created_by=actor.user) | Q(presenter=actor.user)
    if actor.has(*OVERSIGHT_ROLES):
        # A draft flagged as an emergency asks for an approval between panels: the
        # approvers the pack names (all oversight roles) must be able to find it.
        scope |= ~Q(status=Referral.Status.DRAFT) | Q(emergency=True)
    if actor.has(*PANEL_ROLES):
        scope |= Q(status__in=HEARD_STATES)
    return scope


def referrals_visible_to(actor: Actor) -> QuerySet[Referral]:
    return Referral.objects.filter(Q(authority_id=actor.authority_id) & visibility(actor))


def get_referral_for_actor(actor: Actor, referral_id: int, *, for_update: bool = False) -> Referral:
    """The referral, or NotFound whether it is missing or outside the actor's scope."""
    referrals = referrals_visible_to(actor)
    if for_update:
        referrals = referrals.select_for_update(of=("self",))
    try:
        return referrals.get(pk=referral_id)
    except Referral.DoesNotExist:
        raise NotFound("No referral with that id.") from None


def get_paper_for_actor(actor: Actor, paper_id: int, *, referral_id: int | None = None) -> Paper:
    """A paper of a referral the actor can see (of `referral_id`, when given), or NotFound."""
    papers = Paper.objects.filter(
        authority_id=actor.authority_id, referral__in=referrals_visible_to(actor).values("pk")
    )
    if referral_id is not None:
        papers = papers.filter(referral_id=referral_id)
    try:
        return papers.get(pk=paper_id)
    except Paper.DoesNotExist:
        raise NotFound("No paper with that id.") from None


def children_to_choose(actor: Actor) -> QuerySet[Child]:
    """The children a referral of the actor's may name without adding them: those of the
    actor's own teams that the actor can see."""
    return children_visible_to(actor).filter(team_id__in=actor.team_ids)


# ----------------------------------------------------------------------------- children
# A child is seen through the referrals naming them, so the children's scope is read here.


def children_visible_to(actor: Actor) -> QuerySet[Child]:
    """Social workers and team managers see their teams' children and those on referrals
    they drafted or present; oversight roles see every child; panel members and IROs
    the children on referrals that came to panel."""
    scope = Q(pk__in=[])
    if actor.has(*OVERSIGHT_ROLES):
        scope |= Q(authority_id=actor.authority_id)
    if actor.has(*TEAM_ROLES):
        scope |= Q(team_id__in=actor.team_ids)
        scope |= Q(referral_links__referral__created_by=actor.user)
        scope |= Q(referral_links__referral__presenter=actor.user)
    if actor.has(*PANEL_ROLES):
        scope |= Q(referral_links__referral__status__in=HEARD_STATES)
    ids = Child.objects.filter(Q(authority_id=actor.authority_id) & scope).values("pk")
    return Child.objects.filter(authority_id=actor.authority_id, pk__in=ids)


def get_child_for_actor(actor: Actor, child_id: int) -> Child:
    try:
        return children_visible_to(actor).get(pk=child_id)
    except Child.DoesNotExist:
        raise NotFound("No child with that id.") from None


# ------------------------------------------------------------------ sign-offs


def next_sign_off(referral: Referral, pack: Pack) -> SignOffRule | None:
    """The pack's next sign-off still to be given in this round, in the pack's order.

    Reads `sign_offs` (prefetch it for a list)."""
    if referral.route != Referral.Route.PANEL or referral.status != Referral.Status.SUBMITTED:
        return None
    given = {
        (s.role, s.action)
        for s in referral.sign_offs.all()
        if s.round == referral.round and s.outcome == SignOff.Outcome.AGREED
    }
    return next(
        (
            rule
            for rule in pack.panel(referral.panel_id).sign_offs
            if (rule.role, rule.action) not in given
        ),
        None,
    )


def sign_off_roles(pack: Pack) -> set[str]:
    return {rule.role for panel in pack.panels for rule in panel.sign_offs}


def _agreed_this_round(role: str, action: str) -> Exists:
    return Exists(
        SignOff.objects.filter(
            referral=OuterRef("pk"),
            round=OuterRef("round"),
            role=role,
            action=action,
            outcome=SignOff.Outcome.AGREED,
        )
    )


def awaiting_sign_off_q(actor: Actor, pack: Pack) -> Q | None:
    """The referrals `permissions.check_can_sign_off_referral` lets the actor sign off,
    as one filter, so that they can be counted in SQL: `next_sign_off` is one of the
    actor's roles, and `permissions.may_give_sign_off` holds.

    A rule is next when every rule before it in the pack's order has been agreed in this
    round and it has not. None when the actor holds none of the pack's sign-off roles.
    """
    turns = []
    for panel in pack.panels:
        for index, rule in enumerate(panel.sign_offs):
            if rule.role not in actor.roles:
                continue
            turn = Q(panel_id=panel.id) & ~Q(_agreed_this_round(rule.role, rule.action))
            for earlier in panel.sign_offs[:index]:
                turn &= Q(_agreed_this_round(earlier.role, earlier.action))
            if rule.role == "team_manager":
                turn &= Q(team_id__in=actor.team_ids)
            turns.append(turn)
    if not turns:
        return None
    anyone = turns[0]
    for turn in turns[1:]:
        anyone |= turn
    return (
        Q(status=Referral.Status.SUBMITTED, route=Referral.Route.PANEL)
        & ~Q(created_by=actor.user)
        & anyone
    )


# ------------------------------------------------------------------ the actor's own work


def own_work_q(actor: Actor) -> Q:
    """The actor's own work: their team's referrals and those they drafted or present."""
    return Q(team_id__in=actor.team_ids) | Q(created_by=actor.user) | Q(presenter=actor.user)


# A referral still on its way: not yet recorded on the child's file, nor withdrawn.
OPEN_STATES = (
    Referral.Status.DRAFT,
    Referral.Status.SUBMITTED,
    Referral.Status.AGREED,
    Referral.Status.LISTED,
    Referral.Status.DECIDED,
    Referral.Status.SIGNED,
)


def my_open_q(actor: Actor) -> Q:
    return own_work_q(actor) & Q(status__in=OPEN_STATES)


def returned_q(actor: Actor) -> Q:
    """Drafts of the actor's own that a manager returned, with the reason still on them."""
    return own_work_q(actor) & Q(status=Referral.Status.DRAFT) & ~Q(returned_reason="")
