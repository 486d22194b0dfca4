"""Decisions, their conditions and actions, approvals, and emergency decisions.

A decision is the record of one item's outcome. Once the chair signs it, nothing
changes it: a correction is a new decision that supersedes it and links to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carepanel.accounts.models import Authority
from carepanel.children.models import Child
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.referrals.models import COST_BASIS_CHOICES, Referral


class Outcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    DECLINED = "declined", "Declined"
    DEFERRED = "deferred", "Deferred"
    REFERRED = "referred", "Referred to another panel"
    NOT_HEARD = "not_heard", "Not heard"
    RATIFIED = "ratified", "Ratified"
    NOT_RATIFIED = "not_ratified", "Not ratified"


APPROVING = frozenset({Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS, Outcome.RATIFIED})
# Outcomes that decide nothing about the children: the item comes back to a later meeting.
RELISTING = frozenset({Outcome.DEFERRED, Outcome.NOT_HEARD})
# Outcomes one child may have while a sibling on the same referral has another.
PER_CHILD = frozenset({Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS, Outcome.DECLINED})


class Decision(models.Model):
    class Kind(models.TextChoices):
        PANEL = "panel", "Panel decision"
        DELEGATED = "delegated", "Delegated decision"

    class Status(models.TextChoices):
        RECORDED = "recorded", "Recorded, not signed"
        SIGNED = "signed", "Signed"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="decisions")
    # The item heard; empty for a delegated decision taken without panel. Several decisions
    # share an item only as corrections of one another.
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PANEL)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECORDED)
    discussion = models.TextField(blank=True)
    # For `referred`: which panel it goes to.
    referred_to = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The name as it stood when signed: the sheet a court reads must not change with a
    # later edit of the person's account.
    signed_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    # Where the pack says the panel recommends and a named role finalises (North
    # Somerset's assistant director), the decision takes effect only when they confirm.
    finalised_by_role = models.CharField(max_length=40, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_name = models.CharField(max_length=200, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    correction_reason = models.TextField(blank=True)
    # What the sheet said when it was signed, worded as printed: a court reading the sheet
    # years later sees exactly that, whatever has since changed in a child's record or a
    # person's name. Only the later facts (finalisation, supersession) are added to it.
    sheet_snapshot = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="recorded") | Q(signed_at__isnull=False),
                name="decision_signed_has_time",
            ),
            # An item's first recording is a creation: a second one made at the same time
            # is refused here too, whatever the service's lock did (corrections supersede).
            models.UniqueConstraint(
                fields=["agenda_item"],
                condition=Q(agenda_item__isnull=False, supersedes__isnull=True),
                name="decision_one_first_per_item",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "referral"], name="decision_referral_idx"),
            models.Index(fields=["authority", "status"], name="decision_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk}"

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def awaits_finalisation(self) -> bool:
        return bool(self.finalised_by_role) and self.finalised_at is None

    @property
    def in_effect(self) -> bool:
        return self.is_signed and not self.awaits_finalisation


class ChildOutcome(models.Model):
    """The decision for one child of the referral: siblings may be decided differently."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="child_outcomes")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="outcomes")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "child"], name="child_outcome_unique"),
        ]
        indexes = [models.Index(fields=["authority", "child"], name="child_outcome_child_idx")]

    def __str__(self) -> str:
        return f"{self.child}: {self.get_outcome_display()}"


class DecisionCondition(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="conditions")
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["authority", "decision"], name="condition_decision_idx")]

    def __str__(self) -> str:
        return self.text[:50]


class Action(models.Model):
    """A task the panel sets, with an owner and a due date."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [
            models.Index(fields=["authority", "decision"], name="action_decision_idx"),
            models.Index(fields=["authority", "owner", "due_on"], name="action_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.description[:50]


class EmergencyDecision(models.Model):
    """A decision taken between panels by a role the pack allows; it stands until the next
    meeting, where the referral is listed for ratification."""

    class Status(models.TextChoices):
        # Where the pack asks for all of several approvers (North Somerset: head of service
        # and assistant director), it waits for the rest.
        AWAITING_APPROVERS = "awaiting_approvers", "Awaiting approvers"
        APPROVED = "approved", "Approved, awaiting ratification"
        RATIFIED = "ratified", "Ratified"
        NOT_RATIFIED = "not_ratified", "Not ratified"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, related_name="emergency_decision"
    )
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.AWAITING_APPROVERS
    )
    reason = models.TextField()
    approvers_required = models.JSONField(default=list)
    approval_rule = models.CharField(max_length=3)  # "any" | "all", from the pack
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    # The meeting where it is ratified; the approval stands until that meeting starts.
    ratification_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ratification = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="ratifies"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["authority", "status"], name="emergency_status_idx")]

    def __str__(self) -> str:
        return f"Emergency decision {self.pk}"


class EmergencyApprover(models.Model):
    """One approver's agreement to an emergency decision."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    emergency_decision = models.ForeignKey(
        EmergencyDecision, on_delete=models.PROTECT, related_name="approvers"
    )
    role = models.CharField(max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["emergency_decision", "role"], name="emergency_approver_role_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Approval(models.Model):
    """What an approving decision authorises; always time-limited."""

    class Status(models.TextChoices):
        # Decided, but not yet signed (or finalised where the pack asks for it).
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="approvals")
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="approval"
    )
    emergency_decision = models.OneToOneField(
        EmergencyDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    resource = models.CharField(max_length=300)
    provider = models.CharField(max_length=200, blank=True)
    cost_amount_gbp = models.DecimalField(max_digits=12, decimal_places=2)
    cost_basis = models.CharField(max_length=10, choices=COST_BASIS_CHOICES)
    cost_weeks = models.PositiveIntegerField(null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    # The date a new referral is due: the planner books it.
    review_due_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False) ^ Q(emergency_decision__isnull=False),
                name="approval_from_one_decision",
            ),
            models.CheckConstraint(
                condition=Q(cost_amount_gbp__gte=0), name="approval_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__lte=models.F("ends_on")),
                name="approval_starts_before_end",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "status", "review_due_on"], name="approval_due_idx"),
            models.Index(fields=["authority", "referral"], name="approval_referral_idx"),
        ]

    def __str__(self) -> str:
        return f"Approval {self.pk}"
