"""Proposals and the Mayor's six assurances (SPEC §11): the list of proposals with each
one's summary, a new service change or plan, a proposal's page with each assurance, its
words in seed 002, its assessment and a form to assess it, and the assurance report as a
page, a PDF and a spreadsheet. Thin: the services decide, the selectors read."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from devolution.commitments.reports import report_pdf
from devolution.core.documents import document_served
from devolution.core.errors import DevolutionError, NotAllowed
from devolution.core.pages import add_refusal, attachment, paginate
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import PDF, XLSX, date_text, report_xlsx
from devolution.partners.access import can_keep_registers, enforce_staff, memberships_of

from ..forms.assurance import AssessmentForm, ProposalForm, proposal_initial
from ..reports import assurance as reports
from ..rules import assurances as rules
from ..selectors import assurance as selectors
from ..services import assurance as services

NAV = "funding"
WHAT = "Proposals and their assurance"
PAGE_SIZE = 20  # as NHS.UK lists have: quick to read and to render (QUALITY P1)


def _may_assess(person: Any) -> bool:
    return rules.may_assess(m.role for m in memberships_of(person))


def _crumbs() -> list[dict[str, str]]:
    return [{"href": reverse("funding:proposal-list"), "text": "Proposals"}]


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    person = acting_person(request)
    enforce_staff(person, WHAT)
    page, query = paginate(request, selectors.proposal_list(), PAGE_SIZE)
    return render(
        request,
        "funding/proposal_list.jinja",
        {
            "nav": NAV,
            "page": page,
            "query": query,
            "overall": selectors.overall,
            "kinds": selectors.KIND_WORDS,
            "secretariat": can_keep_registers(person),
        },
    )


def _facts(form: ProposalForm) -> services.ProposalFacts:
    data = form.cleaned_data
    organisation, partnership = form.proposer_keys()
    return services.ProposalFacts(
        kind=data["kind"],
        title=data["title"],
        summary=data["summary"],
        organisation=organisation,
        partnership=partnership,
        places=list(data["places"]),
        beds_change=data["beds_change"],
        independent_review=form.review(),
        conditions=list(data["conditions"]),
        item=int(data["item"]) if data.get("item") else None,
    )


def _form_page(
    request: HttpRequest, form: ProposalForm, proposal: Any = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "funding/proposal_form.jinja",
        {
            "nav": NAV,
            "form": form,
            "proposal": proposal,
            "crumbs": _crumbs(),
            "conditions": selectors.bed_conditions(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: HttpRequest) -> HttpResponse:
    person = acting_person(request)
    services.enforce_secretariat(person)
    home = selectors.home_partnership()
    if request.method == "GET":
        return _form_page(request, ProposalForm(partnership=home))
    form = ProposalForm(request.POST, partnership=home)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        proposal = services.proposal_create(actor=signed_in_person(request), facts=_facts(form))
    except DevolutionError as exc:
        return _form_page(request, form, status=add_refusal(form, exc))
    messages.success(request, f"The proposal “{proposal.title}” is recorded.")
    return redirect("funding:proposal-detail", proposal.ref)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, ref: str) -> HttpResponse:
    person = acting_person(request)
    services.enforce_secretariat(person)
    proposal = selectors.proposal_get(ref)
    if request.method == "GET":
        form = ProposalForm(
            initial=proposal_initial(proposal),
            partnership=proposal.partnership,
            proposal=proposal,
        )
        return _form_page(request, form, proposal)
    form = ProposalForm(request.POST, partnership=proposal.partnership, proposal=proposal)
    if not form.is_valid():
        return _form_page(request, form, proposal, status=400)
    try:
        services.proposal_update(
            actor=signed_in_person(request),
            ref=proposal.ref,
            version=form.cleaned_data["version"] or 0,
            facts=_facts(form),
        )
    except DevolutionError as exc:
        return _form_page(request, form, proposal, status=add_refusal(form, exc))
    messages.success(request, f"The proposal “{form.cleaned_data['title']}” is saved.")
    return redirect("funding:proposal-detail", proposal.ref)


def _detail_page(
    request: HttpRequest,
    ref: str,
    bound: tuple[str, AssessmentForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    person = acting_person(request)
    view = selectors.proposal_view(ref)
    may_assess = _may_assess(person)
    forms: dict[str, AssessmentForm] = {}
    if may_assess:
        for assurance, assessment, _line in view.rows:
            if bound is not None and bound[0] == assurance.key:
                forms[assurance.key] = bound[1]
                continue
            forms[assurance.key] = AssessmentForm(
                prefix=assurance.key,
                initial={
                    "rating": assessment.judged if assessment else "",
                    "evidence": assessment.evidence if assessment else "",
                    "reason": assessment.reason if assessment else "",
                    "version": assessment.version if assessment else 0,
                },
            )
    return render(
        request,
        "funding/proposal_detail.jinja",
        {
            "nav": NAV,
            "view": view,
            "proposal": view.proposal,
            "kinds": selectors.KIND_WORDS,
            "words": rules.WORDS,
            "beds_words": rules.beds_words,
            "forms": forms,
            "bound": bound,
            "secretariat": can_keep_registers(person),
            "editable": view.proposal.kind != "bid",
            "crumbs": _crumbs(),
            "date_text": date_text,
            "nhs_england": rules.NHS_ENGLAND,
        },
        status=status,
    )


@login_required
@require_GET
def proposal_detail(request: HttpRequest, ref: str) -> HttpResponse:
    enforce_staff(acting_person(request), WHAT)
    return _detail_page(request, ref)


@login_required
@require_POST
def assessment_record(request: HttpRequest, ref: str, key: str) -> HttpResponse:
    person = acting_person(request)
    if not _may_assess(person):
        raise NotAllowed(services.ASSESS_REFUSED)
    proposal = selectors.proposal_get(ref)
    assurance = selectors.assurance_get(proposal.partnership_id, key)
    form = AssessmentForm(request.POST, prefix=assurance.key)
    if not form.is_valid():
        return _detail_page(request, ref, (assurance.key, form), status=400)
    data = form.cleaned_data
    try:
        assessment = services.assessment_record(
            actor=signed_in_person(request),
            ref=proposal.ref,
            assurance_key=assurance.key,
            rating=data["rating"],
            evidence=data["evidence"],
            reason=data["reason"],
            version=data["version"],
        )
    except DevolutionError as exc:
        status = add_refusal(form, exc)
        return _detail_page(request, ref, (assurance.key, form), status=status)
    words = f"{assurance.title}: {rules.WORDS[assessment.rating]}."
    if assessment.rating != assessment.judged:
        words += " The rule on hospital beds sets this, whatever was judged: see why below."
    messages.success(request, words)
    return redirect(
        reverse("funding:proposal-detail", args=[proposal.ref]) + f"#assurance-{assurance.key}"
    )


# ------------------------------------------------------------------ the report


def _report(request: HttpRequest, ref: str | None) -> Any:
    enforce_staff(acting_person(request), "The assurance report")
    return reports.assurance_report(ref)


def _report_page(request: HttpRequest, ref: str | None = None) -> HttpResponse:
    report = _report(request, ref)
    args = (ref,) if ref else ()
    return render(
        request,
        "commitments/report_page.jinja",
        {
            "nav": NAV,
            "report": report,
            "crumbs": _crumbs(),
            "downloads": {
                "pdf": reverse("funding:assurance-report-pdf", args=args),
                "xlsx": reverse("funding:assurance-report-xlsx", args=args),
            },
            "form": None,
            "others": [],
            "partnership": None,
            "partnerships": [],
            "keep": [],
        },
    )


def _staff_document(request: HttpRequest, made: Callable[[], HttpResponse]) -> HttpResponse:
    """A report for partnership staff: the door decides first; then every reader it lets
    in reads the one document, made once for the data's version (as the staff's pack)."""
    enforce_staff(acting_person(request), "The assurance report")
    if not settings.DOCUMENTS_MADE_ONCE:
        return made()
    return document_served(request, made, variant="staff")


@login_required
@require_GET
def assurance_report(request: HttpRequest, ref: str | None = None) -> HttpResponse:
    return _report_page(request, ref)


@login_required
@require_GET
def assurance_report_pdf(request: HttpRequest, ref: str | None = None) -> HttpResponse:
    if ref:
        selectors.proposal_get(ref)  # an unknown proposal: 404, before any document

    def made() -> HttpResponse:
        report = reports.assurance_report(ref)
        return attachment(report_pdf(report), PDF, report.filename("pdf"), private=True)

    return _staff_document(request, made)


@login_required
@require_GET
def assurance_report_xlsx(request: HttpRequest, ref: str | None = None) -> HttpResponse:
    if ref:
        selectors.proposal_get(ref)  # an unknown proposal: 404, before any document

    def made() -> HttpResponse:
        report = reports.assurance_report(ref)
        return attachment(report_xlsx(report), XLSX, report.filename("xlsx"), private=True)

    return _staff_document(request, made)


# The report of every proposal and of one share their names: /reports/assurance/ is every
# proposal's summary, /reports/assurance/<ref>/ one proposal's assessments in full.
urlpatterns = [
    path("funding/proposals/", proposal_list, name="proposal-list"),
    path("funding/proposals/new/", proposal_new, name="proposal-new"),
    path("funding/proposals/<slug:ref>/", proposal_detail, name="proposal-detail"),
    path("funding/proposals/<slug:ref>/edit/", proposal_edit, name="proposal-edit"),
    path(
        "funding/proposals/<slug:ref>/assurances/<slug:key>/",
        assessment_record,
        name="assessment-record",
    ),
    path("reports/assurance/", assurance_report, name="assurance-report"),
    path("reports/assurance.pdf", assurance_report_pdf, name="assurance-report-pdf"),
    path("reports/assurance.xlsx", assurance_report_xlsx, name="assurance-report-xlsx"),
    path("reports/assurance/<slug:ref>/", assurance_report, name="assurance-report"),
    path("reports/assurance/<slug:ref>.pdf", assurance_report_pdf, name="assurance-report-pdf"),
    path("reports/assurance/<slug:ref>.xlsx", assurance_report_xlsx, name="assurance-report-xlsx"),
]
