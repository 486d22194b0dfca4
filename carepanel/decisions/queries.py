"""Reads of decisions, scoped through the referrals the actor may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carepanel.accounts.actors import Actor
from carepanel.core.errors import NotFound
from carepanel.decisions.models import Decision, EmergencyDecision
from carepanel.referrals.models import Referral


def decisions_visible_to(actor: Actor) -> QuerySet[Decision]:
    return Decision.objects.filter(
        authority_id=actor.authority_id,
        referral__in=_visible_referral_ids(actor),
    )


def emergency_decisions_visible_to(actor: Actor) -> QuerySet[EmergencyDecision]:
    return EmergencyDecision.objects.filter(
        authority_id=actor.authority_id,
        referral__in=_visible_referral_ids(actor),
    )


def _visible_referral_ids(actor: Actor) -> QuerySet[Referral, Any]:
    from carepanel.referrals.queries import referrals_visible_to

    return referrals_visible_to(actor).values("pk")


def get_decision_for_actor(actor: Actor, decision_id: int) -> Decision:
    try:
        return decisions_visible_to(actor).get(pk=decision_id)
    except Decision.DoesNotExist:
        raise NotFound("No decision with that id.") from None
