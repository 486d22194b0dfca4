from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings of the panels; for now, each authority's timetable on the home page."""

    name = "carepanel.meetings"
    label = "meetings"

    def ready(self) -> None:
        from carepanel.meetings import receivers
        from carepanel.referrals.models import Referral
        from carepanel.referrals.signals import referral_agreed, referral_withdrawn

        referral_agreed.connect(receivers.list_when_agreed, sender=Referral)
        referral_withdrawn.connect(receivers.end_items_when_withdrawn, sender=Referral)
