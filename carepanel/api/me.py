"""Who the token acts as: the person, the authority and the roles they hold there."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema

from carepanel.api.auth import actor_of
from carepanel.api.schemas import ERRORS, stated_values
from carepanel.policy import ROLES, get_pack

router = Router(tags=["me"])


class UserOut(Schema):
    id: int
    username: str
    name: str


class AuthorityOut(Schema):
    id: str
    name: str


class MeOut(Schema):
    user: UserOut
    authority: AuthorityOut
    roles: list[Annotated[str, stated_values(ROLES)]]
    teams: list[int]


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Who your token acts as")
def me(request: HttpRequest) -> MeOut:
    actor = actor_of(request)
    return MeOut(
        user=UserOut(id=actor.user.pk, username=actor.user.username, name=actor.name),
        authority=AuthorityOut(
            id=actor.authority_id, name=get_pack(actor.authority_id).authority.name
        ),
        roles=sorted(actor.roles),
        teams=sorted(actor.team_ids),
    )
