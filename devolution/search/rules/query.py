"""What a person types, read for the full-text search, and a snippet made safe to show:
pure Python (no Django, no database)."""

import html
import re

# Markers around a word found, put in by the database's snippet functions: characters of
# Unicode's private use area, which no paper's text is expected to carry (any that does is
# taken out before indexing, rules.query.clean).
START = "\ue000"
END = "\ue001"
WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY = 200
MAX_TERMS = 12


def clean(text: str) -> str:
    """Text to index: without the markers, so that only the database's marks are marks."""
    return text.replace(START, " ").replace(END, " ")


def terms(words: str) -> list[str]:
    """The words of a query, in order, each once: letters and digits only."""
    seen: list[str] = []
    for word in WORD.findall(words.lower()):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


def fts5_match(words: str) -> str:
    """An FTS5 query finding entries with every word (stemmed by the porter tokenizer):
    each word quoted, so nothing a person types is read as FTS5's own syntax."""
    return " ".join(f'"{word}"' for word in terms(words))


def highlighted(snippet: str) -> str:
    """The snippet as HTML: everything escaped, then the marked words in <mark>. A mark
    left open (a snippet cut inside it) is closed."""
    out: list[str] = []
    open_mark = False
    for piece in re.split(f"([{START}{END}])", snippet):
        if piece == START and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif piece == END and open_mark:
            out.append("</mark>")
            open_mark = False
        elif piece not in (START, END):
            out.append(html.escape(piece, quote=True))
    if open_mark:
        out.append("</mark>")
    return "".join(out)


def plain(snippet: str) -> str:
    """The snippet's words without the marks."""
    return snippet.replace(START, "").replace(END, "")
