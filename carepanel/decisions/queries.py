"""Reads of decisions, scoped through the referrals the actor may see.

Besides the scoped querysets, the pages ask here what a person may open before they fill
in a form: each `check_…` raises the refusal the service would give, so that nobody
types a decision the service will then refuse.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from carepanel.accounts.actors import Actor, roles_in_words
from carepanel.accounts.models import RoleGrant, User
from carepanel.core.errors import IllegalTransition, NotFound, NotPermitted
from carepanel.decisions import permissions
from carepanel.decisions.models import (
    RELISTING,
    Action,
    ChildOutcome,
    Decision,
    EmergencyDecision,
)
from carepanel.meetings.models import AgendaItem
from carepanel.policy import ReviewPlan, Route, get_pack, review_plan
from carepanel.referrals.models import Paper, Referral, ReferralChild
from carepanel.referrals.transitions import allows, refusal


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


# ------------------------------------------------------------------ awaiting someone


def to_sign_q(actor: Actor) -> Q:
    """Recorded decisions the actor may sign (`permissions.can_sign_decision`): the panel's
    for a chair; a delegated decision (or its correction) for its delegated approver, who
    did not draft the referral. A filter, so that the home page can count it in SQL."""
    may_sign = Q(
        kind=Decision.Kind.DELEGATED, referral__route_approver__in=sorted(actor.roles)
    ) & ~Q(referral__created_by=actor.user)
    if actor.has("chair"):
        may_sign |= Q(kind=Decision.Kind.PANEL)
    return Q(status=Decision.Status.RECORDED) & may_sign


def to_finalise_q(actor: Actor) -> Q:
    """Signed recommendations waiting for the role the pack names, held by the actor. One
    with a correction is not: the correction is finalised in its place."""
    return Q(
        status=Decision.Status.SIGNED,
        finalised_by_role__in=sorted(actor.roles),
        finalised_at__isnull=True,
        superseded_by__isnull=True,
    )


def decisions_to_sign(actor: Actor) -> QuerySet[Decision]:
    return decisions_visible_to(actor).filter(to_sign_q(actor))


def decisions_to_finalise(actor: Actor) -> QuerySet[Decision]:
    return decisions_visible_to(actor).filter(to_finalise_q(actor))


def decisions_awaiting(actor: Actor) -> QuerySet[Decision]:
    """Both of the above, earliest meeting first, with what a list of them shows."""
    return (
        (decisions_to_sign(actor) | decisions_to_finalise(actor))
        .defer("sheet_snapshot")
        .select_related("referral", "agenda_item__meeting")
        .prefetch_related(
            Prefetch(
                "referral__child_links",
                queryset=ReferralChild.objects.select_related("child"),
            )
        )
        .order_by("agenda_item__meeting__starts_at", "recorded_at", "pk")
    )


# ------------------------------------------------------------------ the hearing


def people_of(actor: Actor) -> QuerySet[User]:
    """Everyone holding a role in the actor's authority, by name: who may own an action."""
    holders = RoleGrant.objects.filter(authority_id=actor.authority_id).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def hearing_item(actor: Actor, item_id: int) -> AgendaItem:
    """The agenda item with what the hearing screen shows of it: the referral, its
    children, papers and presenter, and its decision with every detail; a fixed number of
    queries."""
    from carepanel.meetings.queries import get_item_for_actor

    in_scope = get_item_for_actor(actor, item_id)
    current = (
        Decision.objects.filter(supersedes__isnull=True)
        .defer("sheet_snapshot")
        .select_related("approval")
        .prefetch_related(
            Prefetch("child_outcomes", queryset=ChildOutcome.objects.order_by("pk")),
            "conditions",
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        )
    )
    return (
        AgendaItem.objects.select_related(
            "meeting", "referral", "referral__presenter", "carried_to__meeting"
        )
        .prefetch_related(
            Prefetch(
                "referral__child_links",
                queryset=ReferralChild.objects.select_related("child").order_by("position", "pk"),
            ),
            Prefetch("referral__papers", queryset=Paper.objects.order_by("uploaded_at")),
            Prefetch("decisions", queryset=current, to_attr="current_decisions"),
        )
        .get(pk=in_scope.pk)
    )


