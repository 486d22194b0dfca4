"""Query budgets for the page tests: what every signed-in page spends before its own
reads (the session, the person, their roles, and the navigation with its badges, which
other pages own and may change), so each test states only its own queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from carepanel.accounts.actors import Actor
from carepanel.home.navigation import navigation_for

# The session, the user, and the actor's roles.
SIGNED_IN = 3


def every_page(actor: Actor, path: str) -> int:
    """The queries any signed-in page runs for `actor` before its own."""
    with CaptureQueriesContext(connection) as navigation:
        navigation_for(actor, path)
    return SIGNED_IN + len(navigation)
