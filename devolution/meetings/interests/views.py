"""Pages for the register of interests and the declarations made at a meeting (SPEC §9;
seed 004 §7): a member's own entries, which they declare and end themselves; the whole
register, which the secretariat keeps for everyone; and a meeting's declarations, which
the secretariat records. Thin, over the services and the selectors.

Declaring and ending are one route each, posted from either register page: a refused
post shows again the page it came from, its errors in place."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from devolution.core.errors import DevolutionError
from devolution.core.pages import add_refusal, paginate
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import date_text
from devolution.core.versions import cached, data_version
from devolution.partners.access import can_keep_registers, enforce_staff
from devolution.partners.selectors import KeptPageRows

from .. import selectors as meeting_selectors
from ..views.shared import NAV, PAGE_SIZE, Bound, enforce_secretariat, meeting_when
from . import selectors, services
from .forms import DeclarationForm, InterestEndForm, InterestFilter, InterestForm

if TYPE_CHECKING:
    from ..models import Meeting
    from .models import Interest

MINE, REGISTER = "mine", "register"  # the page a declaration or an ending is posted from
KINDS = dict(services.INTEREST_KINDS)
THE_REGISTER = "The register of interests"


def interest_words(interest: "Interest") -> str:
    """An entry as a person reads it: "Directorship: NHS City and Hackney CCG"."""
    concerned = interest.organisation or interest.partnership
    return f"{KINDS.get(interest.kind, interest.kind)}: {concerned}"


@dataclass
class EntryRow:
    interest: "Interest"
    ended: bool
    end_form: InterestEndForm | None
    may_end: bool = False  # current: its form opens on demand (`?end=<id>`, the register)


def _end_prefix(interest_id: int) -> str:
    return f"end{interest_id}"


ALL = -1  # every current entry's form open: a member's own few entries


def _rows(interests: Any, bound: Bound | None, opened: int | None = ALL) -> list[EntryRow]:
    """Each entry, with a form to end it while it has not ended: on every current entry
    (`opened` ALL), or only on the one opened (its id, or none) with a link to open the
    others', as the register's page has it: twenty forms render slower than the page's
    rows (QUALITY P1). A refused form is always shown again."""
    today = timezone.localdate()
    if bound is not None and bound.kind == "end":
        opened = bound.target if opened != ALL else ALL
    rows = []
    for interest in interests:
        ended = interest.end is not None and interest.end < today
        form: Any = None
        if not ended and opened in (ALL, interest.pk):
            if bound is not None and bound.kind == "end" and bound.target == interest.pk:
                form = bound.form
            else:
                form = InterestEndForm(
                    prefix=_end_prefix(interest.pk), initial={"version": interest.version}
                )
        rows.append(EntryRow(interest, ended, form, may_end=not ended))
    return rows


def _opened(request: HttpRequest) -> int | None:
    """The entry whose form to end it is opened on the register (`?end=<id>`); anything
    but a number opens none."""
    opened = request.GET.get("end", "")
    return int(opened) if opened.isdigit() and len(opened) < 12 else None


def _opener(query: str, number: int) -> str:
    """The query that opens an entry's form on this page of the register, keeping its
    filters and page: the entry's id follows it."""
    kept = QueryDict(query, mutable=True)
    kept.pop("end", None)
    kept["page"] = str(number)
    return f"?{kept.urlencode()}&end="


def scope_of(request: HttpRequest, version: str | None = None) -> Any:
    """The partnership whose organisations and partnerships the register's forms offer:
    `partnership` of the query or, for a post, of the form (404 for a key none has), else
    the deployment's default.

    An entry names an organisation or a partnership from a select: a secretary knows a
    body by its name, not its key, and a typed key refused is a slower way to the same
    list. But a select of every body in England (hundreds, one more dozen with each
    partnership) is slow to render and to use, so the select offers the partnership's
    own (its members, those serving its footprint, and the partnerships within it), and
    `?partnership=<key>` offers another's."""
    key = request.POST.get("in_view") or request.GET.get("partnership") or None
    if version is None:
        return meeting_selectors.partnership_in_view(key)
    # Read once per version of the data, as the choices and the rows are (QUALITY P2).
    return cached(
        f"interests:scope:{key or ''}",
        lambda: meeting_selectors.partnership_in_view(key),
        version=version,
    )


