"""What every signed-in page shares: the person acting, as the authority they work in
now sees them, and the translation of a service's refusal into a page.

Views stay thin: they read a form, call one service with `request.actor`, and show
what it returns or why it refused. The rules are in the services and `permissions.py`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from carepanel.accounts.actors import Actor, NotAMember, actor_for
from carepanel.accounts.models import RoleGrant, User
from carepanel.core.errors import IllegalTransition, Invalid, NotFound, NotPermitted

SESSION_AUTHORITY = "authority_id"


class ActorRequest(HttpRequest):
    """A request from a signed-in person, with their `Actor` for the current authority."""

    user: User
    actor: Actor
    navigation: Any


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


def refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """A page saying why the action was refused, in the service's own words."""
    return render(request, "core/refused.html", {"message": message}, status=status)


def actor_view(view: View) -> View:
    """A page for signed-in people who hold a role in some authority.

    Sets `request.actor` and `request.navigation`. A record the actor may not see is
    Django's 404 page, whatever the reason; a refused action is a page with the reason.
    """
    from carepanel.core.navigation import navigation_for

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
        actor_request.navigation = navigation_for(actor, request.path)
        try:
            return view(actor_request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except NotPermitted as error:
            return refused(request, error.message, status=403)
        except IllegalTransition as error:
            return refused(request, error.message, status=409)

    return cast(View, wrapper)


def add_service_errors(
    form: Form, error: Invalid | IllegalTransition, fields: dict[str, str] | None = None
) -> None:
    """Put a service's refusal on the form, so the error summary shows it.

    `fields` maps the service's error keys (`cost.amount_gbp`) to the form's field
    names (`cost_amount`); keys the form has no field for go at the top of the summary.
    """
    if isinstance(error, IllegalTransition):
        form.add_error(None, error.message)
        return
    fields = fields or {}
    for key, message in error.errors.items():
        name = fields.get(key, key)
        form.add_error(name if name in form.fields else None, message)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that is too old (or from elsewhere): say what to do, in
    the service's own layout, instead of Django's technical page."""
    return render(request, "core/csrf_failure.html", status=403)
