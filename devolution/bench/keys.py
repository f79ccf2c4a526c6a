"""The keys the bench fills each route's parameters with (devolution.bench.routes).

Each is a record of London's, found in the database in use, and so there at both sizes:
England is London's data set loaded first, in the same order, then 42 partnerships
generated after it (devolution.bench.england), so London's records keep their keys and
ids. The bench finds every path at both sizes and refuses a route whose two paths differ.
Where a choice is made it is the record that shows the most: the commitment with the most
milestones and updates, the SPB meeting with the most agenda items.

KEYS is looked up by "route parameter", then "namespace: parameter", then "parameter"
(see `route_path`). A route with a parameter found in none of them fails the bench.
"""

from functools import cache
from typing import TypeVar

from django.db.models import Count

from devolution.bench import BenchError
from devolution.bench.england_funding import FUNDING_MEETING
from devolution.bench.england_meetings import BENCH_SECRETARIAT, SECRETARIAT_ORGANISATION
from devolution.bench.england_workforce import organisation_key as workforce_organisation_key
from devolution.bench.routes import Filler
from devolution.capital.models import BusinessCase, Disposal
from devolution.commitments.models import Commitment, WorkItem
from devolution.core.models import Parameter
from devolution.estates.models import Site
from devolution.funding.models import (
    Allocation,
    Bid,
    BidDocument,
    CategoryYear,
    Contribution,
    Fund,
    Proposal,
)
from devolution.governance.models import Arrangement, Board
from devolution.meetings.models import (
    Action,
    AgendaItem,
    ConflictFlag,
    Interest,
    Meeting,
    Paper,
)
from devolution.partners.models import Organisation, Partnership
from devolution.regulation.models import Return

# The board whose pages the bench requests: London's strategic partnership board.
BOARD = "spb"
# The fund whose pages the bench requests: London's transformation funding.
FUND = "london-transformation-funding"


T = TypeVar("T")
# The organisation whose reporting calendar the bench requests: a trust, which submits
# the most returns (London's, so there at both sizes).
CALENDAR_ORGANISATION = "trust-barts-health"


def _found(record: T | None, what: str) -> T:
    if record is None:
        raise BenchError(f"the bench's data has no {what}")
    return record


# A calendar feed's token, the same at both sizes: the bench officer's feed.
CALENDAR_TOKEN = "bench-calendar-feed"  # noqa: S105 (a test feed's address, no secret)


def calendar_token() -> str:
    """The bench officer's calendar feed (made here if missing); with no officer (London's
    test data), a token naming nothing."""
    from devolution.core.models import User
    from devolution.notifications.models import CalendarToken

    officer = User.objects.filter(email=BENCH_SECRETARIAT).first()
    if officer is None:
        return "bench-nothing"
    CalendarToken.objects.get_or_create(token=CALENDAR_TOKEN, defaults={"person": officer})
    return CALENDAR_TOKEN


@cache
def unsubscribe_token() -> str:
    """An e-mail's unsubscribe link for the bench officer, signed once a run, so that its
    path is the same at both sizes (the page only asks; it changes nothing on GET)."""
    from devolution.core.models import User
    from devolution.notifications.services import unsubscribe_token as signed

    officer = User.objects.filter(email=BENCH_SECRETARIAT).first()
    return signed(officer or User(pk=0), ["agenda_published"])


def return_key() -> str:
    """A return of the demo register, which both sizes hold (England's synthetic returns
    sort before it by key); any return where there is no demo register."""
    return str(
        _found(
            Return.objects.order_by("-is_demo", "key").values_list("key", flat=True).first(),
            "return",
        )
    )


def board_key() -> str:
    return str(
        _found(
            Board.objects.filter(key=BOARD).values_list("key", flat=True).first(),
            f"board {BOARD!r}",
        )
    )


def meeting() -> Meeting:
    """The SPB meeting with the most agenda items (the England copies are other boards'),
    other than the one the bench's funding decisions are made at."""
    found = (
        Meeting.objects.filter(board__key=BOARD)
        .exclude(key__startswith=FUNDING_MEETING)
        .annotate(n=Count("items"))
        .filter(n__gt=0)
        .order_by("-n", "date", "pk")
        .first()
    )
    return _found(found, f"meeting of {BOARD!r} with an agenda")


def meeting_key() -> str:
    return meeting().key


def item() -> AgendaItem:
    found: AgendaItem | None = (
        AgendaItem.objects.filter(meeting=meeting())
        .annotate(n=Count("flags"))
        .order_by("-n", "order", "pk")
        .first()
    )
    return _found(found, "agenda item of the SPB's meeting")


def flag_id() -> str:
    found = ConflictFlag.objects.filter(item=item()).order_by("pk").first()
    return str(_found(found, "conflict flag on the SPB meeting's item").pk)


def action_id() -> str:
    found = Action.objects.filter(owner__email=BENCH_SECRETARIAT).order_by("pk").first()
    return str(_found(found, "action of the bench's secretariat officer").pk)


