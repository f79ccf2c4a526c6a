"""Disposal pages: the disposals the reader may see, each with whether its receipt may be
retained and until when, and where it is reinvested; its keepers' forms to complete it
and to reinvest the receipt."""

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
from devolution.partners.access import memberships_of
from devolution.partners.selectors import partnership_in_view

from ..forms.capital import CompleteForm, DisposalForm, ReinvestForm
from ..rules.access import may_keep_some
from ..rules.money import pounds
from ..selectors import disposals as selectors
from ..selectors import keeping
from ..selectors.cases import case_choices
from ..services import disposals as services
from .strategy import NAV, PAGE_SIZE, crumbs


@require_GET
def disposal_list(request: HttpRequest) -> HttpResponse:
    windows = selectors.windows_all()
    page, query = paginate(request, selectors.disposals_visible(acting_person(request)), PAGE_SIZE)
    rows = [(d, selectors.retention_of(d, windows)) for d in page]
    return render(
        request,
        "capital/disposal_list.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(),
            "page": page,
            "query": query,
            "may_add": may_keep_some(memberships_of(acting_person(request))),
            "rows": rows,
            "pounds": pounds,
        },
    )


def _page(
    request: HttpRequest,
    ref: str,
    *,
    complete_form: Any = None,
    reinvest_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    person = acting_person(request)
    disposal = selectors.disposal_get(person, ref)
    keeps = person is not None and selectors.disposal_keepable(person, disposal)
    cases = case_choices(disposal.site.partnership_id)
    return render(
        request,
        "capital/disposal_detail.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(),
            "disposal": disposal,
            "retention": selectors.retention_of(disposal),
            "keeps": keeps,
            "complete_form": (complete_form or CompleteForm(initial={"version": disposal.version}))
            if keeps and disposal.completed is None
            else None,
            "reinvest_form": (reinvest_form or ReinvestForm(cases=cases))
            if keeps and disposal.completed is not None
            else None,
            "left": (disposal.receipt or 0) - disposal.reinvested,
            "pounds": pounds,
        },
        status=status,
    )


@require_GET
def disposal_detail(request: HttpRequest, ref: str) -> HttpResponse:
    return _page(request, ref)


@require_POST
def disposal_complete(request: HttpRequest, ref: str) -> HttpResponse:
    person = signed_in_person(request)
    form = CompleteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.disposal_complete(
                actor=person,
                ref=ref,
                version=data["version"],
                completed=data["completed"],
                receipt=data["receipt"],
                price=data["price"],
                receiving_party=data["receiving_party"],
            )
        except DevolutionError as refused:
            return _page(request, ref, complete_form=form, status=add_refusal(form, refused))
        messages.success(request, "The sale is recorded as completed; the site is disposed.")
        return redirect("capital:disposal-detail", ref)
    return _page(request, ref, complete_form=form, status=400)


@require_POST
def disposal_reinvest(request: HttpRequest, ref: str) -> HttpResponse:
    person = signed_in_person(request)
    disposal = selectors.disposal_get(person, ref)
    form = ReinvestForm(request.POST, cases=case_choices(disposal.site.partnership_id))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.reinvestment_add(
                actor=person,
                ref=ref,
                amount=data["amount"],
                on=data["on"],
                case=data["case"],
                scheme=data["scheme"],
                note=data["note"],
            )
        except DevolutionError as refused:
            return _page(request, ref, reinvest_form=form, status=add_refusal(form, refused))
        messages.success(request, "The reinvestment is recorded.")
        return redirect("capital:disposal-detail", ref)
    return _page(request, ref, reinvest_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def disposal_new(request: HttpRequest) -> HttpResponse:
    """A surplus site's disposal, by an estates lead of its owner or the secretariat."""
    person = signed_in_person(request)
    if not may_keep_some(memberships_of(person)):
        raise NotAllowed("Only estates leads and the secretariat record disposals.")
    form = DisposalForm(
        request.POST if request.method == "POST" else None,
        sites=keeping.sites_to_dispose(person, partnership_in_view(None)),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            partnership, _, site = data["site"].partition("/")
            try:
                disposal = services.disposal_create(
                    actor=person,
                    partnership=partnership,
                    site=site,
                    ref=data["ref"],
                    data=services.DisposalFields(
                        declared_surplus=data["declared_surplus"],
                        marketed=data["marketed"],
                        receiving_party=data["receiving_party"],
                        price=data["price"],
                    ),
                )
            except DevolutionError as refused:
                status = add_refusal(form, refused)
            else:
                messages.success(request, "The disposal is recorded.")
                return redirect("capital:disposal-detail", disposal.ref)
    return render(
        request,
        "capital/disposal_form.jinja",
        {"nav": NAV, "crumbs": crumbs(), "form": form},
        status=status,
    )


urlpatterns = [
    path("estates/capital/disposals/", disposal_list, name="disposal-list"),
    path("estates/capital/disposals/new/", disposal_new, name="disposal-new"),
    path("estates/capital/disposals/<slug:ref>/", disposal_detail, name="disposal-detail"),
    path(
        "estates/capital/disposals/<slug:ref>/complete",
        disposal_complete,
        name="disposal-complete",
    ),
    path(
        "estates/capital/disposals/<slug:ref>/reinvest",
        disposal_reinvest,
        name="disposal-reinvest",
    ),
]
