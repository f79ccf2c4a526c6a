"""The speed bars of QUALITY.md, P1 to P5, measured side by side: `devolution bench`.

The bench makes two SQLite databases of its own (WAL, as `database_from_url` sets them
up) in a temporary folder, so it never touches the real one: London's data set as it
ships, and an England of 42 integrated care systems generated with London's shape. It
switches Django's default connection between them, requests pages in process with
Django's test client (server time, not the network) and reports medians after a warm-up.
The two sides of every ratio are measured turn and turn about, so the noise of a shared
machine falls on both alike.

P1 alone is measured over HTTP, as QUALITY words it ("a hello JSON view of the same
server"): the bench starts `devolution runserver` on a free loopback port, on London's
database and with the bench's own settings and DEBUG, and times whole requests from a
client (see `Server`). P2, P3 and P5 stay in process.

A page added to the site is one more entry in PAGES.
"""

import gc
import html
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from time import perf_counter_ns
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, reset_queries, transaction
from django.db.models import Count, Model
from django.db.models.expressions import Combinable
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils.http import urlencode

from devolution.core.models import Source, User
from devolution.partners import selectors
from devolution.partners.models import (
    Level,
    Organisation,
    OrganisationType,
    Partnership,
    Place,
)
from devolution.partners.services import LONDON_DATASET, dataset_load_file
from devolution.partners.views import PAGE_SIZE
from devolution.settings.base import database_from_url

RUNS = 50
WARM_UP = 5
MAX_QUERIES = 15
SYSTEMS = 42


class BenchError(Exception):
    """The bench could not measure: a page failed, or the two sides differ."""


# --- The pages -------------------------------------------------------------------------


UrlOf = Callable[[], str]


@dataclass(frozen=True)
class Page:
    """A page as the bench requests it.

    `path` gives the page showing the most rows, and `few`, where the page has rows to
    choose, the same page showing the fewest: P4 checks that both make the same number
    of queries. Both are resolved in the database in use, since a detail page needs an
    id there. A page that `scales` lists or counts every row, so P3 times it at both sizes.
    """

    name: str
    path: UrlOf
    few: UrlOf | None = None
    scales: bool = False


def _named(route: str) -> UrlOf:
    return lambda: reverse(route)


def _one_row(route: str, model: type[Model]) -> UrlOf:
    """The list page filtered by the name of one row."""

    def path() -> str:
        name = model._default_manager.order_by("name").values_list("name", flat=True).first()
        if name is None:
            raise BenchError(f"there is no {model._meta.verbose_name} to list")
        return f"{reverse(route)}?{urlencode({'q': name})}"

    return path


def _detail(route: str, model: type[Model], related: tuple[str, ...], *, most: bool) -> UrlOf:
    """The detail page of the record with the most (or the fewest) related rows to show."""

    def path() -> str:
        shown: Combinable = Count(related[0], distinct=True)
        for name in related[1:]:
            shown += Count(name, distinct=True)
        records = model._default_manager.annotate(n=shown)
        record = records.order_by("-n" if most else "n", "pk").first()
        if record is None:
            raise BenchError(f"there is no {model._meta.verbose_name} to show")
        return reverse(route, args=[record.code if isinstance(record, Place) else record.pk])

    return path


def _detail_page(name: str, route: str, model: type[Model], *related: str) -> Page:
    return Page(
        name,
        _detail(route, model, related, most=True),
        _detail(route, model, related, most=False),
    )


PAGES: list[Page] = [
    Page("home", _named("core:home"), scales=True),
    Page(
        "places",
        _named("partners:place-list"),
        _one_row("partners:place-list", Place),
        scales=True,
    ),
    Page(
        "organisations",
        _named("partners:organisation-list"),
        _one_row("partners:organisation-list", Organisation),
        scales=True,
    ),
    Page(
        "partnerships",
        _named("partners:partnership-list"),
        _one_row("partners:partnership-list", Partnership),
        scales=True,
    ),
    _detail_page("a place", "partners:place-detail", Place, "children", "organisations"),
    _detail_page(
        "an organisation", "partners:organisation-detail", Organisation, "serves", "partnerships"
    ),
    _detail_page(
        "a partnership", "partners:partnership-detail", Partnership, "members", "footprint"
    ),
    # The map shows every borough and the sources page every source: the two sizes
    # already differ in the rows they show.
    Page("map", _named("partners:map")),
    Page("sources", _named("partners:source-list")),
]

