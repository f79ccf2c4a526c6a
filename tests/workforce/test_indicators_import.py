"""The indicators' import: all or nothing, problems named by row and column, upserts by
organisation, staff group and period end, age columns as bands, and who may import what."""

import io
from decimal import Decimal

import openpyxl
import pytest

from devolution.core.errors import InvalidInput, NotAllowed
from devolution.workforce import transfer
from devolution.workforce.models import AgeShare, Indicator

pytestmark = pytest.mark.django_db

HEADER = (
    "organisation,staff_group,period_start,period_end,staff_in_post,vacancies,leavers,"
    "pay_bill,aged_under_25,aged_25_to_59,aged_60_and_over\n"
)
GOOD = HEADER + (
    "R1H,,2017-04-01,2017-06-30,900,100,27,40000000,10,70,20\n"
    "trust-royal-free,Nurses,2017-04-01,2017-06-30,400,,,,,,\n"
)


def run(person, text, name="indicators.csv"):
    return transfer.indicators_import(actor=person, content=text.encode(), filename=name)


def problems(exc):
    return [transfer.problem_text(p) for p in exc.value.problems]


def test_good_file_is_imported_with_ages_and_again_changes_nothing(secretariat):
    before = Indicator.objects.count()
    report = run(secretariat, GOOD)
    assert (report.created, report.updated) == (2, 0)
    barts = Indicator.objects.get(organisation__key="trust-barts-health", staff_group="")
    assert barts.staff_in_post == Decimal("900.00") and barts.pay_bill == 40_000_000
    bands = {(a.from_age, a.to_age): a.share for a in barts.ages.all()}
    assert bands == {(None, 24): 10, (25, 59): 70, (60, None): 20}
    nurses = Indicator.objects.get(organisation__key="trust-royal-free", staff_group="Nurses")
    assert nurses.vacancies is None  # a blank cell stays unknown
    again = run(secretariat, GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Indicator.objects.count() == before + 2


def test_a_changed_row_updates_the_same_record(secretariat):
    run(secretariat, GOOD)
    report = run(secretariat, HEADER + "R1H,,2017-04-01,2017-06-30,950,100,27,,,,\n")
    assert report.updated == 1
    assert Indicator.objects.get(organisation__key="trust-barts-health").staff_in_post == 950


def test_one_bad_row_stores_nothing_and_names_row_and_column(secretariat):
    before = (Indicator.objects.count(), AgeShare.objects.count())
    bad = GOOD + "R1H,,2017-07-01,2017-09-30,lots,1,1,,,,\nNOPE,,2017-07-01,2017-09-30,1,1,1,,,,\n"
    with pytest.raises(InvalidInput) as exc:
        run(secretariat, bad)
    texts = problems(exc)
    assert "Row 4, column 'staff_in_post': 'lots' is not a number" in texts
    assert any(t.startswith("Row 5, column 'organisation'") for t in texts)
    assert (Indicator.objects.count(), AgeShare.objects.count()) == before


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("R1H,,2017-07-01,,1,1,1,,,,", "period_end", "last day of the period"),
        ("R1H,,2017-09-01,2017-07-01,1,1,1,,,,", "period_start", "starts after it ends"),
        ("R1H,,2017-07-01,30/09/2017,1,1,1,,,,", "period_end", "YYYY-MM-DD"),
        ("R1H,,2017-07-01,2017-09-30,-1,1,1,,,,", "staff_in_post", "below nought"),
        ("R1H,,2017-07-01,2017-09-30,1,1,1,1.5,,,", "pay_bill", "whole number"),
        ("R1H,,2017-07-01,2017-09-30,1,1,1,,50,40,30", "aged", "more than 100%"),
        ("R1H,,2017-07-01,2017-09-30,1,1,1,,101,,", "aged_under_25", "0 to 100"),
    ],
)
def test_bad_cells_are_named(secretariat, row, column, words):
    with pytest.raises(InvalidInput) as exc:
        run(secretariat, HEADER + row + "\n")
    [text] = problems(exc)
    assert text.startswith(f"Row 2, column '{column}'") and words in text


def test_the_same_key_twice_is_refused(secretariat):
    row = "R1H,,2017-04-01,2017-06-30,1,1,1,,,,\n"
    with pytest.raises(InvalidInput) as exc:
        run(secretariat, HEADER + row + row)
    assert "also on row 2" in problems(exc)[0]


def test_unknown_columns_are_refused_with_their_name(secretariat):
    with pytest.raises(InvalidInput) as exc:
        run(secretariat, "organisation,period_end,headcount,aged_sixty\nR1H,2017-06-30,1,2\n")
    texts = problems(exc)
    assert any("'headcount' is not a column the import knows" in t for t in texts)
    assert any("'aged_sixty' is not an age column" in t for t in texts)


def test_a_place_by_gss_code(secretariat):
    report = run(
        secretariat, "place,staff_group,period_end,vacancy_rate\nE09000012,GPs,2017-03-31,11%\n"
    )
    assert report.created == 1
    row = Indicator.objects.get(place__code="E09000012")
    assert row.vacancy_rate == Decimal("11.00") and row.organisation is None


def test_a_member_imports_their_own_organisations_rows(barts_member):
    report = run(barts_member, HEADER + "R1H,,2017-04-01,2017-06-30,900,100,27,,,,\n")
    assert report.created == 1


def test_a_member_importing_another_organisations_row_is_refused_naming_it(barts_member):
    before = Indicator.objects.count()
    with pytest.raises(InvalidInput) as exc:
        run(barts_member, GOOD)
    [text] = problems(exc)
    assert text.startswith("Row 3, column 'organisation'") and "Royal Free" in text
    assert Indicator.objects.count() == before  # Barts' own good row is not stored either


def test_a_member_may_not_import_a_places_figures(barts_member):
    with pytest.raises(InvalidInput) as exc:
        run(barts_member, "place,period_end,vacancy_rate\nE09000012,2017-03-31,11\n")
    assert "only the secretariat" in problems(exc)[0]


def test_read_only_and_signed_out_may_not_import(barts_reader):
    with pytest.raises(NotAllowed):
        run(barts_reader, GOOD)
    with pytest.raises(NotAllowed):
        run(None, GOOD)


def test_xlsx_import_and_export_round_trip(secretariat):
    run(secretariat, GOOD)
    rows = Indicator.objects.filter(organisation__isnull=False).prefetch_related("ages")
    content = transfer.export_xlsx(rows, demo=False)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Indicators"]
    header = [c.value for c in sheet[1]]
    assert "aged_60_and_over" in header and "pay_bill" in header
    Indicator.objects.filter(organisation__isnull=False).update(staff_in_post=1)
    # The export (without its source columns) imports back.
    book = openpyxl.load_workbook(io.BytesIO(content))
    ws = book["Indicators"]
    for name in ("demo", "quote", "source"):
        ws.delete_cols(header.index(name) + 1)
    out = io.BytesIO()
    book.save(out)
    report = transfer.indicators_import(
        actor=secretariat, content=out.getvalue(), filename="x.xlsx"
    )
    assert report.updated == 2
    assert Indicator.objects.get(organisation__key="trust-barts-health").staff_in_post == 900


def test_template_names_every_column():
    header = transfer.template_csv().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("organisation,place,staff_group,period_start,period_end")
    assert "aged_60_and_over" in header
