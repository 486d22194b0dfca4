"""Pages of this app: being built (issue 4); every view answers 404 until it is."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def referral_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def referral_start(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def referral_check(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def referral_papers(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def paper_download(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def referral_sign_off(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def referral_withdraw(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def referral_record(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def referral_list_on_agenda(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def referral_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def referral_section(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
