"""Allocation pages: every allocation and recommendation by fund and category, one
allocation with its spend and outcome measures and the recipient's forms, and the bid
page's section on its way through a board's meeting (SPEC §10). Thin: the services
check every rule, the selectors decide what each reader sees."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from devolution.core.errors import DevolutionError, NotAllowed
from devolution.core.pages import add_refusal
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import date_text
from devolution.partners.access import can_keep_registers, is_staff

from ..forms.allocations import BringToMeetingForm, ReadingForm, SpendForm
from ..rules.allocations import DECIDABLE, pounds
from ..selectors import allocations as selectors
from ..services import agenda, spend

NAV = "funding"


def _meeting_choices(bid: Any) -> list[tuple[str, str]]:
    return [
        (m.key, f"{m.board.short_name or m.board.name}, {date_text(m.date)}")
        for m in selectors.meetings_upcoming_for(bid)
    ]


def bid_allocation_section(bid: Any, reader: Any) -> dict[str, Any] | None:
    """The bid page's section: where the bid is on a board's agenda, the decision, what it
    allocated or recommended (and to whom); the secretariat's form to bring it to a
    meeting."""
    standing = selectors.bid_standing(bid, reader)
    item = standing.item
    if item is not None and not item.public and not is_staff(reader):
        item, decision = None, None
    else:
        decision = standing.decision
    may_bring = can_keep_registers(reader) and bid.state in DECIDABLE
    return {
        "bid": bid,
        "item": item,
        "decision": decision,
        "allocations": standing.allocations,
        "asked": pounds(agenda.asked_of(bid)),
        "applicant": agenda.applicant_of(bid.proposal)[1],
        "form": BringToMeetingForm(meetings=_meeting_choices(bid)) if may_bring else None,
        "pounds": pounds,
    }


def allocation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funding/allocation_list.jinja",
        {
            "nav": NAV,
            "funds": selectors.allocations_by_fund_kept(acting_person(request)),
            "pounds": pounds,
        },
    )


def _detail_page(
    request: HttpRequest,
    allocation: Any,
    *,
    spend_form: SpendForm | None = None,
    reading_form: ReadingForm | None = None,
    reading_for: int | None = None,
    status: int = 200,
) -> HttpResponse:
    person = acting_person(request)
    may = allocation.status == "allocated" and spend.may_report(person, allocation.bid)
    progress = selectors.allocation_progress(allocation)
    return render(
        request,
        "funding/allocation_detail.jinja",
        {
            "nav": NAV,
            "a": allocation,
            "progress": progress,
            "toward": selectors.toward_target,
            "may_report": may,
            "spend_form": spend_form or (SpendForm() if may else None),
            "reading_form": reading_form,
            "reading_for": reading_for,
            "blank_reading": ReadingForm if may else None,
            "pounds": pounds,
        },
        status=status,
    )


def allocation_detail(request: HttpRequest, ref: str, number: int) -> HttpResponse:
    return _detail_page(request, selectors.allocation_get(ref, number, acting_person(request)))


@require_POST
@login_required
def allocation_spend(request: HttpRequest, ref: str, number: int) -> HttpResponse:
    person = signed_in_person(request)
    allocation = selectors.allocation_get(ref, number, person)
    if not spend.may_report(person, allocation.bid):
        raise NotAllowed("Only the recipient of the money or the secretariat reports its spend.")
    form = SpendForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = spend.spend_report(
                actor=person,
                allocation_id=allocation.pk,
                reported_on=data["reported_on"],
                spent_to_date=data["spent_to_date"],
                note=data["note"],
            )
        except DevolutionError as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(
                request,
                f"{pounds(report.spent_to_date)} spent to {date_text(report.reported_on)} is "
                "recorded. Earlier reports are kept as they were.",
            )
            return redirect("funding:allocation-detail", ref=ref, number=allocation.number)
    return _detail_page(request, allocation, spend_form=form, status=status)


@require_POST
@login_required
def measure_report(request: HttpRequest, ref: str, number: int) -> HttpResponse:
    person = signed_in_person(request)
    measure = selectors.measure_get(ref, number)
    allocation = selectors.allocation_of_measure(measure, person)
    if not spend.may_report(person, measure.bid):
        raise NotAllowed("Only the recipient of the money or the secretariat reports outcomes.")
    form = ReadingForm(request.POST, prefix=f"m{measure.number}")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            spend.measure_report(
                actor=person,
                measure_id=measure.pk,
                reported_on=data["reported_on"],
                value=data["value"],
                note=data["note"],
            )
        except DevolutionError as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(request, f"The reading of “{measure.name}” is recorded.")
            return redirect("funding:allocation-detail", ref=ref, number=allocation.number)
    return _detail_page(
        request, allocation, reading_form=form, reading_for=measure.number, status=status
    )


@require_POST
@login_required
def bid_agenda(request: HttpRequest, ref: str) -> HttpResponse:
    person = signed_in_person(request)
    if not can_keep_registers(person):
        raise NotAllowed("The secretariat brings bids to the board's meetings.")
    bid = selectors.bid_for_agenda(ref)
    form = BringToMeetingForm(request.POST, meetings=_meeting_choices(bid))
    status = 400
    if form.is_valid():
        try:
            item = agenda.bid_to_agenda(
                actor=person, ref=ref, meeting_key=form.cleaned_data["meeting"]
            )
        except DevolutionError as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(
                request,
                f"“{bid.proposal.title}” is on the agenda of the meeting of "
                f"{date_text(item.meeting.date)} as item {item.order}, to be decided.",
            )
            return redirect("meetings:meeting-detail", key=item.meeting.key)
    section = bid_allocation_section(bid, person) or {}
    return render(
        request,
        "funding/bid_agenda.jinja",
        {"nav": NAV, "section": {**section, "form": form}},
        status=status,
    )


urlpatterns = [
    path("funding/allocations/", allocation_list, name="allocation-list"),
    path(
        "funding/bids/<slug:ref>/allocations/<int:number>/",
        allocation_detail,
        name="allocation-detail",
    ),
    path(
        "funding/bids/<slug:ref>/allocations/<int:number>/spend/",
        allocation_spend,
        name="allocation-spend",
    ),
    path(
        "funding/bids/<slug:ref>/measures/<int:number>/reports/",
        measure_report,
        name="measure-report",
    ),
    path("funding/bids/<slug:ref>/agenda/", bid_agenda, name="bid-agenda"),
]
