"""When an approval comes back to panel: the review rules of each pack, as functions.

Every approval is time-limited and names the date a new referral is due
(DESIGN.md §2, §4). The panel sets that date; these functions give the latest
date the council's rules allow, and why, so that the hearing screen can propose
it and the forward planner can book it.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .calendar import on_or_before_working_day
from .referral import Referral, matches
from .schema import Pack, ReviewRule


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day where it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReviewPlan:
    due_on: dt.date  # the latest working day by which the panel hears it again
    earliest_on: dt.date | None  # not before this day (e.g. 8 weeks into pre-proceedings)
    then_every_months: int | None  # after the first review, at least this often
    latest_end: dt.date | None  # the approval may not run past this without a new referral
    notify_on: dt.date | None  # the coordinator tells the worker that it is coming back
    reasons: tuple[str, ...]


def rules_for(pack: Pack, kind: str, flags: Mapping[str, bool] | None = None) -> list[ReviewRule]:
    referral = Referral(kind=kind, flags=dict(flags or {}))
    return [rule for rule in pack.reviews.rules if matches(rule.when, referral)]


def review_plan(
    pack: Pack,
    kind: str,
    *,
    decided_on: dt.date,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    flags: Mapping[str, bool] | None = None,
    minuted_exception: bool = False,
) -> ReviewPlan:
    """The latest date an approval of `kind` decided on `decided_on` must come back to panel.

    `minuted_exception` is Portsmouth's "unless a specific agreement was made and
    minuted": it lifts a pack's cap on how long an approval may run.
    """
    start = starts_on or decided_on
    candidates: list[tuple[dt.date, str]] = []
    earliest = None
    every = None
    latest_end = None
    for rule in rules_for(pack, kind, flags):
        if rule.window_weeks is not None:
            earliest = decided_on + dt.timedelta(weeks=rule.window_weeks[0])
            candidates.append((decided_on + dt.timedelta(weeks=rule.window_weeks[1]), rule.quote))
        if rule.first_within_months is not None:
            candidates.append((add_months(start, rule.first_within_months), rule.quote))
            every = rule.every_months
        elif rule.every_months is not None:
            candidates.append((add_months(start, rule.every_months), rule.quote))
            every = rule.every_months
        if rule.max_approval_months is not None and not minuted_exception:
            latest_end = add_months(start, rule.max_approval_months)
            candidates.append((latest_end, rule.quote))
        if rule.before_end_weeks is not None and ends_on is not None:
            candidates.append((ends_on - dt.timedelta(weeks=rule.before_end_weeks), rule.quote))
    if ends_on is not None:
        candidates.append((ends_on, "A new referral is needed before the approval runs out."))
    if not candidates:
        months = pack.reviews.default_months
        candidates.append(
            (
                add_months(start, months),
                f"Every approval is time-limited; without a rule for this kind, it returns "
                f"within {months} months.",
            )
        )
    due = min(day for day, _ in candidates)
    reasons = tuple(dict.fromkeys(reason for day, reason in candidates if day == due))
    due = on_or_before_working_day(due)
    if earliest is not None and earliest > due:
        earliest = due
    notice = pack.reviews.notice_days
    return ReviewPlan(
        due_on=due,
        earliest_on=earliest,
        then_every_months=every,
        latest_end=latest_end,
        notify_on=due - dt.timedelta(days=notice) if notice else None,
        reasons=reasons,
    )


def review_dates(
    pack: Pack,
    kind: str,
    *,
    starts_on: dt.date,
    until: dt.date,
    flags: Mapping[str, bool] | None = None,
) -> list[dt.date]:
    """Every review a running placement needs up to `until` (e.g. BCP: a month, then 6-monthly)."""
    dates: list[dt.date] = []
    for rule in rules_for(pack, kind, flags):
        if rule.every_months is None:
            continue
        # Counted from the start each time, so that a 31st is not worn down to a 28th.
        months = rule.first_within_months or rule.every_months
        while (day := add_months(starts_on, months)) <= until:
            dates.append(on_or_before_working_day(day))
            months += rule.every_months
    return sorted(set(dates))


def present_before_statutory_review(pack: Pack, kind: str, review_on: dt.date) -> dt.date | None:
    """The last day to hear a referral before the child's looked-after or child protection
    review, where a rule asks for one."""
    weeks = [
        rule.before_statutory_review_weeks
        for rule in rules_for(pack, kind)
        if rule.before_statutory_review_weeks is not None
    ]
    if not weeks:
        return None
    return on_or_before_working_day(review_on - dt.timedelta(weeks=max(weeks)))


def end_of_year_11(date_of_birth: dt.date) -> dt.date:
    """The school leaving date in England: the last Friday in June of the school year
    in which the young person turns 16 (school years run from 1 September)."""
    # A child born from 1 September is in the school year of those born up to the next 31 August.
    sixteen_in = date_of_birth.year + 16 if date_of_birth.month < 9 else date_of_birth.year + 17
    june_30 = dt.date(sixteen_in, 6, 30)
    return june_30 - dt.timedelta(days=(june_30.weekday() - 4) % 7)


def staying_put_review_on(pack: Pack, kind: str, date_of_birth: dt.date) -> dt.date | None:
    """When staying put is to be considered, where the pack asks for it (end of year 11)."""
    if any(rule.staying_put_at_end_of_year_11 for rule in rules_for(pack, kind)):
        return end_of_year_11(date_of_birth)
    return None
