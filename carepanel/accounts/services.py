"""Changes to authorities, people and API tokens."""

from __future__ import annotations

from django.db import transaction

from carepanel.accounts.actors import Actor, actor_for
from carepanel.accounts.models import ApiToken, Authority, RoleGrant, Team, User
from carepanel.audit.services import audit_record
from carepanel.policy import load_packs


def authorities_sync() -> None:
    """One Authority row per policy pack, named as the pack names it."""
    for pack in load_packs().values():
        Authority.objects.update_or_create(
            id=pack.authority.id, defaults={"name": pack.authority.name}
        )


@transaction.atomic
def token_create(*, user: User, authority_id: str) -> str:
    """A new API token acting as `user` in the authority; the token is returned once."""
    actor: Actor = actor_for(user, authority_id)
    token, key_hash = ApiToken.new_secret()
    row = ApiToken.objects.create(authority_id=authority_id, user=user, key_hash=key_hash)
    audit_record(actor=actor, authority_id=authority_id, action="api_token.created", obj=row)
    return token


@transaction.atomic
def person_create(
    *,
    authority_id: str,
    username: str,
    first_name: str,
    last_name: str,
    roles: list[str] | tuple[str, ...],
    team: Team | None = None,
    password: str | None = None,
) -> User:
    """A person with roles in one authority (the demo data and the tests make people so)."""
    user = User(username=username, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    RoleGrant.objects.bulk_create(
        RoleGrant(authority_id=authority_id, user=user, role=role, team=team) for role in roles
    )
    return user
