"""What gunicorn serves (devolution.wsgi) never falls back to debug: DEBUG is off unless
the environment says otherwise, and the production settings take nothing from the
local ones. Each case imports the WSGI module in a process of its own, as gunicorn does."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json, devolution.wsgi; from django.conf import settings as s; "
    "print(json.dumps([s.SETTINGS_MODULE, s.DEBUG, s.LOGGING['formatters']['devolution']]))"
)
# Whatever the test process has that the served process must not inherit.
CLEARED = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "AUDIT_KEY", "ALLOWED_HOSTS"}
CLEARED |= {"LOG_FORMAT", "SENTRY_DSN"}


def _serve(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=env, capture_output=True, text=True
    )


def _settings(tmp_path: Path, **environment: str) -> list:
    result = _serve(tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_settings_named_wsgi_serves_the_embedded_settings_with_debug_off(tmp_path):
    module, debug, _ = _settings(tmp_path)
    assert (module, debug) == ("devolution.settings.local", False)


def test_the_local_settings_named_are_served_with_debug_off_all_the_same(tmp_path):
    module, debug, _ = _settings(tmp_path, DJANGO_SETTINGS_MODULE="devolution.settings.local")
    assert (module, debug) == ("devolution.settings.local", False)


def test_debug_is_on_only_when_the_environment_says_so(tmp_path):
    assert _settings(tmp_path, DEBUG="true")[1] is True


def test_production_settings_without_their_secrets_stop_rather_than_fall_back(tmp_path):
    result = _serve(tmp_path, DJANGO_SETTINGS_MODULE="devolution.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment for production" in result.stderr


def test_production_settings_are_served_as_they_are_with_json_logs(tmp_path):
    module, debug, formatter = _settings(
        tmp_path,
        DJANGO_SETTINGS_MODULE="devolution.settings.production",
        SECRET_KEY="k" * 20 + "0123456789" * 4,
        AUDIT_KEY="a" * 20 + "9876543210" * 4,
        ALLOWED_HOSTS="devolution.example",
    )
    assert (module, debug) == ("devolution.settings.production", False)
    assert formatter["()"] == "pythonjsonlogger.json.JsonFormatter"
