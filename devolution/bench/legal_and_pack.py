"""P6, the legal rules engine timed in process; P7, a board pack of 20 items as PDF, and
every document the site makes at England's size, made the first time and the second."""

import datetime as dt
import gc
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from time import perf_counter_ns

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

from devolution.bench import BenchError
from devolution.bench.figures import Figure
from devolution.bench.measuring import WARM_UP, Site, page_get
from devolution.governance.legal import framework
from devolution.governance.models import (
    Board,
)
from devolution.governance.rules.legal import CheckResult, Party, Proposal, check_arrangement
from devolution.meetings.models import (
    AgendaItem,
    Meeting,
    Paper,
)

LEGAL_RUNS = 2000


@dataclass(frozen=True)
class LegalCase:
    """One arrangement for P6, and the verdict the engine must give it."""

    name: str
    proposal: Proposal
    allowed: bool
    alternative: str | None = None  # a lawful alternative a refusal must offer


LEGAL_CASES = (
    LegalCase(
        "CCG-CCG joint committee: allowed",
        Proposal(
            form="joint_committee",
            function=None,
            parties=(Party("ccg"), Party("ccg")),
            decision_making=True,
        ),
        allowed=True,
    ),
    LegalCase(
        "CCG to CCG delegation of a delegated function: refused, with alternatives",
        Proposal(
            form="delegation",
            function="primary_care_commissioning",
            parties=(Party("ccg", "delegated"), Party("ccg")),
        ),
        allowed=False,
        alternative="internal_delegation",
    ),
)


def legal_check_ms(case: LegalCase, runs: int = LEGAL_RUNS) -> float:
    """Median milliseconds of one `check_arrangement` of the case, in process, after
    checking that the engine gives the verdict the case expects (so P6 never times a
    short cut). The framework is read from its data files once, as the site does."""
    fw = framework()
    result: CheckResult = check_arrangement(case.proposal, fw)
    if result.allowed != case.allowed or (
        case.alternative is not None and case.alternative not in result.alternatives
    ):
        raise BenchError(f"the legal rules engine did not judge {case.name} as P6 expects")
    for _ in range(WARM_UP):
        check_arrangement(case.proposal, fw)
    gc.collect()
    times: list[int] = []
    for _ in range(runs):
        start = perf_counter_ns()
        check_arrangement(case.proposal, fw)
        times.append(perf_counter_ns() - start)
    return median(times) / 1e6


def p6_legal(runs: int = LEGAL_RUNS) -> list[Figure]:
    figures = []
    for case in LEGAL_CASES:
        ms = legal_check_ms(case, runs)
        figures.append(
            Figure(
                "P6",
                f"one arrangement checked in process, {case.name} (median of {runs})",
                f"{ms:.3f} ms",
                "< 1 ms",
                ms < 1,
            )
        )
    return figures


PACK_ITEMS = 20
PACK_RUNS = 3


def p7_pack(site: "Site", folder: Path) -> Figure:
    """A board pack of 20 items, each with a cover sheet and a one-page PDF paper, made as
    PDF and as HTML on London's database."""
    from django.core.files.base import ContentFile

    from devolution.core.pdfs import html_pdf
    from devolution.meetings.pack import agenda_pack_html, agenda_pack_pdf
    from devolution.meetings.visibility import EVERYTHING

    site.use()
    paper_pdf = html_pdf(
        '<!DOCTYPE html><html lang="en-GB"><head><title>A paper</title></head>'
        "<body><h1>A paper</h1><p>Its one page.</p></body></html>"
    )
    with override_settings(
        MEDIA_ROOT=str(folder / "media"),
        STORAGES={
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        },
    ):
        meeting = Meeting.objects.create(
            key="bench-pack", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
        )
        for n in range(1, PACK_ITEMS + 1):
            item = AgendaItem.objects.create(
                meeting=meeting, order=n, key=f"item-{n}", title=f"Item {n}", purpose="note"
            )
            paper = Paper(
                item=item,
                title=f"Paper {n}",
                executive_summary="Summary. " * 20,
                action_required="To note.",
                file_type="pdf",
                file_size=len(paper_pdf),
                original_name=f"paper-{n}.pdf",
            )
            paper.file.save(f"bench-{n}.pdf", ContentFile(paper_pdf), save=True)
        pdf_ms, html_ms = [], []
        for _ in range(PACK_RUNS):
            start = perf_counter_ns()
            agenda_pack_pdf(meeting, reader=EVERYTHING)
            pdf_ms.append((perf_counter_ns() - start) / 1e6)
            start = perf_counter_ns()
            agenda_pack_html(meeting, reader=EVERYTHING)
            html_ms.append((perf_counter_ns() - start) / 1e6)
    pdf, html = median(pdf_ms), median(html_ms)
    return Figure(
        "P7",
        f"board pack of {PACK_ITEMS} items as PDF {pdf:.0f} ms / as HTML {html:.1f} ms "
        f"(median of {PACK_RUNS})",
        f"{pdf / html:.0f}x; {pdf / 1000:.2f} s",
        "reported; a 20-item pack in under 5 s",
        pdf < 5000,
    )


DOCUMENT_BAR_S = 10.0
# The second request of a document is served from cache when it takes at most a fifth of
# the first; or when it takes under CHEAP_MS, where making it costs too little to tell.
CACHED_SHARE = 5
CHEAP_MS = 100.0


def p7_document(site: Site, name: str, path: str, client: Client) -> Figure:
    """A document at England's size, requested twice in process: the first request makes
    it (the bench process has not asked for it before), the second must be served from
    cache. In process, so both meet one cache: each gunicorn worker keeps its own until a
    deployment points them at one they share."""
    site.use()
    times = []
    try:
        for _ in range(2):
            start = perf_counter_ns()
            page_get(client, path)
            times.append((perf_counter_ns() - start) / 1e6)
    except BenchError as exc:
        return Figure("P7", f"{name} {path} at England", str(exc), "answers", False)
    first, second = times
    cached = second <= first / CACHED_SHARE or second < CHEAP_MS
    return Figure(
        "P7",
        f"{name} {path} at England: made in {first / 1000:.2f} s, then {second:.0f} ms"
        + ("" if cached else " (not from cache)"),
        f"{first / 1000:.2f} s; {second:.0f} ms",
        f"under {DOCUMENT_BAR_S:g} s, then from cache",
        first / 1000 < DOCUMENT_BAR_S and cached,
    )
