"""Who may change meetings and agendas: for each action, one `check_can_…` that raises
the service's own refusal, and its yes/no `can_…`, for services, pages and the API."""

from __future__ import annotations

from django.utils import timezone

from carepanel.accounts.actors import Actor
from carepanel.core.errors import IllegalTransition, NotPermitted, allowed
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.policy.kinds import ROLE_LABELS


def can_change_meetings(actor: Actor) -> bool:
    """The coordinator keeps the timetable: adds, moves and cancels sittings, sets times."""
    return actor.has("panel_coordinator")


def check_can_add_meeting(actor: Actor) -> None:
    if not can_change_meetings(actor):
        raise NotPermitted("Only a panel coordinator can add a meeting.")


def can_add_meeting(actor: Actor) -> bool:
    return allowed(check_can_add_meeting, actor)


def _check_to_come(meeting: Meeting, cancelled: str, started: str) -> None:
    if meeting.is_cancelled:
        raise IllegalTransition(cancelled)
    if meeting.starts_at <= timezone.now():
        raise IllegalTransition(started)


def check_can_move_meeting(actor: Actor, meeting: Meeting) -> None:
    if not can_change_meetings(actor):
        raise NotPermitted("Only a panel coordinator can move a meeting.")
    _check_to_come(
        meeting,
        "This meeting is cancelled, so it cannot be moved.",
        "This meeting has already started, so it cannot be moved.",
    )


def can_move_meeting(actor: Actor, meeting: Meeting) -> bool:
    return allowed(check_can_move_meeting, actor, meeting)


def check_can_cancel_meeting(actor: Actor, meeting: Meeting) -> None:
    if not can_change_meetings(actor):
        raise NotPermitted("Only a panel coordinator can cancel a meeting.")
    _check_to_come(
        meeting,
        "This meeting is already cancelled.",
        "This meeting has already started, so it cannot be cancelled.",
    )


def can_cancel_meeting(actor: Actor, meeting: Meeting) -> bool:
    return allowed(check_can_cancel_meeting, actor, meeting)


def check_can_set_times(actor: Actor, meeting: Meeting) -> None:
    if not can_change_meetings(actor):
        raise NotPermitted("Only the panel coordinator can set the times to attend.")
    if meeting.is_cancelled:
        raise IllegalTransition("This meeting is cancelled, so it has no times to attend.")


def can_set_times(actor: Actor, meeting: Meeting) -> bool:
    return allowed(check_can_set_times, actor, meeting)


def check_can_remove_item(actor: Actor, item: AgendaItem) -> None:
    if not actor.has("chair"):
        raise NotPermitted("Only the panel chair can remove an item from the agenda.")
    if item.status != AgendaItem.Status.LISTED:
        raise IllegalTransition("This item is no longer on the agenda, so it cannot be removed.")


def can_remove_item(actor: Actor, item: AgendaItem) -> bool:
    return allowed(check_can_remove_item, actor, item)


def check_can_prioritise_agenda(actor: Actor) -> None:
    if not actor.has("chair"):
        raise NotPermitted("Only the panel chair can set the order of the agenda.")


def can_prioritise_agenda(actor: Actor) -> bool:
    return allowed(check_can_prioritise_agenda, actor)


def check_can_accept_late(actor: Actor, accepted_by: tuple[str, ...]) -> None:
    """`accepted_by` is the pack's `late.accepted_by` for the panel."""
    if not actor.has(*accepted_by):
        who = " or ".join(ROLE_LABELS[role] for role in accepted_by)
        raise NotPermitted(f"Only the {who} can accept a late referral.")


def can_accept_late(actor: Actor, accepted_by: tuple[str, ...]) -> bool:
    return allowed(check_can_accept_late, actor, accepted_by)


# Roles that see whole agendas, every child on them: the panel and those who oversee it.
AGENDA_ROLES = (
    "panel_coordinator",
    "chair",
    "panel_member",
    "iro",
    "head_of_service",
    "assistant_director",
    "deputy_director",
    "director",
    "service_leader",
    "service_manager",
    "finance_officer",
    "commissioning",
)


def can_see_meetings(actor: Actor) -> bool:
    """The timetable (dates, deadlines, places left) names no one: every casework role."""
    return actor.has(*AGENDA_ROLES, "social_worker", "team_manager")


def can_see_agenda(actor: Actor) -> bool:
    """The whole agenda; social workers and team managers see only their own items."""
    return actor.has(*AGENDA_ROLES)
