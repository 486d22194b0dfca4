from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only record of every change of state and every read of a child's data."""

    name = "carepanel.audit"
    label = "audit"
