# ruff: noqa: RUF001
"""Citations a person can follow, written out by the loader from the data files'
shorthand (core.citations): no database."""

import pytest

from devolution.core.citations import cited_papers, plain_citations, short_title

TITLES = {
    "000": "Delivering London devolution: Overview of progress against MoU themes "
    "(Strategic Partnership Board, 24 May 2017)",
    "001": "Integration: Technical pack (December 2017)",
    "004": "Progression of the London Health and Care Strategic Partnership Board "
    "(Strategic Partnership Board, 22 March 2018)",
}
SPB_2018 = "the Strategic Partnership Board paper of 22 March 2018"
PACK = "“Integration: Technical pack” (December 2017)"


@pytest.mark.parametrize(
    ("shorthand", "plain"),
    [
        (
            "kept by the secretariat (seed 004 §7).",
            f"kept by the secretariat (section 7 of {SPB_2018}).",
        ),
        ("Seed 004 §5.7-5.8: the board", f"Paragraphs 5.7–5.8 of {SPB_2018}: the board"),
        ("(seed 004 paragraph 5.3)", f"(paragraph 5.3 of {SPB_2018})"),
        ("Seed 004 Annex A plans meetings", f"Annex A of {SPB_2018} plans meetings"),
        ("(seeds 001, 004)", f"({PACK} and {SPB_2018})"),
        ("seed 001 proposes", f"{PACK} proposes"),
        ("Seed 000's table", "The Strategic Partnership Board paper of 24 May 2017’s table"),
        ("Footnote to §7.4.", "Footnote to paragraph 7.4."),
        ("not in the seeds; the seed says", "not in the source papers; the source paper says"),
        ("is SPEC §9, not the seed", "is the system’s design, not the source paper"),
        ("section 75 of the NHS Act 2006 (s.75)", "section 75 of the NHS Act 2006 (s.75)"),
        ("seed 009 is not known", "seed 009 is not known"),
    ],
)
def test_the_maintainers_shorthand_is_written_out_as_a_citation(shorthand, plain):
    assert plain_citations(shorthand, TITLES) == plain


def test_a_paper_is_named_by_its_board_and_date_or_by_its_title():
    assert short_title(TITLES["004"]) == SPB_2018
    assert short_title(TITLES["001"]) == PACK
    assert short_title("A paper") == "“A paper”"


def test_the_papers_a_text_cites_are_found():
    assert cited_papers("seed 001 and seeds 002, 004; Seed 000's") == ["001", "002", "004", "000"]
