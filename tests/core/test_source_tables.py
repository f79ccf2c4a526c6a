"""The seeds' own tables, loaded as data and shown as page, PDF and spreadsheet: seed 000's
"Progressing governance" and "Further governance progression", seed 001's devolution
spectrum with its definitions, seed 004's opportunities (§5) and conflicts of interest
(§7), and the MoU's pledges as the seeds state them, against the commitments held."""

import re
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from devolution.commitments.models import Commitment
from devolution.core.dataset import SOURCE_TABLES
from devolution.core.errors import InvalidInput
from devolution.core.loading import DataFile, load_data
from devolution.core.models import SourceTable, SourceTableRow
from tests.commitments.test_reports import RESPONSIVE_HEADING, tables, text
from tests.seeds import SEEDS

PACKAGE = Path(__file__).resolve().parents[2] / "devolution"
FILES = {
    "governance/data/progression.yaml": (
        "progressing-governance",
        "further-governance-progression",
    ),
    "governance/data/spectrum.yaml": ("devolution-spectrum",),
    "commitments/data/opportunities.yaml": ("spb-opportunities",),
    "meetings/data/conflicts_of_interest.yaml": ("spb-conflicts-of-interest",),
    "commitments/data/pledges.yaml": ("mou-pledges",),
}
# Each report: its page, the tables it shows, and its PDF and spreadsheet.
REPORTS = {
    "/reports/progressing-governance/": (
        "progressing-governance",
        "further-governance-progression",
    ),
    "/reports/devolution-spectrum/": ("devolution-spectrum",),
    "/reports/opportunities/": ("spb-opportunities",),
    "/reports/conflicts-of-interest/": ("spb-conflicts-of-interest",),
    "/reports/mou-pledges/": ("mou-pledges",),
}


def data(name: str) -> dict:
    return yaml.safe_load((PACKAGE / name).read_text(encoding="utf-8"))


def yaml_tables() -> dict[str, dict]:
    return {t["key"]: t for name in FILES for t in data(name)["source_tables"]}


def lines(cell) -> list[str]:
    if cell is None:
        return []
    return [cell] if isinstance(cell, str) else list(cell)


def squash(words: str) -> str:
    """Words without their whitespace, emphasis and tags: the seeds' extraction spaces
    words around inline tags ("London ." for "London.") and marks bold with asterisks."""
    words = unescape(re.sub(r"<[^>]+>", "", words)).replace("*", "")
    return re.sub(r"\s+", "", words)


def seed_text(source_key: str) -> str:
    """The seed a source key cites, by the reference the partners data set gives it."""
    sources = {s["key"]: s for s in data("partners/data/london.yaml")["sources"]}
    path = SEEDS.parent / sources[source_key]["reference"]
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------- the data, against the seeds


def quoted_cells():
    for key, table in yaml_tables().items():
        yield pytest.param(table["source"], table["title"], id=f"{key}-title")
        for row in table["rows"]:
            for n, cell in enumerate(row["cells"]):
                for m, line in enumerate(lines(cell)):
                    yield pytest.param(row["source"], line, id=f"{key}-{row['key']}-{n}-{m}")


@pytest.mark.parametrize(("source", "quoted"), list(quoted_cells()))
def test_every_quoted_cell_is_verbatim_in_the_seed_its_row_cites(source, quoted):
    assert squash(quoted) in squash(seed_text(source))


def test_every_row_cites_a_seed_and_where_in_it():
    for table in yaml_tables().values():
        assert table["source"].startswith("seed-") and table["location"]
        for row in table["rows"]:
            assert row["source"].startswith("seed-"), row["key"]
            where = row["location"]
            assert re.search(r"slide|section|paragraph|footnote|page", where), where


def test_seed_000s_tables_have_the_seeds_rows_and_columns():
    got = yaml_tables()
    further = got["further-governance-progression"]
    assert further["columns"][1:] == ["Progress", "Challenges facing further implementation"]
    assert [r["cells"][0] for r in further["rows"]] == ["1", "2", "3", "4", "5", "6"]
    # The seed's six rows, each line of the table in seed 000 a row of the data.
    seed = seed_text("seed-000")
    numbered = [line.split("\t") for line in seed.splitlines() if re.match(r"^\d\t", line)]
    assert len(numbered) == 6
    for row, cells in zip(further["rows"], numbered, strict=True):
        assert [squash(c) for c in row["cells"]] == [squash(c) for c in cells]
    progressing = got["progressing-governance"]
    assert progressing["columns"][1:] == ["December 2015", "May 2017"]
    assert [r["cells"][0] for r in progressing["rows"]] == ["Local and sub-regional", "London"]
    assert (
        len(progressing["rows"][0]["cells"][2]) == 6
        and len(progressing["rows"][1]["cells"][2]) == 6
    )


