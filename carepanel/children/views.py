"""Pages of this app: being built (issue 4); every view answers 404 until it is."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def child_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
