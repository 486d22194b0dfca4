"""Pages of this app: being built (issue 4); every view answers 404 until it is."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def hearing(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def to_sign(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def decision_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def decision_sign(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def decision_finalise(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def decision_pdf(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def delegated_decision(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def emergency_new(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def emergency_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def emergency_approve(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
