"""What meetings offers on the pages of the areas below it: its reports on the reports
index; a board's meetings, upcoming and past, and its calendar on the board's page; the
staff pages a person's role lets them use; and the home page's sections."""

from typing import Any

from django.urls import reverse

from devolution.core.links import HomeItem, HomeSection, PageLink, ReportEntry, fixed_url
from devolution.core.offers import partnership_query, report_formats, report_routes
from devolution.core.reports import date_text
from devolution.partners.access import can_keep_registers, is_staff
from devolution.partners.selectors import partnership_in_view, today

from . import home, selectors
from .models import Action, ConflictFlag, Decision, Interest, Meeting

GROUP = "Meetings, interests and conflicts"


def meetings_reports(partnership: Any) -> list[ReportEntry]:
    calendar = "meetings:board-calendar"
    return [
        ReportEntry(
            GROUP,
            "Conflicts of interest: the Strategic Partnership Board's approach",
            "How the Board manages its members' conflicts of interest, in the words of its paper.",
            report_routes("meetings:interests-policy-report"),
            report_formats("meetings:interests-policy-report"),
        ),
        ReportEntry(
            GROUP,
            "The log of declarations of interest and rulings",
            "Every interest declared at the boards' meetings, every potential conflict "
            "found, and how the chair ruled.",
            ("meetings:conflict-log", "meetings:conflict-log-csv"),
            (
                *report_formats(
                    "meetings:conflict-log", suffixes=("",), query=partnership_query(partnership)
                ),
                *report_formats(
                    "meetings:conflict-log",
                    suffixes=("-csv",),
                    query=partnership_query(partnership),
                ),
            ),
        ),
        ReportEntry(
            GROUP,
            "Registers of board members' interests",
            "What each board's members have declared, published as NHS England's guidance "
            "on managing conflicts of interest expects.",
            ("meetings:board-interests", "meetings:board-interests-csv"),
            per=tuple(
                (
                    board.name,
                    report_formats("meetings:board-interests", board.key, suffixes=("", "-csv")),
                )
                for board in selectors.meeting_boards(partnership)
            ),
        ),
        ReportEntry(
            GROUP,
            "Board calendars",
            "Each board's meetings as a calendar feed, to add to Outlook, Google Calendar "
            "or a phone.",
            (calendar,),
            per=tuple(
                (board.name, (PageLink("Calendar feed", reverse(calendar, args=[board.key])),))
                for board in selectors.meeting_boards(partnership)
            ),
        ),
    ]


def _meeting_text(meeting: Meeting) -> str:
    text = date_text(meeting.date, meeting.date_precision)
    if meeting.status == Meeting.Status.CANCELLED:
        return f"{text} (cancelled)"
    return str(text)


def board_meetings(board: Any) -> list[PageLink]:
    """The board's meetings on its page, upcoming (the soonest first) and past (the latest
    first), and its calendar feed."""
    upcoming, past = home.board_meetings_split(board.pk, today(board.partnership))
    page = "meetings:public-meeting"
    links = [
        PageLink(_meeting_text(m), reverse(page, args=[m.key]), group="Upcoming meetings")
        for m in upcoming
    ]
    links += [
        PageLink(_meeting_text(m), reverse(page, args=[m.key]), group="Past meetings")
        for m in past.rows
    ]
    if past.count > len(past.rows):
        url = reverse("meetings:meeting-list") + f"?board={board.key}"
        links.append(PageLink(f"All {past.count} past meetings", url, group="Past meetings"))
    if upcoming or past.count:
        links.append(
            PageLink(
                "Add the board's meetings to your calendar (an iCalendar feed)",
                reverse("meetings:board-calendar", args=[board.key]),
                group="Calendar",
            )
        )
    return links


def meetings_your_work(person: Any) -> list[PageLink]:
    """The meetings area's pages for staff: their actions and entries in the register of
    interests; for the secretariat, the whole register and scheduling a meeting."""
    if not is_staff(person):
        return []
    links = [
        PageLink("My actions", fixed_url("meetings:my-actions")),
        PageLink("My register of interests", fixed_url("meetings:my-interests")),
    ]
    if can_keep_registers(person):
        links += [
            PageLink("The register of interests", fixed_url("meetings:interest-register")),
            PageLink("Schedule a meeting", fixed_url("meetings:meeting-new")),
        ]
    links.append(PageLink("Conflicts log", fixed_url("meetings:conflict-log")))
    return links


# ---------------------------------------------------------------------- the home page


def _meeting_item(meeting: Meeting, staff: bool) -> HomeItem:
    board = meeting.board.short_name or meeting.board.name
    route = "meetings:meeting-detail" if staff else "meetings:public-meeting"
    download = "meetings:paper-download" if staff else "meetings:public-paper-download"
    # A paper the data names but holds no file of is named, not linked; a paper taken
    # under several items is named once.
    papers = tuple(
        dict.fromkeys(
            PageLink(
                f"{paper.title} ({paper.file_type.upper()})", reverse(download, args=[paper.pk])
            )
            if paper.file and paper.file_type
            else PageLink(f"{paper.title} (no file yet)", "")
            for paper in home.meeting_papers(meeting)
        )
    )
    return HomeItem(
        PageLink(f"{board}, {_meeting_text(meeting)}", reverse(route, args=[meeting.key])),
        note="" if papers else "No papers yet.",
        children=papers,
    )


def _flag_item(flag: ConflictFlag) -> HomeItem:
    meeting = flag.item.meeting
    board = meeting.board.short_name or meeting.board.name
    url = reverse("meetings:meeting-detail", args=[meeting.key]) + f"#item-{flag.item_id}"
    return HomeItem(
        PageLink(f"{flag.person} on “{flag.item.title}”", url),
        note=f"{board}, {_meeting_text(meeting)}",
    )


