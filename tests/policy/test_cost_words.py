"""One way to put a cost in words, whatever its basis and duration (DESIGN.md §3): the
total is the amount over the duration; a year's cost is said only of an open-ended cost
or one that runs past a year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from carepanel.policy import Cost, cost_in_words


@pytest.mark.parametrize(
    ("amount", "basis", "weeks", "words"),
    [
        ("180", "weekly", 26, "£180 a week for 26 weeks (£4,680 in all)"),
        ("180", "weekly", 1, "£180 a week for 1 week (£180 in all)"),
        ("180", "weekly", None, "£180 a week (£9,360 a year)"),
        ("180", "weekly", 52, "£180 a week for 52 weeks (£9,360 in all)"),
        ("180", "weekly", 104, "£180 a week for 104 weeks (£18,720 in all; £9,360 a year)"),
        ("1500", "monthly", None, "£1,500 a month (£18,000 a year)"),
        ("1500", "monthly", 26, "£1,500 a month for 26 weeks (£9,000 in all)"),
        ("20000", "annual", None, "£20,000 a year"),
        ("20000", "annual", 26, "£20,000 a year for 26 weeks (£10,000 in all)"),
        ("2900", "one_off", None, "£2,900, one-off"),
        ("180.50", "weekly", 3, "£180.50 a week for 3 weeks (£541.50 in all)"),
    ],
)
def test_a_cost_in_words(amount: str, basis: str, weeks: int | None, words: str):
    assert cost_in_words(Decimal(amount), basis, weeks) == words


def test_no_cost_has_no_words():
    assert cost_in_words(None, "", None) == ""


def test_a_year_is_said_only_of_a_cost_that_runs_a_year():
    assert not Cost(Decimal("180"), "weekly", 26).year_means_something
    assert Cost(Decimal("180"), "weekly", None).year_means_something
    assert Cost(Decimal("180"), "weekly", 52).year_means_something
    assert not Cost(Decimal("2900"), "one_off").year_means_something
