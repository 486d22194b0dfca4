from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Decisions, conditions, actions, approvals, emergency decisions and decision sheets."""

    name = "carepanel.decisions"
    label = "decisions"
