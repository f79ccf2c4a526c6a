"""A running Devolution and one Chromium for the browser tests (QUALITY A1).

pytest-django's live_server cannot be used here: its transactional tests flush the
database between tests, and the audit table refuses DELETE. So the site runs as its own
process on its own SQLite file, set up with the `devolution` command as a person would,
and these tests never touch the test database.
"""

import contextlib
import fcntl
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
DEVOLUTION = str(Path(sys.executable).with_name("devolution"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Person:
    email: str
    password: str
    full_name: str


COLLECTSTATIC_IGNORES = ["CVS", ".*", "*~"]  # collectstatic's own defaults

HACKNEY_PERSON = Person(
    email="hana@hackney.example", password="correct horse battery staple", full_name="Hana Hackney"
)


def _run(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [DEVOLUTION, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        pytest.fail(f"devolution {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def _static_is_stale() -> bool:
    """Whether collectstatic must run: it takes most of a minute, so only when needed."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected_at = manifest.stat().st_mtime
    return any(
        Path(storage.path(path)).stat().st_mtime > collected_at
        for finder in get_finders()
        for path, storage in finder.list(COLLECTSTATIC_IGNORES)
    )


def _ensure_static_collected(env: dict[str, str]) -> None:
    """With DEBUG off the site serves only collected files; xdist workers take turns."""
    from django.conf import settings

    lock = Path(settings.VAR_DIR) / "collectstatic.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if _static_is_stale():
            _run(env, "collectstatic", "--noinput", "-v0")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the server did not answer within 30 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a Devolution with London loaded and one Hackney board member."""
    tmp = tmp_path_factory.mktemp("browser")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "devolution.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "browser-tests-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    _run(env, "migrate", "--noinput", "-v0")
    _run(env, "load-london")
    p = HACKNEY_PERSON
    _run(
        env,
        "shell",
        "-c",
        "from devolution.partners.models import Organisation\n"
        "from devolution.partners.services import membership_grant, person_create\n"
        f"p = person_create(actor=None, email={p.email!r}, full_name={p.full_name!r},"
        f" password={p.password!r})\n"
        "membership_grant(actor=None, person=p,"
        " organisation=Organisation.objects.get(key='la-hackney'), role='board_member')\n",
    )
    with served(env, tmp) as url:
        yield url


@contextlib.contextmanager
def served(env: dict[str, str], tmp: Path) -> Iterator[str]:
    """The site of `env`'s database, its static files collected, served by Django's
    server on a free port until the block ends; its address."""
    _ensure_static_collected(env)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [DEVOLUTION, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


SiteShell = Callable[[str, str], None]  # see site_shell


def _database_of(basetemp: Path) -> str:
    """The SQLite file of the site base_url started: the one database under this
    session's temporary folder ("browsercurrent" is pytest's link to it)."""
    found = sorted({p.resolve() for p in basetemp.glob("browser*/db.sqlite3")})
    if len(found) != 1:
        pytest.fail(f"expected the browser site's one database, found {found}")
    return f"sqlite:///{found[0]}"


@pytest.fixture(scope="session")
def site_shell(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> SiteShell:
    """Runs Python in `devolution shell` against the running site's database: how a test
    module adds what its pages need (people, meetings), the way base_url adds its Hackney
    board member. `what` says what the script adds, should it fail."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "devolution.settings.local",
        "DATABASE_URL": _database_of(tmp_path_factory.getbasetemp()),
        "DEBUG": "false",
        "SECRET_KEY": "browser-tests-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
    }

    def run(script: str, what: str) -> None:
        done = subprocess.run(
            [DEVOLUTION, "shell", "-c", script],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            pytest.fail(f"could not {what}:\n{done.stdout}\n{done.stderr}")

    return run


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def hackney_person(base_url: str) -> Person:
    return HACKNEY_PERSON
