"""What decisions does when a referral or a meeting changes (connected in
DecisionsConfig.ready())."""

from __future__ import annotations

from typing import Any

from carepanel.accounts.actors import Actor
from carepanel.decisions.models import Approval, EmergencyDecision
from carepanel.decisions.services import (
    approval_review_due_move,
    approvals_end,
    emergency_ratification_move,
)
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.referrals.models import Referral


def end_approval_when_withdrawn(*, referral: Referral, actor: Actor, **_: Any) -> None:
    """An emergency approval stands only until its ratification; withdrawn, it ends now."""
    standing = Approval.objects.filter(
        authority_id=referral.authority_id,
        emergency_decision__referral=referral,
        status=Approval.Status.ACTIVE,
    )
    approvals_end(standing, actor, "The referral was withdrawn before its ratification.")


def approvals_follow_meeting(*, meeting: Meeting, actor: Actor | None, **_: Any) -> None:
    """Emergency approvals ratified at a moved meeting stand until its new day."""
    standing = Approval.objects.filter(
        authority_id=meeting.authority_id,
        emergency_decision__ratification_meeting=meeting,
        status=Approval.Status.ACTIVE,
    ).values_list("pk", flat=True)
    for approval_id in list(standing):
        approval_review_due_move(actor=actor, approval_id=approval_id, due=meeting.day)


def ratification_follows_item(
    *, item: AgendaItem, following: Meeting, actor: Actor | None, **_: Any
) -> None:
    """The emergency decision is ratified at the meeting its item went to, and its
    approval stands until then."""
    emergencies = EmergencyDecision.objects.filter(
        authority_id=item.authority_id, referral_id=item.referral_id
    ).values_list("pk", flat=True)
    for emergency_id in list(emergencies):
        emergency_ratification_move(actor=actor, emergency_id=emergency_id, meeting=following)
