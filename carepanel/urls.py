from django.urls import include, path

from carepanel.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("carepanel.meetings.urls")),
]
