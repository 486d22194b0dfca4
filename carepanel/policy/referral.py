"""The facts about a referral that the rules look at: kind, cost, child and flags.

Money is `Decimal` throughout (DESIGN.md §3): the annual cost is weekly x 52 or
monthly x 12; the total cost is the amount over the duration, 52 weeks when none
is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .errors import InvalidReferral
from .kinds import COST_BASES, FLAGS, KINDS
from .schema import Condition

PENNY = Decimal("0.01")
WEEKS_IN_YEAR = 52
# A duration past ten years is not a resource a panel approves; it is a typo.
MAX_WEEKS = 520
# No single referral costs more than this; a larger figure is a typing slip.
MAX_AMOUNT = Decimal("100000000")


def pounds(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def format_gbp(amount: Decimal) -> str:
    """Money as GOV.UK writes it: £1,500 for whole pounds, £1,500.50 otherwise."""
    amount = pounds(amount)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


@dataclass(frozen=True)
class Cost:
    amount_gbp: Decimal
    basis: str  # one_off | weekly | monthly | annual
    weeks: int | None = None

    @property
    def recurring(self) -> bool:
        return self.basis != "one_off"

    @property
    def annual_gbp(self) -> Decimal | None:
        """The cost of a year at this rate; none for a one-off."""
        per_year = {"weekly": WEEKS_IN_YEAR, "monthly": 12, "annual": 1}
        if self.basis == "one_off":
            return None
        return pounds(self.amount_gbp * per_year[self.basis])

    @property
    def total_gbp(self) -> Decimal:
        """The whole commitment: a one-off amount, or the rate over the duration."""
        if self.basis == "one_off":
            return pounds(self.amount_gbp)
        weeks = self.weeks if self.weeks is not None else WEEKS_IN_YEAR
        if self.basis == "weekly":
            return pounds(self.amount_gbp * weeks)
        annual = self.amount_gbp * (12 if self.basis == "monthly" else 1)
        return pounds(annual * weeks / WEEKS_IN_YEAR)

    @property
    def first_year_gbp(self) -> Decimal:
        """What is spent in the first twelve months: a rate that stops sooner spends its total."""
        annual = self.annual_gbp
        if annual is None:
            return self.total_gbp
        return min(annual, self.total_gbp)

    @property
    def year_means_something(self) -> bool:
        """A year's cost is worth saying only for a recurring cost that runs a year or
        more (open-ended counts as a year): beside a 26-week package it would overstate it."""
        return self.recurring and (self.weeks is None or self.weeks >= WEEKS_IN_YEAR)

    @property
    def words(self) -> str:
        """The one way a cost is put in words, on every page, sheet and list:

        - one-off: "£2,900, one-off";
        - open-ended: "£180 a week (£9,360 a year)", "£1,500 a month (£18,000 a year)",
          "£20,000 a year";
        - limited: "£180 a week for 26 weeks (£4,680 in all)", "£180 a week for 1 week
          (£180 in all)", and past a year "£180 a week for 104 weeks (£18,720 in all;
          £9,360 a year)".
        """
        amount = format_gbp(self.amount_gbp)
        if not self.recurring:
            return f"{amount}, one-off"
        words = f"{amount} {_PER[self.basis]}"
        annual = self.annual_gbp
        a_year = f"{format_gbp(annual)} a year" if annual is not None else ""
        if self.weeks is None:
            return words if self.basis == "annual" else f"{words} ({a_year})"
        words += f" for {self.weeks} {'week' if self.weeks == 1 else 'weeks'}"
        in_all = f"{format_gbp(self.total_gbp)} in all"
        if self.year_means_something and self.weeks > WEEKS_IN_YEAR and self.basis != "annual":
            return f"{words} ({in_all}; {a_year})"
        return f"{words} ({in_all})"


_PER = {"weekly": "a week", "monthly": "a month", "annual": "a year"}


def cost_in_words(amount: Decimal | None, basis: str, weeks: int | None = None) -> str:
    """`Cost.words` of an amount, basis and duration as the models keep them; "" for no
    cost."""
    if amount is None or basis not in COST_BASES:
        return ""
    return Cost(amount_gbp=amount, basis=basis, weeks=weeks).words


@dataclass(frozen=True)
class Referral:
    kind: str
    cost: Cost | None = None
    age: int | None = None
    flags: Mapping[str, bool] = field(default_factory=dict)

    def flag(self, name: str) -> bool:
        return bool(self.flags.get(name, False))


def matches(condition: Condition, referral: Referral) -> bool:
    """Whether a pack rule's condition holds for this referral.

    An age bound never matches a referral whose child's age is not given: a rule
    for over-17s must not catch a child whose age nobody stated.
    """
    if condition.kinds is not None and referral.kind not in condition.kinds:
        return False
    if condition.flags and any(referral.flag(k) != v for k, v in condition.flags.items()):
        return False
    if condition.min_age is not None and (referral.age is None or referral.age < condition.min_age):
        return False
    if condition.max_age is not None and (referral.age is None or referral.age > condition.max_age):
        return False
    if condition.recurring is not None:
        return referral.cost is not None and referral.cost.recurring == condition.recurring
    return True


# ------------------------------------------------------------------ reading JSON


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal | float):
        raise InvalidReferral("cost.amount_gbp", f"{value!r} is not an amount in pounds")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise InvalidReferral("cost.amount_gbp", f"{value!r} is not an amount in pounds") from None
    if not amount.is_finite():
        raise InvalidReferral("cost.amount_gbp", f"{value!r} is not an amount in pounds")
    if amount < 0:
        raise InvalidReferral("cost.amount_gbp", f"{value!r} is negative; give zero or more")
    if amount > MAX_AMOUNT:
        raise InvalidReferral("cost.amount_gbp", f"{value!r} is more than £100,000,000")
    if amount != amount.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise InvalidReferral("cost.amount_gbp", f"{value!r} has fractions of a penny")
    return amount


def _cost(value: Any) -> Cost | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidReferral("cost", f"{value!r} is not an object with amount_gbp and basis")
    unknown = sorted(set(value) - {"amount_gbp", "basis", "weeks"})
    if unknown:
        raise InvalidReferral(f"cost.{unknown[0]}", "is not a field of a cost")
    if "amount_gbp" not in value:
        raise InvalidReferral("cost.amount_gbp", "is required")
    amount = _amount(value["amount_gbp"])
    basis = value.get("basis")
    if basis not in COST_BASES:
        raise InvalidReferral("cost.basis", f"{basis!r} is not one of {', '.join(COST_BASES)}")
    weeks = value.get("weeks")
    if weeks is not None:
        if isinstance(weeks, bool) or not isinstance(weeks, int):
            raise InvalidReferral("cost.weeks", f"{weeks!r} is not a whole number of weeks")
        if not 1 <= weeks <= MAX_WEEKS:
            raise InvalidReferral("cost.weeks", f"{weeks!r} must be from 1 to {MAX_WEEKS}")
        if basis == "one_off":
            raise InvalidReferral("cost.weeks", "a one-off cost has no duration")
    return Cost(amount_gbp=amount, basis=basis, weeks=weeks)


def _child(value: Any) -> tuple[int | None, dict[str, bool]]:
    if value is None:
        return None, {}
    if not isinstance(value, dict):
        raise InvalidReferral("child", f"{value!r} is not an object")
    unknown = sorted(set(value) - {"age", "disabled", "in_care"})
    if unknown:
        raise InvalidReferral(f"child.{unknown[0]}", "is not a field of a child")
    age = value.get("age")
    if age is not None and (
        isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 25
    ):
        raise InvalidReferral("child.age", f"{age!r} is not an age from 0 to 25")
    flags = {}
    for name in ("disabled", "in_care"):
        flag = value.get(name, False)
        if not isinstance(flag, bool):
            raise InvalidReferral(f"child.{name}", f"{flag!r} is not true or false")
        flags[name] = flag
    return age, flags


def referral_from_json(data: Any) -> Referral:
    """Read the route input of DESIGN.md §7; raise InvalidReferral naming the bad field."""
    if not isinstance(data, dict):
        raise InvalidReferral("referral", "must be a JSON object")
    top_flags = tuple(f for f in FLAGS if f not in ("disabled", "in_care"))
    unknown = sorted(set(data) - {"kind", "cost", "child", *top_flags})
    if unknown:
        raise InvalidReferral(unknown[0], "is not a field of a referral")
    kind = data.get("kind")
    if kind is None:
        raise InvalidReferral("kind", "is required")
    if kind not in KINDS:
        raise InvalidReferral("kind", f"unknown kind {kind!r}")
    age, flags = _child(data.get("child"))
    for name in top_flags:
        flag = data.get(name, False)
        if not isinstance(flag, bool):
            raise InvalidReferral(name, f"{flag!r} is not true or false")
        flags[name] = flag
    return Referral(kind=kind, cost=_cost(data.get("cost")), age=age, flags=flags)
