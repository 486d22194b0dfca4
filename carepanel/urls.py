from django.urls import include, path

urlpatterns = [
    path("", include("carepanel.meetings.urls")),
]
