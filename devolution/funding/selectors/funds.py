"""Funds and their running position, read once for the pages, the reports and the API
(SPEC §10)."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce

from devolution.core.errors import NotFound
from devolution.core.models import Source
from devolution.core.reports import Cell, Report, Section, Table, sources_of
from devolution.core.source_tables import source_name

from ..models import Allocation, Category, CategoryYear, Fund, FundYear, SpendReport
from ..rules.allocations import pounds
from ..rules.funds import Position, sum_known

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from devolution.partners.models import Partnership


@dataclass
class YearPosition:
    year: str
    position: Position
    amount_note: str = ""
    restrictions: str = ""
    source: Source | None = None
    quote: str = ""
    category_year_id: int | None = None


@dataclass
class CategoryPosition:
    category: Category
    years: list[YearPosition] = field(default_factory=list)

    @property
    def amount(self) -> int | None:
        """The category's amount over its years: the sum of its years' amounts, unknown
        if any year's is."""
        return sum_known([y.position.amount for y in self.years])


@dataclass
class FundPosition:
    fund: Fund
    categories: list[CategoryPosition]
    # The fund's own years: its amount for the year and the position of all its
    # categories together.
    years: list[YearPosition]


def with_sums(years: "QuerySet[CategoryYear]") -> "QuerySet[CategoryYear]":
    """Category years with what their position needs beyond their own columns, summed in
    the database: `recommended`, the allocations still recommended, and `spent`, each
    allocation's latest report of spend to date (0 where none is reported)."""
    recommended = (
        Allocation.objects.filter(
            category_year=OuterRef("pk"), status=Allocation.Status.RECOMMENDED
        )
        .values("category_year")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    latest = SpendReport.objects.filter(allocation=OuterRef("pk")).order_by("-reported_on", "-pk")
    spent = (
        Allocation.objects.filter(category_year=OuterRef("pk"))
        .annotate(latest=Subquery(latest.values("spent_to_date")[:1]))
        .values("category_year")
        .annotate(total=Sum("latest"))
        .values("total")
    )
    return years.annotate(
        recommended=Coalesce(Subquery(recommended), 0), spent=Coalesce(Subquery(spent), 0)
    )


def _category_years() -> "QuerySet[CategoryYear]":
    return with_sums(CategoryYear.objects.select_related("source"))


def funds_of(partnership: "Partnership | None") -> "QuerySet[Fund]":
    """The partnership's funds (every fund with none), with their years, categories
    and the categories' years with their sums."""
    funds = Fund.objects.select_related("source", "owner", "board").prefetch_related(
        Prefetch("years", queryset=FundYear.objects.select_related("source")),
        Prefetch(
            "categories",
            queryset=Category.objects.prefetch_related(
                Prefetch("years", queryset=_category_years())
            ),
        ),
    )
    if partnership is not None:
        funds = funds.filter(partnership=partnership)
    return funds


def category_years_shown(partnership: "Partnership | None") -> "QuerySet[CategoryYear]":
    """The category years the funds page shows a position for, with their sums (the
    bench's P2 rows)."""
    return with_sums(
        CategoryYear.objects.filter(
            category__fund__partnership=partnership, category__fund__kind=Fund.Kind.ALLOCATED
        )
        .select_related("category__fund", "source")
        .order_by("category__fund__order", "category__order", "year")
    )


def fund_list(partnership: "Partnership | None" = None) -> "list[Fund]":
    """The partnership's funds (every fund with none), those it allocates first, then
    those recorded as context, each with its years and categories and their years."""
    return sorted(funds_of(partnership), key=lambda f: (f.kind != Fund.Kind.ALLOCATED, f.order))


def fund_get(key: str) -> Fund:
    found = _funds_by_key(key)
    if not found:
        raise NotFound(f"No fund has the key '{key}'.")
    return found[0]


def _funds_by_key(key: str) -> "list[Fund]":
    return list(
        Fund.objects.filter(key=key)
        .select_related("source", "owner", "partnership")
        .prefetch_related(
            Prefetch("years", queryset=FundYear.objects.select_related("source")),
            Prefetch(
                "categories",
                queryset=Category.objects.select_related("source").prefetch_related(
                    Prefetch("years", queryset=_category_years())
                ),
            ),
        )
    )


def fund_choices(partnership: "Partnership | None") -> list[tuple[str, str]]:
    """(key, name) of the funds a position can be shown of: those the partnership
    allocates, the first its default."""
    funds = Fund.objects.filter(kind=Fund.Kind.ALLOCATED)
    if partnership is not None:
        funds = funds.filter(partnership=partnership)
    return list(funds.order_by("order", "name").values_list("key", "name"))


def fund_position(fund: Fund) -> FundPosition:
    """Each category's position in each of its years (available, recommended,
    allocated, spent to date, left), and the fund's own for each year. Reads the fund's
    prefetched categories and years (funds_of, fund_get): no query of its own."""
    categories = []
    by_year: dict[str, list[Position]] = {}
    for category in fund.categories.all():
        cp = CategoryPosition(category)
        for cy in category.years.all():
            position = Position(
                amount=cy.amount,
                recommended=cy.recommended,  # type: ignore[attr-defined]  # with_sums
                allocated=cy.allocated,
                spent=cy.spent,  # type: ignore[attr-defined]
            )
            by_year.setdefault(cy.year, []).append(position)
            cp.years.append(
                YearPosition(
                    cy.year,
                    position,
                    amount_note=cy.amount_note,
                    restrictions=cy.restrictions,
                    source=cy.source,
                    quote=cy.quote,
                    category_year_id=cy.pk,
                )
            )
        categories.append(cp)
    years = []
    for fy in fund.years.all():
        parts = by_year.get(fy.year, [])
        years.append(
            YearPosition(
                fy.year,
                Position(
                    amount=fy.amount,
                    recommended=sum(p.recommended for p in parts),
                    allocated=fy.allocated,
                    spent=sum(p.spent for p in parts),
                ),
                amount_note=fy.amount_note,
                source=fy.source,
                quote=fy.quote,
            )
        )
    return FundPosition(fund, categories, years)


def category_year_get(fund_key: str, category_key: str, year: str) -> CategoryYear:
    found = (
        CategoryYear.objects.select_related("category__fund", "source")
        .filter(category__fund__key=fund_key, category__key=category_key, year=year)
        .first()
    )
    if found is None:
        raise NotFound(f"The fund has no category '{category_key}' in {year}.")
    return found


def cited_sources() -> list[tuple[int, str]]:
    """The sources an amount can be cited to: the papers, registers and publications."""
    return list(
        Source.objects.exclude(kind=Source.Kind.ENTERED)
        .order_by("title")
        .values_list("pk", "title")
    )


# ------------------------------------------------------------------ the report

POSITION_COLUMNS = (
    "Category",
    "Restrictions",
    "Available",
    "Recommended",
    "Allocated",
    "Spent to date",
    "Left",
)


def _figures(p: Position) -> tuple[str, str, str, str, str]:
    return (
        pounds(p.amount),
        pounds(p.recommended),
        pounds(p.allocated),
        pounds(p.spent),
        pounds(p.left),
    )


def fund_position_report(fund: Fund) -> Report:
    """A fund's position by category, year by year: what each category has (unknown
    where no source gives it), what board decisions have recommended and allocated from
    it, what the recipients report spent, and what is left; then the fund's own year."""
    position = fund_position(fund)
    sections = []
    years = sorted(
        {y.year for c in position.categories for y in c.years} | {y.year for y in position.years}
    )
    fund_years = {y.year: y for y in position.years}
    for year in years:
        rows: list[tuple[Cell, ...]] = []
        for cp in position.categories:
            for y in cp.years:
                if y.year == year:
                    rows.append(
                        (
                            cp.category.name,
                            y.restrictions or cp.category.restrictions,
                            *_figures(y.position),
                        )
                    )
        whole = fund_years.get(year)
        if whole is not None:
            rows.append(("The whole fund", "", *_figures(whole.position)))
        if whole is None:
            said = f"The fund's amount for {year} is unknown."
        else:
            cited = f" ({source_name(whole.source)})" if whole.source else ""
            said = f"The fund has {pounds(whole.position.amount)} in {year}{cited}."
        sections.append(
            Section(
                heading=f"Financial year {year}",
                intro=(
                    f"{said} A category's amount is unknown until a source gives it. "
                    "Recommended: what a board in shadow decision-making has recommended to "
                    "the body that holds the power; it is not allocated. Left: available "
                    "less allocated."
                ),
                tables=(
                    Table(
                        caption=f"{fund.name}: position by category, {year}",
                        sheet="Position",
                        columns=POSITION_COLUMNS,
                        widths=(30, 50, 16, 16, 16, 16, 16),
                        rows=tuple(rows),
                        print_widths=(16, 30, 11, 11, 11, 11, 11),
                    ),
                ),
            )
        )
    ids = [fund.source_id] + [
        y.source.pk for c in position.categories for y in c.years if y.source is not None
    ]
    ids += [y.source.pk for y in position.years if y.source is not None]
    wanted = {i for i in ids if i is not None}
    whole_amount = pounds(fund.amount) + (f" ({fund.amount_note})" if fund.amount_note else "")
    return Report(
        slug=f"fund-position-{fund.key}",
        title=f"Fund position by category: {fund.name}",
        intro=(
            f"{fund.name} by category and financial year: what each category has, what "
            "board decisions have recommended and allocated from it, what the recipients "
            "report spent to date, and what is left to allocate."
        ),
        sections=tuple(sections),
        sources=sources_of(wanted, Source.objects.filter(pk__in=wanted)),
        section_label="Financial year",
        label_sections=True,
        facts=(
            ("Fund", fund.name),
            ("Held by", fund.owner.name if fund.owner else "unknown"),
            ("Over all its years", whole_amount),
            ("Categories", str(len(position.categories))),
        ),
    )