# The list page of P1, P2 and P5, and what it is compared with.
TYPICAL_LIST = "partners:organisation-list"
HELLO = "health"
ADMIN_LIST = "admin:partners_organisation_changelist"


# --- An England of integrated care systems ----------------------------------------------

LEVELS = [
    ("locality", "Locality", 1),
    ("borough", "Borough", 2),
    ("multi_borough", "Multi-borough", 3),
    ("stp", "Sub-region (STP)", 4),
    ("region", "Region", 5),
    ("national", "National", 6),
]
REGIONS = 7
NATIONAL_BODIES = [
    (OrganisationType.NHS_ENGLAND, "NHS England"),
    (OrganisationType.NHS_IMPROVEMENT, "NHS Improvement"),
    (OrganisationType.CQC, "Care Quality Commission"),
    (OrganisationType.HEE, "Health Education England"),
    (OrganisationType.PHE, "Public Health England"),
    (OrganisationType.DEPARTMENT_OF_HEALTH, "Department of Health"),
]


def england_generate(*, systems: int = SYSTEMS, boroughs: int = 8, trusts: int = 3) -> None:
    """An England of `systems` integrated care systems with London's shape, for the bench.

    Each system has an STP-level place in one of 7 regions, `boroughs` boroughs and two
    multi-borough areas; a council and a CCG for each borough, `trusts` trusts; and three
    partnerships (the system, and an integration partnership and an alliance for each
    half of it). Every name says it is synthetic. It is bulk-created and not audited: it
    is benchmark data, not a partnership's records.
    """
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(
            key="bench-synthetic",
            defaults={
                "title": "Synthetic data made by `devolution bench`: no real place or body",
                "kind": Source.Kind.ENTERED,
            },
        )
        level = {
            key: Level.objects.get_or_create(
                key=key, defaults={"name": name, "rank": rank, "source": source}
            )[0]
            for key, name, rank in LEVELS
        }

        def place(code: str, name: str, at: str, parent: Place | None, **more: Any) -> Place:
            return Place(
                code=f"bench-{code}",
                scheme=Place.Scheme.LOCAL,
                name=name,
                level=level[at],
                parent=parent,
                source=source,
                **more,
            )

        england = place("england", "England (synthetic)", "national", None)
        england.save()
        regions = Place.objects.bulk_create(
            place(f"r{r}", f"Synthetic region {r}", "region", england)
            for r in range(1, REGIONS + 1)
        )
        stps = Place.objects.bulk_create(
            place(
                f"s{s:02d}",
                f"Synthetic system {s:02d}",
                "stp",
                regions[s % REGIONS],
                population=1_000_000 + 10_000 * s,
                population_note=f"~{1 + s / 100:.2f}m",
                population_source=source,
            )
            for s in range(1, systems + 1)
        )
        local = Place.objects.bulk_create(
            place(f"s{s:02d}-b{b}", f"Synthetic borough {s:02d}-{b}", "borough", stp)
            for s, stp in enumerate(stps, 1)
            for b in range(1, boroughs + 1)
        )
        by_system = [local[i * boroughs : (i + 1) * boroughs] for i in range(systems)]
        halves = [(part[: boroughs // 2 or 1], part[boroughs // 2 :] or part) for part in by_system]
        areas = Place.objects.bulk_create(
            place(f"s{s:02d}-{side}", f"Synthetic system {s:02d} {side}", "multi_borough", stp)
            for s, stp in enumerate(stps, 1)
            for side in ("north", "south")
        )
        Place.comprises.through.objects.bulk_create(
            Place.comprises.through(from_place=areas[2 * i + h], to_place=b)
            for i, pair in enumerate(halves)
            for h, half in enumerate(pair)
            for b in half
        )

        organisations: list[Organisation] = []
        serves: list[tuple[Organisation, Place]] = []
        per_system: list[list[Organisation]] = []
        for body_type, name in NATIONAL_BODIES:
            body = Organisation(
                key=f"bench-{body_type}", name=f"{name} (synthetic)", type=body_type, source=source
            )
            organisations.append(body)
            serves.append((body, england))
        n = 0
        for s, part in enumerate(by_system, 1):
            members: list[Organisation] = []
            for borough in part:
                n += 1
                council = Organisation(
                    key=f"bench-la-{n}",
                    name=f"{borough.name} Council",
                    type=OrganisationType.LOCAL_AUTHORITY,
                    gss_code=f"E99{n:06d}",
                    source=source,
                )
                ccg = Organisation(
                    key=f"bench-ccg-{n}",
                    name=f"{borough.name} CCG",
                    short_name=f"CCG {n}",
                    type=OrganisationType.CCG,
                    ods_code=f"Z{n:05d}",
                    source=source,
                )
                members += [council, ccg]
                serves += [(council, borough), (ccg, borough)]
            for t in range(1, trusts + 1):
                trust = Organisation(
                    key=f"bench-trust-{s}-{t}",
                    name=f"Synthetic system {s:02d} trust {t}",
                    type=(OrganisationType.NHS_TRUST, OrganisationType.FOUNDATION_TRUST)[t % 2],
                    ods_code=f"Y{s:03d}{t:02d}",
                    source=source,
                )
                members.append(trust)
                serves += [(trust, b) for b in part[t - 1 :: trusts]]
            organisations += members
            per_system.append(members)
        Organisation.objects.bulk_create(organisations)
        Organisation.serves.through.objects.bulk_create(
            Organisation.serves.through(organisation=o, place=p) for o, p in serves
        )

        partnerships: list[Partnership] = []
        footprint: list[tuple[Partnership, Place]] = []
        membership: list[tuple[Partnership, Organisation]] = []
        for s, (stp, members) in enumerate(zip(stps, per_system, strict=True), 1):
            system = Partnership(
                key=f"bench-stp-{s}",
                name=f"Synthetic system {s:02d} partnership",
                kind=Partnership.Kind.STP,
                source=source,
            )
            partnerships.append(system)
            footprint.append((system, stp))
            membership += [(system, o) for o in members]
            for h, kind in enumerate((Partnership.Kind.INTEGRATION, Partnership.Kind.ALLIANCE)):
                area = areas[2 * (s - 1) + h]
                joint = Partnership(
                    key=f"bench-{kind}-{s}",
                    name=f"{area.name} {kind} partnership",
                    kind=kind,
                    source=source,
                )
                partnerships.append(joint)
                footprint.append((joint, area))
                half = members[h::2]
                membership += [(joint, o) for o in half]
        Partnership.objects.bulk_create(partnerships)
        Partnership.footprint.through.objects.bulk_create(
            Partnership.footprint.through(partnership=pt, place=p) for pt, p in footprint
        )
        Partnership.members.through.objects.bulk_create(
            Partnership.members.through(partnership=pt, organisation=o) for pt, o in membership
        )


# --- Measuring ----------------------------------------------------------------------------


def page_queries(client: Client, path: str) -> int:
    """The queries one request of the page makes, after a first visit has filled caches."""
    _get(client, path)
    # With DEBUG on, a full query log (9,000 entries) would make the capture read empty.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    return len(captured)


def _get(client: Client, path: str) -> Any:
    response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"{path} answered {response.status_code}")
    return response


@dataclass
class Site:
    """One of the bench's databases, with a client signed out and one signed in."""

    path: Path
    anonymous: Client = field(default_factory=Client)
    staff: Client = field(default_factory=Client)
    paths: dict[str, str] = field(default_factory=dict)
    sizes: str = ""

    def use(self) -> None:
        """Point Django's connection at this database; connect and read its schema now,
        so neither lands inside a timing."""
        if connection.settings_dict["NAME"] != str(self.path):
            connection.close()
            connection.settings_dict.update(database_from_url(f"sqlite:///{self.path}"))
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master")

    def timed(self, client: Client, path: str) -> Callable[[], int]:
        def probe() -> int:
            self.use()
            start = perf_counter_ns()
            response = client.get(path)
            elapsed = perf_counter_ns() - start
            if response.status_code != 200:
                _get(client, path)  # raises, saying why
            return elapsed

        return probe

    def queries(self, page: str) -> int:
        self.use()
        return page_queries(self.staff, self.paths[page])


@dataclass
class Server:
    """`devolution runserver` on a free loopback port, serving `database` with the
    bench's own settings module and DEBUG, for P1.

    Each timed request opens its own connection and asks the server to close it after
    the response (`Connection: close`), so the time is that of one whole request as a
    client sees it, the same for both sides of the ratio. Not kept alive because
    runserver writes a response in several small writes without TCP_NODELAY: on a
    kept-alive connection each response then waits for the client's delayed
    acknowledgement (40 ms on Linux), and the ratio would time the kernel's timer, not
    the server.
    """

    database: Path
    log: Path
    host: str = "127.0.0.1"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "devolution.settings.local"
            ),
            "DATABASE_URL": f"sqlite:///{self.database}",
            "DEBUG": "true" if settings.DEBUG else "false",
            "ALLOWED_HOSTS": self.host,
        }
        command = [sys.executable, "-m", "devolution.cli", "runserver"]
        command += [f"{self.host}:{self.port}", "--noreload", "--skip-checks"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command, no shell
                command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"the server for P1 stopped: {self._log_tail()}")
            try:
                self.get("/health")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError(
                        f"the server for P1 did not answer in {timeout:.0f} s: {self._log_tail()}"
                    ) from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:].strip() or "(no output)"
        except OSError:
            return "(no output)"

    def fetch(self, path: str) -> tuple[int, bytes]:
        """One request on a new connection: its time in ns, from connecting to the last
        byte of the body, and the body."""
        start = perf_counter_ns()
        client = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            client.request("GET", path, headers={"Connection": "close"})
            response = client.getresponse()
            body = response.read()
        finally:
            client.close()
        elapsed = perf_counter_ns() - start
        if response.status != 200 or not body:
            raise BenchError(f"{path} answered {response.status} over HTTP")
        return elapsed, body

    def get(self, path: str) -> int:
        return self.fetch(path)[0]

    def timed(self, path: str) -> Callable[[], int]:
        return lambda: self.get(path)


