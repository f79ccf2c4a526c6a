"""Pages for MoU commitments, their progress, the implementation plans, a board's work
programme and the dashboard: thin, over selectors and services (SPEC §6, §7, §15)."""

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_GET, require_POST

from devolution.core.errors import InvalidInput, StaleEdit
from devolution.core.pages import add_refusal
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import date_text
from devolution.core.versions import data_version
from devolution.partners.access import can_keep_registers
from devolution.partners.as_at import as_at, as_at_default
from devolution.partners.selectors import partnership_in_view, partnership_with_key

from .. import charts, lists, selectors, services
from ..forms import CommitmentFilter, MilestoneCompleteForm, ProgressUpdateForm

if TYPE_CHECKING:
    from devolution.partners.models import Partnership

    from ..models import Commitment

NAV = "commitments"
PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 10
STATUS_LABELS = {k: str(v) for k, v in selectors.COMMITMENT_STATUS.choices}


# ------------------------------------------------------------ the partnership in view


def in_view(request: HttpRequest) -> "Partnership | None":
    """The partnership whose commitments the page shows: `?partnership=<key>` (404 for
    a key no partnership has), else the deployment's default (partnership_in_view).
    A key is found in one query: these pages need the partnership's name, not its
    members and footprint."""
    key = request.GET.get("partnership")
    if not key:
        return partnership_in_view(None)
    found = partnership_with_key(key)
    if found is None:
        raise Http404(f"no partnership {key!r}")
    return found


def partnership_query(request: HttpRequest) -> str:
    """The query that keeps the partnership chosen in a page's links ("" for none)."""
    key = request.GET.get("partnership")
    return urlencode({"partnership": key}) if key else ""


def scope_context(request: HttpRequest, partnership: "Partnership | None") -> dict[str, Any]:
    """What a page about "the commitments" shows of its partnership: its name, and the
    others that have commitments to choose from (a select, where there are others)."""
    choices = selectors.partnerships_with_commitments(partnership)
    return {
        "partnership": partnership,
        "partnerships": choices if len(choices) > 1 else [],
        "scope_query": partnership_query(request),
    }


# ---------------------------------------------------------------------------- the list


