"""Business case pages: the cases the reader may see, and one case with its derived
approval route, its money, sites and history; its keepers' forms to submit or withdraw
it, and the secretariat's to bring it to a meeting of its board. Thin: the services
check every rule, the selectors decide what each reader sees."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from devolution.core.errors import DevolutionError, NotAllowed
from devolution.core.pages import add_refusal, paginate
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import date_text
from devolution.partners.access import can_keep_registers, memberships_of
from devolution.partners.selectors import partnership_in_view

from ..forms.capital import AgendaForm, CaseForm, MoveForm
from ..rules.access import may_keep_some
from ..rules.cases import DECIDABLE
from ..rules.money import pounds
from ..selectors import cases as selectors
from ..selectors import keeping
from ..selectors.route import meetings_upcoming, route_for
from ..services import agenda
from ..services import cases as services
from .strategy import NAV, PAGE_SIZE, crumbs


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.cases_visible(acting_person(request)), PAGE_SIZE)
    return render(
        request,
        "capital/case_list.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(),
            "cases": page,
            "query": query,
            "may_add": may_keep_some(memberships_of(acting_person(request))),
            "pounds": pounds,
        },
    )


def _page(
    request: HttpRequest,
    ref: str,
    *,
    move_form: Any = None,
    agenda_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    person = acting_person(request)
    case = selectors.case_get(person, ref)
    keeps = person is not None and selectors.case_keepable(person, case)
    route = route_for(case.partnership_id)
    brings = (
        person is not None
        and can_keep_registers(person)
        and case.state in DECIDABLE
        and (case.state == "submitted" or (route is not None and route.board_decides))
    )
    meetings = [
        (m.key, f"{m.board.short_name or m.board.name}, {date_text(m.date)}")
        for m in meetings_upcoming(case.partnership_id)
    ]
    return render(
        request,
        "capital/case_detail.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(),
            "case": case,
            "route": route,
            "keeps": keeps,
            "move_form": move_form or MoveForm(initial={"version": case.version}),
            "agenda_form": (agenda_form or AgendaForm(meetings=meetings)) if brings else None,
            "pounds": pounds,
        },
        status=status,
    )


@require_GET
def case_detail(request: HttpRequest, ref: str) -> HttpResponse:
    return _page(request, ref)


def _move(request: HttpRequest, ref: str, move: str) -> HttpResponse:
    person = signed_in_person(request)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.case_move(
                actor=person,
                ref=ref,
                move=move,
                version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except DevolutionError as refused:
            return _page(request, ref, move_form=form, status=add_refusal(form, refused))
        messages.success(request, "Submitted." if move == "submit" else "Withdrawn.")
        return redirect("capital:case-detail", ref)
    return _page(request, ref, move_form=form, status=400)


@require_POST
def case_submit(request: HttpRequest, ref: str) -> HttpResponse:
    return _move(request, ref, "submit")


@require_POST
def case_withdraw(request: HttpRequest, ref: str) -> HttpResponse:
    return _move(request, ref, "withdraw")


@require_POST
def case_agenda(request: HttpRequest, ref: str) -> HttpResponse:
    person = signed_in_person(request)
    case = selectors.case_get(person, ref)
    meetings = [(m.key, m.key) for m in meetings_upcoming(case.partnership_id)]
    form = AgendaForm(request.POST, meetings=meetings)
    if form.is_valid():
        try:
            agenda.case_to_agenda(actor=person, ref=ref, meeting_key=form.cleaned_data["meeting"])
        except DevolutionError as refused:
            return _page(request, ref, agenda_form=form, status=add_refusal(form, refused))
        messages.success(request, "The case is on the meeting's agenda.")
        return redirect("capital:case-detail", ref)
    return _page(request, ref, agenda_form=form, status=400)


def _case_form(person: Any, data: Any = None) -> CaseForm:
    partnership = partnership_in_view(None)
    return CaseForm(
        data,
        partnerships=keeping.partnerships_offered(partnership),
        sponsors=keeping.organisations_kept(person, partnership),
        sites=keeping.sites_kept(person, partnership),
        stages=STAGES,
        kinds=KINDS,
    )


STAGES = [
    ("strategic_outline", "Strategic outline case"),
    ("outline", "Outline business case"),
    ("full", "Full business case"),
]
KINDS = [
    ("capital_receipts", "Capital receipts"),
    ("national_capital", "National capital"),
    ("local", "Local"),
    ("other", "Other"),
]


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """A new case in draft, by an estates lead (for their organisation) or the
    secretariat."""
    person = signed_in_person(request)
    if not may_keep_some(memberships_of(person)):
        raise NotAllowed("Only estates leads and the secretariat make business cases.")
    form = _case_form(person, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_create(
                    actor=person,
                    partnership=data["partnership"],
                    ref=data["ref"],
                    data=services.CaseFields(
                        title=data["title"],
                        sponsor=data["sponsor"],
                        value=data["value"],
                        stage=data["stage"],
                        benefits=data["benefits"],
                        sites=tuple(data["sites"]),
                        funding=tuple(
                            services.Funding(kind, year, amount)
                            for kind, year, amount in form.funding_lines()
                        ),
                    ),
                )
            except DevolutionError as refused:
                status = add_refusal(form, refused)
            else:
                messages.success(request, "The case is saved as a draft.")
                return redirect("capital:case-detail", case.ref)
    return render(
        request,
        "capital/case_form.jinja",
        {"nav": NAV, "crumbs": crumbs(), "form": form},
        status=status,
    )


urlpatterns = [
    path("estates/capital/cases/", case_list, name="case-list"),
    path("estates/capital/cases/new/", case_new, name="case-new"),
    path("estates/capital/cases/<slug:ref>/", case_detail, name="case-detail"),
    path("estates/capital/cases/<slug:ref>/submit", case_submit, name="case-submit"),
    path("estates/capital/cases/<slug:ref>/withdraw", case_withdraw, name="case-withdraw"),
    path("estates/capital/cases/<slug:ref>/agenda", case_agenda, name="case-agenda"),
]
