from django.urls import path

from carepanel.meetings import views

app_name = "meetings"

urlpatterns = [
    path("panels/", views.timetable, name="timetable"),
]

urlpatterns += [
    path("meetings/", views.meeting_list, name="list"),
]
