"""What every page shares, whoever the person is: a service's refusal as a page, and
its per-field errors on a form.

The person acting (`request.actor`) is the accounts app's (`accounts.web.actor_view`):
this ground floor knows no domain app.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from carepanel.core.errors import IllegalTransition, Invalid, NotFound, NotPermitted

View = TypeVar("View", bound=Callable[..., HttpResponse])


def refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """A page saying why the action was refused, in the service's own words."""
    return render(request, "core/refused.html", {"message": message}, status=status)


def refusals_as_pages(view: View) -> View:
    """A service's refusal as a page: a record the actor may not see is Django's 404
    page, whatever the reason; a refused action is a page with the reason."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
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
