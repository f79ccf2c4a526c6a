"""Import and export of the commitments register (SPEC §15): the secretariat imports a
spreadsheet; anyone downloads the register, which is published data. Thin, over the
transfer package."""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from devolution.core.errors import InvalidInput, Problem, StaleEdit
from devolution.core.pages import attachment
from devolution.core.people import signed_in_person

from .. import transfer
from .pages import in_view

if TYPE_CHECKING:
    from devolution.partners.models import Partnership

NAV = "commitments"
CSV_TYPE = "text/csv; charset=utf-8"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="The spreadsheet to import",
        help_text="A CSV file (.csv) or an Excel workbook (.xlsx), up to "
        f"{transfer.MAX_BYTES // 1024 // 1024} MB and {transfer.MAX_ROWS:,} rows",
        error_messages={
            "required": "Choose a CSV or Excel file to import",
            "empty": "The file is empty: choose the spreadsheet with the register's rows",
            "invalid": "Choose a CSV or Excel file to import",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    # The import's own rule refuses the page, as it refuses the file.
    transfer.import_enforce_may(actor=person)
    posted = request.method == "POST"
    partnership = in_view(request)
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[Problem] = []
    filename = ""
    status = 400 if posted else 200
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = upload.name or "the file"
        try:
            transfer.check_size(upload.size or 0)
            report = transfer.commitments_import(
                actor=person,
                content=upload.read(),
                filename=filename,
            )
        except InvalidInput as exc:
            problems = exc.problems
        except StaleEdit as exc:
            # Changed meanwhile by someone else: nothing of the file was saved.
            problems, status = [Problem(exc.message)], 409
        else:
            messages.success(request, report.summary())
            return redirect("commitments:import")
    return render(
        request,
        "commitments/transfer_import.jinja",
        {
            "nav": NAV,
            "form": form,
            "problems": problems,
            "filename": filename,
            "columns": transfer.COLUMNS,
            "keys": _key_lists(partnership),
            "partnership": partnership,
            "max_mb": transfer.MAX_BYTES // 1024 // 1024,
            "max_rows": transfer.MAX_ROWS,
            "source_title": transfer.IMPORT_SOURCE["title"],
            "date_hint": transfer.DATE_HINT,
        },
        status=status,
    )


def _key_lists(partnership: "Partnership | None") -> dict[str, list[tuple[str, str]]]:
    """The keys the page lists, by column: the partnership's organisations and boards
    (transfer.key_lists), so that the page does not grow with the country's."""
    lists: dict[str, list[tuple[str, str]]] = {}
    for listed, key, name in transfer.key_lists(partnership):
        lists.setdefault(listed, []).append((key, name))
    return lists


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The register of the partnership in view (`?partnership=<key>`, else the default)."""
    return attachment(
        transfer.export_csv(in_view(request)), CSV_TYPE, transfer.export_filename("csv")
    )


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return attachment(
        transfer.export_xlsx(in_view(request)), transfer.XLSX_TYPE, transfer.export_filename("xlsx")
    )


@require_GET
def template_csv(request: HttpRequest) -> HttpResponse:
    return attachment(transfer.template_csv(), CSV_TYPE, "commitments-import-template.csv")


@require_GET
def template_xlsx(request: HttpRequest) -> HttpResponse:
    """The empty register, its Keys sheet of the partnership in view (`?partnership=`)."""
    return attachment(
        transfer.template_xlsx(in_view(request)),
        transfer.XLSX_TYPE,
        "commitments-import-template.xlsx",
    )