def _choices(partnership: Any, version: str | None = None) -> "Choices":
    """The organisations and the partnerships the register's forms offer, for the
    partnership in view: built once per version of the data and kept (core.versions), as
    the queries that find a partnership's bodies through its footprint cost more to make
    than the page's rows (QUALITY P1)."""
    key = partnership.pk if partnership is not None else "all"
    return cached(
        f"interests:choices:{key}",
        lambda: (
            meeting_selectors.organisation_choices(partnership),
            selectors.partnership_choices(partnership),
        ),
        version=version,
    )


Choices = tuple[list[tuple[str, str]], list[tuple[str, str]]]


def _declare_form(
    partnership: Any, data: Any = None, choices: Choices | None = None
) -> InterestForm:
    organisations, partnerships = choices or _choices(partnership)
    return InterestForm(data, organisations=organisations, partnerships=partnerships)


def _context(
    request: HttpRequest,
    bound: Bound | None,
    partnership: Any = None,
    choices: Choices | None = None,
    *,
    declaring: bool = True,
) -> dict[str, Any]:
    """What both register pages show; the form to declare an interest only when
    `declaring` (the register's opens it on demand, `?declare`)."""
    partnership = partnership or scope_of(request)
    declare_form = (
        bound.form
        if bound is not None and bound.kind == "declare"
        else _declare_form(partnership, choices=choices)
        if declaring
        else None
    )
    return {
        "nav": NAV,
        "bound": bound,
        "declare_form": declare_form,
        "in_view": partnership,
        "kinds": KINDS,
    }


def _mine_page(request: HttpRequest, bound: Bound | None = None, status: int = 200) -> HttpResponse:
    user = signed_in_person(request)
    rows = _rows(selectors.interest_list(person_id=user.pk), bound)
    return render(
        request,
        "interests/mine.jinja",
        {
            **_context(request, bound),
            "current": [r for r in rows if not r.ended],
            "ended": [r for r in rows if r.ended],
            "secretariat": can_keep_registers(user),
        },
        status=status,
    )


def _declare_link(request: HttpRequest) -> str:
    """The register's query that opens the form to declare an interest, keeping the
    partnership in view: the page renders that form (its selects of the partnership's
    bodies) only when asked, as it costs more than the page's rows (QUALITY P1)."""
    kept = QueryDict(mutable=True)
    if request.GET.get("partnership"):
        kept["partnership"] = request.GET["partnership"]
    kept["declare"] = "1"
    return f"?{kept.urlencode()}"


def _register_page(
    request: HttpRequest, bound: Bound | None = None, status: int = 200
) -> HttpResponse:
    """One partnership's register (`?partnership=`, else the default's), or one person's
    whole register by their email address (selectors.interest_list), a page at a time."""
    version = data_version()  # one read of it for the partnership, the choices and the rows
    partnership = scope_of(request, version)
    choices = _choices(partnership, version)
    declaring = "declare" in request.GET or (bound is not None and bound.kind == "declare")
    form = InterestFilter(request.GET, organisations=choices[0])
    filters = form.cleaned_data if form.is_valid() else {}
    person, organisation = filters.get("person", ""), filters.get("organisation", "")
    # The register changes when someone declares or ends an entry: its count and each
    # page are kept until the next write (QUALITY P2), under what selects them.
    kept = KeptPageRows(
        f"interest-register:{partnership.key if partnership else ''}:{person}:{organisation}",
        lambda: selectors.interest_list(
            person_email=person, organisation=organisation, partnership=partnership
        ),
        list,
        version=version,
    )
    page, query = paginate(request, kept, PAGE_SIZE)
    return render(
        request,
        "interests/register.jinja",
        {
            **_context(request, bound, partnership, choices, declaring=declaring),
            "declaring": declaring,
            "declare_link": _declare_link(request),
            "filter": form,
            "page": page,
            "rows": _rows(page.object_list, bound, _opened(request)),
            "query": query,
            "opener": _opener(query, page.number),
        },
        status=status if form.is_valid() else 400,
    )


@login_required
@require_GET
def my_interests(request: HttpRequest) -> HttpResponse:
    enforce_staff(acting_person(request), THE_REGISTER)
    return _mine_page(request)


@login_required
@require_GET
def interest_register(request: HttpRequest) -> HttpResponse:
    enforce_secretariat(acting_person(request), "keeps the whole register of interests")
    return _register_page(request)


def _posted_from(request: HttpRequest) -> str:
    """The register page only for the secretariat: no one else may see it, even refused."""
    on = request.POST.get("on")
    return REGISTER if on == REGISTER and can_keep_registers(acting_person(request)) else MINE


