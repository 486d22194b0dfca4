"""JSON for the one API error Django answers itself: a method an address does not accept."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


def json_method_not_allowed(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code != 405 or not request.path.startswith(API_PREFIX):
            return response
        allowed = response.get("Allow", "")
        replaced = JsonResponse(
            {"message": f"This address does not accept {request.method}; it accepts {allowed}."},
            status=405,
        )
        replaced["Allow"] = allowed
        return replaced

    return middleware
