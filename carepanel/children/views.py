"""The child's page: who they are, and everything the panel has done for them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from carepanel.accounts.web import ActorRequest, actor_view
from carepanel.decisions.history import child_history


@require_safe
@actor_view
def child_detail(request: ActorRequest, child_id: int) -> HttpResponse:
    """Only a child the person may see; another's is a 404. The read is audited."""
    history = child_history(request.actor, child_id)
    return render(
        request,
        "children/detail.html",
        {"child": history.child, "entries": history.entries},
    )
