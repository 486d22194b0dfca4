"""Review rules shared by every pack: months, working days and the default return date."""

from __future__ import annotations

import datetime as dt

from carepanel.policy import end_of_year_11, get_pack, review_plan
from carepanel.policy.reviews import add_months


def test_a_month_on_from_the_31st_is_the_last_day_of_a_shorter_month() -> None:
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 11, 30), 14) == dt.date(2028, 1, 30)
    assert add_months(dt.date(2027, 3, 31), -1) == dt.date(2027, 2, 28)


def test_without_a_rule_an_approval_returns_after_the_packs_default() -> None:
    plan = review_plan(
        get_pack("north-somerset"), "one_off_payment", decided_on=dt.date(2026, 12, 2)
    )
    assert plan.due_on == dt.date(2027, 6, 2)
    assert "time-limited" in plan.reasons[0]


def test_a_due_date_on_a_weekend_or_bank_holiday_moves_back_to_a_working_day() -> None:
    pack = get_pack("north-somerset")
    # 31 October + 6 months is 30 April 2027 (April has no 31st), a Friday.
    assert review_plan(pack, "one_off_payment", decided_on=dt.date(2026, 10, 31)).due_on == dt.date(
        2027, 4, 30
    )
    # Six months from 6 November 2026 is Thursday 6 May 2027: a working day, kept.
    assert review_plan(pack, "one_off_payment", decided_on=dt.date(2026, 11, 6)).due_on == dt.date(
        2027, 5, 6
    )
    # Six months from 3 November 2026 is Monday 3 May 2027, the early May bank holiday.
    assert review_plan(pack, "one_off_payment", decided_on=dt.date(2026, 11, 3)).due_on == dt.date(
        2027, 4, 30
    )
    # Six months from 5 December 2026 is Saturday 5 June 2027.
    assert review_plan(pack, "one_off_payment", decided_on=dt.date(2026, 12, 5)).due_on == dt.date(
        2027, 6, 4
    )


def test_a_new_referral_is_due_before_the_approval_runs_out() -> None:
    plan = review_plan(
        get_pack("north-somerset"),
        "one_off_payment",
        decided_on=dt.date(2026, 12, 2),
        ends_on=dt.date(2027, 3, 5),
    )
    assert plan.due_on == dt.date(2027, 3, 5)


def test_the_school_leaving_date_is_the_last_friday_in_june() -> None:
    assert end_of_year_11(dt.date(2010, 8, 31)) == dt.date(2026, 6, 26)
    assert end_of_year_11(dt.date(2010, 9, 1)) == dt.date(2027, 6, 25)
