"""`devolution check-config` and the deployment checks (core.deployment, core.checks):
each rule passes a sound production environment and names the variable it refuses."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command

from devolution.core.deployment import config_problems

ROOT = Path(__file__).resolve().parents[2]
SOUND = {
    "SECRET_KEY": "s" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz",
    "AUDIT_KEY": "a" * 20 + "zyxwvutsrqponmlkjihgfedcba9876543210",
    "ALLOWED_HOSTS": "devolution.example",
    "DATABASE_URL": "postgres://devolution:secret@db.example:5432/devolution",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "mail.example",
    "DEFAULT_FROM_EMAIL": "devolution@devolution.example",
}
CONFIG_VARIABLES = {
    *SOUND,
    "DEBUG",
    "TASKS_BACKEND",
    "RQ_URL",
    "REDIS_URL",
    "SENTRY_DSN",
    "SENTRY_TRACES_SAMPLE_RATE",
    "LOG_FORMAT",
    "TRUSTED_PROXY_COUNT",
}


def test_a_sound_production_environment_has_no_problem():
    assert config_problems(SOUND) == []


# Each rule: the change to the sound environment, and the problem it names.
CASES = [
    ({"SECRET_KEY": ""}, "devolution.E001", "SECRET_KEY"),
    ({"SECRET_KEY": "short-key"}, "devolution.E002", "SECRET_KEY"),
    ({"SECRET_KEY": "ab" * 40}, "devolution.E002", "SECRET_KEY"),  # long, but plain
    ({"AUDIT_KEY": ""}, "devolution.E003", "AUDIT_KEY"),
    ({"AUDIT_KEY": "short-key"}, "devolution.E004", "AUDIT_KEY"),
    ({"AUDIT_KEY": SOUND["SECRET_KEY"]}, "devolution.E005", "AUDIT_KEY"),
    ({"ALLOWED_HOSTS": ""}, "devolution.E006", "ALLOWED_HOSTS"),
    ({"ALLOWED_HOSTS": " , "}, "devolution.E006", "ALLOWED_HOSTS"),
    ({"ALLOWED_HOSTS": "*"}, "devolution.W001", "ALLOWED_HOSTS"),
    ({"DEBUG": "true"}, "devolution.E007", "DEBUG"),
    ({"DEBUG": "1"}, "devolution.E007", "DEBUG"),
    ({"DATABASE_URL": "oracel://db/devolution"}, "devolution.E008", "DATABASE_URL"),
    (
        {
            "DATABASE_URL": "sqlite:////srv/devolution.sqlite3",
            "REDIS_URL": "redis://r:6379/0",
            "TRUSTED_PROXY_COUNT": "1",
        },
        "devolution.W002",
        "DATABASE_URL",
    ),
    (
        {
            "DATABASE_URL": "",
            "TASKS_BACKEND": "rq",
            "RQ_URL": "redis://r/0",
            "TRUSTED_PROXY_COUNT": "1",
        },
        "devolution.W002",
        "DATABASE_URL",
    ),
    ({"REDIS_URL": "redis://r:6379/0"}, "devolution.W005", "TRUSTED_PROXY_COUNT"),
    (
        {"REDIS_URL": "redis://r:6379/0", "TRUSTED_PROXY_COUNT": "0"},
        "devolution.W005",
        "TRUSTED_PROXY_COUNT",
    ),
    ({"TASKS_BACKEND": "celery"}, "devolution.E009", "TASKS_BACKEND"),
    ({"TASKS_BACKEND": "rq", "TRUSTED_PROXY_COUNT": "1"}, "devolution.E010", "RQ_URL"),
    ({"EMAIL_BACKEND": ""}, "devolution.E011", "EMAIL_BACKEND"),  # the console, by default
    (
        {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        "devolution.E011",
        "EMAIL_BACKEND",
    ),
    ({"EMAIL_HOST": ""}, "devolution.W003", "EMAIL_HOST"),
    ({"DEFAULT_FROM_EMAIL": ""}, "devolution.W004", "DEFAULT_FROM_EMAIL"),
    ({"DEFAULT_FROM_EMAIL": "devolution@localhost"}, "devolution.W004", "DEFAULT_FROM_EMAIL"),
    ({"SENTRY_DSN": "sentry.example/1"}, "devolution.E012", "SENTRY_DSN"),
    ({"SENTRY_DSN": "ftp://key@sentry.example/1"}, "devolution.E012", "SENTRY_DSN"),
    ({"SENTRY_TRACES_SAMPLE_RATE": "half"}, "devolution.E013", "SENTRY_TRACES_SAMPLE_RATE"),
    ({"SENTRY_TRACES_SAMPLE_RATE": "1.5"}, "devolution.E013", "SENTRY_TRACES_SAMPLE_RATE"),
    ({"LOG_FORMAT": "xml"}, "devolution.E014", "LOG_FORMAT"),
    ({"TRUSTED_PROXY_COUNT": "one"}, "devolution.E015", "TRUSTED_PROXY_COUNT"),
]


@pytest.mark.parametrize("change, problem_id, variable", CASES)
def test_each_rule_names_the_variable_it_refuses(change, problem_id, variable):
    problems = config_problems({**SOUND, **change})
    assert [(p.id, p.variable) for p in problems] == [(problem_id, variable)]
    assert problems[0].level == ("error" if ".E" in problem_id else "warning")


# And what each rule lets through.
SOUND_CHANGES = [
    {"DEBUG": "false"},
    {"ALLOWED_HOSTS": "devolution.example, www.devolution.example"},
    {"DATABASE_URL": ""},  # SQLite on one machine: the embedded run served for real
    {"TASKS_BACKEND": "rq", "RQ_URL": "redis://r:6379/0", "TRUSTED_PROXY_COUNT": "1"},
    {"TASKS_BACKEND": "rq", "REDIS_URL": "redis://r:6379/0", "TRUSTED_PROXY_COUNT": "2"},
    {"TASKS_BACKEND": "immediate"},
    {"SENTRY_DSN": "https://key@o1.ingest.sentry.example/42", "SENTRY_TRACES_SAMPLE_RATE": "0.1"},
    {"LOG_FORMAT": "text"},
    {"TRUSTED_PROXY_COUNT": "1"},
]


@pytest.mark.parametrize("change", SOUND_CHANGES)
def test_each_rule_lets_a_sound_setting_through(change):
    assert config_problems({**SOUND, **change}) == []


@pytest.fixture
def environment(monkeypatch):
    """The process's environment as a test sets it, nothing inherited."""
    for name in CONFIG_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def set_to(values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_to


def test_the_command_names_every_problem_and_fails_on_an_error(environment):
    environment({**SOUND, "SECRET_KEY": "", "ALLOWED_HOSTS": "*"})
    out = StringIO()
    with pytest.raises(CommandError, match="not fit for production"):
        call_command("check_config", stdout=out)
    printed = out.getvalue()
    assert "1 error, 1 warning" in printed
    assert "error   SECRET_KEY is not set" in printed
    assert "warning ALLOWED_HOSTS accepts any host" in printed


def test_the_command_passes_with_only_warnings(environment):
    environment({**SOUND, "ALLOWED_HOSTS": "*"})
    out = StringIO()
    call_command("check_config", stdout=out)
    assert "0 errors, 1 warning" in out.getvalue()


def test_the_command_says_so_when_nothing_is_wrong(environment):
    environment(SOUND)
    out = StringIO()
    call_command("check_config", stdout=out)
    assert "nothing missing or unsafe" in out.getvalue()


def test_check_deploy_reports_the_rules_under_production_settings(environment, settings):
    environment({**SOUND, "DEBUG": "true"})
    settings.PRODUCTION = True
    found = {m.id: m.msg for m in run_checks(include_deployment_checks=True)}
    assert found["devolution.E007"].startswith("DEBUG is on")
    settings.PRODUCTION = False
    assert not [
        i for i in run_checks(include_deployment_checks=True) if i.id.startswith("devolution.")
    ]


def test_devolution_check_config_runs_when_production_settings_cannot_load():
    """The production settings stop at the first missing secret; the command names all."""
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    env.update(PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="devolution.settings.production")
    result = subprocess.run(
        [sys.executable, "-c", "from devolution.cli import main; main()", "check-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for variable in ("SECRET_KEY", "AUDIT_KEY", "ALLOWED_HOSTS", "EMAIL_BACKEND"):
        assert f"error   {variable} " in result.stdout
