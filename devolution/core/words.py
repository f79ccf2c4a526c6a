"""Filters for the words pages show: keys to be typed as they are, shown as code, and the
partnership's abbreviations marked with their meaning and linked to the glossary."""

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.utils.module_loading import import_string
from markupsafe import Markup, escape

_KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def keys_as_code(text: object) -> Markup:
    """`text` with each snake_case key in it shown as code: a value to be typed as it is
    (the import page's help names the keys its columns take)."""
    escaped = str(escape(text))
    return Markup(_KEY.sub(lambda m: f"<code>{m.group(0)}</code>", escaped))  # noqa: S704


class Term(NamedTuple):
    """An abbreviation of the glossary, as the filter marks it."""

    abbreviation: str
    expansion: str
    anchor: str


def _terms() -> Sequence[Term]:
    finder: Callable[[], Sequence[Term]] = import_string(settings.GLOSSARY_TERMS)
    return finder()


@cache
def _pattern() -> tuple[re.Pattern[str] | None, dict[str, Term]]:
    terms = {t.abbreviation: t for t in _terms()}
    if not terms:
        return None, {}
    alternatives = "|".join(re.escape(a) for a in sorted(terms, key=len, reverse=True))
    # A whole word, not part of a longer one ("STP" but not "STPs'" inner letters of "ASTPX").
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])"), terms


def glossary_forget() -> None:
    """Forget the terms read, when the glossary is loaded again."""
    _pattern.cache_clear()


def abbreviations(text: object, seen: set[str] | None = None) -> Markup:
    """`text` (escaped) with the first occurrence of each abbreviation of the glossary
    marked as <abbr> with its expansion, linked to its entry on the glossary page. `seen`
    carries the abbreviations already marked in the same block, across several texts."""
    if text is None or text == "":
        return Markup("")
    pattern, terms = _pattern()
    escaped = str(escape(text))
    if pattern is None:
        return Markup(escaped)  # noqa: S704 - escaped just above
    marked = set() if seen is None else seen
    glossary = settings.GLOSSARY_URL

    def mark(found: re.Match[str]) -> str:
        term = terms[found.group(0)]
        if term.abbreviation in marked:
            return found.group(0)
        marked.add(term.abbreviation)
        return (
            f'<a class="devolution-abbr" href="{glossary}#{term.anchor}">'
            f'<abbr title="{escape(term.expansion)}">{found.group(0)}</abbr></a>'
        )

    return Markup(pattern.sub(mark, escaped))  # noqa: S704 - escaped, then marked
