"""The home page: what needs the signed-in person now, by their roles."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from carepanel.core.web import ActorRequest, actor_view


@require_safe
@actor_view
def home(request: ActorRequest) -> HttpResponse:
    return render(request, "core/home.html", {})
