"""Reads of meetings and agendas, scoped to the actor's authority and role."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from carepanel.accounts.actors import Actor
from carepanel.core.errors import NotFound
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.permissions import can_see_agenda, can_see_meetings
from carepanel.referrals.models import Paper, ReferralChild
from carepanel.referrals.queries import referrals_visible_to


def meetings_visible_to(actor: Actor) -> QuerySet[Meeting]:
    if not can_see_meetings(actor):
        return Meeting.objects.none()
    return Meeting.objects.filter(authority_id=actor.authority_id).annotate(
        listed=Count("items", filter=Q(items__status=AgendaItem.Status.LISTED))
    )


def get_meeting_for_actor(actor: Actor, meeting_id: int) -> Meeting:
    try:
        return meetings_visible_to(actor).get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise NotFound("No meeting with that id.") from None


def _items_visible_to(actor: Actor) -> QuerySet[AgendaItem]:
    """The panel's roles see every item; a social worker or team manager only the items
    of referrals they may see (their team's), as DESIGN.md §9 asks."""
    items = AgendaItem.objects.filter(authority_id=actor.authority_id)
    if can_see_agenda(actor):
        return items
    if not can_see_meetings(actor):
        return items.none()
    return items.filter(referral__in=referrals_visible_to(actor).values("pk"))


def agenda_items(meeting: Meeting, actor: Actor) -> QuerySet[AgendaItem]:
    """The meeting's items in the chair's order, with what the agenda shows of each:
    a fixed number of queries whatever the number of items."""
    return (
        _items_visible_to(actor)
        .filter(meeting=meeting)
        .select_related("referral", "referral__presenter", "meeting", "late_accepted_by")
        .prefetch_related(
            Prefetch(
                "referral__child_links",
                queryset=ReferralChild.objects.select_related("child"),
            ),
            Prefetch("referral__papers", queryset=Paper.objects.order_by("uploaded_at")),
            "decisions",
        )
        .order_by("position", "listed_at", "pk")
    )


def get_item_for_actor(actor: Actor, item_id: int, *, for_update: bool = False) -> AgendaItem:
    """An agenda item the actor may see."""
    items = _items_visible_to(actor)
    if for_update:
        items = items.select_for_update(of=("self",))
    try:
        return items.select_related("meeting", "referral").get(pk=item_id)
    except AgendaItem.DoesNotExist:
        raise NotFound("No agenda item with that id.") from None
