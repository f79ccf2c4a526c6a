from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "devolution.meetings"
    label = "meetings"
    verbose_name = "Meetings, interests, conflicts and decisions"

    def ready(self) -> None:
        from devolution.core.events import register_decision_kind

        # The plain decision of a board is meetings' own: it has no effect beyond its
        # record. Every other kind is registered by the app that owns its effect.
        register_decision_kind("decide", "A decision of the board")

        from devolution.core.links import links_offer

        from .interests.selectors import board_interests_link
        from .selectors import board_meetings_link

        # A board's phase and gateway change only by resolutions of its meetings: the
        # board page leads there.
        links_offer("board", board_meetings_link)
        # Its members' interests are published, as NHS England's guidance expects.
        links_offer("board", board_interests_link)
