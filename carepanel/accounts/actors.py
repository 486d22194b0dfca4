"""The person acting, as one authority sees them: their roles and teams there.

Every service takes an `Actor`, never a bare user: the authority it carries is the
scope of every query the service makes.
"""

from __future__ import annotations

from dataclasses import dataclass

from carepanel.accounts.models import RoleGrant, User
from carepanel.policy.kinds import ROLE_LABELS


class NotAMember(Exception):
    """The user holds no role in the authority."""


@dataclass(frozen=True)
class Actor:
    user: User
    authority_id: str
    roles: frozenset[str]
    team_ids: frozenset[int]

    def has(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def role_among(self, roles: tuple[str, ...] | list[str]) -> str | None:
        """The first of `roles` that the actor holds."""
        return next((role for role in roles if role in self.roles), None)

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.username


def actor_for(user: User, authority_id: str) -> Actor:
    """The user as a member of the authority; one query."""
    grants = list(
        RoleGrant.objects.filter(authority_id=authority_id, user=user).values_list(
            "role", "team_id"
        )
    )
    if not grants or not user.is_active:
        raise NotAMember(authority_id)
    return Actor(
        user=user,
        authority_id=authority_id,
        roles=frozenset(role for role, _ in grants),
        team_ids=frozenset(team for _, team in grants if team is not None),
    )


def roles_in_words(roles: tuple[str, ...] | list[str] | frozenset[str], joiner: str = "or") -> str:
    labels = [ROLE_LABELS[role] for role in roles]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + f" {joiner} " + labels[-1]
