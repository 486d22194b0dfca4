"""What a person types into the decision forms, as the browser posts it."""

from __future__ import annotations

import datetime as dt
from typing import Any


def date_parts(name: str, day: dt.date | None) -> dict[str, str]:
    """The GOV.UK date input's three boxes."""
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def approval_data(
    *,
    resource: str = "Outreach, two sessions a week",
    provider: str = "Invented Family Services",
    cost: str = "1,500",
    basis: str = "annual",
    weeks: str = "",
    starts: dt.date | None = dt.date(2026, 12, 7),
    ends: dt.date | None = dt.date(2027, 6, 6),
    review: dt.date | None = dt.date(2027, 5, 5),
) -> dict[str, str]:
    data = {
        "resource": resource,
        "provider": provider,
        "cost_amount": cost,
        "cost_basis": basis,
        "cost_weeks": weeks,
    }
    data.update(date_parts("starts_on", starts))
    data.update(date_parts("ends_on", ends))
    data.update(date_parts("review_due_on", review))
    return data


def action_rows(*rows: tuple[str, int | str, dt.date | None], blank: int = 2) -> dict[str, str]:
    """Action rows (description, owner's user id, due date), then `blank` empty rows."""
    data: dict[str, str] = {}
    all_rows = [*rows, *[("", "", None)] * blank]
    for index, (description, owner, due) in enumerate(all_rows):
        data[f"action_{index}_description"] = description
        data[f"action_{index}_owner"] = str(owner)
        data.update(date_parts(f"action_{index}_due_on", due))
    return data


def decision_data(outcome: str, **fields: Any) -> dict[str, str]:
    """A hearing form: the outcome, a discussion, an approval for an approving outcome,
    blank action rows; keyword arguments override any field."""
    data: dict[str, str] = {"outcome": outcome, "discussion": "Invented discussion."}
    if outcome in ("approved", "approved_with_conditions"):
        data.update(approval_data())
    if outcome == "approved_with_conditions":
        data["conditions"] = "Attend the parenting course.\n\nReview at three months.\n"
    if outcome == "referred":
        data["referred_to"] = "Joint Agency Panel"
    data.update(action_rows(blank=3))
    data.update({key: str(value) for key, value in fields.items()})
    return data
