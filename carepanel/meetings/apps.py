from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings of the panels; for now, each authority's timetable on the home page."""

    name = "carepanel.meetings"
    label = "meetings"
