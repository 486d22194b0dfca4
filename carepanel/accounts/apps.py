from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """Authorities, teams, people and the roles they hold in each authority; API tokens."""

    name = "carepanel.accounts"
    label = "accounts"

    def ready(self) -> None:
        from carepanel.accounts.signals import sync_authorities_after_migrate

        post_migrate.connect(sync_authorities_after_migrate, sender=self)
