"""The sentence every register's import page shows (core.imports)."""

from devolution.core.imports import KeyedImport, import_summary


class Sites(KeyedImport):
    THINGS = "Sites"
    EVERY = "every site in {filename} is already recorded as it says"


def test_an_import_names_its_rows_and_only_the_counts_it_has():
    report = Sites("sites.csv", rows=1_200, created=["A"] * 1_150, unchanged=50)
    assert (
        report.summary() == "Imported sites.csv (1,200 rows). Sites: 1,150 created, 50 unchanged."
    )
    one = import_summary("x.csv", 1, (0, 1, 0), "Returns", "-")
    assert one == "Imported x.csv (1 row). Returns: 1 updated."


def test_an_import_with_nothing_to_change_or_no_rows_says_so():
    assert Sites("s.csv", rows=2, unchanged=2).summary() == (
        "Nothing to change: every site in s.csv is already recorded as it says."
    )
    assert Sites("s.csv").summary() == "s.csv has no rows below its header: nothing to import."
