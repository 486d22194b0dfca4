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


def can_see_agenda(actor: Actor) -> bool:
    return actor.has(
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
        "team_manager",
        "social_worker",
        "finance_officer",
        "commissioning",
    )
