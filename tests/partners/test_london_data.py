"""The embedded London data set: what it holds, where each record comes from, and that
loading it again changes nothing."""

import copy

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from devolution.core.errors import InvalidInput
from devolution.core.models import AuditEvent, Source
from devolution.partners.models import Level, Organisation, Partnership, Place
from devolution.partners.services import LONDON_DATASET, dataset_load, dataset_load_file

pytestmark = pytest.mark.django_db

LONDON_REFERENCE = "../shared/data/london-2017.md"


def test_levels_are_the_six_of_the_spec_in_order():
    assert list(Level.objects.values_list("key", flat=True)) == [
        "locality",
        "borough",
        "multi_borough",
        "stp",
        "region",
        "national",
    ]


def test_london_has_33_local_authority_areas_with_their_gss_codes():
    boroughs = Place.objects.filter(level__key="borough")
    assert boroughs.count() == 33
    codes = set(boroughs.values_list("code", flat=True))
    assert codes == {f"E090000{n:02d}" for n in range(1, 34)}
    assert Place.objects.get(code="E09000001").name == "City of London"
    assert Place.objects.get(code="E09000012").parent.name == "North East London"


def test_london_has_five_stps_with_the_populations_of_seed_002():
    stps = {p.code: p for p in Place.objects.filter(level__key="stp")}
    assert set(stps) == {"QRV", "QMJ", "QMF", "QWE", "QKK"}
    assert stps["QRV"].population == 2_000_000
    assert stps["QMJ"].population == 1_400_000
    assert stps["QRV"].population_source.key == "seed-002"
    assert all(p.parent.code == "E12000007" for p in stps.values())


def test_london_has_32_ccgs_with_their_ods_codes():
    ccgs = Organisation.objects.filter(type="ccg")
    assert ccgs.count() == 32
    codes = set(ccgs.values_list("ods_code", flat=True))
    assert len(codes) == 32
    assert {"07M", "07T", "08Y", "09A", "08X"} <= codes
    assert Organisation.objects.get(ods_code="07T").serves.filter(code="E09000001").exists()


def test_borough_populations_stay_unknown_until_loaded_from_ons():
    assert not Place.objects.filter(level__key="borough", population__isnull=False).exists()


def test_multi_borough_areas_are_named_sets_of_boroughs():
    bhr = Place.objects.get(code="bhr")
    assert bhr.level.key == "multi_borough"
    assert set(bhr.comprises.values_list("name", flat=True)) == {
        "Barking and Dagenham",
        "Havering",
        "Redbridge",
    }


def test_the_five_devolution_pilots_of_seed_002():
    pilots = Partnership.objects.filter(kind="devolution_pilot")
    assert pilots.count() == 5
    assert all(p.source.key == "seed-002" for p in pilots)


def test_the_partnerships_the_issue_names_are_there():
    names = " | ".join(Partnership.objects.values_list("name", flat=True))
    for fragment in ("Barking", "Hackney", "Haringey and Islington", "WELC", "One Croydon"):
        assert fragment in names


def test_every_record_names_a_source_that_exists():
    keys = set(Source.objects.values_list("key", flat=True))
    for model in (Level, Place, Organisation, Partnership):
        assert set(model.objects.values_list("source__key", flat=True)) <= keys
    seeds = Source.objects.filter(kind="seed")
    assert seeds.count() == 5
    assert all(s.reference.startswith("seeds/") for s in seeds)


def test_the_gss_codes_match_the_reference_table():
    """The data set and shared/data/london-2017.md agree borough by borough."""
    from pathlib import Path

    reference = Path(__file__).resolve().parents[3] / "shared" / "data" / "london-2017.md"
    if not reference.exists():
        pytest.skip("shared/ is not beside the checkout")
    rows = [
        line.split("|")[1:3]
        for line in reference.read_text().splitlines()
        if line.startswith("| E09")
    ]
    expected = {code.strip(): name.strip() for code, name in rows}
    assert len(expected) == 33
    actual = dict(Place.objects.filter(level__key="borough").values_list("code", "name"))
    assert actual == expected


def test_loading_london_again_changes_nothing():
    events = AuditEvent.objects.count()
    report = dataset_load_file(path=LONDON_DATASET)
    assert not report.changed
    assert report.summary() == "Nothing to change: the data set is already loaded."
    assert AuditEvent.objects.count() == events


def _london() -> dict:
    return yaml.safe_load(LONDON_DATASET.read_text())


