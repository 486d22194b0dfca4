"""The demo data that `make demo` loads: invented people, children and referrals.

Every council gets two teams, a person in every role of DESIGN.md §1 and referrals in
every state of the lifecycle that its pack allows. Everything after the people and
teams is made by calling the services, as the pages and the API would, so the audit
trail, the agendas and the routing are what a real council's would be.

All the names are invented. The seed documents name real officers; none of those
names is used here (a test checks it).

The services work on the clock: the history (items heard, decided, signed) is made at
the council's last sitting before the load day, by moving the clock back to it, and
what is still to come is made on the load day itself (history.py says how).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count

from carepanel.accounts.models import User
from carepanel.accounts.services import authorities_sync
from carepanel.demo.council import make_council
from carepanel.demo.history import populate
from carepanel.demo.people import (
    CODES,
    DEMO_PASSWORD,
    demo_usernames,
    people_for,
    sign_ins,
    sign_ins_text,
)
from carepanel.referrals.models import Referral

# ---------------------------------------------------------------------- the result


@dataclass
class DemoResult:
    created: bool
    notes: list[str] = field(default_factory=list)


def demo_data_exists() -> bool:
    return User.objects.filter(username__in=demo_usernames()).exists()


def demo_load(authority_ids: Sequence[str] = tuple(CODES)) -> DemoResult:
    """Load the demo data once (every council, unless told which); when it is already
    there, change nothing."""
    if demo_data_exists():
        return DemoResult(created=False)
    authorities_sync()
    result = DemoResult(created=True)
    password_hash = make_password(DEMO_PASSWORD)
    seat = 0
    with transaction.atomic():
        for number, authority_id in enumerate(CODES):
            people = len(people_for(authority_id))
            if authority_id in authority_ids:
                council = make_council(authority_id, number, seat, password_hash)
                populate(council)
                result.notes.extend(council.notes)
            seat += people
    return result


def states_summary() -> dict[str, dict[str, int]]:
    """How many demo referrals are in each state, per authority (for the command's report)."""
    rows = (
        Referral.objects.filter(authority_id__in=CODES)
        .values("authority_id", "status")
        .annotate(n=Count("pk"))
    )
    summary: dict[str, dict[str, int]] = {}
    for row in rows:
        summary.setdefault(row["authority_id"], {})[row["status"]] = row["n"]
    return summary


__all__ = [
    "CODES",
    "DEMO_PASSWORD",
    "DemoResult",
    "demo_data_exists",
    "demo_load",
    "demo_usernames",
    "sign_ins",
    "sign_ins_text",
    "states_summary",
]
