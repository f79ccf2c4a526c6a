"""Money made up for the bench: London's data set holds funds, the assurances and the
partners' contributions but no bid, score, framework, allocation or spend (the seeds give
none), so without these the funding pages would show nothing to measure.

At London's size: an amount for each category of the transformation fund's 2018/19,
an agreed investment framework of the SPB with four criteria, BIDS bids in every state
(each with its amounts, measures, assessments on every assurance and history), scores by
two assessors, service changes assessed on the assurances, and the allocations and
recommendations of a synthetic SPB meeting's decisions with their spend. England adds
ENGLAND_BIDS more bids (funding_grow), so that the lists grow tenfold while a page of
them does not. Bulk-made and not audited, like the rest of the bench's data.
"""

import datetime as dt
from decimal import Decimal
from io import BytesIO
from itertools import cycle

from django.core.files.base import ContentFile
from django.db import transaction
from pypdf import PdfWriter

from devolution.core.models import User
from devolution.funding.models import (
    Allocation,
    Assessment,
    Assurance,
    Bid,
    BidAmount,
    BidDocument,
    BidEvent,
    Category,
    CategoryYear,
    Criterion,
    Framework,
    Fund,
    FundYear,
    Measure,
    MeasureReport,
    Proposal,
    Score,
    SpendReport,
)
from devolution.governance.models import Board, Function
from devolution.meetings.models import AgendaItem, Decision, Meeting
from devolution.partners.models import Level, Membership, Organisation, Partnership, Place, Role

from .england_meetings import BENCH_SECRETARIAT

BIDS = 60  # more than a page of a list (50 rows)
ENGLAND_BIDS = 600
SERVICE_CHANGES = 12
YEAR = "2018-19"
DECIDED_ON = dt.date(2018, 6, 14)
STATES = tuple(Bid.State.values)
RATINGS = ("met", "partly_met", "not_met")
ASSESSORS = 2
# The key of the synthetic meeting at which the SPB decides the bench's bids.
FUNDING_MEETING = "bench-funding-"


def _fund() -> Fund:
    return Fund.objects.get(partnership__is_default=True, kind=Fund.Kind.ALLOCATED)


def _assessors() -> list[User]:
    organisation = Organisation.objects.get(key="nhs-england-london")
    people = [
        User.objects.create_user(
            f"bench-assessor-{n}@devolution.invalid", None, full_name=f"Synthetic assessor {n}"
        )
        for n in range(1, ASSESSORS + 1)
    ]
    Membership.objects.bulk_create(
        Membership(person=p, organisation=organisation, role=Role.ASSESSOR) for p in people
    )
    return people


def _framework(board: Board, officer: User) -> list[Criterion]:
    framework = Framework.objects.create(
        board=board,
        version=1,
        title="Investment framework (synthetic, made up by the bench)",
        status=Framework.Status.AGREED,
        agreed_on=dt.date(2018, 5, 24),
        created_by=officer,
    )
    Framework.objects.create(
        board=board, version=2, title="Investment framework, revised (synthetic draft)"
    )
    return Criterion.objects.bulk_create(
        Criterion(framework=framework, key=key, order=n, text=text, weight=weight)
        for n, (key, text, weight) in enumerate(
            (
                ("outcomes", "Synthetic: improves outcomes for Londoners", 4),
                ("scale", "Synthetic: can be spread across London", 3),
                ("value", "Synthetic: value for money", 2),
                ("readiness", "Synthetic: ready to start", 1),
            )
        )
    )


