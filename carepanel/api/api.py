"""The JSON API under /api/v1/, for case-management integrations (Mosaic, LCS, EHM).

Every call needs a bearer token (`carepanel token create USERNAME`) and acts as that
person in that authority. Views are thin: reads start from the apps' `queries.py`,
changes go through their `services.py`, and refusals become JSON errors (errors.py).
The OpenAPI document is at /api/v1/openapi.json; no docs page is served, as Swagger
UI needs scripts the Content Security Policy refuses.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.operation import Operation

from carepanel.api import agenda, children, decisions, emergencies, me, meetings, papers, referrals
from carepanel.api.auth import BearerToken
from carepanel.api.errors import NOT_FOUND, install

DESCRIPTION = """\
Referrals, meetings, agendas and decisions of a council's children's resource panels,
for case-management integrations.

Send `Authorization: Bearer <token>` with every call; a token acts as one person in one
authority (`carepanel token create USERNAME`). Records of another authority, and records
your roles do not let you see, answer 404 as if they did not exist.

Money is a string in pounds with two decimals (`"1500.00"`); times are ISO 8601 in
London time with their offset; dates are ISO dates (`2026-11-23`, from 1900 to 2099).
Text takes no control characters (U+0000 to U+001F), except tab and new line in long
text. Errors are JSON: `{"message": …}`, with `"errors": {field: problem}` for 400 (a
malformed request: not JSON, a missing or unknown field, a value of the wrong type) and
422 (a value refused: outside the values or limits this document states, or against the
council's rules). 409 means the record's state does not allow the action, or it changed
since you read its `version`.
"""


class CarepanelAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The view's name alone (`referral_detail`): what a generated client calls it.
        return operation.view_func.__name__

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        # Any other address under /api/v1/ answers in JSON too, not with the site's page.
        urls = super()._get_urls()
        root = urls.pop()  # kept last, only for reversing the API's own addresses

        @csrf_exempt
        def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return self.create_response(request, {"message": NOT_FOUND}, status=404)

        return [*urls, re_path(r"^.*$", not_found), root]


api = CarepanelAPI(
    title="Carepanel API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,
    auth=BearerToken(),
)
install(api)
for module in (me, referrals, papers, meetings, agenda, decisions, emergencies, children):
    api.add_router("", module.router)