@contextmanager
def _server(site: Site, folder: Path) -> Iterator[Server]:
    server = Server(site.path, folder / "server.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _raw_rows_sql() -> str:
    """The rows of the first page of organisations, with their source and the places they
    serve, in one join. The table names come from the models; the page size is bound."""
    organisation, source, place = (m._meta.db_table for m in (Organisation, Source, Place))
    serves = Organisation.serves.through._meta.db_table
    columns = "o.id, o.name, o.type, o.ods_code, o.gss_code, s.title, p.code, p.name"
    page = f"SELECT * FROM {organisation} ORDER BY name, id LIMIT %s"  # noqa: S608
    return (
        f"SELECT {columns} FROM ({page}) o JOIN {source} s ON s.id = o.source_id "  # noqa: S608
        f"LEFT JOIN {serves} os ON os.organisation_id = o.id "
        f"LEFT JOIN {place} p ON p.id = os.place_id ORDER BY o.name, o.id, p.name"
    )


def _raw_rows(site: Site) -> Callable[[], int]:
    sql = _raw_rows_sql()

    def probe() -> int:
        site.use()
        start = perf_counter_ns()
        with connection.cursor() as cursor:
            cursor.execute(sql, [PAGE_SIZE])
            text = "\n".join("\t".join(map(str, row)) for row in cursor.fetchall())
        elapsed = perf_counter_ns() - start
        if not text:
            raise BenchError("the raw SQL found no organisations")
        return elapsed

    return probe


def side_by_side(
    a: Callable[[], int], b: Callable[[], int], runs: int = RUNS
) -> tuple[float, float]:
    """Median milliseconds of a and of b, measured turn and turn about after a warm-up."""
    for _ in range(WARM_UP):
        a()
        b()
    gc.collect()
    times_a: list[int] = []
    times_b: list[int] = []
    for i in range(runs):
        if i % 2:
            times_b.append(b())
            times_a.append(a())
        else:
            times_a.append(a())
            times_b.append(b())
    return median(times_a) / 1e6, median(times_b) / 1e6


# --- The figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    id: str
    measure: str
    value: str
    bar: str
    passed: bool


@dataclass
class Report:
    figures: list[Figure]
    notes: list[str]

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.figures)

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "notes": self.notes,
            "figures": [asdict(f) for f in self.figures],
        }

    def table(self) -> str:
        head = ("id", "measure", "value", "bar", "result")
        rows = [
            (f.id, f.measure, f.value, f.bar, "PASS" if f.passed else "FAIL") for f in self.figures
        ]
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        missed = sum(not f.passed for f in self.figures)
        verdict = "Every bar is met." if not missed else f"{missed} bar(s) missed."
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
        content = html.unescape(_get(site.staff, path).content.decode())
        missing = [n for n in names if n not in content]
        if missing:
            raise BenchError(f"{path} does not show {missing[0]!r}, so P5 would compare unlike")