def _action_item(action: Action) -> HomeItem:
    meeting = action.item.meeting
    due = f"Due {date_text(action.due)}" if action.due else "No due date"
    whose = f", for {action.owner_organisation.name}" if action.owner_organisation else ""
    return HomeItem(
        PageLink(action.text, reverse("meetings:meeting-detail", args=[meeting.key])),
        note=f"{due}{whose}; from the meeting of {_meeting_text(meeting)}",
    )


def _interest_item(interest: Interest) -> HomeItem:
    what = interest.description or interest.kind
    where = f" ({interest.organisation.name})" if interest.organisation else ""
    since = f"Since {date_text(interest.start)}" if interest.start else "No start date given"
    return HomeItem(PageLink(f"{what}{where}", reverse("meetings:my-interests")), note=since)


def meetings_home(person: Any, day: Any) -> list[HomeSection]:
    facts = home.person_facts(person)
    if not facts.staff and not facts.board_ids:
        return []
    meetings = home.next_meetings_of(facts, day)
    sections = [
        HomeSection(
            "next-meetings",
            "Your next meetings",
            meetings.count,
            tuple(_meeting_item(m, facts.staff) for m in meetings.rows),
            "You have no meetings coming up."
            if facts.board_ids or not facts.secretariat
            else "No meetings are scheduled.",
            PageLink("All meetings", reverse("meetings:meeting-list")),
            intro="The meetings of the boards you sit on, and their papers."
            if facts.board_ids
            else "The meetings of the partnership's boards, whose record you keep."
            if facts.secretariat
            else "",
        ),
    ]
    if facts.chaired_ids:
        flags = home.rulings_awaited(facts)
        sections.append(
            HomeSection(
                "rulings",
                "Rulings awaiting you as chair",
                flags.count,
                tuple(_flag_item(f) for f in flags.rows),
                "No conflict of interest is waiting for your ruling.",
                intro="Potential conflicts of interest found on items of the meetings you "
                "chair: rule on each before the item is decided.",
            )
        )
    if facts.staff:
        mine = home.open_actions(facts, own=True)
        theirs = home.open_actions(facts, own=False)
        interests = home.interests_to_review(facts, day)
        more = PageLink("All my actions", reverse("meetings:my-actions"))
        sections += [
            HomeSection(
                "my-actions",
                "Your actions",
                mine.count,
                tuple(_action_item(a) for a in mine.rows),
                "You have no open actions.",
                more,
            ),
            HomeSection(
                "organisation-actions",
                "Your organisation's actions",
                theirs.count,
                tuple(_action_item(a) for a in theirs.rows),
                "Your organisation has no open actions.",
                more,
            ),
            HomeSection(
                "interests",
                "Your entries in the register of interests",
                interests.count,
                tuple(_interest_item(i) for i in interests.rows),
                "You have no entries in the register of interests. If you have an interest "
                "to declare, declare it before your next meeting.",
                PageLink("Review your entries", reverse("meetings:my-interests")),
                intro="Check each is still right before your next meeting.",
            ),
            _commitments_section(facts, day),
        ]
    return sections


def _commitment_item(c: Any) -> HomeItem:
    board = (c.board.short_name or c.board.name) if c.board else None
    if c.next_meeting and board:
        meets = f"{board} next meets {date_text(c.next_meeting)}"
    elif board:
        meets = f"{board} has no meeting scheduled"
    else:
        meets = "No board is accountable for it"
    updated = f"last updated {date_text(c.last_update)}" if c.last_update else "no update yet"
    due = "Update due. " if c.update_due else ""
    return HomeItem(
        PageLink(
            f"{c.reference}: {c.text}",
            reverse("commitments:commitment-detail", args=[c.reference]),
        ),
        note=f"{due}{meets}; {updated}.",
    )


def _commitments_section(facts: home.PersonFacts, day: Any) -> HomeSection:
    led = home.commitments_led(facts, day)
    return HomeSection(
        "commitments",
        "Your organisation's commitments",
        led.count,
        tuple(_commitment_item(c) for c in led.rows),
        "Your organisation leads no open commitments.",
        PageLink("All commitments", reverse("commitments:commitment-list")),
        intro=(
            f"{led.due} of them want{'s' if led.due == 1 else ''} a progress update before "
            "the board next meets: none has been given since it last met, or none at all."
            if led.count
            else ""
        ),
    )


def decision_home_item(decision: Decision) -> HomeItem:
    """A decision on the home page: its item, linked to its meeting's public page."""
    meeting = decision.item.meeting
    board = meeting.board.short_name or meeting.board.name
    return HomeItem(
        PageLink(decision.item.title, reverse("meetings:public-meeting", args=[meeting.key])),
        note=f"{decision.get_outcome_display()}: {board}, {_meeting_text(meeting)}",
    )


def meetings_home_everyone(person: Any, day: Any) -> list[HomeSection]:
    partnership = partnership_in_view(None)
    upcoming = home.coming_up(partnership, day)
    everyone = "meetings:public-meeting"
    return [
        HomeSection(
            "coming-up",
            "Coming up",
            upcoming.count,
            tuple(
                HomeItem(
                    PageLink(
                        f"{m.board.short_name or m.board.name}, {_meeting_text(m)}",
                        reverse(everyone, args=[m.key]),
                    )
                )
                for m in upcoming.rows
            ),
            "No meetings are scheduled.",
            PageLink("All meetings", reverse("meetings:meeting-list")),
            intro="The boards' next meetings.",
        ),
    ]
