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

        from devolution.core.links import home_offer, links_offer, reports_offer

        from . import offers
        from .interests.selectors import board_interests_link

        # A board's phase and gateway change only by resolutions of its meetings: the
        # board page lists them, upcoming and past, and offers their calendar.
        links_offer("board", offers.board_meetings)
        # Its members' interests are published, as NHS England's guidance expects.
        links_offer("board", board_interests_link)
        links_offer("your-work", offers.meetings_your_work)
        reports_offer(offers.meetings_reports)
        home_offer("person", offers.meetings_home)
        home_offer("everyone", offers.meetings_home_everyone)
