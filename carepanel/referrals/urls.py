from django.urls import path

from carepanel.referrals import views

app_name = "referrals"

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
    path("referrals/<int:referral_id>/<slug:section>/", views.referral_section, name="section"),
]
