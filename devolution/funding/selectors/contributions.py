"""Partners' contributions, a ledger per partner and financial year, against the
programme's planned costs (SPEC §10, seed 003)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from devolution.core.errors import NotFound
from devolution.core.models import Source
from devolution.core.reports import Cell, Report, Section, Table, sources_of
from devolution.core.source_tables import source_name
from devolution.core.spreadsheets import Day
from devolution.core.versions import cached
from devolution.meetings.selectors import partnership_organisations
from devolution.partners.models import Organisation

from ..models import Contribution, ContributionYear
from ..rules.contributions import cash_total, contribution_text, shortfall, thousands

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from devolution.partners.models import Partnership

# What the paper says of the shortfall when it gives no planned costs (seed 003).
LIKELY_SHORTFALL = "there is likely to be a resource shortfall"


@dataclass
class Ledger:
    """A year's contributions: its rows, their cash summed, the total the paper states,
    the planned costs and the shortfall (None where unknown)."""

    year: ContributionYear
    rows: list[Contribution]
    total: int | None
    planned: int | None
    shortfall: int | None

    @property
    def stated_total_text(self) -> str:
        return self.year.stated_total_text


def contribution_shown(row: Contribution) -> str:
    """The contribution as the paper prints it, while the record still holds the paper's
    figures; after an edit, what the record holds."""
    return row.amount_text or contribution_text(row.amount, row.in_kind)


def contribution_years(partnership: "Partnership | None") -> list[str]:
    """The financial years the partnership has contributions recorded for, latest first,
    kept until the next write."""

    def build() -> list[str]:
        years = ContributionYear.objects.all()
        if partnership is not None:
            years = years.filter(partnership=partnership)
        return sorted(set(years.values_list("year", flat=True)), reverse=True)

    return cached(f"funding:contribution-years:{_scope(partnership)}", build)


def _scope(partnership: "Partnership | None") -> str:
    return partnership.key if partnership is not None else ""


def contribution_rows(
    partnership: "Partnership | None", year: str | None = None
) -> "QuerySet[Contribution]":
    """The rows of the partnership's contributions in the year (its latest by default),
    in the paper's order."""
    rows = Contribution.objects.select_related("year", "source")
    if partnership is not None:
        rows = rows.filter(year__partnership=partnership)
    if year is None:
        years = contribution_years(partnership)
        year = years[0] if years else ""
    return rows.filter(year__year=year).order_by("order", "pk")


def ledger_get(partnership: "Partnership | None", year: str) -> Ledger:
    """The year's ledger (404 for a year with none recorded), kept until the next write:
    the ledger page, its report and the API read it (QUALITY P1, P2)."""
    return cached(
        f"funding:ledger:{_scope(partnership)}:{year}", lambda: _ledger(partnership, year)
    )


def _ledger(partnership: "Partnership | None", year: str) -> Ledger:
    years = ContributionYear.objects.select_related("source", "item__meeting").prefetch_related(
        Prefetch(
            "contributions",
            queryset=Contribution.objects.select_related("source", "board", "via").prefetch_related(
                Prefetch("organisations", queryset=Organisation.objects.only("pk", "name"))
            ),
        )
    )
    if partnership is not None:
        years = years.filter(partnership=partnership)
    found = years.filter(year=year).first()
    if found is None:
        raise NotFound(f"No partner contributions are recorded for {year}.")
    rows = list(found.contributions.all())
    total = cash_total([r.amount for r in rows])
    return Ledger(
        found,
        rows,
        total,
        found.planned_costs,
        shortfall(planned=found.planned_costs, total=total),
    )


def contribution_get(contribution_id: int) -> Contribution:
    found = (
        Contribution.objects.select_related("year__partnership")
        .prefetch_related("organisations")
        .filter(pk=contribution_id)
        .first()
    )
    if found is None:
        raise NotFound("No such contribution.")
    return found


def contribution_year_get(year_id: int) -> ContributionYear:
    found = ContributionYear.objects.filter(pk=year_id).first()
    if found is None:
        raise NotFound("No such year of contributions.")
    return found


