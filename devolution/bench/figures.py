"""The bars and the report: each figure of P1 to P5 measured against its bar in QUALITY.md."""

import html
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection

from devolution.bench import BenchError
from devolution.bench.measuring import (
    MAX_QUERIES,
    Server,
    Site,
    page_get,
    page_queries,
    raw_rows,
    side_by_side,
)
from devolution.bench.pages import PAGES
from devolution.partners import selectors
from devolution.partners.views import PAGE_SIZE


@dataclass(frozen=True)
class Figure:
    """One figure against its bar; `passed` is None for a bar not measured yet (a page
    not built yet), shown as such and neither a pass nor a miss."""

    id: str
    measure: str
    value: str
    bar: str
    passed: bool | None


@dataclass
class Report:
    figures: list[Figure]
    notes: list[str]

    @property
    def passed(self) -> bool:
        return all(f.passed is not False for f in self.figures)

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "notes": self.notes,
            "figures": [asdict(f) for f in self.figures],
        }

    def table(self) -> str:
        head = ("id", "measure", "value", "bar", "result")
        results = {True: "PASS", False: "FAIL", None: "N/A"}
        rows = [(f.id, f.measure, f.value, f.bar, results[f.passed]) for f in self.figures]
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        missed = sum(f.passed is False for f in self.figures)
        unmeasured = sorted({f.id for f in self.figures if f.passed is None})
        verdict = "Every bar is met." if not missed else f"{missed} bar(s) missed."
        if unmeasured:
            verdict += f" Not yet measured: {', '.join(unmeasured)}."
        return "\n".join(
            [
                *self.notes,
                "",
                line(head),
                line(tuple("-" * w for w in widths)),
                *(line(r) for r in rows),
                "",
                verdict,
            ]
        )


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def _same_rows(site: Site) -> None:
    """P5 compares like with like: the admin's first page holds the rows of ours."""
    site.use()
    names = [o.name for o in selectors.organisation_list()[:PAGE_SIZE]]
    for path in (site.paths["organisations"], site.paths["admin"]):
        content = html.unescape(page_get(site.staff, path).content.decode())
        missing = [n for n in names if n not in content]
        if missing:
            raise BenchError(f"{path} does not show {missing[0]!r}, so P5 would compare unlike")


def p1_over_http(london: Site, server: Server, runs: int) -> Figure:
    typical, hello_path = london.paths["organisations"], london.paths["hello"]
    # The server shows London's first page of organisations, as the test client does.
    london.use()
    names = [o.name for o in selectors.organisation_list()[:PAGE_SIZE]]
    connection.close()
    content = html.unescape(server.fetch(typical)[1].decode())
    missing = [n for n in names if n not in content]
    if missing:
        raise BenchError(f"the server for P1 does not show {missing[0]!r} at {typical}")
    # Three times the runs: a request over HTTP goes through two processes and the
    # kernel, and its time wanders more than one in process.
    page, hello = side_by_side(server.timed(typical), server.timed(hello_path), 3 * runs)
    ratio = _ratio(page, hello)
    return Figure(
        "P1",
        f"{typical} {page:.2f} ms / {hello_path} {hello:.2f} ms, over HTTP",
        f"{ratio:.1f}x",
        "<= 5x",
        ratio <= 5,
    )


def figures_measure(london: Site, england: Site, runs: int, notes: list[str]) -> list[Figure]:
    """P2 to P5, in process; and, as notes, P1's ratio in process and the times of the
    pages P3 leaves out."""
    figures: list[Figure] = []
    typical, hello_path = london.paths["organisations"], london.paths["hello"]

    # P1's ratio in process, where neither side pays for HTTP: told, not judged.
    page, hello = side_by_side(
        london.timed(london.anonymous, typical), london.timed(london.anonymous, hello_path), runs
    )
    notes.append(
        f"For reference, P1's two pages in process: {typical} {page:.2f} ms / "
        f"{hello_path} {hello:.2f} ms = {_ratio(page, hello):.1f}x (not the bar's measure)."
    )

    page, raw = side_by_side(london.timed(london.anonymous, typical), raw_rows(london), runs)
    ratio = _ratio(page, raw)
    figures.append(
        Figure(
            "P2",
            f"{typical} {page:.2f} ms / raw SQL of its rows {raw:.2f} ms",
            f"{ratio:.1f}x",
            "<= 20x",
            ratio <= 20,
        )
    )

    for p in (p for p in PAGES if p.scales):
        big, small = side_by_side(
            england.timed(england.reader(p), england.paths[p.name]),
            london.timed(london.reader(p), london.paths[p.name]),
            runs,
        )
        ratio = _ratio(big, small)
        london.use()
        q_small = page_queries(london.reader(p), london.paths[p.name])
        england.use()
        q_big = page_queries(england.reader(p), england.paths[p.name])
        figures.append(
            Figure(
                "P3",
                f"{p.name}{', signed in' if p.signed_in else ''}: England {big:.2f} ms / "
                f"London {small:.2f} ms; queries {q_big} / {q_small}",
                f"{ratio:.2f}x",
                "<= 1.3x, same queries",
                ratio <= 1.3 and q_big == q_small,
            )
        )

    # The pages P3 leaves out, timed all the same with fewer runs: told, not judged.
    told = []
    for p in (p for p in PAGES if p.every_row):
        big, small = side_by_side(
            england.timed(england.reader(p), england.paths[p.name]),
            london.timed(london.reader(p), london.paths[p.name]),
            max(5, runs // 5),
        )
        told.append(f"{p.name} {big:.2f} ms / {small:.2f} ms = {_ratio(big, small):.1f}x")
    notes.append(
        "For reference, the pages that show every row, England / London (not P3's measure): "
        + "; ".join(told)
        + "."
    )

    for p in PAGES:
        counts = {
            "London": london.queries(p.name, signed_in=p.signed_in),
            "England": england.queries(p.name, signed_in=p.signed_in),
        }
        if p.few is not None:
            counts["fewest rows"] = london.queries(f"{p.name}, few", signed_in=p.signed_in)
        most = max(counts.values())
        who = "signed in as the secretariat" if p.signed_in else "signed in"
        figures.append(
            Figure(
                "P4",
                f"{p.name}, {who}: " + ", ".join(f"{k} {n}" for k, n in counts.items()),
                str(most),
                f"<= {MAX_QUERIES}, the same however many rows",
                len(set(counts.values())) == 1 and most <= MAX_QUERIES,
            )
        )

    _same_rows(london)
    ours, theirs = side_by_side(
        london.timed(london.staff, typical),
        london.timed(london.staff, london.paths["admin"]),
        runs,
    )
    ratio = _ratio(ours, theirs)
    figures.append(
        Figure(
            "P5",
            f"{typical} {ours:.2f} ms / admin {london.paths['admin']} {theirs:.2f} ms, signed in",
            f"{ratio:.2f}x",
            "<= 1.0x",
            ratio <= 1.0,
        )
    )
    return figures
