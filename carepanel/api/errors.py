"""Every failure as JSON: `{"message": …}`, with `"errors": {field: problem}` where a
field is at fault.

- 400: the request itself is malformed (not JSON, a malformed multipart body, a wrong
  type, a missing or unknown field);
- 401: no valid bearer token;
- 422: a value the OpenAPI document refuses (outside its values or limits, a date that is
  no ISO date, a control character), or one the council's rules refuse;
- 403, 404, 409, 422: a service refused (carepanel.core.errors), with its status; a 409
  because someone else changed the record first carries `"current_version"`, its version now;
- 500: a fault of ours. Only the exception's class is logged, never the request's data.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError, ValidationError

from carepanel.core.errors import IllegalTransition, Invalid, ServiceError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

NOT_AUTHENTICATED = (
    "Give a valid API token in the Authorization header: Authorization: Bearer <token>."
)
NOT_FOUND = "Nothing here: check the address and the id."
BAD_REQUEST = "The request is not valid: see errors for each field."
BAD_BODY = "The request body is not valid JSON."
MALFORMED = "The request is not valid."
TOO_BIG = "The request is too large."
BAD_MULTIPART = "The request body is not a valid multipart form: send the file and fields again."
NOT_STORABLE = "A value in the request is too long or cannot be stored."
CONFLICT = "Someone else changed this at the same time. Reload it and try again."
SERVER_ERROR = "Something went wrong on our side. The error has been logged; try again later."


class RequestInvalid(Exception):
    """A query parameter refused for a reason its schema cannot state (an end date before
    the start): 422, as a value the schema refuses."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


# Pydantic's error types, in plain English. `{…}` takes the error's context.
_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "This field is not recognised.",
    "int_type": "Enter a whole number.",
    "int_parsing": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "bool_type": "Enter true or false.",
    "bool_parsing": "Enter true or false.",
    "string_type": "Enter text.",
    "string_too_long": "This must be {max_length} characters or fewer.",
    "date_type": "Enter a date like 2026-11-23.",
    "date_parsing": "Enter a date like 2026-11-23.",
    "date_from_datetime_parsing": "Enter a date like 2026-11-23.",
    "date_from_datetime_inexact": "Enter a date like 2026-11-23, without a time.",
    "decimal_type": "Enter an amount in pounds, like 1500.00.",
    "decimal_parsing": "Enter an amount in pounds, like 1500.00.",
    "decimal_max_digits": "Enter an amount in pounds, like 1500.00.",
    "finite_number": "Enter an amount in pounds, like 1500.00.",
    "greater_than": "This is too small.",
    "greater_than_equal": "This must be {ge} or more.",
    "less_than": "This is too large.",
    "less_than_equal": "This is too large.",
    "list_type": "Give a list.",
    "dict_type": "Give an object.",
    "model_type": "Give an object.",
    "model_attributes_type": "Give an object.",
    "literal_error": "Choose one of: {expected}.",
    "enum": "Choose one of: {expected}.",
    "json_invalid": BAD_BODY,
    "value_error": "This value is not valid.",
    "control_characters": "{field} must not include control characters.",
    "date_out_of_range": "Enter a date between {earliest} and {latest}.",
}
# Errors of a request's shape (400); any other is a value refused (422).
_SHAPE_ERRORS = frozenset({"missing", "extra_forbidden", "json_invalid"})


def validation_status(errors: list[dict[str, Any]]) -> int:
    shape = any(
        error.get("type", "") in _SHAPE_ERRORS or str(error.get("type", "")).endswith("_type")
        for error in errors
    )
    return 400 if shape else 422


def _message(error: dict[str, Any]) -> str:
    template = _MESSAGES.get(error.get("type", ""), "This value is not valid.")
    names = [part for part in error.get("loc", ()) if isinstance(part, str)]
    field = names[-1].replace("_", " ").capitalize() if len(names) > 1 else "This"
    try:
        return template.format(**{**error.get("ctx", {}), "field": field})
    except (KeyError, IndexError, ValueError):
        return "This value is not valid."


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """`("body", "payload", "children", 0, "gender")` → `children[0].gender`.

    The first element is where the value came from (body, query, form, file); for a
    body, the second is the view's parameter name, which the caller never sees.
    """
    parts = list(loc)
    source = parts.pop(0) if parts else ""
    if source == "body" and parts:
        parts.pop(0)
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "body"


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, str]:
    result: dict[str, str] = {}
    for error in errors:
        path = field_path(error.get("loc", ()))
        if path == "body" and error.get("type") == "missing":
            result[path] = "Send the request body as a JSON object."
        else:
            # The first problem of a field is the one to fix first.
            result.setdefault(path, _message(error))
    return result


@contextmanager
def renamed_fields(rename: Callable[[str], str]) -> Iterator[None]:
    """Say a service's field errors in the request's own field names."""
    try:
        yield
    except Invalid as exc:
        raise Invalid({rename(field): problem for field, problem in exc.errors.items()}) from None


def renamer(*rules: tuple[str, str]) -> Callable[[str], str]:
    compiled = [(re.compile(pattern), replacement) for pattern, replacement in rules]

    def rename(field: str) -> str:
        for pattern, replacement in compiled:
            field = pattern.sub(replacement, field)
        return field

    return rename


# ----------------------------------------------------------------------------- handlers


def install(api: NinjaAPI) -> None:
    def respond(
        request: HttpRequest,
        status: int,
        message: str,
        errors: dict[str, str] | None = None,
        current_version: int | None = None,
    ) -> HttpResponse:
        body: dict[str, Any] = {"message": message}
        if errors is not None:
            body["errors"] = errors
        if current_version is not None:
            body["current_version"] = current_version
        return api.create_response(request, body, status=status)

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        errors = exc.errors if isinstance(exc, Invalid) else None
        version = exc.current_version if isinstance(exc, IllegalTransition) else None
        return respond(request, exc.status, exc.message, errors, version)

    @api.exception_handler(ValidationError)
    def request_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        if any(error.get("loc", ("",))[0] == "path" for error in exc.errors):
            # /referrals/abc names no referral: the same answer as an unknown id.
            return respond(request, 404, NOT_FOUND)
        status = validation_status(exc.errors)
        return respond(request, status, BAD_REQUEST, validation_errors(exc.errors))

    @api.exception_handler(RequestInvalid)
    def bad_request(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
        return respond(request, 422, BAD_REQUEST, exc.errors)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, NOT_AUTHENTICATED)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # Ninja raises these itself; the one a request can cause is a body it cannot parse.
        message = BAD_BODY if exc.status_code == 400 else str(exc)
        return respond(request, exc.status_code, message)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, TOO_BIG)

    @api.exception_handler(MultiPartParserError)
    def bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        # Raised when a view first reads the form: the body was cut short or garbled.
        return respond(request, 400, BAD_MULTIPART)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return respond(request, 400, MALFORMED)

    @api.exception_handler(DataError)
    def not_storable(request: HttpRequest, exc: DataError) -> HttpResponse:
        # A value the schemas let through but the database refuses (PostgreSQL and a NUL
        # character, say): the request's fault, and nothing was written.
        logger.warning("Refused %s in the API", type(exc).__name__)
        return respond(request, 400, NOT_STORABLE)

    @api.exception_handler(IntegrityError)
    def conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # Two writers raced past a service's checks; the database kept its invariant.
        logger.warning("Refused %s in the API", type(exc).__name__)
        return respond(request, 409, CONFLICT)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The class only: an exception's message may quote the data that caused it.
        logger.error("Unhandled %s in the API", type(exc).__name__)
        return respond(request, 500, SERVER_ERROR)
