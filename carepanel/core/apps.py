from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every page shares: the GOV.UK page template, error pages and date filters."""

    name = "carepanel.core"
    label = "core"
