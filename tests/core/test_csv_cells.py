"""The one cell rule for every CSV and XLSX file the system writes (QUALITY S5): formulas
kept as text, unwritable characters replaced visibly, numbers and dates kept as what they
are; headers frozen and filtered; no live formula anywhere."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from devolution.core.spreadsheets import (
    REPLACEMENT,
    Day,
    cell_text,
    cell_text_read,
    csv_bytes,
    csv_value,
    sheet_title,
    sheet_value,
    xlsx_book,
    xlsx_bytes,
    xlsx_sheet,
)


@pytest.mark.parametrize(
    "text, written",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-cmd", "'-cmd"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # an apostrophe already there is kept on the way back
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("08A", "08A"),
        ("", ""),
    ],
)
def test_a_formula_is_written_as_text_and_read_back_as_it_was(text, written):
    assert cell_text(text) == written
    assert cell_text_read(written) == text


@pytest.mark.parametrize(
    "text, written",
    [
        ("a\x01b", f"a{REPLACEMENT}b"),
        ("\x0bvertical tab", f"{REPLACEMENT}vertical tab"),
        ("form\x0cfeed", f"form{REPLACEMENT}feed"),
        ("nul\x00", f"nul{REPLACEMENT}"),
        ("del\x7f", f"del{REPLACEMENT}"),
        ("non\ufffe", f"non{REPLACEMENT}"),
        ("lone \ud800", f"lone {REPLACEMENT}"),
        ("tab\tand\nnewline\r", "tab\tand\nnewline\r"),  # these a spreadsheet holds
    ],
)
def test_a_character_no_spreadsheet_holds_is_replaced_visibly(text, written):
    assert cell_text(text) == written


def test_a_control_character_after_a_formula_start_leaves_it_text():
    assert cell_text("\x01=1") == f"{REPLACEMENT}=1"
    assert cell_text("=\x01") == f"'={REPLACEMENT}"


@pytest.mark.parametrize("number", [-1, 0, 3, -2.5, Decimal("-7.25")])
def test_a_real_number_stays_a_number_even_when_negative(number):
    assert sheet_value(number) == (number, None)
    assert csv_value(number) == str(number)


@pytest.mark.parametrize("text", ["-1", "0012", "08A", "1e5", "#N/A"])
def test_text_that_looks_like_a_number_or_an_error_stays_text(text):
    book = xlsx_book()
    xlsx_sheet(book, "S", ("value",), [(text,)])
    cell = load_workbook(io.BytesIO(xlsx_bytes(book)))["S"]["A2"]
    assert cell.data_type == "s"
    assert cell_text_read(cell.value) == text


def test_dates_are_dates_with_a_format_and_iso_in_a_csv():
    assert sheet_value(dt.date(2017, 5, 24)) == (dt.date(2017, 5, 24), "yyyy-mm-dd")
    assert sheet_value(Day(dt.date(2017, 6, 1), "month")) == (dt.date(2017, 6, 1), "mmmm yyyy")
    assert csv_value(dt.date(2017, 5, 24)) == "2017-05-24"
    assert csv_value(Day(dt.date(2017, 6, 1), "month")) == "2017-06"
    assert csv_value(Day(dt.date(2018, 1, 1), "year")) == "2018"
    assert str(Day(dt.date(2017, 5, 24))) == "24 May 2017"
    assert f"{Day(dt.date(2017, 6, 1), 'month')}" == "June 2017"


def test_a_day_copied_or_pickled_stays_a_day():
    import copy
    import pickle

    day = Day(dt.date(2017, 6, 1), "month")
    for copied in (copy.deepcopy(day), pickle.loads(pickle.dumps(day))):  # noqa: S301 (its own)
        assert isinstance(copied, Day)
        assert (copied, copied.date, copied.precision) == ("June 2017", day.date, "month")


HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "a\x01b\x0bc",
    ("=first line", "second"),
    -3,
    dt.date(2018, 5, 24),
]


def test_a_sheet_has_a_frozen_filtered_header_and_no_formula():
    book = xlsx_book("Title \x01")
    xlsx_sheet(book, "Hostile", ("What", "Value"), [(str(i), v) for i, v in enumerate(HOSTILE)])
    sheet = load_workbook(io.BytesIO(xlsx_bytes(book)))["Hostile"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:B{len(HOSTILE) + 1}"
    assert sheet["A1"].font.b
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type != "f" for c in cells)
    assert cells[-2].value == -3 and cells[-2].data_type == "n"
    assert cells[-1].is_date and cells[-1].value.date() == dt.date(2018, 5, 24)
    for cell in cells[:-2]:
        assert not str(cell.value).startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    assert cells[6].value == f"a{REPLACEMENT}b{REPLACEMENT}c"
    assert cells[7].value == "'=first line\nsecond"


@pytest.mark.parametrize(
    "title, name",
    [
        ("December 2015 / May 2017: compared", "December 2015 - May 2017- compa"),
        ("'Quoted'", "Quoted"),
        ("[*?]", "----"),
        ("", "Sheet"),
    ],
)
def test_a_sheet_name_is_one_a_workbook_takes(title, name):
    assert sheet_title(title) == name
    book = xlsx_book()
    xlsx_sheet(book, title, ("A",), [])
    xlsx_sheet(book, title, ("A",), [])  # the same name twice: the second is numbered
    first, second = load_workbook(io.BytesIO(xlsx_bytes(book))).sheetnames
    assert first == name
    assert second.endswith(" (2)") and len(second) <= 31


def test_a_csv_keeps_every_formula_as_text_and_numbers_as_numbers():
    content = csv_bytes(("value",), [(v,) for v in HOSTILE])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))[1:]
    values = [r[0] for r in rows]
    assert values[-2:] == ["-3", "2018-05-24"]
    for value in values[:-2]:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
