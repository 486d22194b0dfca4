"""Whether each item on an agenda has the papers its pack requires by the meeting day."""

from __future__ import annotations

from collections.abc import Iterable

from carepanel.meetings.models import AgendaItem
from carepanel.policy import PaperGap, get_pack, paper_gaps


def gaps_for_items(items: Iterable[AgendaItem]) -> dict[int, list[PaperGap]]:
    """The papers missing or out of date for each item, keyed by item id.

    Expects each item's referral with `child_links__child` and `papers` prefetched
    (as the agenda query does); otherwise it queries per item.
    """
    gaps = {}
    for item in items:
        referral = item.referral
        meeting_day = item.meeting.day
        children = [link.child for link in referral.child_links.all()]
        pack = get_pack(item.authority_id)
        gaps[item.pk] = paper_gaps(
            pack,
            referral.for_policy(children, meeting_day),
            [(paper.type, paper.dated) for paper in referral.papers.all()],
            meeting_day,
            referral.panel_id or None,
        )
    return gaps
