"""Who may record, sign, finalise and correct decisions: one predicate per action.

The delegated and emergency decisions' rules also come as checks that raise the
service's own refusal: the services call them, and so do the pages, which refuse a
form before anyone fills it in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from carepanel.accounts.actors import Actor, roles_in_words
from carepanel.core.errors import IllegalTransition, NotPermitted, ServiceError
from carepanel.core.templatetags.govuk_dates import govuk_date, govuk_time
from carepanel.decisions.models import Decision
from carepanel.meetings.models import Meeting
from carepanel.policy import Route
from carepanel.policy.kinds import ROLE_LABELS
from carepanel.referrals.models import Referral
from carepanel.referrals.transitions import allows, refusal


def check_meeting_started(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """An outcome at a meeting (a decision, a ratification) is the panel's, so it can be
    recorded, and then signed, only once the meeting has started. Delegated and
    emergency decisions belong to no meeting and never ask this."""
    if (now or timezone.now()) < meeting.starts_at:
        raise IllegalTransition(
            f"This meeting starts at {govuk_time(meeting.starts_at)} on "
            f"{govuk_date(meeting.starts_at)}. Its decisions can be recorded from then."
        )


def meeting_started(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    return _allowed(check_meeting_started, meeting, now)


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


def check_can_decide_delegated(actor: Actor, referral: Referral) -> None:
    """The pack's delegated approver decides a referral routed to them, once submitted;
    not one they drafted themselves."""
    if referral.route != Referral.Route.DELEGATED:
        raise IllegalTransition("This referral goes to the panel, not to a delegated approver.")
    if not allows(referral.status, "decide_delegated"):
        raise IllegalTransition(refusal(referral.status, "decide_delegated"))
    if referral.route_approver not in actor.roles or referral.created_by_id == actor.user.pk:
        raise NotPermitted(
            f"Only the {ROLE_LABELS[referral.route_approver]} can decide this referral."
        )


def can_decide_delegated(actor: Actor, referral: Referral) -> bool:
    return _allowed(check_can_decide_delegated, actor, referral)


def check_can_record_emergency(actor: Actor, referral: Referral, where: Route) -> str:
    """The role in which the actor approves the draft between panels; `where` is the
    referral's route as an emergency. Refused for a referral past its draft, one that
    has an emergency decision, one the pack gives no approval between panels, and a
    person without one of the roles the pack names."""
    if not allows(referral.status, "emergency"):
        raise IllegalTransition(refusal(referral.status, "emergency"))
    if hasattr(referral, "emergency_decision"):
        raise IllegalTransition("This referral already has an emergency decision.")
    if where.route != Referral.Route.PANEL or not where.retrospective or not where.approvers:
        raise IllegalTransition(
            "This council's terms of reference give no approval between panels for this "
            "referral: " + " ".join(where.reasons)
        )
    role = actor.role_among(where.approvers)
    if role is None:
        if where.approval == "all":
            raise NotPermitted(
                f"Only the {roles_in_words(where.approvers, 'and the')} can approve this "
                "between panels, and each of them must."
            )
        raise NotPermitted(
            f"Only the {roles_in_words(where.approvers)} can approve this between panels."
        )
    return role


def can_record_emergency(actor: Actor, referral: Referral, where: Route) -> bool:
    return _allowed(check_can_record_emergency, actor, referral, where)


def _allowed(check: Callable[..., object], *args: object) -> bool:
    try:
        check(*args)
    except ServiceError:
        return False
    return True
