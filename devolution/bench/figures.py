"""The bars of QUALITY.md and the report: a row for every route, judged on P1 to P4, and a
figure for each bar, P1 to P8, against it."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

P1_BAR = 5.0
P2_BAR = 20.0
P3_BAR = 1.3
P4_BAR = 15


@dataclass
class RouteRow:
    """One route as the bench found it: its path, its median times over HTTP at both
    sizes, its queries at both sizes (in process), and for a list its ratio to /health of
    the same server (P1, the worse of the two sizes) and, for a list page, to its rows by
    raw SQL (P2). `problems` says what kept it from being measured (a status, a missing
    key); a row with a problem fails."""

    name: str
    path: str
    staff: bool = False
    is_list: bool = False
    london_ms: float | None = None
    england_ms: float | None = None
    london_queries: int | None = None
    england_queries: int | None = None
    health_ratio: float | None = None
    raw_ratio: float | None = None
    problems: list[str] = field(default_factory=list)
    # The first look's London and England ms and P1 ratio, when it missed a bar on time
    # and the route was timed a second time, three times as long (the one judged).
    first_look: tuple[float | None, float | None, float | None] | None = None
    # The cold look (P3, P4), in process, with nothing kept in the data cache: what the
    # first request after a write costs at both sizes, and its queries. None for a
    # document, whose first making P7 times.
    cold_london_ms: float | None = None
    cold_england_ms: float | None = None
    cold_london_queries: int | None = None
    cold_england_queries: int | None = None

    @property
    def cold_ratio(self) -> float | None:
        if self.cold_london_ms is None or self.cold_england_ms is None:
            return None
        return self.cold_england_ms / self.cold_london_ms if self.cold_london_ms else float("inf")

    @property
    def ratio(self) -> float | None:
        if self.london_ms is None or self.england_ms is None:
            return None
        return self.england_ms / self.london_ms if self.london_ms else float("inf")

    def misses(self) -> list[str]:
        """The bars this route misses, and what kept it from being measured."""
        missed = list(self.problems)
        if self.ratio is not None and self.ratio > P3_BAR:
            missed.append(f"P3 {self.ratio:.2f}x")
        if self.london_queries is not None and self.england_queries is not None:
            if self.london_queries != self.england_queries:
                missed.append("P3 queries differ")
            if max(self.london_queries, self.england_queries) > P4_BAR:
                missed.append(f"P4 {max(self.london_queries, self.england_queries)}")
        if self.cold_ratio is not None and self.cold_ratio > P3_BAR:
            missed.append(f"P3 cold {self.cold_ratio:.2f}x")
        london, england = self.cold_london_queries, self.cold_england_queries
        if london is not None and england is not None:
            if london != england:
                missed.append("P3 cold queries differ")
            if max(london, england) > P4_BAR:
                missed.append(f"P4 cold {max(london, england)}")
        if self.health_ratio is not None and self.health_ratio > P1_BAR:
            missed.append(f"P1 {self.health_ratio:.1f}x")
        if self.raw_ratio is not None and self.raw_ratio > P2_BAR:
            missed.append(f"P2 {self.raw_ratio:.1f}x")
        return missed

    @property
    def passed(self) -> bool:
        return not self.misses()

    def cells(self) -> tuple[str, ...]:
        def ms(value: float | None) -> str:
            return "-" if value is None else f"{value:.1f}"

        def times(value: float | None) -> str:
            return "" if value is None else f"{value:.1f}x"

        queries = (
            f"{self.london_queries if self.london_queries is not None else '-'}"
            f" / {self.england_queries if self.england_queries is not None else '-'}"
        )
        result = "PASS" if self.passed else "FAIL " + "; ".join(self.misses())
        if self.first_look is not None:
            london, england, health = self.first_look
            ratio = england / london if london and england else None
            result += (
                f" (timed twice: the first look {ms(london)} / {ms(england)} ms"
                + (f", {ratio:.2f}x" if ratio is not None else "")
                + (f", P1 {health:.1f}x" if health is not None else "")
                + ")"
            )
        return (
            self.name + (" (staff)" if self.staff else ""),
            self.path,
            ms(self.london_ms),
            ms(self.england_ms),
            "-" if self.ratio is None else f"{self.ratio:.2f}x",
            queries,
            "-"
            if self.cold_ratio is None
            else f"{ms(self.cold_london_ms)} / {ms(self.cold_england_ms)}, "
            f"{self.cold_ratio:.2f}x, {self.cold_london_queries} / {self.cold_england_queries}",
            times(self.health_ratio),
            times(self.raw_ratio),
            result,
        )


ROUTE_HEAD = (
    "route",
    "path",
    "London ms",
    "England ms",
    "ratio",
    "queries L / E",
    "cold ms L / E, ratio, queries",
    "P1 x health",
    "P2 x raw",
    "result",
)


@dataclass(frozen=True)
class Figure:
    """One figure against its bar; `passed` is None for a bar not measured (told, not
    judged), shown as such and neither a pass nor a miss."""

    id: str
    measure: str
    value: str
    bar: str
    passed: bool | None


def route_figures(rows: list[RouteRow]) -> list[Figure]:
    """P1 to P4 over every route: each judged on its worst route, which is named."""
    figures = []
    lists = [r for r in rows if r.health_ratio is not None]
    if lists:
        worst = max(lists, key=lambda r: r.health_ratio or 0)
        figures.append(
            Figure(
                "P1",
                f"{len(lists)} list pages and APIs over HTTP / /health; worst {worst.name}",
                f"{worst.health_ratio:.1f}x",
                f"<= {P1_BAR:g}x",
                worst.health_ratio is not None and worst.health_ratio <= P1_BAR,
            )
        )
    raw = [r for r in rows if r.raw_ratio is not None]
    if raw:
        worst = max(raw, key=lambda r: r.raw_ratio or 0)
        figures.append(
            Figure(
                "P2",
                f"{len(raw)} list pages in process / their rows by raw SQL; worst {worst.name}",
                f"{worst.raw_ratio:.1f}x",
                f"<= {P2_BAR:g}x",
                worst.raw_ratio is not None and worst.raw_ratio <= P2_BAR,
            )
        )
    timed = [r for r in rows if r.ratio is not None]
    differ = [r.name for r in rows if "P3 queries differ" in r.misses()]
    if timed:
        worst = max(timed, key=lambda r: r.ratio or 0)
        figures.append(
            Figure(
                "P3",
                f"{len(timed)} routes England / London over HTTP; worst {worst.name}; "
                f"{len(differ)} with other queries at England"
                + (
                    f" ({', '.join(differ[:5])}{'...' if len(differ) > 5 else ''})"
                    if differ
                    else ""
                ),
                f"{worst.ratio:.2f}x",
                f"<= {P3_BAR:g}x, same queries",
                (worst.ratio or 0) <= P3_BAR and not differ,
            )
        )
    counted = [r for r in rows if r.london_queries is not None and r.england_queries is not None]
    if counted:
        worst = max(counted, key=lambda r: max(r.london_queries or 0, r.england_queries or 0))
        most = max(worst.london_queries or 0, worst.england_queries or 0)
        figures.append(
            Figure(
                "P4",
                f"queries of {len(counted)} routes; most {worst.name}",
                str(most),
                f"<= {P4_BAR}",
                most <= P4_BAR,
            )
        )
    unmeasured = [r.name for r in rows if r.problems]
    figures.append(
        Figure(
            "routes",
            f"{len(rows)} GET routes benched; not measured in full: "
            + (", ".join(unmeasured) if unmeasured else "none"),
            f"{len(rows) - len(unmeasured)} / {len(rows)}",
            "every route answers",
            not unmeasured,
        )
    )
    return figures


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(head), line(tuple("-" * w for w in widths)), *(line(r) for r in rows)]


@dataclass
class Report:
    figures: list[Figure]
    notes: list[str]
    routes: list[RouteRow] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(f.passed is not False for f in self.figures) and all(
            r.passed for r in self.routes
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "notes": self.notes,
            "routes": [
                {**asdict(r), "ratio": r.ratio, "passed": r.passed, "misses": r.misses()}
                for r in self.routes
            ],
            "figures": [asdict(f) for f in self.figures],
        }

    def table(self) -> str:
        results = {True: "PASS", False: "FAIL", None: "N/A"}
        figures = [(f.id, f.measure, f.value, f.bar, results[f.passed]) for f in self.figures]
        missed = sum(f.passed is False for f in self.figures)
        failing = sum(not r.passed for r in self.routes)
        unmeasured = sorted({f.id for f in self.figures if f.passed is None})
        verdict = (
            "Every bar is met on every route."
            if self.passed
            else f"{missed} bar(s) missed; {failing} of {len(self.routes)} routes fail."
        )
        if unmeasured:
            verdict += f" Not yet measured: {', '.join(unmeasured)}."
        lines = [*self.notes, ""]
        if self.routes:
            lines += [*_table(ROUTE_HEAD, [r.cells() for r in self.routes]), ""]
        lines += [*_table(("id", "measure", "value", "bar", "result"), figures), "", verdict]
        return "\n".join(lines)