def bound_organisations(
    partnership: "Partnership | None", current: Contribution | None = None
) -> "QuerySet[Organisation]":
    """The organisations a contribution to the partnership's programme may stand for: its
    members and those serving its footprint (meetings.selectors.partnership_organisations),
    and those the contribution stands for now, so that an edit drops none of them."""
    organisations = partnership_organisations(partnership)
    if current is not None and current.pk:
        organisations |= Organisation.objects.filter(
            pk__in=Contribution.organisations.through.objects.filter(contribution=current).values(
                "organisation"
            )
        )
    return organisations


def organisation_choices(
    partnership: "Partnership | None", current: Contribution | None = None
) -> list[tuple[int, str]]:
    """The choices of a contribution's form (`bound_organisations`): one query, however
    many partnerships there are."""
    return list(
        bound_organisations(partnership, current).order_by("name").values_list("pk", "name")
    )


# ------------------------------------------------------------------ the report

COLUMNS = ("Partner", "Agreed contribution", "Notes")
DEFAULT_TITLE = "Partners' contributions"


def later_note_text(year: ContributionYear) -> str:
    if not year.later_note:
        return ""
    when = f" on {Day(year.later_note_date)}" if year.later_note_date else ""
    return f"A note added to the paper{when} says: “{year.later_note}”."


def shortfall_text(ledger: Ledger) -> str:
    """The shortfall as a person reads it: unknown while the planned costs are, with
    what the paper says of it."""
    if ledger.shortfall is not None:
        return thousands(ledger.shortfall) if ledger.shortfall else "none"
    said = f"; the paper says “{LIKELY_SHORTFALL}”" if ledger.planned is None else ""
    return f"unknown: the programme's planned costs are not given{said}"


def contributions_report(ledger: Ledger) -> Report:
    """Seed 003's table of partners' contributions, reproduced from the data: each
    partner, its contribution and notes as the paper prints them, the total the paper
    states and the rows' sum (which differ), the later note, and the planned costs and
    shortfall beside them."""
    year = ledger.year
    rows: list[tuple[Cell, ...]] = [
        (r.partner, contribution_shown(r), r.notes) for r in ledger.rows
    ]
    stated = year.stated_total_text or (
        thousands(year.stated_total) if year.stated_total is not None else "unknown"
    )
    rows.append(("Total", stated, ""))
    total = thousands(ledger.total)
    rows.append(("Sum of the rows", total, f"The rows sum to {total}; the paper states {stated}."))
    against = Table(
        caption=f"Contributions against the programme's planned costs, {year.year}",
        sheet="Against planned costs",
        columns=("What", "Amount"),
        widths=(40, 70),
        rows=(
            ("Planned costs", thousands(ledger.planned)),
            ("Contributions (the rows' sum)", total),
            ("Shortfall", shortfall_text(ledger)),
        ),
    )
    ids = {year.source_id, *(r.source_id for r in ledger.rows)}
    note = later_note_text(year)
    return Report(
        slug=f"partner-contributions-{year.year}",
        title=f"Partner contributions, {year.year}",
        intro=" ".join(
            part
            for part in (
                f"{year.title or DEFAULT_TITLE}, financial year {year.year}, "
                f"as set out in {source_name(year.source)}.",
                note,
            )
            if part
        ),
        sections=(
            Section(
                heading=None,
                intro="",
                tables=(
                    Table(
                        caption=year.title or f"Partner contributions, {year.year}",
                        sheet="Contributions",
                        columns=COLUMNS,
                        widths=(40, 50, 70),
                        rows=tuple(rows),
                    ),
                ),
            ),
            Section(heading="Against the planned costs", intro="", tables=(against,)),
        ),
        sources=sources_of(ids, Source.objects.filter(pk__in=ids)),
        section_label="Part",
        label_sections=False,
        facts=(
            ("Financial year", year.year),
            ("Total the paper states", stated),
            ("Sum of the rows", total),
            *((("Later note", note),) if note else ()),
            ("Shortfall", shortfall_text(ledger)),
            ("Source", source_name(year.source)),
        ),
    )
