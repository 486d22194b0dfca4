"""Meetings (one sitting of a panel) and their agenda items."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from carepanel.accounts.models import Authority
from carepanel.referrals.models import Referral


class Meeting(models.Model):
    """One sitting of a panel. Generated from the pack's cadence; a coordinator may
    cancel, move or add one, with a reason."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    panel_id = models.CharField(max_length=64)
    panel_name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    submission_deadline = models.DateTimeField()
    papers_deadline = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    # The day the cadence gave this sitting; kept when it is moved, empty for an added one.
    # Generating meetings again never makes a second sitting for the same cadence day.
    cadence_day = models.DateField(null=True, blank=True)
    # An added sitting for urgent business only: late items accepted by the chair or a
    # head of service, emergencies and ratifications. Ordinary listing passes it by.
    urgent_only = models.BooleanField(default=False)
    change_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "panel_id", "cadence_day"],
                condition=Q(cadence_day__isnull=False),
                name="meeting_cadence_day_unique",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="meeting_starts_before_end"
            ),
            models.CheckConstraint(
                condition=Q(submission_deadline__lte=models.F("starts_at")),
                name="meeting_deadline_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "panel_id", "starts_at"], name="meeting_panel_idx"),
            models.Index(fields=["authority", "starts_at"], name="meeting_starts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.panel_name}, {self.starts_at:%Y-%m-%d}"

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class AgendaItem(models.Model):
    """A referral's place on a meeting's agenda.

    An item is never deleted: a removed or deferred item stays, and the referral gets a
    new item at a later meeting, so the agenda of every meeting remains as it was.
    """

    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        RATIFICATION = "ratification", "For ratification"

    class Status(models.TextChoices):
        LISTED = "listed", "Listed"
        HEARD = "heard", "Heard"
        REMOVED = "removed", "Removed"
        MOVED = "moved", "Moved"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="agenda_items")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DECISION)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.LISTED)
    # The chair's order for an over-full agenda; items with the same priority keep the
    # order they were listed in.
    position = models.PositiveIntegerField(default=0)
    listed_at = models.DateTimeField()
    # Past the deadline and accepted as exceptional by the chair or a head of service.
    late = models.BooleanField(default=False)
    late_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    late_reason = models.TextField(blank=True)
    # Listed here because it was deferred or removed at an earlier meeting.
    carried_over_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_to"
    )
    removed_reason = models.TextField(blank=True)
    # The papers missing or out of date when the item was removed: why it was not heard.
    gaps_when_removed = models.JSONField(default=list, blank=True)
    # The time the coordinator advised the presenter to attend. Some panels set no slot
    # length (North Somerset: "You will then be advised of a time to attend panel"), so
    # this is the only time such an item has; where a panel has slots, it overrides the
    # slot its place in the running order gives.
    attend_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "listed_at", "pk"]
        constraints = [
            # A referral is on one agenda at a time.
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(status="listed"),
                name="agenda_item_one_listed_per_referral",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "meeting", "status"], name="agenda_item_meeting_idx"),
            models.Index(fields=["authority", "referral"], name="agenda_item_referral_idx"),
        ]

    def __str__(self) -> str:
        return f"Agenda item {self.pk}"
