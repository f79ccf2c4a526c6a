from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "devolution.notifications"
    label = "notifications"
    verbose_name = "Notifications and each person's calendar"

    def ready(self) -> None:
        from devolution.core.links import links_offer

        from .offers import notifications_your_work
        from .receivers import connect

        # What the other areas do that someone must be told, heard as model signals.
        connect()
        # The person's notices (with the unread count) and calendar in "Your work".
        links_offer("your-work", notifications_your_work)
