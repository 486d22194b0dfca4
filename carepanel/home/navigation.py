"""The MOJ primary navigation: the sections a person's roles give them, each with a
count of what needs them there now (the notification badge).

The counts are the home page's own (`carepanel.home.needs`); they run on every page, so
they cost one query per kind of thing counted, and only for the roles that count it.

Every page's frame shows the navigation: `navigation` is a context processor (named in
`settings.TEMPLATES`), so the pages' lower apps never ask for it. It is worked out once
a request, when the page is drawn, and the home page reuses its counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.http import HttpRequest
from django.urls import reverse

from carepanel.accounts.actors import Actor
from carepanel.accounts.web import ActorRequest, authorities_of
from carepanel.decisions.permissions import approves_emergencies, finaliser_roles, signs_decisions
from carepanel.home.needs import Counts, counts_for
from carepanel.meetings.permissions import can_see_meetings
from carepanel.policy import get_pack
from carepanel.referrals.queries import OVERSIGHT_ROLES, PANEL_ROLES, TEAM_ROLES


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
    # What the badges count: the home page shows the same things, so it reads them here.
    counts: Counts


def navigation_for(actor: Actor, path: str) -> Navigation:
    pack = get_pack(actor.authority_id)
    counts = counts_for(actor)
    # (label, address, count, what the count is of)
    sections: list[tuple[str, str, int, str]] = [("Home", reverse("home:home"), 0, "")]
    if actor.has(*TEAM_ROLES, *OVERSIGHT_ROLES, *PANEL_ROLES):
        sections.append(
            ("Referrals", reverse("referrals:list"), counts.referrals_waiting, "waiting for you")
        )
    if can_see_meetings(actor):
        sections.append(
            (
                "Meetings",
                reverse("meetings:list"),
                counts.agendas_to_order,
                "agendas to put in order",
            )
        )
    if signs_decisions(actor, pack):
        means = "to sign or finalise" if actor.has(*finaliser_roles(pack)) else "to sign"
        sections.append(("To sign", reverse("decisions:to_sign"), counts.decisions_waiting, means))
    if approves_emergencies(actor, pack):
        sections.append(
            (
                "Emergencies",
                reverse("decisions:emergencies"),
                len(counts.emergencies_awaiting),
                "waiting for your approval",
            )
        )
    items = [
        NavItem(
            label=label,
            href=href,
            active=(path == href) if href == "/" else path.startswith(href),
            count=count,
            count_means=means,
        )
        for label, href, count, means in sections
    ]
    authorities = dict(authorities_of(actor.user))
    return Navigation(
        authority_name=authorities.get(actor.authority_id, ""),
        can_switch=len(authorities) > 1,
        items=items,
        counts=counts,
    )


def navigation_of(request: ActorRequest) -> Navigation:
    """The signed-in person's navigation, worked out once per request."""
    cached: Navigation | None = getattr(request, "_navigation", None)
    if cached is None:
        cached = navigation_for(request.actor, request.path)
        request._navigation = cached  # type: ignore[attr-defined]
    return cached


def navigation(request: HttpRequest) -> dict[str, Navigation | None]:
    """The context processor: `{{ navigation }}` on every page; None before anyone signs
    in (the sign-in page) and for someone without a role here."""
    if getattr(request, "actor", None) is None:
        return {"navigation": None}
    return {"navigation": navigation_of(cast(ActorRequest, request))}