def test_the_spectrum_has_the_seeds_four_models_each_with_its_definition():
    spectrum = yaml_tables()["devolution-spectrum"]
    assert spectrum["columns"] == ["Model", "Definition", "Governance devolution criteria"]
    seed = seed_text("seed-001")
    part = seed[seed.index("NHS England 'devolution spectrum'") :].split("\n\n")[1]
    seed_rows = [line.split("\t") for line in part.splitlines()[1:]]
    assert len(seed_rows) == len(spectrum["rows"]) == 4
    for row, cells in zip(spectrum["rows"], seed_rows, strict=True):
        # Every cell, its bullets run together, is the seed's cell, nothing added or left out.
        assert squash("".join(lines(row["cells"][0]))) == squash(cells[0])
        assert squash("".join(lines(row["cells"][1]))) == squash(cells[1].replace("•", ""))
        assert squash("".join(lines(row["cells"][2]))) == squash(cells[2].replace("•", ""))


def test_the_opportunities_are_seed_004s_paragraphs_5_3_to_5_19():
    rows = yaml_tables()["spb-opportunities"]["rows"]
    assert [r["cells"][0] for r in rows] == [f"5.{n}" for n in range(3, 20)]
    themes = ["Transformation funding", "Integration", "Prevention", "Estates", "Workforce"]
    themes += ["Digital", "Wider areas"]
    assert {r["cells"][1] for r in rows} == set(themes)
    seed = seed_text("seed-004")
    section = seed[seed.index("5.3. ") : seed.index("5.20.")]
    # The seed's paragraphs and bullets, without their numbers and theme headings: every
    # word of §5.3 to §5.19 is in the data, in order, nothing added and nothing left out.
    kept = [
        re.sub(r"^\s*-?\s*(5\.\d+\.)?\s*", "", line)
        for line in section.splitlines()
        if line.strip() not in themes
    ]
    got = "".join(squash("".join(lines(r["cells"][2]))) for r in rows)
    assert got == squash("".join(kept))


def test_the_conflicts_of_interest_are_seed_004s_section_7_whole():
    rows = yaml_tables()["spb-conflicts-of-interest"]["rows"]
    assert [r["cells"][0] for r in rows] == ["7.1", "7.2", "7.3", "7.4", "¹", "7.5"]
    seed = seed_text("seed-004")
    section = seed[seed.index("7.1. ") : seed.index("8. Conclusion")]
    want = squash(re.sub(r"7\.\d\. |\n- ", "", section))
    got = "".join(squash("".join(lines(r["cells"][1]))) for r in rows if r["key"] != "footnote-1")
    assert got == want


def test_the_pledges_are_counted_as_seed_002_states_them():
    pledges = data("commitments/data/pledges.yaml")
    value = pledges["parameters"][0]["values"][0]
    assert value["value"] == 54
    assert squash(value["quote"]) in squash(seed_text(value["source"]))
    assert "54" in value["quote"]


# --------------------------------------------------------------------------- the loader


@pytest.mark.django_db
def test_london_holds_every_seed_table_with_its_rows():
    for key, table in yaml_tables().items():
        stored = SourceTable.objects.get(key=key)
        assert stored.columns == table["columns"]
        assert stored.source.key == table["source"]
        rows = list(stored.rows.order_by("order"))
        assert [r.key for r in rows] == [str(r["key"]) for r in table["rows"]]
        assert [r.cells for r in rows] == [r["cells"] for r in table["rows"]]
        assert all(r.location for r in rows)


def _one_table(cells) -> dict:
    return {
        "source_tables": [
            {
                "key": "a-test-table",
                "title": "A test table",
                "columns": ["One", "Two"],
                "source": "seed-000",
                "location": "slide “Test”",
                "rows": [
                    {
                        "key": "1",
                        "source": "seed-000",
                        "location": "row 1",
                        "cells": ["a", ["b", "c"]],
                    },
                    {"key": "2", "source": "seed-000", "location": "row 2", "cells": cells},
                ],
            }
        ]
    }


DECLARED = DataFile(PACKAGE / "test_table.yaml", models=(SOURCE_TABLES,))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cells", "where", "message"),
    [
        (["only one"], "rows[1] (2).cells", "has 1 cells but the table has 2 columns (One, Two)"),
        (
            ["a", {"b": 1}],
            "rows[1] (2).cells[1]",
            "must be a text, a list of texts (lines) or null",
        ),
        (["a", [1, 2]], "rows[1] (2).cells[1]", "must be a text, a list of texts (lines) or null"),
        ("a b", "rows[1] (2).cells", "must be a list"),
    ],
)
def test_a_wrong_row_is_refused_naming_it_and_nothing_is_stored(cells, where, message):
    with pytest.raises(InvalidInput) as refused:
        load_data(DECLARED, _one_table(cells))
    problems = [(p.field, p.message) for p in refused.value.problems]
    assert any(where in f and message in m for f, m in problems), problems
    assert not SourceTable.objects.filter(key="a-test-table").exists()
    assert not SourceTableRow.objects.filter(table__key="a-test-table").exists()


