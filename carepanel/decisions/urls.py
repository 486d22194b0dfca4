from django.urls import path

from carepanel.decisions import views

app_name = "decisions"

urlpatterns = [
    path("agenda-items/<int:item_id>/decision/", views.hearing, name="hearing"),
    path("decisions/to-sign/", views.to_sign, name="to_sign"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="detail"),
    path("decisions/<int:decision_id>/sign/", views.decision_sign, name="sign"),
    path("decisions/<int:decision_id>/finalise/", views.decision_finalise, name="finalise"),
    path("decisions/<int:decision_id>/sheet.pdf", views.decision_pdf, name="pdf"),
    path("referrals/<int:referral_id>/decision/", views.delegated_decision, name="delegated"),
    path("referrals/<int:referral_id>/emergency/", views.emergency_new, name="emergency_new"),
    path("emergencies/", views.emergency_list, name="emergencies"),
    path("emergencies/<int:emergency_id>/", views.emergency_detail, name="emergency_detail"),
    path(
        "emergencies/<int:emergency_id>/approve/", views.emergency_approve, name="emergency_approve"
    ),
]
