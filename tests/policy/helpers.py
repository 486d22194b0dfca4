"""Small helpers shared by the engine's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from carepanel.policy import LONDON, Meeting, Pack, Route, meetings, referral_from_json, route


def route_of(pack: Pack, **referral: Any) -> Route:
    """Route a referral given as the CLI's JSON fields (amounts as strings)."""
    return route(pack, referral_from_json(referral))


def cost(amount: str, basis: str, weeks: int | None = None) -> dict[str, Any]:
    return {"amount_gbp": amount, "basis": basis, "weeks": weeks}


def meeting_on_day(pack: Pack, day: dt.date) -> Meeting:
    found = meetings(pack, day, day)
    assert len(found) == 1, f"{pack.authority.id} has no meeting on {day}"
    return found[0]


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)
