"""The reporting-requirements register (SPEC §14): its returns, one return's page, its
import (the secretariat; a CSV or XLSX file, all of it or none) and its export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from devolution.core.documents import made_once
from devolution.core.pages import attachment, import_outcome, paginate
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import XLSX
from devolution.partners.access import can_keep_registers

from .. import selectors, transfer
from ..forms import ImportForm
from .common import NAV, crumbs

PAGE_SIZE = 25
MAX_BYTES = 5 * 1024 * 1024


@require_GET
def return_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.return_rows(), PAGE_SIZE)
    return render(
        request,
        "regulation/return_list.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(),
            "returns": page,
            "item_counts": selectors.item_counts(list(page)),
            "query": query,
            "due_words": transfer.due_words,
            "types_words": selectors.types_words,
            "demo": selectors.has_demo(),
            "may_import": can_keep_registers(acting_person(request)),
        },
    )


@require_GET
def return_detail(request: HttpRequest, key: str) -> HttpResponse:
    ret = selectors.return_get(key)
    if ret is None:
        raise Http404("No return has this key.")
    asked_elsewhere = selectors.return_duplicates(ret)
    return render(
        request,
        "regulation/return_detail.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs((reverse("regulation:return-list"), "Reporting requirements")),
            "ret": ret,
            "due_words": transfer.due_words(ret),
            "types_words": selectors.types_words,
            "asked_elsewhere": asked_elsewhere,
            "demo": ret.is_demo,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_import(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    transfer.enforce_may_import(person)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report, problems, status = import_outcome(
            lambda: transfer.register_import(
                actor=person, content=upload.read(MAX_BYTES + 1), filename=upload.name
            ),
            transfer.problem_text,
        )
        if report is not None:
            messages.success(request, report.summary())
            return redirect("regulation:return-list")
    return render(
        request,
        "regulation/return_import.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs((reverse("regulation:return-list"), "Reporting requirements")),
            "form": form,
            "problems": problems,
            "columns": transfer.column_help(),
        },
        status=status,
    )


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    content = transfer.register_csv(selectors.return_list())
    return attachment(content, "text/csv; charset=utf-8", "reporting-requirements.csv")


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    content = transfer.register_xlsx(selectors.return_list())
    return attachment(content, XLSX, "reporting-requirements.xlsx")


urlpatterns = [
    path("regulation/returns/", return_list, name="return-list"),
    path("regulation/returns/import/", return_import, name="return-import"),
    path("regulation/returns/export.csv", made_once(export_csv), name="return-export-csv"),
    path("regulation/returns/export.xlsx", made_once(export_xlsx), name="return-export-xlsx"),
    path("regulation/returns/<slug:key>/", return_detail, name="return-detail"),
]