def interest_id() -> str:
    found = Interest.objects.order_by("pk").first()
    return str(_found(found, "interest in the register").pk)


def paper_id() -> str:
    """A paper with its file: the bench uploads one to the SPB meeting (see run.py)."""
    found = (
        Paper.objects.filter(item__meeting__board__key=BOARD)
        .exclude(file="")
        .order_by("pk")
        .first()
    )
    return str(_found(found, "paper with a file at an SPB meeting").pk)


def minutes_meeting_key() -> str:
    found = (
        Meeting.objects.filter(board__key=BOARD, minutes__status="approved")
        .order_by("date", "pk")
        .first()
    )
    return _found(found, "SPB meeting with approved minutes").key


def commitment() -> Commitment:
    """The default partnership's commitment with the most milestones and updates."""
    found = (
        Commitment.objects.filter(partnership__is_default=True)
        .annotate(n=Count("milestones", distinct=True) + Count("updates", distinct=True))
        .order_by("-n", "reference")
        .first()
    )
    return _found(found, "commitment of the default partnership")


def work_item_reference() -> str:
    found = WorkItem.objects.order_by("pk").first()
    return _found(found, "work item").reference


def place_code() -> str:
    """The place the SPB's footprint covers: a region, with its boroughs below it."""
    board = _found(Board.objects.select_related("footprint").filter(key=BOARD).first(), BOARD)
    return _found(board.footprint, f"footprint of {BOARD!r}").code


def organisation() -> Organisation:
    """The organisation of the bench's secretariat officer."""
    found = Organisation.objects.filter(key=SECRETARIAT_ORGANISATION).first()
    return _found(found, f"organisation {SECRETARIAT_ORGANISATION!r}")


def partnership() -> Partnership:
    found = Partnership.objects.filter(is_default=True).first()
    return _found(found, "default partnership")


def arrangement_key() -> str:
    """The first arrangement made: London's, loaded before England's."""
    found = Arrangement.objects.order_by("pk").first()
    return _found(found, "arrangement").key


def fund_key() -> str:
    """A fund with a fair-share guide (London's transformation funding)."""
    return _found(
        Fund.objects.filter(fair_shares__isnull=False)
        .order_by("order", "key")
        .values_list("key", flat=True)
        .first(),
        "a fund with a fair-share guide",
    )


def parameter_key() -> str:
    found = Parameter.objects.annotate(n=Count("values")).order_by("-n", "key").first()
    return _found(found, "parameter").key


def bid() -> Bid:
    """The bid whose page shows the most: decided and allocated, with its scores, its
    allocation, spend and readings (the bench's synthetic money, england_funding)."""
    found = (
        Bid.objects.filter(state="allocated", documents__isnull=False)
        .order_by("proposal__ref")
        .first()
    )
    return _found(found, "allocated bid with a document (the bench's funding record)")


def bid_document_id() -> str:
    found = BidDocument.objects.filter(bid=bid()).order_by("pk").first()
    return str(_found(found, "document of the bench's bid").pk)


def proposal_ref() -> str:
    """A service change assessed on the assurances, with a reduction in beds."""
    found = Proposal.objects.filter(kind="service_change").order_by("ref").first()
    return _found(found, "service change (the bench's funding record)").ref


def allocation() -> Allocation:
    found = (
        Allocation.objects.filter(bid=bid(), status="allocated").order_by("made_on", "pk").first()
    )
    return _found(found, "allocation of the bench's bid")


def category_year() -> CategoryYear:
    """London's transformation funding's first category year (the funds' pages, issue 13)."""
    found = (
        CategoryYear.objects.filter(category__fund__key=FUND)
        .select_related("category__fund")
        .order_by("category__order", "year", "pk")
        .first()
    )
    return _found(found, f"category year of fund {FUND!r}")


def contribution() -> Contribution:
    found = Contribution.objects.order_by("year__year", "order", "pk").first()
    return _found(found, "partner contribution")


def site_ref() -> str:
    """The first site of the default partnership's register (the bench's estate)."""
    found = Site.objects.filter(partnership__is_default=True).order_by("name", "ref").first()
    return _found(found, "site (the bench's estate, england_estates)").ref


def case_ref() -> str:
    """A capital business case of the default partnership that everyone reads, an
    approved one (england_estates makes one), else one past its draft, which staff read
    (the demo accounts' invented cases)."""
    cases = BusinessCase.objects.filter(partnership__is_default=True).order_by("ref")
    found = (
        cases.filter(state=BusinessCase.State.APPROVED).first()
        or cases.exclude(state=BusinessCase.State.DRAFT).first()
    )
    return _found(found, "capital business case (the bench's estate, england_estates)").ref


def disposal_ref() -> str:
    """A completed disposal of the default partnership's sites, which everyone reads
    (capital.demo's)."""
    found = (
        Disposal.objects.filter(site__partnership__is_default=True, completed__isnull=False)
        .order_by("ref")
        .first()
    )
    return _found(found, "disposal (the bench's estate, england_estates)").ref


