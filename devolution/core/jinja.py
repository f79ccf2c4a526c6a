"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import is_dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms import BaseForm
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    Undefined,
)
from jinja2.runtime import Context, Macro
from jinja2.utils import pass_context
from markupsafe import Markup, escape

from devolution.core.errors import RuleViolation
from devolution.core.fields import label_text
from devolution.core.links import PageLink, links_for
from devolution.core.reports import date_text
from devolution.core.words import abbreviations, keys_as_code


def _url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _your_work(request: Any) -> list[PageLink]:
    """The pages a signed-in person's role lets them use, as the areas offer them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return links_for("your-work", user)


def _number(value: int | float | None) -> str:
    return "unknown" if value is None else f"{value:,}"


class RowUrl:
    """The URL of one route for each row of a list page, reversed once a page, not once a
    row (fifty reverse() calls cost a millisecond, QUALITY P2): `row_url(route)` reverses
    the route for a marker its converter accepts, and calling it with a row's argument
    puts that argument, quoted as reverse() quotes it, in the marker's place.

    For routes of one argument: `{% set detail = row_url('partners:place-detail') %}`,
    then `{{ detail(p.code) }}` in the loop.
    """

    # A marker for str, slug and path converters, and one for int.
    MARKERS = ("devolution-row-marker", 9876543210123)
    SAFE = RFC3986_SUBDELIMS + "/~:@"

    def __init__(self, route: str) -> None:
        self.route = route
        for marker in self.MARKERS:
            try:
                url = reverse(route, args=[marker])
            except NoReverseMatch:
                continue
            if url.count(str(marker)) == 1:
                self.before, _, self.after = url.partition(str(marker))
                return
        raise NoReverseMatch(f"row_url: {route!r} does not take one argument we can mark")

    def __call__(self, argument: int | str) -> str:
        if isinstance(argument, int):
            return f"{self.before}{argument}{self.after}"
        if "/" in argument:  # only a path converter takes one: let reverse() decide
            return reverse(self.route, args=[argument])
        return f"{self.before}{quote(argument, safe=self.SAFE)}{self.after}"


class Chrome:
    """The head's links, the NHS.UK skip link, header and footer of layout.jinja, rendered
    once for each key and kept: the NHS.UK macros and static() cost more than a list
    page's own rows (QUALITY P1, P2).

    In the layout, `{% call(csrf) chrome("header", nav, name) %}...{% endcall %}`: the
    body runs only when its key is new, and its output must depend on nothing but the
    key, the script prefix (which joins every key) and settings (a change of which, as
    tests make, empties the store). Anything else a block comes to depend on must be
    passed as a part of its key. The one part that differs by request, the sign-out
    form's CSRF token, is rendered as a placeholder where the body writes `{{ csrf }}`,
    and the request's own token is put in its place on every use. The placeholder
    starts with "<", which escaping turns to "&lt;", so no person's name (escaped by the
    macros) can forge one.

    At most SIZE keys are kept, the least recently used dropped first. Nothing expires:
    nothing the chrome shows changes while the process runs (static() names the files
    of the manifest loaded at start), and a new version of the templates is a restart.
    """

    SIZE = 256

    def __init__(self) -> None:
        self._kept: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()
        self.csrf_slot = Markup(f"<devolution-csrf-{secrets.token_hex(16)}>")  # noqa: S704 - ours

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def __call__(self, context: Context, *key: Any, caller: Macro) -> Markup:
        parts = tuple(None if isinstance(k, Undefined) else k for k in key)
        full_key = (get_script_prefix(), *parts)
        with self._lock:
            markup = self._kept.get(full_key)
            if markup is not None:
                self._kept.move_to_end(full_key)
        if markup is None:
            # A call block's output is Markup already: autoescape is on (environment()).
            markup = escape(caller(self.csrf_slot) if caller.arguments else caller())
            with self._lock:
                self._kept[full_key] = markup
                while len(self._kept) > self.SIZE:
                    self._kept.popitem(last=False)
        if self.csrf_slot in markup:
            # Django's csrf_input is a SafeString, which escape() leaves as it is.
            return markup.replace(self.csrf_slot, escape(context.get("csrf_input", "")))
        return markup


chrome = Chrome()


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    """The chrome shows URLs and static files, which settings (as tests change them) move."""
    chrome.clear()


def _form_refused(value: Any) -> bool:
    """Whether a value a page is given is a form sent and refused: a form, or a refused
    post's form as the meetings pages keep it (its `form`, or a tuple holding it)."""
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, tuple):
        return any(isinstance(v, BaseForm) and _form_refused(v) for v in value)
    form = getattr(value, "form", None) if is_dataclass(value) else None
    if not isinstance(form, BaseForm):
        return False
    return _form_refused(form) or bool(getattr(value, "rule", None))


def refused(context: Context) -> bool:
    """Whether the page answers a form it refused, so that its title starts "Error: " (the
    GOV.UK and NHS.UK pattern, read out first by a screen reader), for every form at once:
    a form the page is given with errors, or a refusal it shows without one (sign-in's
    "not right", a rule's or a stale version's `problem`, a broken `rule`)."""
    values = context.get_all()
    if any(values.get(flag) for flag in ("failed", "problem", "problems", "has_errors")):
        return True
    if isinstance(values.get("rule"), RuleViolation):
        return True
    return any(_form_refused(value) for value in values.values())


def environment(**options: Any) -> Environment:
    """The environment of every page. Out of DEBUG, as served to people, templates are
    compiled once a process and never looked at again (a new version of the templates is
    a restart), and their compiled code is kept on disk for the next process, so that a
    server's workers do not each compile every template anew (issue 11)."""
    loader = options.pop("loader")
    options["undefined"] = ChainableUndefined
    options["autoescape"] = True
    options["auto_reload"] = settings.DEBUG
    if not settings.DEBUG:
        # Its files are checked against each template's source, so a changed template is
        # compiled again; in the system's temporary folder, one folder for each user.
        options["bytecode_cache"] = FileSystemBytecodeCache()
    env = Environment(  # noqa: S701 - autoescape is forced on just above
        loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")]),
        extensions=["jinja2.ext.do"],
        **options,
    )
    chrome_global: Callable[..., Markup] = pass_context(chrome)
    env.globals.update(
        static=static,
        url=_url,
        row_url=RowUrl,
        chrome=chrome_global,
        get_messages=get_messages,
        settings=settings,
        date_text=date_text,
        your_work=_your_work,
        links_for=links_for,
        label_text=label_text,
        form_refused=pass_context(refused),
    )
    env.filters["number"] = _number
    env.filters["keys_as_code"] = keys_as_code
    env.filters["abbreviations"] = abbreviations
    return env
