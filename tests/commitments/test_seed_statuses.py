"""What the seeds call done stays done: every milestone and commitment the London data set
records as complete is complete, dated as the seed dates it (or shown as "date not in the
sources"), and never shown or counted as overdue, blocked or stale, by the pages, the
reports and the API alike."""

import datetime as dt
import re
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
import yaml
from django.test import Client
from openpyxl import load_workbook

from devolution.commitments import reports, selectors
from devolution.commitments.models import Commitment, Milestone
from devolution.core.citations import plain_citations
from devolution.core.models import Source

pytestmark = pytest.mark.django_db

LONDON = Path(reports.__file__).parent / "data" / "london.yaml"
# Long after every date the seeds give: anything not done by then would be overdue.
LATER = dt.datetime(2019, 6, 1, 12, tzinfo=dt.UTC)


def complete_in_data() -> list[tuple[str, dict]]:
    data = yaml.safe_load(LONDON.read_text(encoding="utf-8"))
    return [
        (c["reference"], m)
        for c in data["commitments"]
        for m in c.get("milestones") or []
        if m.get("status") == "complete"
    ]


def complete_commitments_in_data() -> list[str]:
    data = yaml.safe_load(LONDON.read_text(encoding="utf-8"))
    return [c["reference"] for c in data["commitments"] if c.get("status") == "complete"]


def page_text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def later():
    with time_machine.travel(LATER, tick=False):
        yield


def test_the_seeds_complete_milestones_are_in_the_data():
    titles = {m["title"] for _, m in complete_in_data()}
    assert {
        "Delegation of primary care commissioning to London CCGs",  # seed 001
        "London Workforce Board met for the first time",  # seed 000, March 2017
        "London Estates Board established in an advisory form (phase 1)",  # seed 000
        "SPB moved from the 'strategic leadership' to the 'shadow decision-making' phase",
    } <= titles
    assert "S002-WF-1" in complete_commitments_in_data()


@pytest.mark.parametrize(("reference", "milestone"), complete_in_data(), ids=lambda v: str(v)[:40])
def test_a_milestone_the_seeds_call_complete_is_complete_with_its_date_and_never_overdue(
    later, reference, milestone
):
    stored = Milestone.objects.get(commitment__reference=reference, title=milestone["title"])
    assert stored.status == Milestone.Status.COMPLETE
    assert stored.is_complete
    assert stored.completed_on == milestone.get("completed_on")
    if milestone.get("completed_on"):
        assert stored.completed_precision == milestone.get("completed_precision", "day")

    api = Client().get(f"/api/commitments/{reference}").json()
    [row] = [m for m in api["milestones"] if m["title"] == milestone["title"]]
    assert (row["complete"], row["overdue"], row["status"]) == (True, False, "complete")

    flags = selectors.commitment_flags(
        selectors.commitment_list().get(reference=reference), LATER.date()
    )
    assert milestone["title"] not in {m.title for m in flags.overdue}

    page = Client().get(f"/commitments/{reference}/")
    row_html = re.search(
        r"<tr[^>]*>(?:(?!</tr>).)*"
        + re.escape(milestone["title"].replace("'", "&#39;"))
        + r"(?:(?!</tr>).)*</tr>",
        page.content.decode(),
        re.S,
    )
    assert row_html is not None, milestone["title"]
    cells = " ".join(unescape(re.sub(r"<[^>]+>", " ", row_html.group(0))).split())
    assert "Complete" in cells
    assert "Overdue" not in cells
    if milestone.get("completed_on") is None:
        assert "date not in the sources" in cells
    else:
        precision = milestone.get("completed_precision", "day")
        day = milestone["completed_on"]
        assert (f"{day:%B %Y}" if precision == "month" else f"{day.day} {day:%B %Y}") in cells


@pytest.mark.parametrize("reference", complete_commitments_in_data())
def test_a_commitment_the_seeds_call_complete_is_never_flagged(later, reference):
    commitment = selectors.commitment_list().get(reference=reference)
    assert commitment.status == Commitment.Status.COMPLETE
    flags = selectors.commitment_flags(commitment, LATER.date())
    assert (flags.blocked_by, flags.overdue, flags.stale) == ((), (), None)
    api = Client().get(f"/api/commitments/{reference}").json()
    assert api["flags"]["overdue_milestones"] == []
    assert not any(m["overdue"] for m in api["milestones"])


def test_complete_milestones_are_not_counted_overdue_on_the_dashboard_or_in_the_reports(later):
    complete = {m["title"] for _, m in complete_in_data()}
    page = page_text(Client().get(f"/commitments/dashboard/?as_at={LATER.date()}"))
    counted = int(re.search(r"\((\d+) milestones? in all\)", page).group(1))
    due_and_open = [
        m
        for m in Milestone.objects.all()
        if m.due is not None and not m.is_complete and m.commitment.status != "complete"
    ]
    assert counted == len(due_and_open)
    for slug in ("commitments-by-owner", "commitments-by-board"):
        response = Client().get(f"/reports/{slug}.xlsx?as_at={LATER.date()}")
        assert response.status_code == 200
        book = load_workbook(filename=BytesIO(response.content))
        cells = " ".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
        for title in complete:
            assert f"{title} (due" not in cells


def inferred_dues() -> list[tuple[str, dict]]:
    data = yaml.safe_load(LONDON.read_text(encoding="utf-8"))
    return [
        (c["reference"], m)
        for c in data["commitments"]
        for m in c.get("milestones") or []
        if m.get("due_inferred")
    ]


def test_a_due_date_the_data_set_infers_is_labelled_inferred_with_its_reasoning():
    inferred = inferred_dues()
    assert len(inferred) >= 10
    for reference, milestone in inferred:
        assert milestone["due_inferred_reason"], milestone["title"]
        api = Client().get(f"/api/commitments/{reference}").json()
        [row] = [m for m in api["milestones"] if m["title"] == milestone["title"]]
        # The reason as the data file gives it, its citations written out for a reader.
        titles = {
            key.removeprefix("seed-"): title
            for key, title in Source.objects.filter(key__startswith="seed-").values_list(
                "key", "title"
            )
        }
        reason = plain_citations(milestone["due_inferred_reason"], titles)
        assert "Seed" not in reason
        assert (row["due_inferred"], row["due_inferred_reason"]) == (True, reason)
        page = page_text(Client().get(f"/commitments/{reference}/"))
        assert f"Inferred Not stated in the sources: {reason}" in page
    stated = Milestone.objects.filter(due_inferred=False, due__isnull=False)
    assert stated.exists()
