"""The child: the minimal record a panel needs, as the Appendix 1 form of seed 001 asks it."""

from __future__ import annotations

import datetime as dt

from django.db import models

from carepanel.accounts.models import Authority, Team
from carepanel.children.codes import ETHNICITY_CHOICES, LEGAL_STATUS_CHOICES, SEX_CHOICES


class Child(models.Model):
    class Plan(models.TextChoices):
        NONE = "", "No plan"
        FWB = "fwb", "Family wellbeing"
        CIN = "cin", "Child in need"
        CP = "cp", "Child protection"
        CIC = "cic", "Child in care"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    # The team that holds the child's case: social workers see their team's children.
    team = models.ForeignKey(Team, on_delete=models.PROTECT)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=1, choices=SEX_CHOICES)
    ethnicity = models.CharField(max_length=4, choices=ETHNICITY_CHOICES, blank=True)
    # The case-management system's id (Mosaic, LCS, EHM): "Child ID" on the form.
    case_id = models.CharField(max_length=50)
    legal_status = models.CharField(max_length=2, choices=LEGAL_STATUS_CHOICES, blank=True)
    plan = models.CharField(max_length=3, choices=Plan.choices, blank=True)
    disabled = models.BooleanField(default=False)
    ehc_plan = models.BooleanField("education, health and care (EHC) plan", default=False)
    ehc_plan_issued_on = models.DateField(null=True, blank=True)
    ehc_plan_reviewed_on = models.DateField(null=True, blank=True)
    home_address = models.TextField(blank=True)
    placement_address = models.TextField(blank=True)
    # "Type of placement and name of carer if applicable".
    placement_and_carer = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "case_id"], name="child_case_id_unique"),
        ]
        indexes = [
            models.Index(fields=["authority", "team"], name="child_team_idx"),
            models.Index(fields=["authority", "last_name"], name="child_name_idx"),
        ]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def in_care(self) -> bool:
        return self.plan == self.Plan.CIC or bool(self.legal_status)

    def age_on(self, day: dt.date) -> int:
        before_birthday = (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - before_birthday