KEYS: dict[str, Filler] = {
    # Pages. A board, by its key; a meeting in the meetings pages.
    "governance: key": board_key,
    "commitments: key": board_key,
    "meetings: key": meeting_key,
    "meetings:public-minutes-pdf key": minutes_meeting_key,
    "board": board_key,
    "code": place_code,
    "reference": lambda: commitment().reference,
    "parameter": parameter_key,
    "item_id": lambda: str(item().pk),
    "flag_id": flag_id,
    "action_id": action_id,
    "interest_id": interest_id,
    "paper_id": paper_id,
    "partners:organisation-detail id": lambda: str(organisation().pk),
    # An e-mailed link to set a password, of the right shape: its page says it does not work.
    "core:password-reset-confirm uidb64": lambda: "MQ",
    "core:password-reset-confirm token": lambda: "not-a-reset-token",
    "partners:organisation-edit id": lambda: str(organisation().pk),
    "partners:partnership-detail id": lambda: str(partnership().pk),
    "commitments:work-item-settle reference": work_item_reference,
    "funding: ref": lambda: bid().proposal.ref,
    "funding:proposal-detail ref": proposal_ref,
    "funding:proposal-edit ref": proposal_ref,
    "funding:assurance-report ref": proposal_ref,
    "funding:assurance-report-pdf ref": proposal_ref,
    "funding:assurance-report-xlsx ref": proposal_ref,
    "funding: document_id": bid_document_id,
    "funding: number": lambda: str(allocation().number),
    "funding:fund-fair-share key": fund_key,
    # API operations, by key.
    "api:organisation_get key": lambda: organisation().key,
    "api:partnership_get key": lambda: partnership().key,
    "api:board_get key": board_key,
    "funding: key": lambda: category_year().category.fund.key,
    "funding: category": lambda: category_year().category.key,
    "funding: year": lambda: category_year().year,
    "funding: year_id": lambda: str(contribution().year_id),
    "funding: contribution_id": lambda: str(contribution().pk),
    "api:fund_get key": lambda: category_year().category.fund.key,
    "api:work_programme_get key": board_key,
    "api:board_investment_framework key": board_key,
    "api:arrangement_get key": arrangement_key,
    "api:parameter_get key": parameter_key,
    "api:meeting_get key": meeting_key,
    "api:attendance_list key": meeting_key,
    "api:declaration_list key": meeting_key,
    "api:item_get key": meeting_key,
    "api:item_get item": lambda: item().key,
    "api:fund_fair_share key": fund_key,
    "api:bid_get ref": lambda: bid().proposal.ref,
    "api:bid_score_list ref": lambda: bid().proposal.ref,
    "api:proposal_get ref": proposal_ref,
    "api:allocation_get ref": lambda: bid().proposal.ref,
    "api:allocation_get number": lambda: str(allocation().number),
    "estates: ref": site_ref,
    "api:site_get ref": site_ref,
    "capital:case-detail ref": case_ref,
    "api:case_get ref": case_ref,
    "capital:disposal-detail ref": disposal_ref,
    "api:disposal_get ref": disposal_ref,
    "regulation:return-detail key": return_key,
    "api:return_get key": return_key,
    "regulation: key": lambda: CALENDAR_ORGANISATION,
    "api:calendar_get organisation": lambda: CALENDAR_ORGANISATION,
    "workforce:indicator-organisation key": workforce_organisation_key,
    "api:indicator_organisation key": workforce_organisation_key,
    "public: key": lambda: "decisions",  # an open data dataset
    "notifications:calendar-feed token": calendar_token,
    "notifications:unsubscribe token": unsubscribe_token,
}

# The checker's GET form, filled in: a CCG holding primary care commissioning by
# delegation delegates it to another CCG (double delegation: refused, with the lawful
# alternatives worked out, so the page does all its work).
QUERIES: dict[str, dict[str, str]] = {
    # Words found in many places (every board's meetings), so that ranking has work.
    "search:search": {"q": "board meetings"},
    "api:search_list": {"q": "board meetings"},
    # A trust's calendar for a financial year: the page shows its first month, April, in
    # which returns are due at both sizes (the data set's today falls late in March); the
    # API is asked for the same month, as the page shows it. The feed and documents hold
    # the whole year.
    **{
        name: {"from": "2018-04-01", "to": "2019-03-31"}
        for name in (
            "regulation:calendar",
            "regulation:calendar-ics",
            "regulation:calendar-pdf",
            "regulation:calendar-xlsx",
        )
    },
    "api:calendar_get": {"from": "2018-04-01", "to": "2019-03-31", "month": "2018-04"},
    "governance:arrangement-checker": {
        "form": "delegation",
        "function": "primary_care_commissioning",
        "party_1_type": "ccg",
        "party_1_holds": "delegated",
        "party_2_type": "ccg",
        "party_2_holds": "",
        "region": "london",
    },
}
