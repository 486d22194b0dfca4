"""The people of the workflow tests: one of each role per authority, all invented.

`cast("north-somerset")` gives a social worker and team manager of the family support
team, a social worker and manager of another team (who must not see the first team's
drafts), and one person in each other role. Personas are named by role:
`cast.social_worker`, `cast.head_of_service`…
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from carepanel.accounts.actors import Actor, actor_for
from carepanel.accounts.models import RoleGrant, Team
from carepanel.accounts.services import person_create
from carepanel.policy import APPENDIX_1, get_pack, questions_for
from carepanel.referrals.services import ReferralInput

ROLE_PERSONAS = {
    # persona: (roles, on the first team?)
    "social_worker": (["social_worker"], "first"),
    "team_manager": (["team_manager"], "first"),
    "other_social_worker": (["social_worker"], "second"),
    "other_team_manager": (["team_manager"], "second"),
    "service_leader": (["service_leader"], None),
    "service_manager": (["service_manager"], None),
    "head_of_service": (["head_of_service"], None),
    "assistant_director": (["assistant_director"], None),
    "deputy_director": (["deputy_director"], None),
    "director": (["director"], None),
    "panel_coordinator": (["panel_coordinator"], None),
    "chair": (["chair"], None),
    "panel_member": (["panel_member"], None),
    "iro": (["iro"], None),
    "finance_officer": (["finance_officer"], None),
    "commissioning": (["commissioning"], None),
    "auditor": (["auditor"], None),
    "system_administrator": (["system_administrator"], None),
}


@dataclass
class Cast:
    authority_id: str
    team: Team
    other_team: Team
    actors: dict[str, Actor] = field(default_factory=dict)

    def __getattr__(self, persona: str) -> Actor:
        try:
            return self.__dict__["actors"][persona]
        except KeyError:
            raise AttributeError(persona) from None


def make_cast(authority_id: str) -> Cast:
    prefix = authority_id.split("-")[0][:6]
    team = Team.objects.create(authority_id=authority_id, name="Family support team")
    other = Team.objects.create(authority_id=authority_id, name="Children in care team")
    cast = Cast(authority_id=authority_id, team=team, other_team=other)
    for persona, (roles, which) in ROLE_PERSONAS.items():
        user = person_create(
            authority_id=authority_id,
            username=f"{prefix}-{persona}",
            first_name=persona.replace("_", " ").title().replace(" ", ""),
            last_name=f"Of{prefix.title()}",
            roles=roles,
            team={"first": team, "second": other, None: None}[which],
        )
        cast.actors[persona] = actor_for(user, authority_id)
    return cast


def actor_as(authority_id: str, role: str) -> Actor:
    """The first person holding `role` in the authority, acting there."""
    grant = RoleGrant.objects.select_related("user").filter(authority_id=authority_id, role=role)
    return actor_for(grant.order_by("pk")[0].user, authority_id)


def answers_for(authority_id: str) -> dict[str, str]:
    """An answer to every question the council's form asks."""
    return {q.id: f"Invented answer to: {q.label}" for q in questions_for(get_pack(authority_id))}


def child_data(n: int = 1, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": ["Ash", "Bryn", "Cai", "Dee"][n % 4],
        "last_name": "Invented",
        "date_of_birth": dt.date(2015, 3, 1) + dt.timedelta(days=400 * n),
        "gender": "F" if n % 2 else "M",
        "ethnicity": "WBRI",
        "case_id": f"TEST-{n:04d}",
        "plan": "cin",
    }
    data.update(overrides)
    return data


def referral_input(
    authority_id: str,
    *,
    kind: str = "family_support_package",
    amount: str | None = "1500.00",
    basis: str = "annual",
    weeks: int | None = None,
    children: list[dict[str, Any]] | None = None,
    flags: dict[str, bool] | None = None,
) -> ReferralInput:
    return ReferralInput(
        kind=kind,
        children=children if children is not None else [child_data(1)],
        cost_amount_gbp=Decimal(amount) if amount is not None else None,
        cost_basis=basis if amount is not None else "",
        cost_weeks=weeks,
        flags=flags or {},
        answers=answers_for(authority_id),
    )


__all__ = [
    "APPENDIX_1",
    "Cast",
    "actor_as",
    "answers_for",
    "child_data",
    "make_cast",
    "referral_input",
]
