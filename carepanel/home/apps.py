from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Above the domain apps: the home page and the navigation, which ask every app what
    waits for the signed-in person. No models of its own."""

    name = "carepanel.home"
    label = "home"
