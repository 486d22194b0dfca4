"""Referral pages: the list, the task list of a draft, its sections, check your answers,
papers and sign-offs."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from carepanel.core.web import ActorRequest, actor_view


@require_safe
@actor_view
def referral_list(request: ActorRequest) -> HttpResponse:
    return render(request, "core/home.html", {})
