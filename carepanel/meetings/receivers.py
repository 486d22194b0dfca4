"""What meetings does when a referral changes (connected in MeetingsConfig.ready())."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db import transaction

from carepanel.accounts.actors import Actor
from carepanel.core.errors import IllegalTransition
from carepanel.meetings.models import AgendaItem
from carepanel.meetings.services import agenda_item_end, referral_place
from carepanel.referrals.models import Referral


def list_when_agreed(*, referral: Referral, actor: Actor, **_: Any) -> None:
    """An agreed referral goes to the earliest meeting with a place. With none in the
    horizon, the agreement still stands and the coordinator lists it later."""
    with contextlib.suppress(IllegalTransition), transaction.atomic():
        referral_place(referral=referral, actor=actor, purpose=AgendaItem.Purpose.DECISION)


def end_items_when_withdrawn(*, referral: Referral, actor: Actor, reason: str, **_: Any) -> None:
    listed = AgendaItem.objects.filter(
        authority_id=referral.authority_id, referral=referral, status=AgendaItem.Status.LISTED
    ).values_list("pk", flat=True)
    for item_id in list(listed):
        agenda_item_end(actor=actor, item_id=item_id, reason=reason)
