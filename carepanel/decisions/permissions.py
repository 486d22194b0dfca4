"""Who may record, sign, finalise and correct decisions: one predicate per action.

The delegated and emergency decisions' rules also come as checks that raise the
service's own refusal: the services call them, and so do the pages, which refuse a
form before anyone fills it in.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from carepanel.accounts.actors import Actor, roles_in_words
from carepanel.core.errors import IllegalTransition, NotPermitted, allowed
from carepanel.core.templatetags.govuk_dates import govuk_date, govuk_time
from carepanel.decisions.models import RELISTING, Decision, EmergencyDecision
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.policy import Pack, Route
from carepanel.policy.kinds import ROLE_LABELS
from carepanel.referrals.models import Referral
from carepanel.referrals.transitions import allows, refusal


def check_can_record_decision(actor: Actor) -> None:
    if not actor.has("panel_coordinator", "chair"):
        raise NotPermitted("Only the panel coordinator or the chair can record a decision.")


def can_record_decision(actor: Actor) -> bool:
    return allowed(check_can_record_decision, actor)


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
    return allowed(check_meeting_started, meeting, now)


def hearing_closed(item: AgendaItem, decision: Decision | None) -> str:
    """Why the panel's decision on the item can no longer be recorded here, in the words
    `agenda_item_decide` refuses with (`check_can_decide_item`); empty while it can."""
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
        check_meeting_started(item.meeting)
    except IllegalTransition as not_yet:
        return not_yet.message
    return ""


def check_can_decide_item(actor: Actor, item: AgendaItem, decision: Decision | None) -> None:
    """The panel's decision on a listed item, recorded (or recorded again, until signed)
    by the coordinator or the chair; `decision` is the item's current one, if any."""
    check_can_record_decision(actor)
    closed = hearing_closed(item, decision)
    if closed:
        raise IllegalTransition(closed)


def can_decide_item(actor: Actor, item: AgendaItem, decision: Decision | None) -> bool:
    return allowed(check_can_decide_item, actor, item, decision)


def _only_who(decision: Decision, panel_refusal: str) -> str:
    """Who may sign or correct: the chair, or for a delegated decision its approver."""
    if decision.kind == Decision.Kind.DELEGATED:
        return f"Only the {ROLE_LABELS[decision.referral.route_approver]} can do this."
    return panel_refusal


def _signs_for(actor: Actor, decision: Decision) -> bool:
    """The chair signs (and corrects) the panel's decisions; a delegated decision, and so
    a correction of one, its delegated approver (`queries.to_sign_q` as a filter)."""
    if decision.kind == Decision.Kind.DELEGATED:
        return _is_delegated_approver(actor, decision.referral)
    return actor.has("chair")


def check_can_sign_decision(actor: Actor, decision: Decision) -> None:
    if not _signs_for(actor, decision):
        raise NotPermitted(_only_who(decision, "Only the panel chair can sign a decision."))
    if decision.is_signed:
        raise IllegalTransition("This decision is already signed.")
    if decision.agenda_item is not None:
        # Recording refuses before the start, so this holds already; it stays true
        # whatever wrote the row.
        check_meeting_started(decision.agenda_item.meeting)


def can_sign_decision(actor: Actor, decision: Decision) -> bool:
    return allowed(check_can_sign_decision, actor, decision)


def check_can_finalise_decision(actor: Actor, decision: Decision) -> None:
    """The role the pack names confirms a signed recommendation, once
    (`queries.to_finalise_q` is the same rule as a filter)."""
    if not decision.finalised_by_role:
        raise IllegalTransition("This decision needs no finalisation.")
    if not actor.has(decision.finalised_by_role):
        raise NotPermitted(
            f"Only the {ROLE_LABELS[decision.finalised_by_role]} can finalise this decision."
        )
    if not decision.is_signed:
        raise IllegalTransition("The chair must sign the decision before it is finalised.")
    if decision.finalised_at is not None:
        raise IllegalTransition("This decision is already finalised.")


def can_finalise_decision(actor: Actor, decision: Decision) -> bool:
    return allowed(check_can_finalise_decision, actor, decision)


