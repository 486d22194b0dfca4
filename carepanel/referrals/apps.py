from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Referrals, their papers and sign-offs."""

    name = "carepanel.referrals"
    label = "referrals"
