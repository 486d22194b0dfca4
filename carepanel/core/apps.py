from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every page shares: the GOV.UK page template, error pages and date filters."""

    name = "carepanel.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from carepanel.core.storable import refuse_nul_characters

        pre_save.connect(refuse_nul_characters, dispatch_uid="carepanel.core.refuse_nul")
