"""P8 under a day's mix (devolution.bench.load): what the mix asks, that each of its calls
answers as it expects on London's data, and how a run is reported."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from devolution.bench.england_meetings import BENCH_SECRETARIAT, meetings_record
from devolution.bench.load import LoadRun, day_mix, scaling_figure
from devolution.bench.server import PUBLIC, Reader
from devolution.bench.throughput import MixResult
from devolution.core.models import User


def _result(per_second: float, errors: list[str] | None = None) -> MixResult:
    times = [float(t) for t in range(1, 101)]
    return MixResult("day's mix", int(per_second * 10), 10.0, times, errors or [])


def test_a_run_reports_requests_a_second_and_p50_p95_p99_and_fails_on_one_error():
    clean = LoadRun("SQLite", 2, 16, _result(40.0)).figure()
    assert clean.value == "40.0 requests/s" and clean.passed is True
    assert "2 worker(s): 16 clients" in clean.measure
    assert "p50 50 ms, p95 96 ms, p99 100 ms; 0 errors" in clean.measure
    failed = LoadRun("SQLite", 2, 16, _result(40.0, ["attendance 400"])).figure()
    assert failed.passed is False and "attendance 400" in failed.measure


def test_throughput_at_more_workers_is_reported_beside_one():
    runs = [
        LoadRun("PostgreSQL with Redis", 1, 16, _result(20.0)),
        LoadRun("PostgreSQL with Redis", 4, 16, _result(50.0)),
    ]
    figure = scaling_figure(runs)
    assert figure.value == "2.50x" and figure.passed is True
    assert "1: 20.0/s, 4: 50.0/s" in figure.measure
    runs.append(LoadRun("PostgreSQL with Redis", 2, 16, _result(30.0, ["home 500"])))
    assert scaling_figure(runs).passed is False


@pytest.mark.django_db
def test_every_call_of_the_days_mix_answers_as_it_expects_on_londons_data():
    meetings_record()
    officer = User.objects.get(email=BENCH_SECRETARIAT)
    staff = Client()
    staff.force_login(officer)
    calls = day_mix(Reader("secretariat", "session", "token"))
    names = {c.name for c in calls}
    # Public pages, staff pages, API reads, progress, and a meeting being run.
    assert {"home", "my actions", "API commitments", "a progress update"} <= names
    assert {"attendance", "an action", "a progress update", "the meeting"} <= names
    assert any(c.reader is PUBLIC for c in calls) and any(c.reader is not PUBLIC for c in calls)
    for call in calls:
        client = Client() if call.reader is PUBLIC else staff
        if call.body is None:
            status = client.get(call.path).status_code
        else:
            body = json.loads(call.body)
            status = client.post(call.path, body, content_type="application/json").status_code
        assert status == call.expected, (call.name, status)


@pytest.mark.parametrize("workers", ["0", "1,x", ""])
def test_bench_load_refuses_a_number_of_workers_it_cannot_start(workers):
    with pytest.raises(CommandError, match="--workers"):
        call_command("bench_load", workers=workers)
