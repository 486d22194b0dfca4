"""Writing the audit trail. Services call `audit_record` inside their own transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from carepanel.audit.models import AuditEvent

if TYPE_CHECKING:
    from carepanel.accounts.actors import Actor


def audit_record(
    *,
    actor: Actor | None,
    authority_id: str,
    action: str,
    obj: models.Model,
    referral_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        authority_id=authority_id,
        at=timezone.now(),
        actor=actor.user if actor else None,
        actor_roles=sorted(actor.roles) if actor else [],
        action=action,
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk),
        referral_id=referral_id,
        data=data or {},
    )