def test_a_changed_record_is_updated_and_audited_once():
    data = _london()
    org = next(o for o in data["organisations"] if o["key"] == "la-hackney")
    org["note"] = "A note added in a later version of the data set"
    events = AuditEvent.objects.count()
    report = dataset_load(data=data)
    assert report.updated == {"organisations": 1}
    assert AuditEvent.objects.count() == events + 1
    assert Organisation.objects.get(key="la-hackney").note.startswith("A note added")
    assert not dataset_load(data=data).changed


@pytest.mark.parametrize(
    ("break_it", "where", "message"),
    [
        (lambda d: d["places"][5].update(parent="NOPE"), "places[5]", "unknown parent 'NOPE'"),
        (
            lambda d: d["organisations"][0].update(type="quango"),
            "organisations[0]",
            "unknown organisation type 'quango'",
        ),
        (
            lambda d: d["partnerships"][0]["members"].append("ghost"),
            "partnerships[0]",
            "unknown organisation 'ghost'",
        ),
        (lambda d: d["places"][3].update(source="rumour"), "places[3]", "unknown source 'rumour'"),
        (
            lambda d: d["places"][2].update(population=5, population_source=None),
            "places[2]",
            "a population needs the source it comes from",
        ),
        (lambda d: d.pop("levels"), "levels", "the 'levels' list is missing"),
    ],
)
def test_a_bad_data_set_is_refused_whole_naming_each_problem(break_it, where, message):
    data = copy.deepcopy(_london())
    data["organisations"].append(
        {
            "key": "new-body",
            "name": "A new body",
            "type": "voluntary_sector",
            "source": "seed-001",
        }
    )
    break_it(data)
    with pytest.raises(InvalidInput) as caught:
        dataset_load(data=data)
    problems = [p.text() for p in caught.value.problems]
    assert any(where in p and message in p for p in problems), problems
    assert not Organisation.objects.filter(key="new-body").exists()


def test_a_value_the_model_refuses_rolls_back_everything_before_it():
    data = copy.deepcopy(_london())
    data["organisations"].insert(
        0,
        {
            "key": "aaa-first",
            "name": "Stored first",
            "type": "voluntary_sector",
            "source": "seed-001",
        },
    )
    data["organisations"].append(
        {
            "key": "zzz-bad",
            "name": "Bad code",
            "type": "ccg",
            "ods_code": "not an ods code",
            "source": "seed-001",
        }
    )
    with pytest.raises(InvalidInput) as caught:
        dataset_load(data=data)
    assert "zzz-bad" in caught.value.message and "ODS code" in caught.value.message
    assert not Organisation.objects.filter(key="aaa-first").exists()


def test_another_partnership_is_configured_as_data():
    data = {
        "sources": [{"key": "gm-register", "title": "A register", "kind": "register"}],
        "levels": [{"key": "borough", "name": "Borough", "rank": 2, "source": "gm-register"}],
        "places": [
            {
                "code": "E08000003",
                "scheme": "gss",
                "name": "Manchester",
                "level": "borough",
                "source": "gm-register",
            }
        ],
        "organisations": [
            {
                "key": "manchester-cc",
                "name": "Manchester City Council",
                "type": "local_authority",
                "gss_code": "E08000003",
                "serves": ["E08000003"],
                "source": "gm-register",
            }
        ],
        "partnerships": [
            {
                "key": "gm",
                "name": "Greater Manchester",
                "kind": "other",
                "footprint": ["E08000003"],
                "members": ["manchester-cc"],
                "source": "gm-register",
            }
        ],
    }
    report = dataset_load(data=data)
    assert report.created == {"organisations": 1, "partnerships": 1, "places": 1, "sources": 1}
    assert Partnership.objects.get(key="gm").members.get().name == "Manchester City Council"


def test_healthy_london_partnership_is_a_partnership_programme_not_nhs_england():
    """Seed 002: 'Supported by and delivering for' London's NHS organisations (NHS England
    among them), PHE and the Mayor; seed 003: 'NHSE and CCGs (through HLP)'."""
    hlp = Organisation.objects.get(key="healthy-london-partnership")
    assert hlp.type == "partnership_programme"
    assert hlp.get_type_display() == "Partnership programme"
    assert "NHS England" in hlp.description and "not a statutory body" in hlp.description
    nhs_england = Organisation.objects.filter(type="nhs_england")
    assert hlp not in nhs_england
    assert set(nhs_england.values_list("key", flat=True)) == {"nhs-england", "nhs-england-london"}
    page = Client().get("/organisations/?type=nhs_england").content.decode()
    assert "Healthy London Partnership" not in page
    detail = Client().get(reverse("partners:organisation-detail", args=[hlp.pk]))
    assert "Partnership programme" in detail.content.decode()
