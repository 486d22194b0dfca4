"""The home page: what needs the signed-in person now, by their roles."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from carepanel.core.needs import home_for
from carepanel.core.web import ActorRequest, actor_view


@require_safe
@actor_view
def home(request: ActorRequest) -> HttpResponse:
    # The navigation has counted what waits for the person; the page lists it.
    home = home_for(request.actor, request.navigation.counts)
    return render(request, "core/home.html", {"home": home})
