from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "devolution.meetings"
    label = "meetings"
    verbose_name = "Meetings, interests, conflicts and decisions"
