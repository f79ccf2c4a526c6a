"""The one loader: London loads once and again changes nothing; a wrong file is refused
whole, each problem naming the file, the record and the field; whatever a file holds that
no declaration loads is named in the report."""

import copy
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from devolution.core.errors import InvalidInput
from devolution.core.loading import Model, load_data, london_files, london_load
from devolution.core.models import AuditEvent
from devolution.governance.dataset import LONDON as GOVERNANCE
from devolution.governance.models import Board

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_loading_london_a_second_time_changes_no_record_and_writes_no_event():
    before, events = _counts(), AuditEvent.objects.count()
    reports = london_load()
    assert [r.changed for _, r in reports] == [False] * len(london_files())
    assert _counts() == before
    assert AuditEvent.objects.count() == events


def _all_models(models: tuple[Model, ...]):
    for decl in models:
        yield decl
        yield from _all_models(decl.children)


def test_every_declared_model_that_has_a_source_loads_it():
    for declared in london_files():
        for decl in _all_models(declared.models):
            names = {f.name for f in decl.model._meta.get_fields()}
            if "source" in names:
                loaded = {s.attr or s.name for s in decl.fields}
                assert "source" in loaded, f"{declared.name}: {decl.section} drops its source"


def test_the_parts_of_london_no_model_holds_are_named_in_the_report_with_why():
    reports = {d.name: r for d, r in london_load()}
    commitments = reports["commitments/data/london.yaml"].not_loaded
    meetings = reports["meetings/data/london.yaml"].not_loaded
    assert "opportunities" in commitments and "commitments.details" in commitments
    assert "interests_policy" in meetings and "meetings.items.questions" in meetings
    # The partner contributions seed 003 sets out are loaded, as funding's records.
    assert not any("contributions" in where for where in meetings)
    assert (
        "funding/data/london.yaml" in reports and not reports["funding/data/london.yaml"].not_loaded
    )
    assert "conflicts of interest policy" in meetings["interests_policy"]
    assert "Not loaded" in reports["meetings/data/london.yaml"].summary()


def _governance() -> dict:
    return copy.deepcopy(yaml.safe_load(GOVERNANCE.path.read_text()))


def test_a_key_no_declaration_knows_is_reported_by_name_not_skipped():
    data = _governance()
    data["boards"][0]["colour"] = "blue"
    data["mascots"] = [{"name": "Rex"}]
    report = load_data(GOVERNANCE, data)
    assert "boards.colour" in report.not_loaded
    assert "mascots" in report.not_loaded
    assert "boards.colour" in report.summary()


@pytest.mark.parametrize(
    ("break_it", "where", "message"),
    [
        (
            lambda d: d["boards"][1].update(reports_to="no-such-board"),
            "governance/data/london.yaml: boards[1] (spb).reports_to",
            "unknown board 'no-such-board'",
        ),
        (
            lambda d: d["boards"][1].pop("name"),
            "governance/data/london.yaml: boards[1] (spb).name",
            "is required",
        ),
        (
            lambda d: d["boards"][1]["seats"][0].update(count="three"),
            "boards[1] (spb).seats[0]",
            "must be a whole number",
        ),
        (
            lambda d: d["functions"][0].update(delegable="perhaps"),
            "functions[0]",
            "must be true or false",
        ),
        (
            lambda d: d["boards"][1].update(cadence="weekly"),
            "boards[1] (spb).cadence",
            "unknown cadence 'weekly'",
        ),
        (
            lambda d: (
                d["boards"][0].update(reports_to="spb")
                or d["boards"][1].update(reports_to=d["boards"][0]["key"])
            ),
            "boards",
            "form a loop",
        ),
    ],
)
def test_a_wrong_file_is_refused_whole_naming_file_record_and_field(break_it, where, message):
    data = _governance()
    assert data["boards"][1]["key"] == "spb"
    data["boards"][0]["note"] = "changed before the wrong record"
    break_it(data)
    with pytest.raises(InvalidInput) as refused:
        load_data(GOVERNANCE, data)
    problems = [p.text() for p in refused.value.problems]
    assert any(where in p and message in p for p in problems), problems
    assert Board.objects.get(key=data["boards"][0]["key"]).note != "changed before the wrong record"


def test_load_dataset_prints_each_problem_and_loads_nothing(tmp_path: Path):
    data = _governance()
    data["boards"][1]["phase_model"] = "no-such-model"
    data["boards"][2]["note"] = "should not be stored"
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(yaml.safe_dump(data))
    with pytest.raises(CommandError) as refused:
        call_command("load_dataset", str(wrong))
    text = str(refused.value)
    assert "Nothing was loaded" in text
    assert f"{wrong}: boards[1] (spb).phase_model: unknown phase model 'no-such-model'" in text
    assert Board.objects.get(key=data["boards"][2]["key"]).note != "should not be stored"


def test_load_dataset_refuses_a_file_that_is_not_yaml(tmp_path: Path):
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("boards: [unclosed")
    with pytest.raises(CommandError, match="cannot be read as YAML"):
        call_command("load_dataset", str(wrong))


def test_load_london_says_per_file_what_it_did():
    out = StringIO()
    call_command("load_london", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "partners/data/london.yaml: Nothing to change: the data set is already loaded."
    )
    assert any(line.startswith("  - opportunities: ") for line in lines)


def test_what_people_changed_after_loading_is_kept_when_london_loads_again():
    from devolution.commitments.models import Commitment
    from devolution.governance.models import GatewayCriterion

    criterion = GatewayCriterion.objects.filter(status="ongoing").first()
    criterion.status, criterion.version = "met", criterion.version + 1
    criterion.save()
    commitment = Commitment.objects.filter(status="ongoing").first()
    commitment.status, commitment.rag = "complete", "green"
    commitment.save()
    london_load()
    criterion.refresh_from_db()
    assert criterion.status == "met"
    kept = Commitment.objects.get(pk=commitment.pk)
    assert (kept.status, kept.rag) == ("complete", "green")


def test_every_dependency_cites_a_source_its_own_or_its_commitments():
    from devolution.commitments.models import Dependency

    assert Dependency.objects.exists()
    assert not Dependency.objects.filter(source__isnull=True).exists()


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d.update(boards={"spb": "not a list"}),
        lambda d: d["boards"].append("a board as a string"),
        lambda d: d["boards"][1].update(reports_to=["psg", "lhb"]),
        lambda d: d["arrangements"][0].update(to_organisations=[{"key": "gla"}]),
        lambda d: d["boards"][1].update(key={"nested": True}),
        lambda d: d.update({7: "a number as a key"}),
    ],
)
def test_a_file_of_the_wrong_shape_is_a_clear_refusal_never_a_crash(break_it):
    data = _governance()
    break_it(data)
    try:
        report = load_data(GOVERNANCE, data)
    except InvalidInput as refused:
        assert all(p.field and p.field.startswith("governance/") for p in refused.problems)
    else:
        assert report.not_loaded  # only an unknown key can pass, and it is reported
