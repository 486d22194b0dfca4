from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    """Children and the family members named on referrals."""

    name = "carepanel.children"
    label = "children"