def check_can_correct_decision(actor: Actor, decision: Decision) -> None:
    """A signed decision, not corrected already. Whether a correction exists is read
    (one query)."""
    if not _signs_for(actor, decision):
        raise NotPermitted(
            _only_who(decision, "Only the panel chair can correct a signed decision.")
        )
    if not decision.is_signed:
        raise IllegalTransition(
            "This decision is not signed yet, so change it rather than correcting it."
        )
    if Decision.objects.filter(supersedes=decision).exists():
        raise IllegalTransition(
            "This decision already has a correction; correct the latest decision instead."
        )


def can_correct_decision(actor: Actor, decision: Decision) -> bool:
    return allowed(check_can_correct_decision, actor, decision)


def _is_delegated_approver(actor: Actor, referral: Referral) -> bool:
    return referral.route_approver in actor.roles and referral.created_by_id != actor.user.pk


def check_can_decide_delegated(actor: Actor, referral: Referral) -> None:
    """The pack's delegated approver decides a referral routed to them, once submitted;
    not one they drafted themselves."""
    if referral.route != Referral.Route.DELEGATED:
        raise IllegalTransition("This referral goes to the panel, not to a delegated approver.")
    if not allows(referral.status, "decide_delegated"):
        raise IllegalTransition(refusal(referral.status, "decide_delegated"))
    if not _is_delegated_approver(actor, referral):
        raise NotPermitted(
            f"Only the {ROLE_LABELS[referral.route_approver]} can decide this referral."
        )


def can_decide_delegated(actor: Actor, referral: Referral) -> bool:
    return allowed(check_can_decide_delegated, actor, referral)


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
    return allowed(check_can_record_emergency, actor, referral, where)


def emergency_still_to_approve(emergency: EmergencyDecision) -> list[str]:
    """The roles whose approval the emergency decision still waits for (none once in force).

    Reads `approvers`, which `emergency_rows` prefetches."""
    if emergency.status != EmergencyDecision.Status.AWAITING_APPROVERS:
        return []
    given = {approver.role for approver in emergency.approvers.all()}
    return [role for role in emergency.approvers_required if role not in given]


def check_can_approve_emergency(actor: Actor, emergency: EmergencyDecision) -> str:
    """The role in which the actor gives one of the approvals the emergency decision still
    waits for; else `emergency_decision_approve`'s refusal (one person gives one
    approval). Reads the referral and `approvers`, which `emergency_rows` loads."""
    if emergency.status != EmergencyDecision.Status.AWAITING_APPROVERS:
        raise IllegalTransition("This emergency decision is not waiting for approvers.")
    status = emergency.referral.status
    if not allows(status, "emergency"):
        raise IllegalTransition(refusal(status, "emergency"))
    missing = emergency_still_to_approve(emergency)
    given_by = {approver.user_id for approver in emergency.approvers.all()}
    role = actor.role_among(missing)
    if role is None or actor.user.pk in given_by:
        raise NotPermitted(f"This is waiting for the {roles_in_words(missing, 'and')}.")
    return role


def can_approve_emergency(actor: Actor, emergency: EmergencyDecision) -> bool:
    return allowed(check_can_approve_emergency, actor, emergency)


# ------------------------------------------------------------------ who the pack names


def finaliser_roles(pack: Pack) -> set[str]:
    return {panel.finalised_by for panel in pack.panels if panel.finalised_by}


def emergency_approver_roles(pack: Pack) -> set[str]:
    return {role for rule in pack.emergency for role in rule.approvers}


def delegated_approver_roles(pack: Pack) -> set[str]:
    threshold = pack.routing.threshold
    return {threshold.delegated_approver} if threshold else set()


def signs_decisions(actor: Actor, pack: Pack) -> bool:
    """The chair signs the panel's sheets, the delegated approver their own decisions'
    corrections, and the pack's finaliser finalises."""
    return actor.has("chair", *delegated_approver_roles(pack), *finaliser_roles(pack))


def approves_emergencies(actor: Actor, pack: Pack) -> bool:
    return actor.has(*emergency_approver_roles(pack))
