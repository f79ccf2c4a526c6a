"""How `make run` serves (issue 11): gunicorn with workers from the cores, DEBUG off unless
asked for, on the embedded settings, which serve plain HTTP on this machine with debug off;
`make dev` serves with Django's development server."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _make(*arguments: str, **environment: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "WORKERS", "MAKEFLAGS"}}
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", *arguments],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_serves_through_gunicorn_with_debug_off():
    printed = _make("run", "WORKERS=3")
    assert "DEBUG=false .venv/bin/gunicorn devolution.wsgi:application" in printed
    assert "--workers 3" in printed
    assert "--bind 127.0.0.1:8000" in printed
    assert "runserver" not in printed
    assert "collectstatic" in printed  # the files whitenoise serves


def test_make_run_takes_debug_when_asked_and_workers_from_the_cores():
    printed = _make("run", DEBUG="true")
    assert "DEBUG=true .venv/bin/gunicorn" in printed
    workers = min(2 * (os.cpu_count() or 1) + 1, 9)
    assert f"--workers {workers} " in printed


def test_make_dev_serves_with_the_development_server():
    printed = _make("dev")
    assert "DEBUG=true .venv/bin/devolution runserver 127.0.0.1:8000" in printed
    assert "gunicorn" not in printed


def test_the_embedded_settings_with_debug_off_serve_plain_http_here(tmp_path):
    """As `make run` loads them: no secure-only cookie, no redirect to HTTPS, this
    machine's names allowed, the second factor as the embedded run has always had it."""
    read = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.ALLOWED_HOSTS, s.REQUIRE_SECOND_FACTOR, "
        "'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "devolution.settings.local",
        "DEBUG": "false",
        "SECRET_KEY": "tests-only",
        "AUDIT_KEY": "tests-only",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("ALLOWED_HOSTS", None)
    result = subprocess.run(
        [sys.executable, "-c", read], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        False,
        False,
        False,
        False,
        ["127.0.0.1", "localhost"],
        False,
        True,
    ]


def test_make_run_says_when_readyz_answers_and_stops_the_waiting_with_the_server():
    printed = _make("run")
    assert "http://127.0.0.1:8000/readyz" in printed
    assert 'echo "Devolution is ready at http://127.0.0.1:8000/"' in printed
    assert "trap 'kill $worker $digests $ready 2>/dev/null' EXIT INT TERM" in printed
    # gunicorn is the foreground process, as before: Ctrl-C reaches it.
    assert printed.rstrip().splitlines()[-1].lstrip().startswith("--bind")
