from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Decisions, conditions, actions, approvals, emergency decisions and decision sheets."""

    name = "carepanel.decisions"
    label = "decisions"

    def ready(self) -> None:
        from carepanel.decisions import receivers
        from carepanel.meetings.models import AgendaItem, Meeting
        from carepanel.meetings.signals import meeting_moved, ratification_carried_over
        from carepanel.referrals.models import Referral
        from carepanel.referrals.signals import referral_withdrawn

        referral_withdrawn.connect(receivers.end_approval_when_withdrawn, sender=Referral)
        meeting_moved.connect(receivers.approvals_follow_meeting, sender=Meeting)
        ratification_carried_over.connect(receivers.ratification_follows_item, sender=AgendaItem)
