from django.urls import path

from carepanel.meetings import views

app_name = "meetings"

urlpatterns = [
    path("panels/", views.timetable, name="timetable"),
]

urlpatterns += [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings/new/", views.meeting_add, name="add"),
    path("meetings/<int:meeting_id>/", views.agenda, name="agenda"),
    path("meetings/<int:meeting_id>/order/", views.agenda_prioritise, name="prioritise"),
    path("meetings/<int:meeting_id>/times/", views.agenda_times, name="times"),
    path("meetings/<int:meeting_id>/move/", views.meeting_move, name="move"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="cancel"),
    path("agenda-items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path(
        "agenda-items/<int:item_id>/accept-late/", views.item_accept_late, name="item_accept_late"
    ),
]
