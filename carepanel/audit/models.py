"""The audit trail: one row per change of state and per read of a child's data.

Rows are only ever added. Who acted is kept apart from what changed (as Zulip's
RealmAuditLog does), and `data` holds ids and codes, never names or narrative.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from carepanel.accounts.models import Authority


class AuditEvent(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The roles the actor held when acting: a later change of role does not rewrite history.
    actor_roles = models.JSONField(default=list)
    action = models.CharField(max_length=60)  # e.g. "referral.submitted"
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    # The referral the event belongs to, if any: a referral's history is one indexed read.
    referral_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["authority", "at"], name="audit_at_idx"),
            models.Index(fields=["authority", "referral_id", "at"], name="audit_referral_idx"),
            models.Index(fields=["authority", "object_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"
