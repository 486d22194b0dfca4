"""Why a service refused: each refusal carries a message meant for the person acting.

The API turns these into status codes (400/422, 403, 404, 409); the web pages into
a GOV.UK error summary. Messages never name a child or a family member.
"""

from __future__ import annotations

from collections.abc import Callable


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    """Missing, or outside the actor's scope: the two are not told apart."""

    status = 404


class NotPermitted(ServiceError):
    """The actor's roles do not allow the action."""

    status = 403


class IllegalTransition(ServiceError):
    """The record is not in a state that allows the action (or someone changed it first).

    Where someone changed it first, `current_version` is the version it has now, so that
    a client can read it again and decide whether to retry."""

    status = 409

    def __init__(self, message: str, *, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


class Invalid(ServiceError):
    """The input breaks a rule; `errors` says which field and why."""

    status = 422

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {problem}" for field, problem in errors.items()))
        self.errors = errors


def allowed(check: Callable[..., object], *args: object) -> bool:
    """The yes/no of a `check_can_…`: whether it lets the action through. Pages and lists
    ask this, so that a button shows exactly when the service would accept the action."""
    try:
        check(*args)
    except ServiceError:
        return False
    return True