@pytest.mark.django_db
def test_loading_a_table_twice_changes_nothing_the_second_time():
    first = load_data(DECLARED, _one_table(["d", None]))
    assert first.changed
    second = load_data(DECLARED, _one_table(["d", None]))
    assert not second.changed
    assert SourceTableRow.objects.filter(table__key="a-test-table").count() == 2


# ----------------------------------------------------------------- page, PDF, spreadsheet


def page_lines(found: dict) -> list[list[str]]:
    """A page table's rows, each cell's lines run together, without whitespace."""
    return [[squash("".join(cell)) for cell in row] for row in found["rows"]]


def expected_rows(key: str) -> list[list[str]]:
    return [[squash("".join(lines(c))) for c in r["cells"]] for r in yaml_tables()[key]["rows"]]


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(REPORTS))
def test_each_report_page_shows_its_tables_rows_cell_by_cell_with_their_citation(url):
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    shown = tables(html)
    for key in REPORTS[url]:
        table = yaml_tables()[key]
        caption = next(c for c in shown if c.startswith(table["title"]))
        found = shown[caption]
        assert found["head"] == [*table["columns"], "Where in the source"]
        assert [row[:-1] for row in page_lines(found)] == expected_rows(key)
        # The last column cites each row: its paper by title, issuer and date, and where in
        # it (never the paper's file name or number).
        titles = {s["key"]: s["title"] for s in data("partners/data/london.yaml")["sources"]}
        cited = [" ".join(row[-1]) for row in found["rows"]]
        assert cited == [f"{titles[r['source']]}, {r['location']}" for r in table["rows"]]
        assert not any("seed" in c.lower() for c in cited)
    assert url.rstrip("/") + ".pdf" in html and url.rstrip("/") + ".xlsx" in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(REPORTS))
def test_each_report_pdf_holds_every_cell_of_its_tables(url):
    response = Client().get(url.rstrip("/") + ".pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    # pypdf breaks lines where the PDF does, and may hyphenate: compare without them.
    words = squash("".join(page.extract_text() for page in reader.pages)).replace("-", "")
    for key in REPORTS[url]:
        for row in expected_rows(key):
            for cell in row:
                assert cell.replace("-", "") in words, cell[:60]


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(REPORTS))
def test_each_report_spreadsheet_has_a_sheet_per_table_with_its_rows(url):
    response = Client().get(url.rstrip("/") + ".xlsx")
    book = load_workbook(BytesIO(response.content))
    for key in REPORTS[url]:
        table = yaml_tables()[key]
        sheet = book[key[:31]]
        rows = list(sheet.iter_rows(values_only=True))
        labelled = len(REPORTS[url]) > 1
        header = list(rows[0][1:] if labelled else rows[0])
        assert header == [*table["columns"], "Where in the source"]
        body = [list(r[1:] if labelled else r) for r in rows[1:]]
        assert [[squash(str(c or "")) for c in r[:-1]] for r in body] == expected_rows(key)
        # A cell's lines are the spreadsheet cell's lines.
        for got, want in zip(body, table["rows"], strict=True):
            for cell, cell_want in zip(got, want["cells"], strict=False):
                if isinstance(cell_want, list):
                    assert cell.split("\n") == cell_want
        titles = {s["key"]: s["title"] for s in data("partners/data/london.yaml")["sources"]}
        assert [r[-1] for r in body] == [
            f"{titles[r['source']]}, {r['location']}" for r in table["rows"]
        ]


