"""The commitments reports (SPEC §15): each a page at `…/`, a PDF at `….pdf` and a
spreadsheet at `….xlsx`; all public."""

from django.urls import URLPattern, path

from . import views_reports as views

urlpatterns: list[URLPattern] = [
    path("reports/mou-progress/", views.mou_progress_report, name="mou-progress-report"),
    path(
        "reports/mou-progress.pdf",
        views.mou_progress_report_pdf,
        name="mou-progress-report-pdf",
    ),
    path(
        "reports/mou-progress.xlsx",
        views.mou_progress_report_xlsx,
        name="mou-progress-report-xlsx",
    ),
    path(
        "reports/work-programme/<slug:key>/",
        views.work_programme_report,
        name="work-programme-report",
    ),
    path(
        "reports/work-programme/<slug:key>.pdf",
        views.work_programme_report_pdf,
        name="work-programme-report-pdf",
    ),
    path(
        "reports/work-programme/<slug:key>.xlsx",
        views.work_programme_report_xlsx,
        name="work-programme-report-xlsx",
    ),
    path(
        "reports/commitments-by-owner/",
        views.commitments_by_owner_report,
        name="commitments-by-owner-report",
    ),
    path(
        "reports/commitments-by-owner.pdf",
        views.commitments_by_owner_report_pdf,
        name="commitments-by-owner-report-pdf",
    ),
    path(
        "reports/commitments-by-owner.xlsx",
        views.commitments_by_owner_report_xlsx,
        name="commitments-by-owner-report-xlsx",
    ),
    path(
        "reports/commitments-by-board/",
        views.commitments_by_board_report,
        name="commitments-by-board-report",
    ),
    path(
        "reports/commitments-by-board.pdf",
        views.commitments_by_board_report_pdf,
        name="commitments-by-board-report-pdf",
    ),
    path(
        "reports/commitments-by-board.xlsx",
        views.commitments_by_board_report_xlsx,
        name="commitments-by-board-report-xlsx",
    ),
]
