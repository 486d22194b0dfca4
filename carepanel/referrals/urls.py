from django.urls import path

from carepanel.referrals import views

app_name = "referrals"

urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
]
