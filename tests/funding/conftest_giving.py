"""The 360Giving tests' allocations, made directly: two grants a binding decision of the
Strategic Partnership Board's meeting of 24 May 2018 allocated, a recommendation to NHS
England that is no grant, and a bid still in draft."""

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from devolution.core.models import next_number
from devolution.funding.models import (
    Allocation,
    Bid,
    BidAmount,
    Category,
    CategoryYear,
    Fund,
    Proposal,
)
from devolution.governance.models import Board, Function
from devolution.meetings.models import AgendaItem, Decision, Meeting
from devolution.partners.models import Level, Organisation, Partnership, Place

SCHEMAS = Path("/work/shared/data/360giving")
# The package schema refers to the grant schema by its 1.4.2 address (SOURCE.md there).
GRANT_AT_142 = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/"
    "360-giving-schema.json"
)


def package_validator() -> Draft202012Validator:
    """The official package schema, its grants checked against the official grant schema
    found locally (no network: an address the registry does not hold fails), with
    format checking on, as the awardDate's oneOf needs."""
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    registry: Registry = Registry().with_resources(
        [
            (grant["$id"], DRAFT202012.create_resource(grant)),
            (GRANT_AT_142, DRAFT202012.create_resource(grant)),
            (package["$id"], DRAFT202012.create_resource(package)),
        ]
    )
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())


def problems(package: dict) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in package_validator().iter_errors(package)
    ]


def _decision(meeting: Meeting, key: str, *, binding: bool) -> Decision:
    item = AgendaItem.objects.create(
        meeting=meeting,
        key=key,
        title=f"Transformation funding: {key}",
        purpose="decide",
        function=Function.objects.get(key="transformation_funding"),
    )
    return Decision.objects.create(
        item=item,
        outcome="agreed",
        binding=binding,
        recommendation_to="" if binding else "NHS England",
    )


def _bid(ref: str, title: str, summary: str, org: str, places: list[str], state: str) -> Bid:
    fund = Fund.objects.get(key="london-transformation-funding")
    proposal = Proposal.objects.create(
        partnership=Partnership.objects.get(is_default=True),
        ref=ref,
        kind="bid",
        title=title,
        summary=summary,
        organisation=Organisation.objects.get(key=org),
    )
    proposal.places.set(Place.objects.filter(code__in=places))
    return Bid.objects.create(
        proposal=proposal,
        fund=fund,
        category=Category.objects.get(fund=fund, key="unallocated"),
        level=Level.objects.get(key="borough"),
        state=state,
    )


def _year(year: str) -> CategoryYear:
    category = Category.objects.get(fund__key="london-transformation-funding", key="unallocated")
    found, _ = CategoryYear.objects.get_or_create(category=category, year=year)
    return found


@pytest.fixture(name="grants_made")
def grants_made_fixture(db) -> dict[str, Bid]:
    meeting = Meeting.objects.create(
        key="spb-giving",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 5, 24),
        status="agenda_published",
    )
    made = {
        "ccg": _bid(
            "nel-frailty",
            "Frailty care at home in City and Hackney",
            "To keep older people well at home, with a team of community nurses.",
            "ccg-city-and-hackney",
            ["QMF", "E09000012"],
            Bid.State.ALLOCATED,
        ),
        "council": _bid(
            "hackney-and-city-housing",
            "Housing support for people leaving hospital",
            "",
            "la-hackney",
            ["hackney-and-city"],
            Bid.State.ALLOCATED,
        ),
        "recommended": _bid(
            "camden-recommended",
            "Camden recommended scheme",
            "Recommended to NHS England only.",
            "ccg-camden",
            ["E09000007"],
            Bid.State.RECOMMENDED,
        ),
        "draft": _bid(
            "secret-draft",
            "A secret draft bid",
            "Not for publication.",
            "ccg-islington",
            ["E09000019"],
            Bid.State.DRAFT,
        ),
    }
    binding = _decision(meeting, "binding", binding=True)
    shadow = _decision(meeting, "shadow", binding=False)
    for key, years in (
        ("ccg", {"2018-19": 120_000, "2019-20": 80_000}),
        ("council", {"2018-19": 50_000}),
    ):
        for year, amount in years.items():
            BidAmount.objects.create(bid=made[key], year=year, amount=amount)
            Allocation.objects.create(
                bid=made[key],
                number=next_number(Allocation.objects.filter(bid=made[key])),
                category_year=_year(year),
                amount=amount,
                status=Allocation.Status.ALLOCATED,
                decision=binding,
                made_on=meeting.date,
            )
    BidAmount.objects.create(bid=made["recommended"], year="2018-19", amount=70_000)
    Allocation.objects.create(
        bid=made["recommended"],
        number=1,
        category_year=_year("2018-19"),
        amount=70_000,
        status=Allocation.Status.RECOMMENDED,
        recommended_to="NHS England",
        decision=shadow,
        made_on=meeting.date,
    )
    return made
