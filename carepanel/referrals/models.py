"""Referrals, the children and family members they name, their papers and sign-offs.

The referral is modelled on the request form in seed 001 (Appendix 1): the structured
core (children, kind, cost, duration, flags) is columns; the narrative questions are
answers keyed by question id, because each council asks its own (see
carepanel.policy.questions).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from carepanel.accounts.models import Authority, Team
from carepanel.children.codes import ETHNICITY_CHOICES, SEX_CHOICES
from carepanel.children.models import Child
from carepanel.policy.kinds import COST_BASES, KIND_LABELS, KINDS, PAPER_LABELS, PAPER_TYPES
from carepanel.policy.referral import Cost
from carepanel.policy.referral import Referral as PolicyReferral

KIND_CHOICES = [(kind, KIND_LABELS[kind]) for kind in KINDS]
PAPER_CHOICES = [(paper, PAPER_LABELS[paper].capitalize()) for paper in PAPER_TYPES]
COST_BASIS_CHOICES = [(basis, basis.replace("_", "-")) for basis in COST_BASES]


class Referral(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        AGREED = "agreed", "Agreed"
        LISTED = "listed", "Listed"
        DECIDED = "decided", "Decided"
        SIGNED = "signed", "Signed"
        RECORDED = "recorded", "Recorded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Route(models.TextChoices):
        PANEL = "panel", "Panel"
        DELEGATED = "delegated", "Delegated"
        OTHER_PANEL = "other_panel", "Another panel"
        OUTSIDE_REMIT = "outside_remit", "Outside the remit"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    team = models.ForeignKey(Team, on_delete=models.PROTECT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Bumped by every change: a writer who read an older version is refused, not obeyed.
    version = models.PositiveIntegerField(default=1)
    # How many times it has been submitted: a return starts a new round of sign-offs.
    round = models.PositiveSmallIntegerField(default=0)

    kind = models.CharField(max_length=40, choices=KIND_CHOICES)
    cost_amount_gbp = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    cost_basis = models.CharField(max_length=10, choices=COST_BASIS_CHOICES, blank=True)
    cost_weeks = models.PositiveIntegerField(null=True, blank=True)
    part_of_care_proceedings = models.BooleanField(default=False)
    emergency = models.BooleanField(default=False)
    unregistered = models.BooleanField(default=False)
    regulation_24 = models.BooleanField(default=False)
    joint_funding = models.BooleanField(default=False)
    renewal = models.BooleanField(default=False)

    # Appendix 1, beyond the children: the form's own boxes.
    previously_presented_on = models.DateField(null=True, blank=True)
    previous_outcome = models.TextField(blank=True)
    answers = models.JSONField(default=dict, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The presenting officer: the social worker who attends panel.
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When the last sign-off the pack asks for was given: the moment the deadline is met.
    ready_at = models.DateTimeField(null=True, blank=True)

    # Where the policy engine sent it when submitted (kept, so that a pack changed later
    # does not rewrite history).
    route = models.CharField(max_length=20, choices=Route.choices, blank=True)
    panel_id = models.CharField(max_length=64, blank=True)
    route_approver = models.CharField(max_length=40, blank=True)
    other_panel = models.CharField(max_length=200, blank=True)
    retrospective = models.BooleanField(default=False)
    route_reasons = models.JSONField(default=list, blank=True)
    annual_cost_gbp = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    total_cost_gbp = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    returned_reason = models.TextField(blank=True)
    recorded_reference = models.CharField(max_length=200, blank=True)

    children: models.ManyToManyField[Child, ReferralChild] = models.ManyToManyField(
        Child, through="ReferralChild", related_name="referrals"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_amount_gbp__isnull=True) | Q(cost_amount_gbp__gte=0),
                name="referral_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cost_amount_gbp__isnull=True) | ~Q(cost_basis=""),
                name="referral_cost_has_basis",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "status"], name="referral_status_idx"),
            models.Index(fields=["authority", "team", "status"], name="referral_team_idx"),
            models.Index(fields=["authority", "created_at"], name="referral_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def cost(self) -> Cost | None:
        if self.cost_amount_gbp is None:
            return None
        return Cost(amount_gbp=self.cost_amount_gbp, basis=self.cost_basis, weeks=self.cost_weeks)

    def flags(self, children: list[Child] | None = None) -> dict[str, bool]:
        """The routing flags; a flag of any child (disabled, in care) counts for the referral."""
        named = children if children is not None else [rc.child for rc in self.child_links.all()]
        return {
            "disabled": any(child.disabled for child in named),
            "in_care": any(child.in_care for child in named),
            "part_of_care_proceedings": self.part_of_care_proceedings,
            "emergency": self.emergency,
            "unregistered": self.unregistered,
            "regulation_24": self.regulation_24,
            "joint_funding": self.joint_funding,
            "renewal": self.renewal,
        }

    def for_policy(self, children: list[Child], on: Any) -> PolicyReferral:
        """The referral as the policy engine reads it; age is the eldest child's on `on`."""
        ages = [child.age_on(on) for child in children]
        return PolicyReferral(
            kind=self.kind,
            cost=self.cost,
            age=max(ages) if ages else None,
            flags=self.flags(children),
        )


class ReferralChild(models.Model):
    """A child the referral is about: one row per child of the form's table."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="referral_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "child"], name="referral_child_unique"),
        ]
        indexes = [models.Index(fields=["authority", "child"], name="referral_child_idx")]

    def __str__(self) -> str:
        return f"{self.child} on referral {self.referral_id}"


class FamilyMember(models.Model):
    """A parent or other family member named on a referral (not a child it is about)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="family")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=SEX_CHOICES, blank=True)
    ethnicity = models.CharField(max_length=4, choices=ETHNICITY_CHOICES, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["authority", "referral"], name="family_referral_idx")]

    def __str__(self) -> str:
        return self.name


def _paper_path(paper: Paper, filename: str) -> str:
    # The stored name never carries the uploader's file name, which may hold personal data.
    suffix = PurePath(filename).suffix.lower()
    return f"papers/{paper.authority_id}/{paper.referral_id}/{paper.uuid}{suffix}"


class Paper(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="papers")
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    type = models.CharField(max_length=40, choices=PAPER_CHOICES)
    file = models.FileField(upload_to=_paper_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # The paper's own date (an assessment's completion date), which the pack may age-limit.
    dated = models.DateField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["authority", "referral"], name="paper_referral_idx")]

    def __str__(self) -> str:
        return f"{PAPER_LABELS[self.type].capitalize()} ({self.pk})"


class SignOff(models.Model):
    """An agreement (or a return) recorded by a named person in a role the pack asks for."""

    class Action(models.TextChoices):
        AGREE = "agree", "Agree"
        AUTHORISE = "authorise", "Authorise"

    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        RETURNED = "returned", "Returned"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="sign_offs")
    role = models.CharField(max_length=40)
    action = models.CharField(max_length=10, choices=Action.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField(blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    # A return sends the referral back to draft; sign-offs before it no longer count.
    round = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["authority", "referral"], name="sign_off_referral_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.role} ({self.outcome})"
