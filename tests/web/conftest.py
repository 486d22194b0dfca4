"""Pages as a signed-in person sees them: `signed_in(client, actor)` signs the Django
test client in as the actor's person, working for the actor's authority."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.accounts.actors import Actor
from carepanel.accounts.web import SESSION_AUTHORITY


def signed_in(client: Client, actor: Actor) -> Client:
    client.force_login(actor.user)
    session = client.session
    session[SESSION_AUTHORITY] = actor.authority_id
    session.save()
    return client


@pytest.fixture
def as_person(client: Client):
    """`as_person(actor)` → the test client, signed in as that actor."""
    return lambda actor: signed_in(client, actor)
