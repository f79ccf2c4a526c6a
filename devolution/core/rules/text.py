"""Which characters a person's text may hold (QUALITY S5): the rule every door applies
(pages' forms, the API's bodies, addresses and their query parameters).

A control character (Unicode category Cc: the C0 set U+0000 to U+001F, DEL, and the C1
set U+0080 to U+009F) is never typed on purpose: it arrives pasted from another system or
sent by a program probing us. PostgreSQL refuses NUL in text outright, XML (so every
XLSX and DOCX) cannot hold the C0 set, and a stray carriage return splits a line of a CSV
file or a calendar. Only tab, line feed and carriage return are kept, in text of several
lines; text of one line (a name, a title, a query parameter, an address) keeps tab alone.
"""

import re
from dataclasses import dataclass

# Category Cc is exactly U+0000 to U+001F and U+007F to U+009F. A lone surrogate (U+D800
# to U+DFFF, half of a character, which JSON's \\u escapes can carry) is no text at all:
# it cannot be written as UTF-8, so no database could store it.
MULTI_LINE_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
SINGLE_LINE_REFUSED = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")

# The names people know these by; any other is named by its code point alone.
NAMES = {
    "\x00": "a NUL character",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x1b": "an escape character",
    "\x7f": "a delete character",
}


@dataclass(frozen=True)
class UnsafeCharacter:
    """The first character refused in a text: where it is and what it is."""

    position: int
    character: str

    @property
    def described(self) -> str:
        code = f"U+{ord(self.character):04X}"
        name = NAMES.get(self.character, "a control character")
        if "\ud800" <= self.character <= "\udfff":
            name = "half of a character (a lone surrogate)"
        return f"{name} ({code}) at character {self.position + 1}"


def unsafe_character(text: str, *, single_line: bool = False) -> UnsafeCharacter | None:
    """The first character of `text` that no door accepts, or None when all are kept."""
    found = (SINGLE_LINE_REFUSED if single_line else MULTI_LINE_REFUSED).search(text)
    return UnsafeCharacter(found.start(), found.group()) if found else None


def printable(name: str) -> str:
    """A field's or parameter's name as it can be shown: any character refused shown by
    its code point, so that a message naming it does not carry it on."""
    return SINGLE_LINE_REFUSED.sub(lambda m: f"<U+{ord(m.group()):04X}>", name)


def refusal(where: str, found: UnsafeCharacter) -> str:
    """The message a person reads: what was refused, where, and what to do."""
    return (
        f"{where} holds {found.described}, which cannot be kept. "
        "Remove it (it often comes with text pasted from another program) and send again."
    )
