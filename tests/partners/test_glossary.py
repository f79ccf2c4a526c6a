"""The glossary of the partnership's abbreviations: data loaded by the one loader, a page
linked from every page's footer, an API list, and the abbreviations marked where the
pages' main texts use them."""

import re
from pathlib import Path

import pytest
import yaml
from django.test import Client

from devolution.core.words import abbreviations
from devolution.partners.models import GlossaryTerm, Organisation
from tests.seeds import SEEDS, TYPOGRAPHY

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "devolution/partners/data/glossary.yaml"
ENTRIES = yaml.safe_load(DATA.read_text())["glossary"]


def test_every_entry_of_the_file_is_loaded_with_its_source():
    assert len(ENTRIES) >= 20
    loaded = {t.key: t for t in GlossaryTerm.objects.select_related("source")}
    assert set(loaded) == {e["key"] for e in ENTRIES}
    for e in ENTRIES:
        term = loaded[e["key"]]
        assert (term.abbreviation, term.expansion, term.meaning) == (
            e["abbreviation"],
            e["expansion"],
            e["meaning"],
        )
        assert term.source.key == e["source"] and term.location


def seed_text(source_key: str) -> str:
    number = source_key.removeprefix("seed-")
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return " ".join(path.read_text().translate(TYPOGRAPHY).split())


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed papers are not beside the repository")
def test_each_quote_is_the_papers_own_words():
    for e in ENTRIES:
        if e.get("quote") and e["source"].startswith("seed-"):
            quote = " ".join(e["quote"].translate(TYPOGRAPHY).split())
            assert quote in seed_text(e["source"]), e["key"]


def test_the_page_lists_each_abbreviation_with_its_meaning_and_source():
    page = Client().get("/glossary/").content.decode()
    assert 'id="stp"' in page and 'id="s75"' in page
    assert "Sustainability and Transformation Partnership" in page
    assert "section 75 of the National Health Service Act 2006" in page
    assert "Integration: Technical pack (December 2017)" in page  # a source by its title
    assert "seed-001" not in page and "seeds/" not in page


def test_every_page_links_the_glossary_from_its_footer():
    page = Client().get("/boards/").content.decode()
    footer = page[page.index("nhsuk-footer") :]
    assert 'href="/glossary/"' in footer


def test_the_api_lists_the_glossary():
    body = Client().get("/api/glossary?limit=100").json()
    by_key = {t["key"]: t for t in body["items"]}
    assert by_key["spb"]["expansion"] == "Strategic Partnership Board"
    assert by_key["spb"]["source"] == "seed-000"


def test_the_first_use_of_each_abbreviation_in_a_text_is_marked_and_linked():
    html = str(abbreviations("The SPB asks each STP and the SPB's CCGs. <b>x</b>"))
    assert html.count("<abbr") == 2  # SPB once, STP once; "CCGs" is another word
    assert (
        '<a class="devolution-abbr" href="/glossary/#spb">'
        '<abbr title="Strategic Partnership Board">SPB</abbr></a>' in html
    )
    assert 'href="/glossary/#stp"' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html  # the text is escaped
    assert str(abbreviations("")) == ""
    assert str(abbreviations("Section 75 (s.75) pools budgets")).count('href="/glossary/#s75"') == 1


def test_a_page_marks_the_abbreviations_of_its_main_text_not_its_headings():
    found = next(
        (o, t)
        for o in Organisation.objects.exclude(note="").order_by("pk")
        for t in GlossaryTerm.objects.order_by("key")
        if re.search(rf"(?<![\w.]){re.escape(t.abbreviation)}(?!\w)", o.note)
    )
    org, term = found
    page = Client().get(f"/organisations/{org.pk}/").content.decode()
    assert f'href="/glossary/#{term.key}"' in page
    heading = re.search(r"<h1[^>]*>.*?</h1>", page, re.S)
    assert heading is not None and "<abbr" not in heading.group(0)