def _bids(start: int, count: int, officer: User) -> list[Bid]:
    """`count` bids numbered from `start`, cycling through the states, the CCGs and the
    STPs, each with its amount for the year, two measures, an assessment on every
    assurance and the history of its states."""
    fund = _fund()
    partnership = Partnership.objects.get(is_default=True)
    categories = cycle(Category.objects.filter(fund=fund, open_to_bids=True).order_by("order"))
    applicants = cycle(Organisation.objects.filter(type="ccg").order_by("key"))
    stps = cycle(Place.objects.filter(level__key="stp").order_by("code"))
    level = Level.objects.get(key="stp")
    proposals = Proposal.objects.bulk_create(
        Proposal(
            partnership=partnership,
            ref=f"B-BENCH-{n:04d}",
            kind=Proposal.Kind.BID,
            title=f"Synthetic bid {n} for transformation funding",
            summary=f"A bid made up by the bench ({n}).",
            organisation=next(applicants),
            created_by=officer,
        )
        for n in range(start, start + count)
    )
    Proposal.places.through.objects.bulk_create(
        Proposal.places.through(proposal_id=p.pk, place_id=next(stps).pk) for p in proposals
    )
    bids = Bid.objects.bulk_create(
        Bid(
            proposal=p,
            fund=fund,
            category=next(categories),
            level=level,
            outcomes="Synthetic outcomes",
            state=STATES[n % len(STATES)],
        )
        for n, p in enumerate(proposals)
    )
    BidAmount.objects.bulk_create(
        BidAmount(bid=b, year=YEAR, amount=100_000 + 10_000 * (n % 50)) for n, b in enumerate(bids)
    )
    Measure.objects.bulk_create(
        Measure(
            bid=b,
            number=m,
            name=f"Synthetic measure {m}",
            unit="people",
            baseline=Decimal(100),
            target=Decimal(150),
        )
        for b in bids
        for m in (1, 2)
    )
    assurances = list(Assurance.objects.filter(partnership=partnership))
    Assessment.objects.bulk_create(
        Assessment(
            proposal=b.proposal,
            assurance=a,
            evidence="Synthetic evidence",
            judged=RATINGS[(n + m) % 3],
            rating=RATINGS[(n + m) % 3],
            reason="Synthetic reason",
            assessed_by=officer,
        )
        for n, b in enumerate(bids)
        for m, a in enumerate(assurances)
    )
    BidEvent.objects.bulk_create(
        BidEvent(bid=b, from_state=before, to_state=after, by=officer)
        for b in bids
        for before, after in (("", "draft"), ("draft", b.state))
        if b.state != "draft" or not before
    )
    return bids


def _scores(bids: list[Bid], criteria: list[Criterion], assessors: list[User]) -> None:
    Score.objects.bulk_create(
        Score(bid=b, criterion=c, assessor=a, score=(b.pk + c.pk + n) % 6, comment="Synthetic")
        for b in bids
        if b.state not in ("draft", "submitted", "withdrawn")
        for c in criteria
        for n, a in enumerate(assessors)
    )


def _decided(bids: list[Bid], board: Board) -> None:
    """The bids a board has decided on: each at an item of one synthetic meeting, with the
    decision, its allocation or recommendation, and spend and readings for allocations."""
    decided = [b for b in bids if b.state in ("recommended", "allocated", "declined")]
    meeting = Meeting.objects.create(
        key=f"{FUNDING_MEETING}{board.key}",
        board=board,
        date=DECIDED_ON,
        status=Meeting.Status.HELD,
        note="Synthetic: the bench's funding decisions",
    )
    function = Function.objects.get(key="transformation_funding")
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=n,
            key=f"bid-{b.pk}",
            title=b.proposal.title,
            purpose="decide",
            function=function,
        )
        for n, b in enumerate(decided, start=1)
    )
    for b, item in zip(decided, items, strict=True):
        b.proposal.item = item
    Proposal.objects.bulk_update([b.proposal for b in decided], ["item"])
    decisions = Decision.objects.bulk_create(
        Decision(
            item=item,
            kind="allocate_funding",
            outcome="not_agreed" if b.state == "declined" else "agreed",
            binding=b.state == "allocated",
            recommendation_to="" if b.state == "allocated" else "NHS England",
        )
        for b, item in zip(decided, items, strict=True)
    )
    years = {cy.category_id: cy for cy in CategoryYear.objects.filter(year=YEAR)}
    amounts = {a.bid_id: a.amount for a in BidAmount.objects.filter(bid__in=decided)}
    allocations = Allocation.objects.bulk_create(
        Allocation(
            bid=b,
            number=1,  # each bid's one allocation
            category_year=years[b.category_id],
            amount=amounts[b.pk],
            status=b.state,
            recommended_to="NHS England" if b.state == "recommended" else "",
            decision=d,
            made_on=DECIDED_ON,
        )
        for b, d in zip(decided, decisions, strict=True)
        if b.state != "declined"
    )
    officer = User.objects.get(email=BENCH_SECRETARIAT)
    allocated = [a for a in allocations if a.status == "allocated"]
    _document(allocated[0].bid, officer)
    SpendReport.objects.bulk_create(
        SpendReport(
            allocation=a,
            reported_on=DECIDED_ON + dt.timedelta(days=30 * month),
            spent_to_date=a.amount * month // 4,
            note="Synthetic spend",
            reported_by=officer,
        )
        for a in allocated
        for month in (1, 2, 3)
    )
    MeasureReport.objects.bulk_create(
        MeasureReport(
            measure=m,
            reported_on=DECIDED_ON + dt.timedelta(days=90),
            value=Decimal(120),
            reported_by=officer,
        )
        for m in Measure.objects.filter(bid__in=[a.bid_id for a in allocated])
    )
    for cy in CategoryYear.objects.filter(year=YEAR):
        taken = sum(a.amount for a in allocated if a.category_year_id == cy.pk)
        CategoryYear.objects.filter(pk=cy.pk).update(allocated=cy.allocated + taken)
        FundYear.objects.filter(fund_id=_fund().pk, year=YEAR).update(
            allocated=FundYear.objects.get(fund_id=_fund().pk, year=YEAR).allocated + taken
        )


