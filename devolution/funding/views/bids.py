"""Bid pages: the list, a new draft, a bid with all it holds and the sections the other
parts of funding add, the draft's edit, its changes of state and its documents. Thin:
who sees and changes what is decided in rules/bids.py, through the selectors and the
services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from devolution.core.errors import DevolutionError, InvalidInput, NotAllowed, StaleEdit
from devolution.core.pages import add_refusal, paginate
from devolution.core.people import acting_person, signed_in_person

from ..bid_page import bid_sections
from ..forms.bids import STATE_LABELS, BidFilter, BidForm, DocumentForm, MoveForm, bid_initial
from ..rules import assurances as assurance_rules
from ..rules import bids as rules
from ..rules.allocations import pounds
from ..selectors import bids as selectors
from ..services import bids as services

NAV = "funding"
PAGE_SIZE = 50
MOVES = {
    "submitted": ("funding:bid-submit", "Submit the bid for assessment"),
    "withdrawn": ("funding:bid-withdraw", "Withdraw the bid"),
    "assessed": ("funding:bid-assess", "Mark the bid assessed"),
}


@require_GET
def bid_list(request: HttpRequest) -> HttpResponse:
    """The bids the reader may see: the public those a board has decided on; staff also
    their organisation's; assessors and the secretariat every submitted one; applicants
    their organisation's drafts."""
    person = acting_person(request)
    form = BidFilter(request.GET)
    state = form.cleaned_data.get("state") if form.is_valid() else None
    page, query = paginate(request, selectors.bid_rows(person, state=state or None), PAGE_SIZE)
    return render(
        request,
        "funding/bid_list.jinja",
        {
            "nav": NAV,
            "form": form,
            "page": page,
            "query": query,
            "state_labels": STATE_LABELS,
            "pounds": pounds,
            "may_bid": bool(person and selectors.applicants_for(person)),
        },
        status=200 if form.is_valid() else 400,
    )


