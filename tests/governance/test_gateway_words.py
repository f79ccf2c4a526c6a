"""A gateway criterion's status as the source words it, beside the normalised status the
gateway reads; and a status the data set only infers, labelled so and never shown as met."""

import re
from html import unescape
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from devolution.governance.models import GatewayCriterion
from tests.seeds import SEEDS

pytestmark = pytest.mark.django_db


def seed(number: str) -> str:
    found = sorted(SEEDS.glob(f"{number}_*.txt"))
    if not found:
        pytest.skip(f"seed {number} is not in {SEEDS}")
    return found[0].read_text(encoding="utf-8")


RESPONSIVE_HEADING = re.compile(r'<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*</span>')


def page_rows(html: str, caption: str) -> list[list[str]]:
    table = re.search(
        r"<table[^>]*>\s*<caption[^>]*>\s*" + re.escape(caption) + r".*?</table>",
        RESPONSIVE_HEADING.sub("", html),
        re.S,
    )
    assert table is not None, caption
    return [
        [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S)
        if "<td" in row
    ]


def test_each_spb_criterion_status_is_seed_004s_own_words_from_its_table():
    """Seed 004 §6.1's table: 'criterion<TAB>status' on each row."""
    table = seed("004").split("Criteria\tStatus", 1)[1].split("6.2.", 1)[0]
    in_seed = {
        line.split("\t")[0].strip(): line.split("\t")[1].strip()
        for line in table.strip().splitlines()
        if "\t" in line
    }
    criteria = GatewayCriterion.objects.filter(
        phase__model__key="spb", phase__key="decision_making"
    )
    assert len(in_seed) == criteria.count() == 6
    for c in criteria:
        assert c.status_text == in_seed[c.text], c.key


def test_the_gateway_report_shows_the_seeds_words_beside_the_normalised_status():
    html = Client().get("/reports/gateway/spb/").content.decode()
    rows = page_rows(html, "Gateway criteria for SPB to enter Decision-making")
    words = [r[2] for r in rows]
    assert words == list(
        GatewayCriterion.objects.filter(
            phase__model__key="spb", phase__key="decision_making"
        ).values_list("status_text", flat=True)
    )
    assert "Representatives in place. Delegations not yet made." in words
    assert [r[3] for r in rows].count("Ongoing") == 4


def test_an_inferred_criterion_is_labelled_with_its_reasoning_and_never_shown_as_met():
    inferred = GatewayCriterion.objects.filter(inferred=True)
    assert inferred.exists()
    html = Client().get("/reports/gateway/leb/").content.decode()
    [row] = page_rows(html, "Gateway criteria for LEB to enter Phase 2 (strategic functions)")
    assert row[2] == "The sources give none"
    assert row[3] == "Inferred, not stated in the sources"
    assert row[6].startswith("Inferred: The MoU was signed on 16 November 2017")
    assert "Met" not in row
    page = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "0 of 1 criteria met" in page
    assert "The status of 1 is inferred by this data set" in page

    book = load_workbook(BytesIO(Client().get("/reports/gateway/leb.xlsx").content))
    [sheet_row] = list(book["Gateway criteria"].iter_rows(min_row=2, values_only=True))
    assert sheet_row[3] == "Inferred, not stated in the sources"

    board = Client().get("/boards/leb/").content.decode()
    for c in inferred:
        cell = re.search(re.escape(c.text) + r".*?</tr>", board, re.S)
        assert cell is not None
        shown = " ".join(unescape(re.sub(r"<[^>]+>", " ", cell.group(0))).split())
        assert "Inferred Not stated in the sources:" in shown
        assert c.inferred_reason in shown
        assert ">Met<" not in cell.group(0)

    api = Client().get("/api/boards/leb").json()
    phases = {p["key"]: p for p in api["phases"]}
    [criterion] = phases["phase_2"]["criteria"]
    assert criterion["inferred"] is True
    assert criterion["inferred_reason"].startswith("The MoU was signed")


def test_what_the_data_set_infers_of_a_board_or_arrangement_is_labelled_with_its_reasoning():
    from devolution.governance.models import Arrangement, Board

    boards = [b for b in Board.objects.all() if b.inferred]
    assert {"ledu-steering-group", "digital-board", "dpb", "haringey-jet"} <= {
        b.key for b in boards
    }
    for board in boards:
        page = " ".join(
            unescape(
                re.sub(r"<[^>]+>", " ", Client().get(f"/boards/{board.key}/").content.decode())
            ).split()
        )
        for reason in (i["reason"] for i in board.inferred):
            assert f"Inferred Not stated in the sources: {reason}" in page, board.key
    arrangement = Arrangement.objects.get(key="capital-business-cases-leb-advisory")
    assert {i["field"] for i in arrangement.inferred} == {"form", "spectrum_step"}
    functions = " ".join(
        unescape(re.sub(r"<[^>]+>", " ", Client().get("/functions/").content.decode())).split()
    )
    for reason in (i["reason"] for i in arrangement.inferred):
        assert f"Inferred Not stated in the sources: {reason}" in functions