def commitment_list(request: HttpRequest) -> HttpResponse:
    """The partnership's commitments, filtered, a page at a time, each with its flags: the
    filters' choices and the page's rows are made once for a version of the data
    (lists), so a request reads them back in two queries (the partnership in view and
    the data's version)."""
    partnership = in_view(request)
    day = as_at(request, partnership)
    version = data_version()
    data = request.GET.copy()
    if partnership is not None and not data.get("partnership"):
        data["partnership"] = partnership.key
    form = CommitmentFilter(
        data,
        partnership=partnership,
        choices=lists.filter_choices(partnership, version=version),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    shown = lists.commitment_page(
        lists.Filters(
            partnership=partnership,
            theme=filters.get("theme") or None,
            owner=filters.get("owner") or None,
            board=filters.get("board") or None,
            status=filters.get("status") or None,
        ),
        page_number(request),
        PAGE_SIZE,
        as_at=day,
        version=version,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "commitments/commitment_list.jinja",
        {
            "nav": NAV,
            "form": form,
            "page": Page(shown.rows, shown.number, Paginator(range(shown.total), PAGE_SIZE)),
            "rows": shown.rows,
            "query": query.urlencode(),
            "status_labels": STATUS_LABELS,
            "partnership": partnership,
            "scope_query": partnership_query(request),
            "as_at": day,
            "as_at_keep": [(k, v) for k, v in request.GET.items() if k not in ("as_at", "page")],
        },
        status=200 if form.is_valid() else 400,
    )


def page_number(request: HttpRequest, param: str = "page") -> int:
    """The page a list is asked for: 1 for none or for what is not a number, and never
    past a million (a page past the last is the last, as core.pages.paginate gives)."""
    try:
        return min(max(1, int(request.GET.get(param, "1"))), 10**6)
    except ValueError:
        return 1


# -------------------------------------------------------------------------- one commitment


def commitment_detail(request: HttpRequest, reference: str) -> HttpResponse:
    day = as_at(request, selectors.commitment_partnership(reference))
    return _detail_page(request, selectors.commitment_get(reference, as_at=day), as_at_day=day)


def history_page(request: HttpRequest, rows: Any, param: str) -> tuple[Page[Any], str]:
    """A page of one of a commitment's histories, by its own query parameter (the page
    shows two), and the query without it, for its links to keep the other's page. One
    query, with or without rows (selectors.page_of); a number out of range is the last
    page, as a list's is."""
    number = page_number(request, param)
    found, total = selectors.page_of(rows, number, HISTORY_PAGE_SIZE)
    paginator = Paginator(range(total), HISTORY_PAGE_SIZE)
    if not found and number > paginator.num_pages:
        number = paginator.num_pages
        found, total = selectors.page_of(rows, number, HISTORY_PAGE_SIZE)
    query = request.GET.copy()
    query.pop(param, None)
    return Page(found, number, paginator), query.urlencode()


def _detail_page(
    request: HttpRequest,
    commitment: "Commitment",
    form: ProgressUpdateForm | None = None,
    problem: str | None = None,
    status: int = 200,
    problem_anchor: str = "milestones",
    as_at_day: "dt.date | None" = None,
) -> HttpResponse:
    today = timezone.localdate()
    # The flags and the milestones' states are as at the day asked for (today once a
    # change has been posted: the page then shows what was just saved).
    shown_at = as_at_day or today
    may = services.commitment_may_update(acting_person(request), commitment).allowed
    if may and form is None:
        form = ProgressUpdateForm(initial={"date": today, "version": commitment.version})
    milestones = [
        {"milestone": m, "state": selectors.milestone_state_of(m, shown_at)}
        for m in commitment.milestones.all()
    ]
    updates, updates_query = history_page(
        request, selectors.commitment_updates(commitment), "updates-page"
    )
    history, history_query = history_page(
        request, selectors.commitment_status_history(commitment), "history-page"
    )
    return render(
        request,
        "commitments/commitment_detail.jinja",
        {
            "nav": NAV,
            "commitment": commitment,
            "flags": selectors.commitment_flags(commitment, shown_at),
            "dependencies": selectors.commitment_dependencies(commitment, shown_at),
            "as_at": shown_at,
            "rating": selectors.rating_of(commitment),
            "milestones": milestones,
            "updates": updates,
            "updates_query": updates_query,
            "history": history,
            "history_query": history_query,
            "work_items": list(commitment.work_items.all()),
            "may_post": may,
            "form": form if may else None,
            "problem": problem,
            "problem_anchor": problem_anchor,
            "status_labels": STATUS_LABELS,
        },
        status=status,
    )


@require_POST
@login_required
def commitment_post_update(request: HttpRequest, reference: str) -> HttpResponse:
    person = signed_in_person(request)
    commitment = selectors.commitment_get(reference)
    # Refused before the form is read: others get 403 whatever they send.
    services.commitment_enforce_may_update(actor=person, commitment=commitment)
    form = ProgressUpdateForm(request.POST)
    problem = None
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            update = services.progress_update_post(
                actor=person,
                reference=commitment.reference,
                date=data["date"],
                data={f: data[f] for f in services.UPDATE_FIELDS},
                status=data["status"] or None,
                rag=data["rag"] or None,
                version=data["version"],
            )
        except InvalidInput as exc:
            add_refusal(form, exc)
        except StaleEdit as exc:
            # Their words are kept; the rating is theirs to choose again, from what the
            # page now shows.
            commitment = selectors.commitment_get(reference)
            form = ProgressUpdateForm(
                {**request.POST.dict(), "version": commitment.version, "status": "", "rag": ""}
            )
            form.is_valid()
            problem, status = exc.message, 409
        else:
            messages.success(
                request,
                f"Your progress update of {date_text(update.date)} on {commitment.reference} is "
                "posted. Earlier updates are kept as they were.",
            )
            return _shown_on(commitment, update.date)
    return _detail_page(
        request, commitment, form, problem=problem, status=status, problem_anchor="post-update"
    )


@require_POST
@login_required
def milestone_complete(request: HttpRequest, id: int) -> HttpResponse:
    person = signed_in_person(request)
    milestone = selectors.milestone_get(id)
    commitment = selectors.commitment_get(milestone.commitment.reference)
    # Refused before the form is read: others get 403 whatever they send.
    services.commitment_enforce_may_update(actor=person, commitment=commitment)
    form = MilestoneCompleteForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, commitment, problem=str(form.errors["version"][0]), status=400)
    today = timezone.localdate()
    try:
        services.milestone_complete(
            actor=person,
            milestone_id=milestone.pk,
            version=form.cleaned_data["version"],
            completed_on=today,
        )
    except StaleEdit as exc:
        return _detail_page(
            request, selectors.commitment_get(commitment.reference), problem=exc.message, status=409
        )
    messages.success(request, f"“{milestone.title}” is marked complete on {date_text(today)}.")
    return _shown_on(commitment, today)


