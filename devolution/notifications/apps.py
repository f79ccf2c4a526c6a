from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "devolution.notifications"
    label = "notifications"
    verbose_name = "Notifications and each person's calendar"
