"""Pages for boards, phases, the organogram, functions and the legal framework: thin,
over selectors and services; the reports' builders are in reports.py."""

import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag, urlencode
from django.views.decorators.http import require_GET

from devolution.core.links import PageLink, links_for
from devolution.core.pages import attachment, paginate
from devolution.core.versions import cached
from devolution.partners import selectors as partner_selectors
from devolution.partners.as_at import as_at_parse

from . import legal, organogram, reports, selectors
from .forms import (
    ArrangementCheckForm,
    BoardFilter,
    form_label,
    power_label,
    type_label,
)
from .rules.legal import check_arrangement

if TYPE_CHECKING:
    from devolution.partners.models import Partnership

    from .models import Board, Phase

NAV = "boards"
PAGE_SIZE = 50


def money(amount: Decimal | int | None) -> str:
    """£15.6bn, £114m, or the pounds with commas; "unknown" where the data has none."""
    if amount is None:
        return "unknown"
    value = Decimal(amount)
    for size, suffix in ((Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m")):
        if value >= size:
            short = (value / size).quantize(Decimal("0.1")).normalize()
            return f"£{short:f}{suffix}"
    return f"£{value:,.0f}"


# --------------------------------------------------------------- the partnership in view


def _in_view(request: HttpRequest) -> "Partnership | None":
    """The partnership whose boards the page shows: `?partnership=<key>` (404 for a key
    no partnership has), else the deployment's default."""
    return partner_selectors.partnership_in_view(request.GET.get("partnership"))


def _in_view_context(request: HttpRequest, partnership: "Partnership | None") -> dict[str, Any]:
    """What a page about one partnership's boards shows to say which, and to choose
    another: the partnership, the partnerships offered, and the query that keeps the
    choice on the page's links (its picture, its downloads)."""
    chosen = request.GET.get("partnership")
    return {
        "partnership": partnership,
        "partnerships": partner_selectors.partnership_choices(partnership),
        "in_view_query": f"?{urlencode({'partnership': chosen})}" if chosen else "",
    }


# ------------------------------------------------------------------------------ boards


def board_list(request: HttpRequest) -> HttpResponse:
    """The boards of the partnership in view, a page at a time, by status if asked."""
    partnership = _in_view(request)
    form = BoardFilter(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    boards = selectors.board_rows(status=filters.get("status"), partnership=partnership)
    page, query = paginate(request, boards, PAGE_SIZE)
    return render(
        request,
        "governance/board_list.jinja",
        {
            "nav": NAV,
            "form": form,
            "boards": page,
            "page": page,
            "query": query,
            **_in_view_context(request, partnership),
        },
        status=200 if form.is_valid() else 400,
    )


CRITERION_COLOURS = {
    selectors.CRITERION_STATUS.MET: "green",
    selectors.CRITERION_STATUS.ONGOING: "yellow",
    selectors.CRITERION_STATUS.NOT_STARTED: "grey",
}


def _grouped(links: list[PageLink]) -> dict[str, list[PageLink]]:
    """The links the areas offer on the board page, by the heading they go under."""
    groups: dict[str, list[PageLink]] = {}
    for link in links:
        groups.setdefault(link.group, []).append(link)
    return groups


def board_detail(request: HttpRequest, key: str) -> HttpResponse:
    board = selectors.board_get(key)
    return _board_page(request, board, selectors.board_phases(board))


def _board_page(request: HttpRequest, board: "Board", phases: list["Phase"]) -> HttpResponse:
    slots, wrong = selectors.board_seats(board)
    # The sources the page names, and only them: the data set has many more.
    sources = partner_selectors.sources_by_id(
        [
            board.terms_of_reference_source_id,
            board.source_id,
            *(c.source_id for p in phases for c in p.criteria.all()),
            *(m.source_id for m in board.phase_moves.all()),
        ]
    )
    moves = [
        {
            "date": reports.move_date(m),
            "move": m,
            "source": sources.get(m.source_id or 0),
        }
        for m in board.phase_moves.all()
    ]
    current = next((p for p in phases if p.pk == board.current_phase_id), None)
    return render(
        request,
        "governance/board_detail.jinja",
        {
            "nav": NAV,
            "board": board,
            "phases": phases,
            "current": current,
            "next_phase": selectors.board_next_phase(board, phases),
            "slots": slots,
            "seat_rules": {r.pk: r for r in board.seat_rules.all()},
            "wrong": wrong,
            "moves": moves,
            "sources": sources,
            "power_label": power_label,
            "form_label": form_label,
            "criterion_colour": CRITERION_COLOURS,
            "links": _grouped(links_for("board", board)),
        },
    )


# -------------------------------------------------------------------------- organogram


def _organogram_svg(partnership: "Partnership | None") -> bytes:
    """The partnership's organogram, drawn once for each version of the data: Graphviz
    takes a good part of a second to draw it."""
    return cached(
        f"organogram-svg:{partnership.key if partnership else ''}",
        lambda: organogram.organogram_svg(selectors.organogram_rows(partnership)),
    )


def organogram_page(request: HttpRequest) -> HttpResponse:
    """The boards of the partnership in view and whom each reports to: a picture and a list."""
    partnership = _in_view(request)
    rows = selectors.organogram_rows(partnership)
    width, height = organogram.svg_size(_organogram_svg(partnership))
    return render(
        request,
        "governance/organogram.jinja",
        {
            "nav": NAV,
            "tree": organogram.board_tree(rows),
            "count": len(rows),
            "width": width,
            "height": height,
            **_in_view_context(request, partnership),
        },
    )


@require_GET
def organogram_svg(request: HttpRequest) -> HttpResponse:
    svg = _organogram_svg(_in_view(request))
    etag = quote_etag(hashlib.sha256(svg).hexdigest()[:16])
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(svg, content_type="image/svg+xml")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"  # the boards' phases change it: ask each time
    return response


# ------------------------------------------------------------------ the legal framework


def rule_catalogue(request: HttpRequest) -> HttpResponse:
    where = legal.spectrum_citation().text()
    spectrum = [
        {**step, "source": where if step.get("source") == "seed-001" else step.get("source")}
        for step in sorted(
            legal.governance_data()["legal"]["spectrum"], key=lambda s: s.get("order") or 0
        )
    ]
    return render(
        request,
        "governance/rule_catalogue.jinja",
        {
            "nav": NAV,
            "rules": legal.rule_catalogue(),
            "pairs": legal.pairings(),
            "spectrum": spectrum,
            "form_label": form_label,
            "type_label": type_label,
            "example_query": example_query,
        },
    )


def example_query(example: dict[str, Any]) -> str:
    """A rule's example arrangement as the checker's query string, to try it there."""
    query = QueryDict(mutable=True)
    query["form"] = str(example["form"])
    query["function"] = str(example.get("function") or "")
    for n, (kind, holds) in enumerate(example.get("parties") or [], start=1):
        query[f"party_{n}_type"] = kind
        query[f"party_{n}_holds"] = holds or ""
    query.setlist("services", [str(s) for s in example.get("services") or []])
    if example.get("decision_making"):
        query["decision_making"] = "on"
    query["region"] = "london"
    query["level"] = str(example.get("level") or "")
    return query.urlencode()


def arrangement_checker(request: HttpRequest) -> HttpResponse:
    """A GET form, so a verdict can be bookmarked and the page works without scripts."""
    asked = bool(request.GET)
    form = ArrangementCheckForm(request.GET if asked else None)
    result = None
    alternatives = []
    if asked and form.is_valid():
        result = check_arrangement(form.proposal(), legal.framework())
        for alternative in result.offered:
            query = request.GET.copy()
            query["form"] = alternative.form
            alternatives.append((form_label(alternative.form), query.urlencode(), alternative))
    return render(
        request,
        "governance/arrangement_checker.jinja",
        {
            "nav": NAV,
            "form": form,
            "result": result,
            "alternatives": alternatives,
            "proposed": form_label(form.cleaned_data.get("form")) if result else "",
        },
        status=400 if asked and not form.is_valid() else 200,
    )


def function_list(request: HttpRequest) -> HttpResponse:
    """Every function, with how many arrangements place it in all and the arrangements
    of the partnership in view: each partnership places the same functions, so all of
    them would grow with the partnerships."""
    partnership = _in_view(request)
    return render(
        request,
        "governance/function_list.jinja",
        {
            "nav": NAV,
            "functions": selectors.function_register(partnership),
            "money": money,
            "form_label": form_label,
            "type_label": type_label,
            **_in_view_context(request, partnership),
        },
    )


# ----------------------------------------------------------------------------- reports


def _report_page(
    request: HttpRequest,
    report: reports.Report,
    downloads: str,
    in_view: dict[str, Any] | None = None,
    **download_args: str,
) -> HttpResponse:
    """The report as a page, with its downloads; `in_view` is _in_view_context()'s for a
    report of one partnership's boards, which its downloads keep."""
    return render(
        request,
        "governance/report.jinja",
        {
            "nav": NAV,
            "report": report,
            "pdf": f"governance:{downloads}-pdf",
            "xlsx": f"governance:{downloads}-xlsx",
            "download_args": download_args,
            "in_view_query": "",
            **(in_view or {}),
        },
    )


def _pdf(request: HttpRequest, report: reports.Report) -> HttpResponse:
    return attachment(reports.report_pdf(report), "application/pdf", report.filename("pdf"))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _gateway(request: HttpRequest, key: str) -> "reports.Report":
    """The gateway report as at `?as_at=` (a bad day is a 400 page), else the day the
    board's partnership's data set describes (partners.as_at)."""
    return reports.gateway_report(key, as_at_parse(request.GET.get("as_at")))


def gateway_report(request: HttpRequest, key: str) -> HttpResponse:
    report = _gateway(request, key)
    day = urlencode({"as_at": request.GET["as_at"]}) if request.GET.get("as_at") else ""
    return _report_page(
        request,
        report,
        "gateway-report",
        {"in_view_query": f"?{day}" if day else "", "as_at_form": True},
        key=key,
    )


def gateway_report_pdf(request: HttpRequest, key: str) -> HttpResponse:
    return _pdf(request, _gateway(request, key))


def gateway_report_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    report = _gateway(request, key)
    return attachment(reports.report_xlsx(report), XLSX, report.filename("xlsx"))


def progression_report(request: HttpRequest) -> HttpResponse:
    partnership = _in_view(request)
    return _report_page(
        request,
        reports.progression_report(partnership),
        "progression-report",
        _in_view_context(request, partnership),
    )


def progression_report_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(request, reports.progression_report(_in_view(request)))


def progression_report_xlsx(request: HttpRequest) -> HttpResponse:
    report = reports.progression_report(_in_view(request))
    return attachment(reports.report_xlsx(report), XLSX, report.filename("xlsx"))


def rules_report(request: HttpRequest) -> HttpResponse:
    return _report_page(request, reports.rules_report(), "rules-report")


def rules_report_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(request, reports.rules_report())


def rules_report_xlsx(request: HttpRequest) -> HttpResponse:
    report = reports.rules_report()
    return attachment(reports.report_xlsx(report), XLSX, report.filename("xlsx"))


def progressing_governance_report(request: HttpRequest) -> HttpResponse:
    report = reports.progressing_governance_report()
    return _report_page(request, report, "progressing-governance-report")


def progressing_governance_report_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(request, reports.progressing_governance_report())


def progressing_governance_report_xlsx(request: HttpRequest) -> HttpResponse:
    report = reports.progressing_governance_report()
    return attachment(reports.report_xlsx(report), XLSX, report.filename("xlsx"))


def spectrum_report(request: HttpRequest) -> HttpResponse:
    return _report_page(request, reports.spectrum_report(), "spectrum-report")


def spectrum_report_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(request, reports.spectrum_report())


def spectrum_report_xlsx(request: HttpRequest) -> HttpResponse:
    report = reports.spectrum_report()
    return attachment(reports.report_xlsx(report), XLSX, report.filename("xlsx"))
