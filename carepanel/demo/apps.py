from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The invented demo data (`carepanel demo_data`), above every domain app: it is made
    by calling their services, as the pages and the API would."""

    name = "carepanel.demo"
    label = "demo"
