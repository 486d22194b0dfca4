"""The MOJ primary navigation: the sections a person's roles give them, each with a
count of what needs them there now (the notification badge)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from carepanel.accounts.actors import Actor
from carepanel.accounts.models import RoleGrant, User
from carepanel.meetings.permissions import can_see_meetings


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    active: bool
    count: int = 0
    # What the count is of, read out after the number by screen readers.
    count_means: str = ""


@dataclass(frozen=True)
class Navigation:
    authority_name: str
    # The person works for more than one council: the organisation switcher shows.
    can_switch: bool
    items: list[NavItem]


def authorities_of(user: User) -> list[tuple[str, str]]:
    """(id, name) of every authority where the person holds a role, by name; one query."""
    rows = (
        RoleGrant.objects.filter(user=user)
        .values_list("authority_id", "authority__name")
        .distinct()
        .order_by("authority__name")
    )
    return list(rows)


def navigation_for(actor: Actor, path: str) -> Navigation:
    sections: list[tuple[str, str, bool]] = [("Home", reverse("core:home"), True)]
    sections.append(("Referrals", reverse("referrals:list"), True))
    if can_see_meetings(actor):
        sections.append(("Meetings", reverse("meetings:list"), True))
    items = [
        NavItem(
            label=label,
            href=href,
            active=(path == href) if href == "/" else path.startswith(href),
        )
        for label, href, shown in sections
        if shown
    ]
    authorities = dict(authorities_of(actor.user))
    return Navigation(
        authority_name=authorities.get(actor.authority_id, ""),
        can_switch=len(authorities) > 1,
        items=items,
    )
