from django.urls import path

from carepanel.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
]