def _p1_over_http(london: Site, server: Server, runs: int) -> Figure:
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


def _figures(london: Site, england: Site, runs: int, notes: list[str]) -> list[Figure]:
    """P2 to P5, in process; and P1's ratio in process, as a note."""
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

    page, raw = side_by_side(london.timed(london.anonymous, typical), _raw_rows(london), runs)
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
            england.timed(england.anonymous, england.paths[p.name]),
            london.timed(london.anonymous, london.paths[p.name]),
            runs,
        )
        ratio = _ratio(big, small)
        london.use()
        q_small = page_queries(london.anonymous, london.paths[p.name])
        england.use()
        q_big = page_queries(england.anonymous, england.paths[p.name])
        figures.append(
            Figure(
                "P3",
                f"{p.name}: England {big:.2f} ms / London {small:.2f} ms; "
                f"queries {q_big} / {q_small}",
                f"{ratio:.2f}x",
                "<= 1.3x, same queries",
                ratio <= 1.3 and q_big == q_small,
            )
        )

    for p in PAGES:
        counts = {"London": london.queries(p.name), "England": england.queries(p.name)}
        if p.few is not None:
            counts["fewest rows"] = london.queries(f"{p.name}, few")
        most = max(counts.values())
        figures.append(
            Figure(
                "P4",
                f"{p.name}, signed in: " + ", ".join(f"{k} {n}" for k, n in counts.items()),
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


def _prepare(site: Site, load: Callable[[], object]) -> None:
    site.use()
    call_command("migrate", interactive=False, verbosity=0)
    load()
    person = User.objects.create_superuser(
        "bench@devolution.invalid", None, full_name="Bench superuser"
    )
    site.staff.force_login(person)
    site.paths = {p.name: p.path() for p in PAGES}
    site.paths.update({f"{p.name}, few": p.few() for p in PAGES if p.few is not None})
    site.paths.update(hello=reverse(HELLO), admin=reverse(ADMIN_LIST))
    site.sizes = (
        f"{Place.objects.count()} places, {Organisation.objects.count()} organisations, "
        f"{Partnership.objects.count()} partnerships"
    )


@contextmanager
def _own_databases() -> Iterator[Path]:
    """A temporary folder for the bench's databases; the real connection is put back."""
    original = dict(connection.settings_dict)
    folder = Path(tempfile.mkdtemp(prefix="devolution-bench-"))
    try:
        yield folder
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
        shutil.rmtree(folder, ignore_errors=True)


def run(*, runs: int = RUNS, say: Callable[[str], None] = lambda _: None) -> Report:
    """Make both databases, measure P1 to P5, and report each figure against its bar."""
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with _own_databases() as folder, override_settings(ALLOWED_HOSTS=hosts):
        london = Site(folder / "london.sqlite3")
        england = Site(folder / "england.sqlite3")
        say("Loading London's data set...")
        _prepare(london, lambda: dataset_load_file(path=LONDON_DATASET))
        say(f"Generating an England of {SYSTEMS} integrated care systems...")
        _prepare(england, england_generate)
        say("Starting `devolution runserver` on London's database for P1...")
        # The bench holds no connection to London's database while the server serves it.
        connection.close()
        with _server(london, folder) as server:
            say(f"Measuring P1 over HTTP ({3 * runs} runs of each side)...")
            p1 = _p1_over_http(london, server, runs)
        say(f"Measuring ({runs} runs of each side after {WARM_UP} to warm up)...")
        measured: list[str] = []
        figures = [p1, *_figures(london, england, runs, measured)]
    notes = [
        f"London: {london.sizes}. England: {england.sizes}.",
        f"Medians of {runs} runs, with DEBUG {'on' if settings.DEBUG else 'off'}"
        + (" (DEBUG=false measures production settings)." if settings.DEBUG else "."),
        f"P1 over HTTP ({3 * runs} runs): `devolution runserver` on {server.host}:{server.port} "
        "serving London's database, each request on a new loopback connection "
        "(Connection: close), timed by the client from connecting to the last byte. "
        "P2 to P5 in process, with Django's test client.",
        *measured,
    ]
    return Report(figures, notes)
