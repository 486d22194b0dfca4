from __future__ import annotations

from typing import Any

from django.apps import AppConfig

from carepanel.accounts.services import authorities_sync


def sync_authorities_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """Authorities come from the policy packs: after every migrate, one row per pack."""
    authorities_sync()
