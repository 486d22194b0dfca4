from django.urls import include, path

from carepanel.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("carepanel.home.urls")),
    path("", include("carepanel.accounts.urls")),
    path("", include("carepanel.referrals.urls")),
    path("", include("carepanel.meetings.urls")),
    path("", include("carepanel.decisions.urls")),
    path("", include("carepanel.children.urls")),
]
