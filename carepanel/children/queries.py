"""Reads of children, scoped to the actor's authority and role (DESIGN.md §9)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from carepanel.accounts.actors import Actor
from carepanel.children.models import Child
from carepanel.core.errors import NotFound
from carepanel.referrals.queries import HEARD_STATES, OVERSIGHT_ROLES, PANEL_ROLES, TEAM_ROLES


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
