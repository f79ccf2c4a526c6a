"""The bench's run: make both databases, measure P1 to P7, report."""

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse

from devolution.bench.england import SYSTEMS, england_generate, london_load
from devolution.bench.england_meetings import BENCH_SECRETARIAT, meetings_record
from devolution.bench.figures import Report, figures_measure, p1_over_http
from devolution.bench.legal_and_pack import LEGAL_RUNS, PACK_ITEMS, PACK_RUNS, p6_legal, p7_pack
from devolution.bench.measuring import RUNS, WARM_UP, Site, server_running
from devolution.bench.pages import ADMIN_LIST, HELLO, PAGES
from devolution.commitments.models import Commitment
from devolution.core.models import User
from devolution.governance.models import (
    Arrangement,
    Board,
)
from devolution.meetings.models import (
    Action,
    AgendaItem,
    Declaration,
    Meeting,
    Ruling,
)
from devolution.partners.models import (
    Organisation,
    Partnership,
    Place,
)


def _london_load() -> None:
    london_load()
    meetings_record()


def _england_load() -> None:
    _london_load()
    england_generate()


def _prepare(site: Site, load: Callable[[], object]) -> None:
    site.use()
    call_command("migrate", interactive=False, verbosity=0)
    load()
    person = User.objects.create_superuser(
        "bench@devolution.invalid", None, full_name="Bench superuser"
    )
    site.staff.force_login(person)
    site.secretariat.force_login(User.objects.get(email=BENCH_SECRETARIAT))
    site.paths = {p.name: p.path() for p in PAGES}
    site.paths.update({f"{p.name}, few": p.few() for p in PAGES if p.few is not None})
    site.paths.update(hello=reverse(HELLO), admin=reverse(ADMIN_LIST))
    site.sizes = (
        f"{Place.objects.count()} places, {Organisation.objects.count()} organisations, "
        f"{Partnership.objects.count()} partnerships, {Board.objects.count()} boards, "
        f"{Arrangement.objects.count()} arrangements, {Commitment.objects.count()} commitments, "
        f"{Meeting.objects.count()} meetings, {AgendaItem.objects.count()} agenda items, "
        f"{Declaration.objects.count() + Ruling.objects.count()} declarations and rulings, "
        f"{Action.objects.count()} actions"
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
    """Make both databases, measure P1 to P7, and report each figure against its bar."""
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    checkpoint = settings.AUDIT_CHECKPOINT  # Site.use moves it; put back after
    with (
        _own_databases() as folder,
        # The bench asks for each page hundreds of times a minute: throttling (core.throttling)
        # would answer it with 429s, not the page.
        override_settings(
            ALLOWED_HOSTS=hosts,
            AUDIT_CHECKPOINT=checkpoint,
            THROTTLE_RATES={"anon": None, "auth": None},
        ),
    ):
        london = Site(folder / "london.sqlite3")
        england = Site(folder / "england.sqlite3")
        say("Loading London's data set...")
        _prepare(london, _london_load)
        say(f"Loading London's data set and generating an England of {SYSTEMS} systems...")
        _prepare(england, _england_load)
        say("Starting `devolution runserver` on London's database for P1...")
        # The bench holds no connection to London's database while the server serves it.
        connection.close()
        with server_running(london, folder) as server:
            say(f"Measuring P1 over HTTP ({3 * runs} runs of each side)...")
            p1 = p1_over_http(london, server, runs)
        say(f"Measuring ({runs} runs of each side after {WARM_UP} to warm up)...")
        measured: list[str] = []
        figures = [p1, *figures_measure(london, england, runs, measured)]
        say(f"Measuring P6 ({LEGAL_RUNS} runs of each case)...")
        say(f"Measuring P7 (a {PACK_ITEMS}-item board pack, {PACK_RUNS} runs)...")
        figures += [*p6_legal(), p7_pack(london, folder)]
    notes = [
        f"London: {london.sizes}. England: {england.sizes}.",
        f"Medians of {runs} runs, with DEBUG {'on' if settings.DEBUG else 'off'}"
        + (" (DEBUG=false measures production settings)." if settings.DEBUG else "."),
        f"P1 over HTTP ({3 * runs} runs): `devolution runserver` on {server.host}:{server.port} "
        "serving London's database, each request on a new loopback connection "
        "(Connection: close), timed by the client from connecting to the last byte. "
        "P2 to P5 in process, with Django's test client; P6 in process, with no database.",
        "P3 leaves out the pages that show every row, unpaginated, bound to take longer "
        "with more rows (P4 still counts their queries): "
        + ", ".join(p.name for p in PAGES if p.every_row)
        + "; and the PDFs, timed by P7: "
        + ", ".join(p.name for p in PAGES if p.pdf)
        + ".",
        "P3 and P4 request the staff pages signed in as the bench's secretariat officer, "
        "who is shown every form: " + ", ".join(p.name for p in PAGES if p.signed_in) + ".",
        *measured,
    ]
    return Report(figures, notes)
