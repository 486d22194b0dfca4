"""Who may change meetings and agendas: one predicate per action, for services and pages."""

from __future__ import annotations

from carepanel.accounts.actors import Actor


def can_change_meetings(actor: Actor) -> bool:
    return actor.has("panel_coordinator")


def can_remove_item(actor: Actor) -> bool:
    return actor.has("chair")


def can_prioritise_agenda(actor: Actor) -> bool:
    return actor.has("chair")


def can_accept_late(actor: Actor, accepted_by: tuple[str, ...]) -> bool:
    """`accepted_by` is the pack's `late.accepted_by` for the panel."""
    return actor.has(*accepted_by)


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
