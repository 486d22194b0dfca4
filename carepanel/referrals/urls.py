from django.urls import path, register_converter

from carepanel.referrals import views
from carepanel.referrals.sections import SLUGS

app_name = "referrals"


class SectionConverter:
    """Only the task list's own sections: `/referrals/<id>/decision/` and
    `/referrals/<id>/emergency/` are the decisions app's pages, not sections."""

    regex = "|".join(sorted(SLUGS, key=len, reverse=True))

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SectionConverter, "section")

urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
    path("referrals/new/", views.referral_start, name="start"),
    path("referrals/<int:referral_id>/check/", views.referral_check, name="check"),
    path("referrals/<int:referral_id>/papers/", views.referral_papers, name="papers"),
    path("referrals/<int:referral_id>/papers/<int:paper_id>/", views.paper_download, name="paper"),
    path("referrals/<int:referral_id>/sign-off/", views.referral_sign_off, name="sign_off"),
    path("referrals/<int:referral_id>/withdraw/", views.referral_withdraw, name="withdraw"),
    path("referrals/<int:referral_id>/record/", views.referral_record, name="record"),
    path("referrals/<int:referral_id>/list/", views.referral_list_on_agenda, name="list_on_agenda"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="detail"),
    # The sections of a draft's task list (`carepanel.referrals.sections.SLUGS`).
    path("referrals/<int:referral_id>/<section:section>/", views.referral_section, name="section"),
]
