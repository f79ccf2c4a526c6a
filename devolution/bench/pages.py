"""The pages the bench requests (QUALITY P2 to P5): one entry of PAGES each, with how to find
a typical row at either size. A page added to the site is one more entry in PAGES."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Model
from django.db.models.expressions import Combinable
from django.urls import reverse
from django.utils.http import urlencode

from devolution.bench import BenchError
from devolution.commitments.models import Commitment
from devolution.meetings.models import (
    Meeting,
)
from devolution.partners.models import (
    Organisation,
    Partnership,
    Place,
)

UrlOf = Callable[[], str]


@dataclass(frozen=True)
class Page:
    """A page as the bench requests it.

    `path` gives the page showing the most rows, and `few`, where the page has rows to
    choose, the same page showing the fewest: P4 checks that both make the same number
    of queries. Both are resolved in the database in use, since a detail page needs an
    id there. A page that `scales` shows a fixed number of rows however many the database
    holds (a count, a page of a list, London's own record), so P3 times it at both sizes.
    A page that shows `every_row` of a table, unpaginated (the map, the organogram), is
    bound to take longer with more rows: P3 leaves it out, and the bench says so. A `pdf`
    (the agenda pack) takes seconds to make, and P7 times a pack: P3 leaves it out too.
    P4 counts the queries of every page.

    A page `signed_in` is for partnership staff only: P3 and P4 request it signed in as
    the bench's secretariat officer, who is shown the most (every form), and whose own
    actions are part of London's record (see `meetings_record`). P3 requests every other
    page signed out, as the public does, and P4 signed in as a superuser of no
    organisation.
    """

    name: str
    path: UrlOf
    few: UrlOf | None = None
    scales: bool = False
    every_row: bool = False
    signed_in: bool = False
    pdf: bool = False


def _named(route: str) -> UrlOf:
    return lambda: reverse(route)


def _one_row(route: str, model: type[Model]) -> UrlOf:
    """The list page filtered by the name of one row."""

    def path() -> str:
        name = model._default_manager.order_by("name").values_list("name", flat=True).first()
        if name is None:
            raise BenchError(f"there is no {model._meta.verbose_name} to list")
        return f"{reverse(route)}?{urlencode({'q': name})}"

    return path


def _detail(
    route: str, model: type[Model], related: tuple[str, ...], *, most: bool, arg: str = "pk"
) -> UrlOf:
    """The detail page of the record with the most (or the fewest) related rows to show;
    `arg` names the field its URL takes."""

    def path() -> str:
        shown: Combinable = Count(related[0], distinct=True)
        for name in related[1:]:
            shown += Count(name, distinct=True)
        records = model._default_manager.annotate(n=shown)
        record = records.order_by("-n" if most else "n", "pk").first()
        if record is None:
            raise BenchError(f"there is no {model._meta.verbose_name} to show")
        return reverse(route, args=[getattr(record, arg)])

    return path


def _keyed(route: str, key: str) -> UrlOf:
    """The page of the record with this key (London's, so there at both sizes)."""
    return lambda: reverse(route, args=[key])


def _query(route: str, **query: str) -> UrlOf:
    return lambda: f"{reverse(route)}?{urlencode(query)}"


# The arrangement checker's GET form, filled in: a CCG holding primary care commissioning
# by delegation delegates it to another CCG (double delegation: refused, with the lawful
# alternatives worked out, so the page does all its work).
DOUBLE_DELEGATION = {
    "form": "delegation",
    "function": "primary_care_commissioning",
    "party_1_type": "ccg",
    "party_1_holds": "delegated",
    "party_2_type": "ccg",
    "party_2_holds": "",
    "region": "london",
}


def _detail_page(name: str, route: str, model: type[Model], *related: str, arg: str = "pk") -> Page:
    return Page(
        name,
        _detail(route, model, related, most=True, arg=arg),
        _detail(route, model, related, most=False, arg=arg),
    )


def _fewest_commitments(route: str) -> UrlOf:
    """The list of commitments filtered to the board accountable for the fewest (one or
    more: a page of none would skip the queries of its rows)."""

    def path() -> str:
        key = (
            Commitment.objects.exclude(board=None)
            .values("board__key")
            .annotate(n=Count("pk"))
            .order_by("n", "board__key")
            .values_list("board__key", flat=True)
            .first()
        )
        if key is None:
            raise BenchError("there is no commitment with an accountable board to list")
        return f"{reverse(route)}?{urlencode({'board': key})}"

    return path


def _spb_meeting(route: str, *, most: bool, with_board: bool = False) -> UrlOf:
    """The page of the meeting of London's SPB (there at both sizes) with the most agenda
    items, or the fewest (one or more: a meeting of none would skip its items' queries)."""

    def path() -> str:
        meeting = (
            Meeting.objects.filter(board__key="spb")
            .annotate(n=Count("items"))
            .filter(n__gt=0)
            .order_by("-n" if most else "n", "date", "pk")
            .first()
        )
        if meeting is None:
            raise BenchError("London's SPB has no meeting with an agenda to show")
        return reverse(route, args=["spb", meeting.key] if with_board else [meeting.key])

    return path


def _fewest_meetings(route: str) -> UrlOf:
    """The list of meetings filtered to the board with the fewest (one or more)."""

    def path() -> str:
        key = (
            Meeting.objects.values("board__key")
            .annotate(n=Count("pk"))
            .order_by("n", "board__key")
            .values_list("board__key", flat=True)
            .first()
        )
        if key is None:
            raise BenchError("there is no meeting to list")
        return f"{reverse(route)}?{urlencode({'board': key})}"

    return path


PAGES: list[Page] = [
    Page("home", _named("partners:home"), scales=True),
    Page(
        "places",
        _named("partners:place-list"),
        _one_row("partners:place-list", Place),
        scales=True,
    ),
    Page(
        "organisations",
        _named("partners:organisation-list"),
        _one_row("partners:organisation-list", Organisation),
        scales=True,
    ),
    Page(
        "partnerships",
        _named("partners:partnership-list"),
        _one_row("partners:partnership-list", Partnership),
        scales=True,
    ),
    _detail_page(
        "a place", "partners:place-detail", Place, "children", "organisations", arg="code"
    ),
    _detail_page(
        "an organisation", "partners:organisation-detail", Organisation, "serves", "partnerships"
    ),
    _detail_page(
        "a partnership", "partners:partnership-detail", Partnership, "members", "footprint"
    ),
    # The map shows every borough and the sources page every source: the two sizes
    # already differ in the rows they show.
    Page("map", _named("partners:map"), every_row=True),
    Page("sources", _named("partners:source-list"), every_row=True),
    # Governance. The list of boards (not paginated), the organogram (a picture of every
    # board, and the same as a list), the functions page (every arrangement of every
    # function) and the progression report (every board with phases) show every row.
    # London's SPB (key "spb", there at both sizes), its gateway, the rules and the
    # checker show the same rows at both sizes over a database that grows.
    Page(
        "boards",
        _named("governance:board-list"),
        _query("governance:board-list", status="planned"),
        every_row=True,
    ),
    Page(
        "a board",
        _keyed("governance:board-detail", "spb"),
        _keyed("governance:board-detail", "leb"),
        scales=True,
    ),
    Page("organogram", _named("governance:organogram"), every_row=True),
    Page("organogram picture", _named("governance:organogram-svg"), every_row=True),
    Page("legal rules", _named("governance:rule-catalogue"), scales=True),
    Page(
        "arrangement checker",
        _query("governance:arrangement-checker", **DOUBLE_DELEGATION),
        scales=True,
    ),
    Page("functions", _named("governance:function-list"), every_row=True),
    Page(
        "gateway report",
        _keyed("governance:gateway-report", "spb"),
        _keyed("governance:gateway-report", "leb"),
        scales=True,
    ),
    Page("progression report", _named("governance:progression-report"), every_row=True),
    # Commitments: London's at both sizes (the England generator makes none). The list is
    # paginated, the dashboard and its charts count every commitment into a fixed
    # picture; the themes page and three of the reports show every commitment.
    Page(
        "commitments",
        _named("commitments:commitment-list"),
        _fewest_commitments("commitments:commitment-list"),
        scales=True,
    ),
    _detail_page(
        "a commitment",
        "commitments:commitment-detail",
        Commitment,
        "milestones",
        "updates",
        "dependencies",
        "status_history",
        "work_items",
        "supporting",
        arg="reference",
    ),
    Page("commitments dashboard", _named("commitments:commitment-dashboard"), scales=True),
    Page("status chart", _named("commitments:chart-status-svg"), scales=True),
    Page("rating chart", _named("commitments:chart-rag-svg"), scales=True),
    Page("milestones chart", _named("commitments:chart-milestones-svg"), scales=True),
    Page("themes", _named("commitments:theme-list"), every_row=True),
    Page("work programme", _keyed("commitments:work-programme", "spb"), scales=True),
    Page("MoU progress report", _named("commitments:mou-progress-report"), every_row=True),
    Page(
        "work programme report",
        _keyed("commitments:work-programme-report", "spb"),
        scales=True,
    ),
    Page(
        "commitments by owner",
        _named("commitments:commitments-by-owner-report"),
        every_row=True,
    ),
    Page(
        "commitments by board",
        _named("commitments:commitments-by-board-report"),
        every_row=True,
    ),
    # Meetings: London's SPB meetings, their agendas and the bench's record of them
    # (`meetings_record`) at both sizes, and each system's copies of them in England. The
    # central log is paginated; a meeting, its calendar and a person's actions are
    # London's own. The list of meetings is paginated too, but its filter offers every
    # board that has met, and in England every system's boards meet: it shows every row
    # of those.
    Page(
        "meetings",
        _named("meetings:meeting-list"),
        _fewest_meetings("meetings:meeting-list"),
        every_row=True,
    ),
    Page(
        "a meeting, staff",
        _spb_meeting("meetings:meeting-detail", most=True),
        _spb_meeting("meetings:meeting-detail", most=False),
        scales=True,
        signed_in=True,
    ),
    Page(
        "a meeting, public",
        _spb_meeting("meetings:public-meeting", most=True),
        _spb_meeting("meetings:public-meeting", most=False),
        scales=True,
    ),
    Page("conflicts log", _named("meetings:conflict-log"), scales=True),
    Page("my actions", _named("meetings:my-actions"), scales=True, signed_in=True),
    Page("meetings calendar", _keyed("meetings:board-calendar", "spb"), scales=True),
    Page(
        "agenda pack, page",
        _spb_meeting("meetings:public-pack-html", most=True, with_board=True),
        _spb_meeting("meetings:public-pack-html", most=False, with_board=True),
        scales=True,
    ),
    Page(
        "declarations",
        _spb_meeting("meetings:declarations", most=True),
        _spb_meeting("meetings:declarations", most=False),
        scales=True,
        signed_in=True,
    ),
    # The register's pages hold the form to declare an interest, which offers every
    # organisation and partnership to name, as the agenda item form offers every
    # organisation, partnership and place: all three show every row of those.
    Page("my interests", _named("meetings:my-interests"), every_row=True, signed_in=True),
    Page(
        "register of interests",
        _named("meetings:interest-register"),
        every_row=True,
        signed_in=True,
    ),
    Page(
        "an agenda item, new",
        _spb_meeting("meetings:item-new", most=True),
        every_row=True,
        signed_in=True,
    ),
    Page(
        "agenda pack",
        _spb_meeting("meetings:public-pack", most=True, with_board=True),
        _spb_meeting("meetings:public-pack", most=False, with_board=True),
        pdf=True,
    ),
]

# The list page of P1, P2 and P5, and what it is compared with.
TYPICAL_LIST = "partners:organisation-list"
HELLO = "health"
ADMIN_LIST = "admin:partners_organisation_changelist"
