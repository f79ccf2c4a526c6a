"""Every text the London data set gives as a source's own words is found, word for word, in
the seed it cites.

The data files (devolution/*/data/london.yaml) hold the seeds' words in fields named for
it: `quote` and every `<field>_quote` (cited by the sibling `<field>_source` where there is
one), a gateway criterion's `text` and `status_text`, `<field>_as_in_seed`, a board's
`terms_of_reference` (cited by `terms_of_reference_source` where given), the questions put
to a board, the three columns of a progress update (one line a bullet), seed 004's
opportunities (`text`, `details`) and a commitment's `text` and `details`. Words of a seed
quoted inside a note ("seed 004: '...'") are checked against the seed the note names. A
record cites its own `source`, or else the nearest record around it that does.

Only what text extraction and typography change is normalised: the seeds' markup (HTML
tags, markdown emphasis and bullets), typographic quotes and dashes, and whitespace.
Skipped where the seeds are not beside the repository (../shared/seeds)."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.seeds import SEEDS, TYPOGRAPHY

REPO = Path(__file__).resolve().parents[2]
DATA_FILES = sorted(REPO.glob("devolution/*/data/london.yaml"))
QUOTED_LISTS = {"terms_of_reference", "details", "questions"}
QUOTED_LINES = {"progress_to_date", "next_steps", "challenges"}
# Where a record's `text` is a source's words (elsewhere `text` may be the data set's own).
QUOTED_TEXT = {"gateway", "opportunities", "commitments"}


def normalised(text: str) -> str:
    """The words only: no markup, plain quotes and dashes, and no whitespace, since the
    seeds' extraction spaces words around inline tags ("“ <i>provide</i> ”")."""
    text = re.sub(r"</?(sup|sub|i|b|em|strong|span)\b[^>]*>", "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(?m)^\s*(#+|[-•]|\d+\.)\s+", " ", text)
    text = text.replace("*", " ").replace("•", " ").translate(TYPOGRAPHY)
    return re.sub(r"\s+", "", text)


def seed_texts() -> dict[str, str]:
    return {
        f"seed-{path.name[:3]}": normalised(path.read_text(encoding="utf-8"))
        for path in SEEDS.glob("*.txt")
    }


def quoted(node, where: str, source: str | None, within: str = "") -> Iterator[tuple]:
    """(where, cited source, words) for every text the data gives as a source's words."""
    if isinstance(node, list):
        for n, child in enumerate(node):
            yield from quoted(child, f"{where}[{n}]", source, within)
        return
    if not isinstance(node, dict):
        return
    source = node.get("source") or source
    for key, value in node.items():
        here = f"{where}.{key}"
        if isinstance(value, str) and value:
            if key == "quote" or key.endswith("_quote"):
                yield here, node.get(key[: -len("quote")] + "source") or source, value
            elif (
                key == "status_text"
                or key.endswith("_as_in_seed")
                or (key == "text" and within in QUOTED_TEXT)
            ):
                yield here, source, value
            elif key in QUOTED_LINES:
                for n, line in enumerate(value.split("\n")):
                    yield f"{here} line {n + 1}", source, line
        elif isinstance(value, list) and key in QUOTED_LISTS:
            cited = node.get(f"{key}_source") or source
            for n, line in enumerate(value):
                if isinstance(line, str):
                    yield f"{here}[{n}]", cited, line
        elif isinstance(value, dict | list):
            yield from quoted(value, here, source, key)


def every_quote() -> list[tuple]:
    found = []
    for path in DATA_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        app = path.parents[1].name
        found += [
            (f"{app}{where}", source, words)
            for where, source, words in quoted(data, "", None)
            if source and source.startswith("seed-")
        ]
    return found


QUOTES = every_quote()


def test_the_data_set_gives_many_quotes_and_each_cites_a_seed():
    assert len(QUOTES) > 500
    assert {source for _, source, _ in QUOTES} == {f"seed-00{n}" for n in range(5)}


@pytest.mark.parametrize(("where", "source", "words"), QUOTES, ids=[q[0] for q in QUOTES])
def test_a_quoted_text_is_found_word_for_word_in_the_seed_it_cites(where, source, words):
    seeds = _seeds()
    assert normalised(words) in seeds[source], f"{where}: not in {source}: {words!r}"


_cache: dict[str, str] = {}


def _seeds() -> dict[str, str]:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"the seeds are not in {SEEDS}")
    if not _cache:
        _cache.update(seed_texts())
    return _cache


def test_the_normalising_changes_no_words():
    """A paraphrase, a firmer verb or an added item is still refused."""
    seed = normalised("Members are <i>likely</i> to have some degree of “organisational” interest")
    assert normalised('Members are likely to have some degree of "organisational" interest') in seed
    assert normalised("Members will have some degree of organisational interest") not in seed
    assert normalised("Members are likely to have a degree of organisational interest") not in seed


# "seed 004: 'words'", "Seed 000 (24 May 2017) 'words'", "seed 004 paragraph 5.3: 'words'"
CITED_IN_PROSE = re.compile(
    r"[Ss]eed (00\d)(?: \([^)]*\))?(?:,|:| paragraph [\d.]+:?| Annex A:?)? "
    r"['\N{LEFT SINGLE QUOTATION MARK}]([^'\N{RIGHT SINGLE QUOTATION MARK}]{6,}?)"
    r"['\N{RIGHT SINGLE QUOTATION MARK}](?=[\s.,;)]|$)"
)


def cited_in_prose() -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                walk(value, f"{where}[{n}]")
        elif isinstance(node, str):
            found.extend(
                (where, f"seed-{m.group(1)}", m.group(2)) for m in CITED_IN_PROSE.finditer(node)
            )

    for path in DATA_FILES:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.parents[1].name)
    return found


def test_a_seeds_words_quoted_in_a_note_are_in_the_seed_the_note_names():
    cited = cited_in_prose()
    assert len(cited) > 20
    seeds = _seeds()
    for where, source, words in cited:
        parts = [p for p in re.split(r"\.\.\.|\N{HORIZONTAL ELLIPSIS}", words) if p.strip()]
        assert all(normalised(p) in seeds[source] for p in parts), f"{where}: {words!r}"