@pytest.mark.django_db
def test_the_pledges_report_sets_the_commitments_held_against_the_54_pledges():
    held = Commitment.objects.count()
    assert held > 0
    html = Client().get("/reports/mou-pledges/").content.decode()
    page = text(html)
    assert f"{held}, against the 54 pledges" in page
    assert "Complex toolbox \N{EN DASH} 54 clear pledges" in page
    by_theme = tables(html)["Commitments in this data set, by MoU theme"]["rows"]
    assert by_theme[-1] == [["All themes"], [str(held)]]
    assert sum(int(r[1][0]) for r in by_theme[:-1]) == held
    by_seed = tables(html)["Commitments in this data set, by the paper they come from"]["rows"]
    assert sum(int(r[1][0]) for r in by_seed[:-1]) == held
    # A commitment more in the data set is one more in the count.
    Commitment.objects.create(
        reference="T-EXTRA", text="Test", source=Commitment.objects.first().source
    )
    again = text(Client().get("/reports/mou-pledges/").content.decode())
    assert f"{held + 1}, against the 54 pledges" in again
    book = load_workbook(BytesIO(Client().get("/reports/mou-pledges.xlsx").content))
    facts = {r[0]: r[1] for r in book["Sources"].iter_rows(values_only=True) if r and r[0]}
    assert facts["Pledges in the MoU"] == (
        "54 (Delivering the Devolution MoU \N{EN DASH} The Opportunity for London (Croydon "
        "Health and Wellbeing Board, 7 February 2018))"
    )
    assert facts["Commitments in this data set"] == f"{held + 1}, against the 54 pledges"
    pdf = PdfReader(BytesIO(Client().get("/reports/mou-pledges.pdf").content))
    assert "54 clear pledges" in " ".join(p.extract_text() for p in pdf.pages)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("/boards/", "/reports/progressing-governance/"),
        ("/governance/rules/", "/reports/devolution-spectrum/"),
        ("/boards/spb/work-programme/", "/reports/opportunities/"),
        ("/public/conflicts/", "/reports/conflicts-of-interest/"),
        ("/commitments/", "/reports/mou-pledges/"),
    ],
)
def test_each_report_is_linked_from_where_people_look(page, link):
    assert f'href="{link}"' in Client().get(page).content.decode()


def test_the_opportunities_table_and_the_commitments_data_name_the_same_paragraphs():
    """commitments/data/london.yaml keeps the same paragraphs for its work items to name
    (opportunities: [S004-5.10]): the two say the same, and every name is a row here."""
    london = data("commitments/data/london.yaml")
    rows = {r["key"]: r for r in yaml_tables()["spb-opportunities"]["rows"]}
    kept = {o["reference"]: o for o in london["opportunities"]}
    assert list(kept) == list(rows)
    for reference, opportunity in kept.items():
        cells = rows[reference]["cells"]
        assert cells[1] == opportunity["area"]
        assert lines(cells[2]) == [opportunity["text"], *opportunity["details"]]
    named: set[str] = set()

    def collect(part) -> None:
        if isinstance(part, dict):
            named.update(part.get("opportunities") or [])
            for value in part.values():
                collect(value)
        elif isinstance(part, list):
            for value in part:
                collect(value)

    collect(london["work_programme"])
    assert named and named <= set(rows)


def test_another_partnerships_file_loads_its_tables_and_parameters_once():
    from devolution.core.dataset import PARAMETERS
    from devolution.core.loading import declared_for

    declared = declared_for(Path("elsewhere.yaml"), {"source_tables": [], "parameters": []})
    assert sorted(m.section for m in declared.models) == ["parameters", "source_tables"]
    assert {id(m) for m in declared.models} == {id(PARAMETERS), id(SOURCE_TABLES)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "first"),
    [
        ("/reports/progressing-governance/", "Local and sub-regional"),
        ("/reports/devolution-spectrum/", "Co-commissioning or joint decision-making"),
        ("/reports/opportunities/", "5.3"),
        ("/reports/conflicts-of-interest/", "7.1"),
    ],
)
def test_the_first_cell_of_each_row_heads_its_row(url, first):
    html = RESPONSIVE_HEADING.sub("", Client().get(url).content.decode())
    assert re.search(rf'<th scope="row"[^>]*>\s*{re.escape(first)}\s*</th>', html)


@pytest.mark.django_db
def test_on_a_narrow_screen_each_cell_names_its_column():
    """The page's tables are NHS.UK responsive tables: on a phone each row is a card whose
    cells repeat their column's name (hidden from screen readers, which read the header)."""
    html = Client().get("/reports/devolution-spectrum/").content.decode()
    assert '<table class="nhsuk-table-responsive">' in html
    rows = len(yaml_tables()["devolution-spectrum"]["rows"])
    heading = '<span class="nhsuk-table-responsive__heading" aria-hidden="true">{} </span>'
    assert html.count(heading.format("Where in the source")) == rows
    assert html.count(heading.format("Definition")) == rows


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(REPORTS))
def test_each_report_names_its_papers_by_title_not_by_file_or_number(url):
    """A reader follows a citation by the paper's title, issuer and date: a seed's file
    name or number ("seed 004") means nothing to them, on the page or in the PDF."""
    page = text(Client().get(url).content.decode())
    pdf = PdfReader(BytesIO(Client().get(url.rstrip("/") + ".pdf").content))
    words = " ".join(p.extract_text() for p in pdf.pages)
    for shown in (page, words):
        assert not re.search(r"\bseeds?[ /_-]*\d{3}", shown, re.IGNORECASE), url
        assert "§" not in shown, url
        assert ".txt" not in shown and ".yaml" not in shown
