"""Allocations by place with the fair-share guide (SPEC §10, §15): one report shown as a
page, a PDF and a spreadsheet (core.reports), with its bar chart and map on the page and
in the PDF. Built from selectors.places.fair_share_get, kept for a version of the data."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from markupsafe import Markup

from devolution.core.reports import DASH, Cell, Report, Section, Table, html_pdf, sources_of
from devolution.core.versions import cached

from ..charts import places as place_charts
from ..rules.allocations import pounds
from ..selectors.places import (
    NOT_ONE_NAME,
    SEVERAL_NAME,
    ByPlace,
    MapBorough,
    fair_share_get,
    map_borough_list,
)

TITLE = "Allocations by place with the fair-share guide"
COUNTING = (
    "A bid counts for a place when the places it is for are that place or lie within it. "
    f"A bid for more than one place is not split between them: its amount is counted once, "
    f"under “{SEVERAL_NAME}”. A bid for a larger area (London as a whole), or for no "
    f"place, is under “{NOT_ONE_NAME}”. Asked is what bids submitted (and not withdrawn) "
    "asked for; "
    "recommended is what the board recommended to the body that decides (NHS England, "
    "while the board is in shadow decision-making); allocated is what the board allocated."
)
GUIDE = (
    "The fair-share guide is each place's share of the fund by its population, times its "
    "weight where the data gives one: a guide beside the bids, not an entitlement. Shares "
    "are in whole pounds and add up to the fund's amount."
)

STP = "An STP (sustainability and transformation partnership) is a sub-region: London has five."


@dataclass(frozen=True)
class Drawn:
    """The report with its figures and pictures."""

    data: ByPlace
    report: Report
    chart: str  # SVG
    map: str  # SVG, or "" when no borough can be drawn
    mapped: int  # how many boroughs the map draws
    boroughs: tuple[MapBorough, ...]
    map_rows: tuple[dict[str, str], ...]


def _count(n: int) -> str:
    return f"{n:,}"


def _weight(w: object) -> str:
    text = f"{w:f}".rstrip("0").rstrip(".") if hasattr(w, "is_finite") else str(w)
    return text or "0"


def build_report(data: ByPlace) -> Report:
    columns = (
        "Place",
        "Population",
        "Population's source",
        "Weight",
        "Fair-share guide",
        "Bids",
        "Asked",
        "Recommended",
        "Allocated",
    )
    rows: list[tuple[Cell, ...]] = []
    for r in data.rows:
        population = None if r.population is None else r.population
        rows.append(
            (
                r.name,
                population,
                r.population_source or ("" if r.population is not None else "none recorded"),
                _weight(r.weight),
                r.share,
                r.bids,
                r.asked,
                r.recommended,
                r.allocated,
            )
        )
    for r in data.others:
        rows.append((r.name, "", "", "", "", r.bids, r.asked, r.recommended, r.allocated))
    totals = data.totals
    rows.append(
        (
            "Total",
            "",
            "",
            "",
            totals["share"],
            sum(r.bids for r in (*data.rows, *data.others)),
            totals["asked"],
            totals["recommended"],
            totals["allocated"],
        )
    )
    guide_note = (
        f"The fair-share guide is unknown: {data.guide.reason()}." if not data.guide.known else ""
    )
    table = Table(
        caption=f"{data.fund_name}{' in ' + data.year if data.year else ''}, by "
        f"{data.level_words}: amounts in pounds",
        sheet="By place",
        columns=columns,
        widths=(36, 14, 30, 8, 16, 8, 16, 16, 16),
        rows=tuple(rows),
        row_header=True,
        print_widths=(22, 11, 17, 7, 12, 6, 12, 12, 12),
    )
    year = data.year or "all years"
    return Report(
        slug=f"allocations-by-place-{data.fund_key}-{data.level_key or 'none'}",
        title=TITLE,
        intro=f"{GUIDE} {COUNTING}",
        sections=(
            Section(
                heading=f"By {data.level_words}" if data.level_name else None,
                intro=" ".join(
                    p for p in (STP if data.level_key == "stp" else "", guide_note, data.basis) if p
                ),
                tables=(table,) if data.level_key else (),
            ),
        ),
        sources=sources_of(data.sources),
        section_label="Level",
        label_sections=False,
        facts=(
            ("Fund", data.fund_name),
            ("Financial year", year),
            (
                "Amount",
                pounds(data.amount) + (f" ({data.amount_note})" if data.amount_note else ""),
            ),
            ("Level", data.level_name or "none: this fund has no fair-share guide"),
            (
                "Fair-share guide",
                "known" if data.guide.known else f"unknown: {data.guide.reason()}",
            ),
        ),
    )


def _place_href(code: str) -> str:
    return reverse("partners:place-detail", args=[code])


def drawn(
    fund_key: str, level_key: str | None, year: str | None, *, pictures: bool = True
) -> Drawn:
    """The report, with its chart and its map unless not wanted (the spreadsheet has
    none), made once for a version of the data and what is asked (an unknown fund, level
    or year is refused by the selector, and nothing kept)."""

    def build() -> Drawn:
        data = fair_share_get(fund_key, level_key, year)
        if not pictures:
            return Drawn(data, build_report(data), "", "", 0, (), ())
        boroughs = map_borough_list(data)
        count = place_charts.drawn(boroughs)
        rows = place_charts.map_rows(data, boroughs, _place_href)
        return Drawn(
            data=data,
            report=build_report(data),
            chart=place_charts.bar_chart_svg(data) if data.level_key else "",
            map=place_charts.map_svg(data, boroughs, _place_href)
            if count and data.level_key
            else "",
            mapped=count,
            boroughs=tuple(boroughs),
            map_rows=tuple(rows),
        )

    asked = f"{fund_key}:{level_key or ''}:{year or ''}:{'drawn' if pictures else 'figures'}"
    return cached(f"funding:by-place:{asked}", build)


def report_html(d: Drawn) -> str:
    # The pictures are drawn on the server, every word in them escaped by Vega.
    return render_to_string(
        "funding/places_print.jinja",
        {
            "report": d.report,
            "d": d,
            "dash": DASH,
            "chart": Markup(d.chart),  # noqa: S704
            "map": Markup(d.map),  # noqa: S704
        },
    )


def report_pdf(d: Drawn) -> bytes:
    return html_pdf(report_html(d))
