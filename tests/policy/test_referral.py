"""Costs in exact pounds (DESIGN.md §3) and the route input read strictly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from carepanel.policy import Cost, InvalidReferral, format_gbp, referral_from_json


@pytest.mark.parametrize(
    ("cost", "annual", "total"),
    [
        (Cost(Decimal("450"), "one_off"), None, "450.00"),
        (Cost(Decimal("40"), "weekly", 20), "2080.00", "800.00"),
        (Cost(Decimal("40"), "weekly"), "2080.00", "2080.00"),
        (Cost(Decimal("125"), "monthly"), "1500.00", "1500.00"),
        (Cost(Decimal("125"), "monthly", 26), "1500.00", "750.00"),
        (Cost(Decimal("1500"), "annual", 104), "1500.00", "3000.00"),
        (Cost(Decimal("0.10"), "weekly", 3), "5.20", "0.30"),
    ],
)
def test_annual_is_the_rate_for_a_year_and_total_the_rate_over_the_duration(
    cost: Cost, annual: str | None, total: str
) -> None:
    assert (str(cost.annual_gbp) if cost.annual_gbp is not None else None) == annual
    assert str(cost.total_gbp) == total


def test_the_first_year_of_a_short_commitment_is_its_total() -> None:
    assert Cost(Decimal("40"), "weekly", 20).first_year_gbp == Decimal("800.00")
    assert Cost(Decimal("40"), "weekly", 104).first_year_gbp == Decimal("2080.00")


def test_money_is_written_the_gov_uk_way() -> None:
    assert format_gbp(Decimal("1500")) == "£1,500"
    assert format_gbp(Decimal("1500.5")) == "£1,500.50"
    assert format_gbp(Decimal("0")) == "£0"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "kind: is required"),
        ({"kind": "one_off_payment", "cost": {"basis": "one_off"}}, "cost.amount_gbp: is required"),
        (
            {"kind": "one_off_payment", "cost": {"amount_gbp": "1.001", "basis": "one_off"}},
            "cost.amount_gbp: '1.001' has fractions of a penny",
        ),
        (
            {"kind": "one_off_payment", "cost": {"amount_gbp": "NaN", "basis": "one_off"}},
            "cost.amount_gbp: 'NaN' is not an amount in pounds",
        ),
        (
            {"kind": "one_off_payment", "cost": {"amount_gbp": True, "basis": "one_off"}},
            "cost.amount_gbp: True is not an amount in pounds",
        ),
        (
            {
                "kind": "one_off_payment",
                "cost": {"amount_gbp": "5", "basis": "one_off", "weeks": 3},
            },
            "cost.weeks: a one-off cost has no duration",
        ),
        (
            {"kind": "one_off_payment", "cost": {"amount_gbp": "5", "basis": "weekly", "weeks": 0}},
            "cost.weeks: 0 must be from 1 to 520",
        ),
        ({"kind": "one_off_payment", "emergency": "yes"}, "emergency: 'yes' is not true or false"),
        (
            {"kind": "one_off_payment", "child": {"disabled": 1}},
            "child.disabled: 1 is not true or false",
        ),
        (
            {"kind": "one_off_payment", "child": {"name": "Jo"}},
            "child.name: is not a field of a child",
        ),
    ],
)
def test_a_malformed_referral_names_the_field(data: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidReferral) as caught:
        referral_from_json(data)
    assert str(caught.value) == message


def test_flags_on_the_child_and_the_referral_are_read() -> None:
    referral = referral_from_json(
        {
            "kind": "short_breaks",
            "child": {"age": 9, "disabled": True, "in_care": False},
            "emergency": True,
        }
    )
    assert referral.age == 9
    assert referral.flag("disabled") and referral.flag("emergency") and not referral.flag("in_care")
