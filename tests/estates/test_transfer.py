"""The register's import and export: a good file imported whole, a bad one refused with
every problem by row and column and nothing stored, a second import changing nothing,
estates leads importing only their own organisation's sites, and an export that imports
again to no change."""

import io
import time

import pytest
from openpyxl import load_workbook

from devolution.core.errors import InvalidInput
from devolution.estates.models import Site, SiteEvent
from devolution.estates.transfer import export_csv, export_xlsx, sites_import

pytestmark = pytest.mark.django_db

HEADER = "ref,name,owner,latitude,longitude,utilisation,floor_area,status,shared_use\n"
GOOD = HEADER + (
    "HK-1,Hackney Health Centre,la-hackney,51.5450,-0.0553,32%,2000,operational,yes\n"
    "HK-2,Hackney Depot,la-hackney,,,0.9,500,surplus,no\n"
)


def imported(actor, partnership, text, name="register.csv"):
    return sites_import(actor=actor, partnership=partnership, content=text.encode(), filename=name)


def test_a_good_file_is_imported_whole_with_places_derived(secretariat, partnership):
    report = imported(secretariat, partnership, GOOD)
    assert report.created == ["HK-1", "HK-2"]
    site = Site.objects.get(ref="HK-1")
    assert site.borough.name == "Hackney" and site.stp == site.borough.parent
    assert str(site.utilisation) == "0.3200"
    assert site.shared_use is True
    assert SiteEvent.objects.filter(site=site, action="imported").count() == 1


def test_importing_the_same_file_again_changes_nothing(secretariat, partnership):
    imported(secretariat, partnership, GOOD)
    report = imported(secretariat, partnership, GOOD)
    assert report.created == [] and report.updated == [] and report.unchanged == 2
    assert report.summary().startswith("Nothing to change")
    assert SiteEvent.objects.count() == 2


def test_a_changed_row_updates_its_site_and_its_history(secretariat, partnership):
    imported(secretariat, partnership, GOOD)
    report = imported(secretariat, partnership, HEADER + "HK-2,,,,,,,for_disposal,\n")
    assert report.updated == ["HK-2"]
    site = Site.objects.get(ref="HK-2")
    assert site.status == "for_disposal" and site.name == "Hackney Depot"  # blank kept
    assert site.version == 2
    event = SiteEvent.objects.filter(site=site).order_by("-pk").first()
    assert event.changes == {"status": ["surplus", "for_disposal"]}


def test_a_bad_file_stores_nothing_and_names_every_problem_by_row_and_column(
    secretariat, partnership
):
    bad = HEADER + (
        "HK-1,Hackney Health Centre,la-hackney,51.5450,-0.0553,32%,2000,operational,yes\n"
        "HK-2,No owner,,,,,,,\n"
        "HK-3,Bad numbers,la-hackney,,,140%,lots,closed,maybe\n"
        "HK-1,Twice,la-hackney,,,,,,\n"
        "HK-4,Nowhere,no-such-org,51.5,,,,,\n"
    )
    with pytest.raises(InvalidInput) as refused:
        imported(secretariat, partnership, bad)
    found = {(p.row, p.field) for p in refused.value.problems}
    assert found == {
        (3, "owner"),
        (4, "utilisation"),
        (4, "floor_area"),
        (4, "status"),
        (4, "shared_use"),
        (5, "ref"),
        (6, "owner"),
    }
    messages = {(p.row, p.field): p.message for p in refused.value.problems}
    assert messages[(4, "floor_area")] == "'lots' is not a number"
    assert messages[(5, "ref")] == "the reference 'HK-1' is also on row 2"
    assert not Site.objects.exists()


def test_an_unknown_column_is_refused_before_any_row(secretariat, partnership):
    with pytest.raises(InvalidInput, match="'colour' is not a column the import knows"):
        imported(secretariat, partnership, "ref,colour\nHK-1,red\n")


def test_an_estates_lead_imports_only_their_own_organisations_sites(hackney_lead, partnership):
    text = GOOD + "CM-1,Camden Clinic,la-camden,,,,,,\n"
    with pytest.raises(InvalidInput) as refused:
        imported(hackney_lead, partnership, text)
    assert [(p.row, p.field) for p in refused.value.problems] == [(4, "owner")]
    assert "you keep only your own organisation's sites" in refused.value.problems[0].message
    assert not Site.objects.exists()
    assert imported(hackney_lead, partnership, GOOD).created == ["HK-1", "HK-2"]


def test_the_csv_export_imports_again_to_no_change(secretariat, partnership):
    imported(secretariat, partnership, GOOD)
    content = export_csv(Site.objects.select_related("owner", "borough", "stp"))
    report = sites_import(
        actor=secretariat, partnership=partnership, content=content, filename="out.csv"
    )
    assert report.unchanged == 2 and not report.created and not report.updated


def test_the_xlsx_export_imports_again_to_no_change_and_marks_demo_data(secretariat, partnership):
    imported(secretariat, partnership, GOOD)
    Site.objects.filter(ref="HK-2").update(is_demo=True)
    content = export_xlsx(Site.objects.select_related("owner", "borough", "stp"), demo=True)
    book = load_workbook(io.BytesIO(content))
    cells = [c.value for row in book["Sites"].iter_rows() for c in row]
    assert "Demo data, invented" in cells
    assert any("Demo data, invented" in str(c.value) for r in book["About"].iter_rows() for c in r)
    report = sites_import(
        actor=secretariat, partnership=partnership, content=content, filename="out.xlsx"
    )
    assert report.unchanged == 2


def test_a_register_of_thousands_imports_in_seconds(secretariat, partnership):
    rows = "".join(
        f"S-{i},Site {i},la-hackney,51.{5000 + i % 900},-0.{1000 + i % 800},0.{i % 90 + 10},"
        f"{100 + i},operational,no\n"
        for i in range(3000)
    )
    started = time.monotonic()
    report = imported(secretariat, partnership, HEADER + rows)
    assert len(report.created) == 3000
    assert time.monotonic() - started < 15


def test_whole_degrees_and_full_use_export_as_plain_numbers(secretariat, partnership):
    imported(
        secretariat,
        partnership,
        "ref,name,owner,latitude,longitude,utilisation\nX-1,Far,la-hackney,10,20,100%\n",
    )
    content = export_csv(Site.objects.select_related("owner", "borough", "stp")).decode()
    assert ",10,20," in content and ",1," in content
    assert "E+" not in content
