"""The rule of which characters text may hold (core.rules.text), and the API's strict
JSON reader (core.json_body): no database, no request."""

import json

import pytest

from devolution.core.json_body import BodyRefused, json_loads_strict
from devolution.core.rules.text import printable, unsafe_character


@pytest.mark.parametrize(
    ("text", "single_line", "refused_at"),
    [
        ("Plain text, with “quotes” and é", False, None),
        ("Two\nlines\r\nand a\ttab", False, None),
        ("One line\twith a tab", True, None),
        ("a NUL \x00 here", False, 6),
        ("\x00", True, 0),
        ("bell \x07", False, 5),
        ("escape \x1b[31m", False, 7),
        ("delete \x7f", False, 7),
        ("C1 \x85 next line", False, 3),
        ("vertical\x0btab", False, 8),
        ("form\x0cfeed", False, 4),
        ("a line\nbreak", True, 6),
        ("a carriage\rreturn", True, 10),
        ("half \ud800 a character", False, 5),
    ],
)
def test_which_characters_are_refused(text, single_line, refused_at):
    found = unsafe_character(text, single_line=single_line)
    assert (found.position if found else None) == refused_at


def test_a_refused_name_is_shown_without_the_character():
    assert printable("title\x00") == "title<U+0000>"
    assert printable("title") == "title"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"a": 1, "a": 2}', "a"),
        ('{"outer": {"b": 1, "b": 1}}', "b"),
        ('[{"c": 1}, {"c": 2, "c": 3}]', "c"),
        ('{"text": "x\\u0000y"}', "text"),
        ('{"parties": [{"type": "ccg\\u0007"}]}', "parties.0.type"),
        ('{"half": "\\ud800"}', "half"),
        ('{"k\\u0000": 1}', "k<U+0000>"),
    ],
)
def test_the_strict_json_reader_refuses_and_names_the_key(body, field):
    with pytest.raises(BodyRefused) as refused:
        json_loads_strict(body)
    assert refused.value.field == field


def test_the_strict_json_reader_keeps_what_is_sound():
    body = '{"a": [1, {"b": "two\\nlines\\tand a tab"}], "c": {"a": null}}'
    assert json_loads_strict(body) == json.loads(body)