def _page(request: HttpRequest, on: str, bound: Bound, status: int) -> HttpResponse:
    if on == REGISTER:
        return _register_page(request, bound, status)
    return _mine_page(request, bound, status)


def _back(on: str, anchor: str = "") -> HttpResponse:
    name = "meetings:interest-register" if on == REGISTER else "meetings:my-interests"
    return redirect(reverse(name) + anchor)


@login_required
@require_POST
def interest_declare(request: HttpRequest) -> HttpResponse:
    user = signed_in_person(request)
    enforce_staff(user, THE_REGISTER)
    on = _posted_from(request)
    form = _declare_form(scope_of(request), request.POST)
    bound = Bound("declare", None, form)
    if not form.is_valid():
        return _page(request, on, bound, 400)
    data = form.cleaned_data
    try:
        person = services.register_person(
            actor=user, email=data["person_email"], field="person_email"
        )
        interest = services.interest_declare(
            actor=user,
            person=person,
            kind=data["kind"],
            organisation_key=data["organisation"] or None,
            partnership_key=data["partnership"] or None,
            description=data["description"],
            start=data["start"],
            end=data["end"],
        )
    except DevolutionError as exc:
        return _page(request, on, bound, add_refusal(form, exc))
    whose = "Your" if person.pk == user.pk else f"{person}'s"
    messages.success(request, f"{whose} interest is on the register: {interest_words(interest)}.")
    return _back(on)


@login_required
@require_POST
def interest_end(request: HttpRequest, interest_id: int) -> HttpResponse:
    user = signed_in_person(request)
    enforce_staff(user, THE_REGISTER)
    interest = selectors.interest_get(interest_id)
    on = _posted_from(request)
    form = InterestEndForm(request.POST, prefix=_end_prefix(interest.pk))
    bound = Bound("end", interest.pk, form)
    if not form.is_valid():
        return _page(request, on, bound, 400)
    try:
        ended = services.interest_end(
            actor=user,
            interest_id=interest.pk,
            end=form.cleaned_data["end"],
            version=form.cleaned_data["version"],
        )
    except DevolutionError as exc:
        return _page(request, on, bound, add_refusal(form, exc))
    messages.success(
        request,
        f"{interest_words(interest)}: the interest is recorded as ended on {date_text(ended.end)}.",
    )
    return _back(on)


# ------------------------------------------------------------- a meeting's declarations


def _declaration_form(meeting: "Meeting", data: Any = None) -> DeclarationForm:
    interests = [
        (i.pk, f"{i.person}: {interest_words(i)}") for i in selectors.attendee_interests(meeting)
    ]
    return DeclarationForm(data, items=selectors.meeting_item_choices(meeting), interests=interests)


def _declarations_page(
    request: HttpRequest,
    meeting: "Meeting",
    form: DeclarationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    reader = meeting_selectors.reader_of(signed_in_person(request), meeting.board_id)
    secretariat = reader.secretariat
    if secretariat and form is None:
        form = _declaration_form(meeting)
    return render(
        request,
        "interests/declarations.jinja",
        {
            "nav": NAV,
            "meeting": meeting,
            "when": meeting_when,
            "declarations": selectors.declaration_list(meeting, reader),
            "declaration_words": selectors.declaration_words,
            "kinds": KINDS,
            "form": form if secretariat else None,
        },
        status=status,
    )


@login_required
@require_GET
def declarations(request: HttpRequest, key: str) -> HttpResponse:
    enforce_staff(acting_person(request), "A meeting's declarations")
    return _declarations_page(request, meeting_selectors.meeting_get(key))


@login_required
@require_POST
def declaration_record(request: HttpRequest, key: str) -> HttpResponse:
    user = signed_in_person(request)
    enforce_secretariat(user, "records the declarations made at a meeting")
    meeting = meeting_selectors.meeting_get(key)
    form = _declaration_form(meeting, request.POST)
    if not form.is_valid():
        return _declarations_page(request, meeting, form, status=400)
    data = form.cleaned_data
    try:
        person = services.register_person(
            actor=user, email=data["person_email"], field="person_email"
        )
        declaration = services.declaration_record(
            actor=user,
            meeting_key=meeting.key,
            person=person,
            text=data["text"],
            interest_id=data["interest"],
            item_id=data["item"],
        )
    except DevolutionError as exc:
        return _declarations_page(request, meeting, form, status=add_refusal(form, exc))
    on = f" on “{declaration.item.title}”" if declaration.item else ""
    messages.success(request, f"{person}'s declaration{on} is recorded.")
    return redirect("meetings:declarations", key=meeting.key)
