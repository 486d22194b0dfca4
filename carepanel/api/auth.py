"""Bearer tokens: `Authorization: Bearer <token>` acts as the token's person in the
token's authority, with the roles they hold there now.

A revoked token, a token of a deactivated person or of one who holds no role in the
authority any more is refused like an unknown token: 401, and nothing said about why.
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from ninja.security import HttpBearer

from carepanel.accounts.actors import Actor, NotAMember, actor_for
from carepanel.accounts.models import ApiToken


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Actor | None:
        # Ninja's own parsing logs an unexpected header in DEBUG, token and all.
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        if not token or len(token) > 200:
            return None
        row = ApiToken.objects.matching(token).select_related("user").first()
        if row is None:
            return None
        try:
            return actor_for(row.user, row.authority_id)
        except NotAMember:
            return None


def actor_of(request: HttpRequest) -> Actor:
    """The Actor the token authenticated; ninja keeps it as `request.auth`."""
    return cast(Actor, request.auth)  # type: ignore[attr-defined]
