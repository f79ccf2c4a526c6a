"""Citations a person can follow, made from the maintainers' shorthand in the data files.

The data files cite the board papers as their maintainers know them ("seed 004 §7",
"seeds 001, 004", "the seed says"). A reader knows a paper by its title, its board and its
date, and a place in it by its section or paragraph, so the one loader (core.loading) writes
each such citation out from the source's own title as it stores a text. The files keep
their shorthand (and their YAML comments, which are never loaded); quotes, keys and
references are stored as written.
"""

import re
from collections.abc import Mapping

DASH = "\N{EN DASH}"
APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"

# "seed 004", "Seeds 001, 004 and 002", "seed 000's", each with a place in it if given:
# "§5.7-5.8", "§7", "paragraph 5.3", "Annex A".
_SEEDS = re.compile(
    r"\b(?P<word>[Ss]eeds?)\s+(?P<numbers>\d{3}(?:(?:\s*,\s*|\s+and\s+|\s+or\s+)\d{3})*)"
    r"(?P<possessive>'s)?"
    r"(?:\s*(?P<place>§\s*[\d.]+(?:\s*[-\N{EN DASH}]\s*[\d.]*\d)?"
    r"|paragraphs?\s+[\d.]*\d|Annex\s+[A-Z]\b))?"
)
_SECTION = re.compile(r"§§?\s*(\d+(?:\.\d+)*)(?:\s*(?:[-\N{EN DASH}]|to)\s*§?\s*(\d+(?:\.\d+)*))?")
_SPEC = re.compile(r"\bSPEC(?:\.md)?(?:\s+§+\s*[\d.]*\d)?('s)?")
# The word "seed" for a board paper, alone ("the seeds do not say", "the seed asks").
_SEED_WORD = re.compile(r"\b([Ss])eed(s?)\b(?!\s+\d)")


def cited_papers(text: str) -> list[str]:
    """The numbers of the board papers `text` cites in the maintainers' shorthand."""
    return [n for found in _SEEDS.finditer(text) for n in re.findall(r"\d{3}", found["numbers"])]


def short_title(title: str) -> str:
    """How a sentence names a paper: "the Strategic Partnership Board paper of 22 March
    2018" for a board's paper, the title in quotes with its date for any other document."""
    found = re.fullmatch(r"(?P<main>.+?)\s*\((?P<by>[^(),]+),\s*(?P<date>[^()]+)\)", title)
    if found:
        return f"the {found['by']} paper of {found['date']}"
    found = re.fullmatch(r"(?P<main>.+?)\s*\((?P<date>[^()]+)\)", title)
    if found:
        return f"“{found['main']}” ({found['date']})"
    return f"“{title}”"


def _place(place: str) -> str:
    place = " ".join(place.split())
    return _section(place) if place.startswith("§") else place


def _section(text: str) -> str:
    found = _SECTION.match(text)
    if not found:
        return text
    first, last = found.group(1), found.group(2)
    word = "paragraph" if "." in first else "section"
    if last:
        return f"{word}s {first}{DASH}{last}"
    return f"{word} {first}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def plain_citations(text: str, titles: Mapping[str, str]) -> str:
    """`text` with each maintainers' citation written out for a reader. `titles`: each
    board paper's title by its number ("004"). A number with no title is left as written
    (the crawl of the pages then finds it)."""

    def seeds(found: re.Match[str]) -> str:
        numbers = re.findall(r"\d{3}", found["numbers"])
        if any(n not in titles for n in numbers):
            return found.group(0)
        names = [short_title(titles[n]) for n in numbers]
        named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if found["possessive"]:
            named += f"{APOSTROPHE}s" if len(names) == 1 else APOSTROPHE
        if found["place"]:
            named = f"{_place(found['place'])} of {named}"
        return _capital(named) if found["word"][0] == "S" else named

    text = _SEEDS.sub(seeds, text)
    text = _SPEC.sub(
        lambda m: f"the system{APOSTROPHE}s design" + (f"{APOSTROPHE}s" if m.group(1) else ""),
        text,
    )
    text = _SECTION.sub(lambda m: _section(m.group(0)), text)
    text = _SEED_WORD.sub(
        lambda m: ("S" if m.group(1) == "S" else "s") + "ource paper" + m.group(2), text
    )
    return text
