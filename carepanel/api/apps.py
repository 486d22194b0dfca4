from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API under /api/v1/ for case-management integrations."""

    name = "carepanel.api"
    label = "api"
