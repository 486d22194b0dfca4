"""What every signed-in page shares: the person acting, as the authority they work in
now sees them.

Views stay thin: they read a form, call one service with `request.actor`, and show
what it returns or why it refused (`core.web.refusals_as_pages`). The rules are in the
services and `permissions.py`. What the page's frame shows of the person (the
navigation and its badges) is added by the `home` app's context processor.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from carepanel.accounts.actors import Actor, NotAMember, actor_for
from carepanel.accounts.models import RoleGrant, User
from carepanel.core.web import refusals_as_pages, refused

SESSION_AUTHORITY = "authority_id"


class ActorRequest(HttpRequest):
    """A request from a signed-in person, with their `Actor` for the current authority."""

    user: User
    actor: Actor


View = TypeVar("View", bound=Callable[..., HttpResponse])


def _actor(request: HttpRequest) -> Actor | None:
    user = cast(User, request.user)
    chosen = request.session.get(SESSION_AUTHORITY)
    if chosen:
        try:
            return actor_for(user, chosen)
        except NotAMember:
            # The role was taken away since sign-in: fall back to another authority.
            del request.session[SESSION_AUTHORITY]
    first = (
        RoleGrant.objects.filter(user=user)
        .order_by("authority__name")
        .values_list("authority_id", flat=True)
        .first()
    )
    if first is None or not user.is_active:
        return None
    request.session[SESSION_AUTHORITY] = first
    return actor_for(user, first)


def actor_view(view: View) -> View:
    """A page for signed-in people who hold a role in some authority.

    Sets `request.actor`. A record the actor may not see is Django's 404 page, whatever
    the reason; a refused action is a page with the reason.
    """

    @functools.wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = _actor(request)
        if actor is None:
            return refused(
                request,
                "You do not hold a role in any council's children's services here. "
                "Ask your system administrator to give you one.",
                status=403,
            )
        actor_request = cast(ActorRequest, request)
        actor_request.actor = actor
        return refusals_as_pages(view)(actor_request, *args, **kwargs)

    return cast(View, wrapper)


def authorities_of(user: User) -> list[tuple[str, str]]:
    """(id, name) of every authority where the person holds a role, by name; one query."""
    rows = (
        RoleGrant.objects.filter(user=user)
        .values_list("authority_id", "authority__name")
        .distinct()
        .order_by("authority__name")
    )
    return list(rows)
