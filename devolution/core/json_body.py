"""The API's JSON bodies, read strictly (QUALITY S5): a key given twice is refused, not
settled silently by whichever came last, and text holding a control character is
refused at the door (core.rules.text), naming the key it came in."""

import json
from typing import Any, cast

from django.http import HttpRequest
from ninja.parser import Parser

from .rules.text import printable, refusal, unsafe_character


class BodyRefused(ValueError):
    """A body the API will not read: the message and the field it names."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _where(path: tuple[str, ...]) -> str:
    return printable(".".join(path)) or "the body"


def _pairs_checked(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            shown = printable(key)
            raise BodyRefused(shown, f"The key “{shown}” is given more than once; give it once.")
        seen[key] = value
    return seen


def _text_checked(value: Any, path: tuple[str, ...]) -> None:
    if isinstance(value, str):
        found = unsafe_character(value)
        if found:
            raise BodyRefused(_where(path), refusal(f"The value of “{_where(path)}”", found))
    elif isinstance(value, dict):
        for key, inner in value.items():
            found = unsafe_character(key, single_line=True)
            if found:
                field = _where((*path, key))
                raise BodyRefused(field, refusal(f"The key “{field}”", found))
            _text_checked(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _text_checked(inner, (*path, str(index)))


def json_loads_strict(body: bytes | str) -> Any:
    """The JSON document, refused (BodyRefused) for a key given twice at any depth, or a
    control character in any key or text."""
    try:
        data = json.loads(body, object_pairs_hook=_pairs_checked)
    except json.JSONDecodeError as error:
        raise BodyRefused("", f"The body is not valid JSON: {error}.") from None
    except UnicodeDecodeError:
        raise BodyRefused("", "The body is not valid JSON: it is not UTF-8 text.") from None
    _text_checked(data, ())
    return data


class StrictJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return cast(dict[str, Any], json_loads_strict(request.body))