def _form_page(
    request: HttpRequest, form: BidForm, *, bid: Any = None, status: int = 200, problem: str = ""
) -> HttpResponse:
    return render(
        request,
        "funding/bid_form.jinja",
        {"nav": NAV, "form": form, "bid": bid, "problem": problem},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def bid_new(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    if not selectors.applicants_for(person):
        raise NotAllowed("Only an applicant of a partner organisation may make a bid.")
    if request.method == "GET":
        return _form_page(request, BidForm(person=person))
    form = BidForm(request.POST, person=person)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        bid = services.bid_create(actor=person, data=form.bid_data())
    except InvalidInput as exc:
        return _form_page(request, form, status=add_refusal(form, exc))
    messages.success(request, f"Your draft bid {bid.proposal.ref} is saved.")
    return redirect("funding:bid-detail", ref=bid.proposal.ref)


def _detail(
    request: HttpRequest,
    bid: Any,
    *,
    problems: list[Any] | None = None,
    problem: str = "",
    document_form: DocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    person = acting_person(request)
    may_change = services.bid_may_change(person, bid)
    moves = [(MOVES[s][0], MOVES[s][1], s) for s in services.bid_moves(person, bid) if s in MOVES]
    amounts = list(bid.amounts.all())
    return render(
        request,
        "funding/bid_detail.jinja",
        {
            "nav": NAV,
            "bid": bid,
            "applicant": selectors.bid_applicant_name(bid),
            "level_group": rules.level_group(bid.level.key),
            "amounts": amounts,
            "total": sum(a.amount for a in amounts),
            "pounds": pounds,
            "state_labels": STATE_LABELS,
            "beds": bed_facts_words(bid.proposal),
            "may_change": may_change,
            "moves": moves,
            "document_form": document_form or (DocumentForm() if may_change else None),
            "problems": problems or [],
            "problem": problem,
            "sections": bid_sections(bid, request.user),
            # Who changed a bid is for the partnership's staff; the public reads what
            # was decided, not who typed it.
            "show_people": person is not None,
        },
        status=status,
    )


def bed_facts_words(proposal: Any) -> str:
    """What the bid says of hospital beds, in words: the change, and for a reduction
    whether it was independently reviewed and which of NHS England's conditions it meets."""
    change = assurance_rules.beds_words(proposal.beds_change)
    if proposal.beds_change is None or proposal.beds_change >= 0:
        return change[:1].upper() + change[1:]
    review = {True: "independently reviewed", False: "not independently reviewed"}.get(
        proposal.independent_review, "no independent review stated"
    )
    met = [c.text for c in proposal.bed_conditions.all()]
    conditions = (
        f"meets NHS England's condition{'s' if len(met) > 1 else ''}: {'; '.join(met)}"
        if met
        else "meets none of NHS England's conditions for closing beds"
    )
    return f"{change[:1].upper() + change[1:]}; {review}; {conditions}."


@require_GET
def bid_detail(request: HttpRequest, ref: str) -> HttpResponse:
    return _detail(request, selectors.bid_get(ref, acting_person(request)))


@login_required
@require_http_methods(["GET", "POST"])
def bid_edit(request: HttpRequest, ref: str) -> HttpResponse:
    person = signed_in_person(request)
    bid = selectors.bid_get(ref, person)
    services.bid_enforce_may_change(person, bid)
    rows = max(3, bid.measures.count() + 1)
    if request.method == "GET":
        return _form_page(
            request, BidForm(initial=bid_initial(bid), person=person, measure_rows=rows), bid=bid
        )
    form = BidForm(request.POST, person=person, measure_rows=rows)
    if not form.is_valid():
        return _form_page(request, form, bid=bid, status=400)
    try:
        services.bid_edit(
            actor=person,
            ref=ref,
            version=form.cleaned_data.get("version") or 0,
            data=form.bid_data(),
        )
    except StaleEdit as exc:
        # Their words are kept, with the version now saved: they read what changed on the
        # bid's page and save again if theirs should stand.
        current = selectors.bid_get(ref, person)
        form = BidForm(
            {
                **request.POST.dict(),
                "version": current.version,
                "places": request.POST.getlist("places"),
            },
            person=person,
            measure_rows=rows,
        )
        form.is_valid()
        return _form_page(request, form, bid=current, status=409, problem=exc.message)
    except DevolutionError as exc:
        return _form_page(request, form, bid=bid, status=add_refusal(form, exc))
    messages.success(request, f"Your changes to {ref} are saved.")
    return redirect("funding:bid-detail", ref=ref)


def _move(request: HttpRequest, ref: str, move: Any, done: str) -> HttpResponse:
    person = signed_in_person(request)
    form = MoveForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        move(actor=person, ref=ref, version=data.get("version"), note=data.get("note") or "")
    except InvalidInput as exc:
        return _detail(request, selectors.bid_get(ref, person), problems=exc.problems, status=400)
    except DevolutionError as exc:
        if exc.status in (403, 404):
            raise
        return _detail(
            request, selectors.bid_get(ref, person), problem=exc.message, status=exc.status
        )
    messages.success(request, done.format(ref=ref))
    return redirect("funding:bid-detail", ref=ref)


@require_POST
@login_required
def bid_submit(request: HttpRequest, ref: str) -> HttpResponse:
    return _move(request, ref, services.bid_submit, "Bid {ref} is submitted for assessment.")


@require_POST
@login_required
def bid_withdraw(request: HttpRequest, ref: str) -> HttpResponse:
    return _move(request, ref, services.bid_withdraw, "Bid {ref} is withdrawn.")


@require_POST
@login_required
def bid_assess(request: HttpRequest, ref: str) -> HttpResponse:
    return _move(request, ref, services.bid_mark_assessed, "Bid {ref} is marked assessed.")


@require_POST
@login_required
def bid_document_upload(request: HttpRequest, ref: str) -> HttpResponse:
    person = signed_in_person(request)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.bid_document_upload(
                actor=person,
                ref=ref,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data.get("file"),
            )
        except InvalidInput as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(request, f"The document “{document.title}” is added to {ref}.")
            return redirect("funding:bid-detail", ref=ref)
    else:
        status = 400
    return _detail(request, selectors.bid_get(ref, person), document_form=form, status=status)


@require_GET
def bid_document_download(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    return services.bid_document_download(
        reader=acting_person(request), ref=ref, document_id=document_id
    )


urlpatterns = [
    path("funding/bids/", bid_list, name="bid-list"),
    path("funding/bids/new/", bid_new, name="bid-new"),
    path("funding/bids/<slug:ref>/", bid_detail, name="bid-detail"),
    path("funding/bids/<slug:ref>/edit/", bid_edit, name="bid-edit"),
    path("funding/bids/<slug:ref>/submit/", bid_submit, name="bid-submit"),
    path("funding/bids/<slug:ref>/withdraw/", bid_withdraw, name="bid-withdraw"),
    path("funding/bids/<slug:ref>/assessed/", bid_assess, name="bid-assess"),
    path("funding/bids/<slug:ref>/documents/", bid_document_upload, name="bid-document-upload"),
    path(
        "funding/bids/<slug:ref>/documents/<int:document_id>/",
        bid_document_download,
        name="bid-document-download",
    ),
]