def _shown_on(commitment: Any, day: dt.date) -> HttpResponse:
    """Back to the commitment after a change recorded on `day`: as at that day where the
    page would otherwise open on an earlier one (a data set that describes a day in the
    past, such as London's demo), so that the person sees what they have just done."""
    target = redirect("commitments:commitment-detail", reference=commitment.reference)
    if as_at_default(commitment.partnership) < day:
        target["Location"] += "?" + urlencode({"as_at": day.isoformat()})
    return target


# ------------------------------------------------------------- themes and their plans


def theme_list(request: HttpRequest) -> HttpResponse:
    """The themes with their plans and the partnership's commitments under each (by name:
    the list has their flags), made once for a version of the data (lists.themes_page)."""
    partnership = in_view(request)
    shown = lists.themes_page(partnership)
    return render(
        request,
        "commitments/theme_list.jinja",
        {
            "nav": NAV,
            "plans": shown.plans,
            "sections": shown.sections,
            "without_theme": shown.without_theme,
            "partnership": partnership,
            "partnerships": shown.partnerships if len(shown.partnerships) > 1 else [],
            "scope_query": partnership_query(request),
        },
    )


# ------------------------------------------------------------------- the work programme


def work_programme(request: HttpRequest, key: str) -> HttpResponse:
    programme = selectors.work_programme_get(key)
    day = as_at(request, programme.board.partnership)
    grid = selectors.work_programme_grid(programme, day)
    return render(
        request,
        "commitments/work_programme.jinja",
        {
            "nav": "boards",
            "programme": programme,
            "board": programme.board,
            "meetings": grid["meetings"],
            "rows": grid["rows"],
            "missed": grid["missed"],
            "can_settle": can_keep_registers(acting_person(request)),
            "count": sum(len(cell) for row in grid["rows"] for cell in row["cells"]),
            "as_at": day,
        },
    )


# ------------------------------------------------------------------------ the dashboard


def dashboard(request: HttpRequest) -> HttpResponse:
    partnership = in_view(request)
    day = as_at(request, partnership)
    data = charts.dashboard_cached(partnership, day)
    return render(
        request,
        "commitments/dashboard.jinja",
        {
            "nav": NAV,
            "counts": data.counts,
            "status": data.status,
            "rag": data.rag,
            "milestones": data.milestones,
            "attention": data.attention,
            "as_at": day,
            "as_at_query": urlencode({"as_at": day.isoformat()}),
            **scope_context(request, partnership),
        },
    )


def _svg(request: HttpRequest, svg: str) -> HttpResponse:
    etag = quote_etag(hashlib.sha256(svg.encode()).hexdigest()[:16])
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(svg, content_type="image/svg+xml")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"  # each progress update may change it: ask each time
    return response


def _chart_view(name: str) -> Callable[[HttpRequest], HttpResponse]:
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        partnership = in_view(request)
        return _svg(
            request, charts.chart_svg_cached(partnership, name, as_at(request, partnership))
        )

    view.__name__ = f"chart_{name}_svg"
    return view


chart_status_svg = _chart_view("status")
chart_rag_svg = _chart_view("rag")
chart_milestones_svg = _chart_view("milestones")


@login_required
@require_POST
def work_item_settle(request: HttpRequest, reference: str) -> HttpResponse:
    """The secretariat records a missed item as taken, or carries it forward."""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    settled = services.work_item_settle(
        actor=signed_in_person(request),
        reference=reference,
        version=version,
        outcome=request.POST.get("outcome", ""),
    )
    item = selectors.work_item_get(reference)
    messages.success(
        request,
        f"“{item.title}” is carried forward to {settled.meeting.label}."
        if settled.pk != item.pk
        else f"“{item.title}” is recorded as taken at its meeting.",
    )
    return redirect("commitments:work-programme", key=item.programme.board.key)
