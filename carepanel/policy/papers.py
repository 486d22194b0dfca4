"""Which papers a referral needs before its meeting, and which of them are missing or stale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .kinds import PAPER_LABELS
from .referral import Referral, matches
from .reviews import add_months
from .schema import Pack, PaperRule


@dataclass(frozen=True)
class PaperGap:
    type: str
    problem: str  # "missing" | "out_of_date"
    message: str


def required_papers(pack: Pack, referral: Referral, panel_id: str | None = None) -> list[PaperRule]:
    panel = pack.panel(panel_id)
    return [rule for rule in panel.papers if matches(rule.when, referral)]


def paper_gaps(
    pack: Pack,
    referral: Referral,
    papers: Iterable[tuple[str, dt.date | None]],
    meeting_day: dt.date,
    panel_id: str | None = None,
) -> list[PaperGap]:
    """The required papers that are missing, or older than the pack allows on the meeting day.

    `papers` are (type, dated) pairs of what has been uploaded; `dated` is the
    assessment's own date where the paper has one.
    """
    held: dict[str, list[dt.date | None]] = {}
    for paper_type, dated in papers:
        held.setdefault(paper_type, []).append(dated)
    gaps = []
    for rule in required_papers(pack, referral, panel_id):
        label = PAPER_LABELS[rule.type]
        if rule.type not in held:
            gaps.append(PaperGap(rule.type, "missing", f"No {label}: {rule.description}"))
            continue
        if rule.max_age_months is None:
            continue
        oldest_allowed = add_months(meeting_day, -rule.max_age_months)
        if not any(d is not None and d >= oldest_allowed for d in held[rule.type]):
            gaps.append(
                PaperGap(
                    rule.type,
                    "out_of_date",
                    f"The {label} must be dated within {rule.max_age_months} months of the "
                    f"meeting (on or after {oldest_allowed.day} {oldest_allowed:%B %Y}): "
                    f"{rule.description}",
                )
            )
    return gaps