def _document(bid: Bid, officer: User) -> None:
    """A one-page PDF with the first allocated bid, so its page lists a document and the
    document's download is measured."""
    pdf = BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(pdf)
    document = BidDocument(
        bid=bid,
        title="Business case (synthetic)",
        file_type="pdf",
        file_size=len(pdf.getvalue()),
        original_name="business-case.pdf",
        uploaded_by=officer,
    )
    document.file.save("bench-business-case.pdf", ContentFile(pdf.getvalue()), save=True)


def funding_record() -> None:
    """London's synthetic money, before England is generated (so both sizes hold it)."""
    with transaction.atomic():
        fund = _fund()
        # The category amounts seed 002 does not give, made up so that allocations fit.
        CategoryYear.objects.filter(category__fund=fund, year=YEAR).update(amount=38_000_000)
        officer = User.objects.get(email=BENCH_SECRETARIAT)
        board = Board.objects.get(key="spb")
        criteria = _framework(board, officer)
        bids = _bids(1, BIDS, officer)
        _scores(bids, criteria, _assessors())
        _decided(bids, board)
        partnership = Partnership.objects.get(is_default=True)
        changes = Proposal.objects.bulk_create(
            Proposal(
                partnership=partnership,
                ref=f"P-BENCH-{n:03d}",
                kind=Proposal.Kind.SERVICE_CHANGE,
                title=f"Synthetic service change {n}",
                summary="A service change made up by the bench.",
                beds_change=-10 * n,
                independent_review=n % 2 == 0,
                created_by=officer,
            )
            for n in range(1, SERVICE_CHANGES + 1)
        )
        Assessment.objects.bulk_create(
            Assessment(
                proposal=p,
                assurance=a,
                evidence="Synthetic evidence",
                judged="met",
                rating="not_met" if a.bed_rule and not p.independent_review else "met",
                reason="Synthetic reason",
                assessed_by=officer,
            )
            for p in changes
            for a in Assurance.objects.filter(partnership=partnership)
        )


def funding_grow() -> None:
    """England's tenfold bids, undecided, under London's fund."""
    with transaction.atomic():
        officer = User.objects.get(email=BENCH_SECRETARIAT)
        criteria = list(
            Criterion.objects.filter(framework__status="agreed", framework__board__key="spb")
        )
        bids = _bids(BIDS + 1, ENGLAND_BIDS, officer)
        for b in bids:
            if b.state in ("recommended", "allocated", "declined"):
                b.state = "assessed"
        Bid.objects.bulk_update(bids, ["state"])
        _scores(bids, criteria, list(User.objects.filter(email__startswith="bench-assessor-")))
