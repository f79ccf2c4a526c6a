"""CSV exports keep formulas out (QUALITY S5): one rule for every export and import."""

import pytest

from devolution.core.reports import csv_cell, csv_cell_read


@pytest.mark.parametrize(
    "text, written",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'=1", "''=1"),  # an apostrophe already there is kept on the way back
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_a_formula_is_written_as_text_and_read_back_as_it_was(text, written):
    assert csv_cell(text) == written
    assert csv_cell_read(written) == text
