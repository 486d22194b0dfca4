"""The home page: what needs the signed-in person now, by their roles."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from carepanel.accounts.web import ActorRequest, actor_view
from carepanel.home.navigation import navigation_of
from carepanel.home.needs import home_for


@require_safe
@actor_view
def home(request: ActorRequest) -> HttpResponse:
    # The navigation counts what waits for the person (once a request); the page lists it.
    home = home_for(request.actor, navigation_of(request).counts)
    return render(request, "home/home.html", {"home": home})
