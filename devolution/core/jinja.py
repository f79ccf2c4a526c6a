"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader


def _url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _number(value: int | float | None) -> str:
    return "unknown" if value is None else f"{value:,}"


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    options["undefined"] = ChainableUndefined
    options["autoescape"] = True
    env = Environment(  # noqa: S701 - autoescape is forced on just above
        loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")]),
        extensions=["jinja2.ext.do"],
        **options,
    )
    env.globals.update(
        static=static,
        url=_url,
        get_messages=get_messages,
        settings=settings,
    )
    env.filters["number"] = _number
    return env