def hearing_closed(item: AgendaItem, decision: Decision | None) -> str:
    """Why the panel's decision on the item can no longer be recorded here, in the words
    `agenda_item_decide` refuses with; empty while it can."""
    if decision is not None:
        if decision.is_signed:
            return (
                "This decision has been signed, so it cannot be changed. Record a correction "
                "instead; it will supersede the signed decision."
            )
        if decision.outcome in RELISTING:
            return (
                "This item was deferred or not heard and is on a later agenda; record the "
                "decision there."
            )
    elif item.status != AgendaItem.Status.LISTED:
        return "This item is no longer on the agenda."
    if item.meeting.is_cancelled:
        return "This meeting is cancelled."
    try:
        permissions.check_meeting_started(item.meeting)
    except IllegalTransition as not_yet:
        return not_yet.message
    return ""


def review_proposal(referral: Referral, on: dt.date) -> ReviewPlan:
    """The latest date the council's rules allow for a new referral, for an approval
    decided and starting on `on`: what the hearing proposes before the panel sets one.

    The referral's `child_links` should be prefetched (the rules read the children's flags).
    """
    children = [link.child for link in referral.child_links.all()]
    return review_plan(
        get_pack(referral.authority_id),
        referral.kind,
        decided_on=on,
        starts_on=on,
        flags=referral.flags(children),
    )


# ------------------------------------------------------------------ delegated decisions


# ------------------------------------------------------------------ emergency decisions


def emergency_route(actor: Actor, referral: Referral) -> Route:
    """Who the pack lets approve this referral between panels, and whether all of them
    must; raises what `emergency_decision_record` would refuse the actor."""
    from carepanel.referrals.services import emergency_route as route_as_emergency

    children = [link.child for link in referral.child_links.select_related("child")]
    where = route_as_emergency(referral, get_pack(actor.authority_id), children)
    permissions.check_can_record_emergency(actor, referral, where)
    return where


def emergency_rows(actor: Actor) -> QuerySet[EmergencyDecision]:
    """Emergency decisions the actor may see, newest first, with what a list shows of each."""
    return (
        emergency_decisions_visible_to(actor)
        .select_related("referral", "ratification_meeting", "approval", "ratification")
        .prefetch_related(
            "approvers",
            Prefetch(
                "referral__child_links",
                queryset=ReferralChild.objects.select_related("child"),
            ),
        )
        .order_by("-recorded_at", "-pk")
    )


def get_emergency_for_actor(actor: Actor, emergency_id: int) -> EmergencyDecision:
    try:
        return emergency_rows(actor).get(pk=emergency_id)
    except EmergencyDecision.DoesNotExist:
        raise NotFound("No emergency decision with that id.") from None


def emergency_still_to_approve(emergency: EmergencyDecision) -> list[str]:
    """The roles whose approval the emergency decision still waits for (none once in force).

    Reads `approvers`, which `emergency_rows` prefetches."""
    if emergency.status != EmergencyDecision.Status.AWAITING_APPROVERS:
        return []
    given = {approver.role for approver in emergency.approvers.all()}
    return [role for role in emergency.approvers_required if role not in given]


def can_approve_emergency(actor: Actor, emergency: EmergencyDecision) -> bool:
    """Whether the actor is one of the approvers it still waits for, as
    `emergency_decision_approve` checks (one person gives one approval)."""
    missing = emergency_still_to_approve(emergency)
    given_by = {approver.user_id for approver in emergency.approvers.all()}
    return actor.role_among(missing) is not None and actor.user.pk not in given_by


def check_can_approve_emergency(actor: Actor, emergency: EmergencyDecision) -> None:
    """Raise what `emergency_decision_approve` would refuse the actor.

    Reads the referral and `approvers`, which `emergency_rows` loads."""
    if emergency.status != EmergencyDecision.Status.AWAITING_APPROVERS:
        raise IllegalTransition("This emergency decision is not waiting for approvers.")
    status = emergency.referral.status
    if not allows(status, "emergency"):
        raise IllegalTransition(refusal(status, "emergency"))
    if not can_approve_emergency(actor, emergency):
        missing = emergency_still_to_approve(emergency)
        raise NotPermitted(f"This is waiting for the {roles_in_words(missing, 'and')}.")
