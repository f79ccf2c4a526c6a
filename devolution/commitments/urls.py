from django.urls import path

from devolution.core.documents import made_once

from .views import pages, reports, transfer

app_name = "commitments"

# Import and export, then the reports (each a page at `…/`, a PDF at `….pdf` and a
# spreadsheet at `….xlsx`; all public), then the pages: their `commitments/<reference>/`
# would otherwise take `commitments/import/` and any other fixed path under commitments/.
urlpatterns = [
    path("commitments/import/", transfer.import_page, name="import"),
    path(
        "commitments/import/template.csv",
        made_once(transfer.template_csv),
        name="import-template-csv",
    ),
    path(
        "commitments/import/template.xlsx",
        made_once(transfer.template_xlsx),
        name="import-template-xlsx",
    ),
    path("commitments/export.csv", made_once(transfer.export_csv), name="export-csv"),
    path("commitments/export.xlsx", made_once(transfer.export_xlsx), name="export-xlsx"),
    path("reports/mou-progress/", reports.mou_progress_report, name="mou-progress-report"),
    path(
        "reports/mou-progress.pdf",
        made_once(reports.mou_progress_report_pdf),
        name="mou-progress-report-pdf",
    ),
    path(
        "reports/mou-progress.xlsx",
        made_once(reports.mou_progress_report_xlsx),
        name="mou-progress-report-xlsx",
    ),
    path(
        "reports/work-programme/<slug:key>/",
        reports.work_programme_report,
        name="work-programme-report",
    ),
    path(
        "reports/work-programme/<slug:key>.pdf",
        made_once(reports.work_programme_report_pdf),
        name="work-programme-report-pdf",
    ),
    path(
        "reports/work-programme/<slug:key>.xlsx",
        made_once(reports.work_programme_report_xlsx),
        name="work-programme-report-xlsx",
    ),
    path(
        "reports/commitments-by-owner/",
        reports.commitments_by_owner_report,
        name="commitments-by-owner-report",
    ),
    path(
        "reports/commitments-by-owner.pdf",
        made_once(reports.commitments_by_owner_report_pdf),
        name="commitments-by-owner-report-pdf",
    ),
    path(
        "reports/commitments-by-owner.xlsx",
        made_once(reports.commitments_by_owner_report_xlsx),
        name="commitments-by-owner-report-xlsx",
    ),
    path(
        "reports/commitments-by-board/",
        reports.commitments_by_board_report,
        name="commitments-by-board-report",
    ),
    path(
        "reports/commitments-by-board.pdf",
        made_once(reports.commitments_by_board_report_pdf),
        name="commitments-by-board-report-pdf",
    ),
    path(
        "reports/commitments-by-board.xlsx",
        made_once(reports.commitments_by_board_report_xlsx),
        name="commitments-by-board-report-xlsx",
    ),
    path("reports/mou-pledges/", reports.pledges_report, name="pledges-report"),
    path(
        "reports/mou-pledges.pdf", made_once(reports.pledges_report_pdf), name="pledges-report-pdf"
    ),
    path(
        "reports/mou-pledges.xlsx",
        made_once(reports.pledges_report_xlsx),
        name="pledges-report-xlsx",
    ),
    path("reports/opportunities/", reports.opportunities_report, name="opportunities-report"),
    path(
        "reports/opportunities.pdf",
        made_once(reports.opportunities_report_pdf),
        name="opportunities-report-pdf",
    ),
    path(
        "reports/opportunities.xlsx",
        made_once(reports.opportunities_report_xlsx),
        name="opportunities-report-xlsx",
    ),
    path("work-items/<str:reference>/settle/", pages.work_item_settle, name="work-item-settle"),
    path("commitments/", pages.commitment_list, name="commitment-list"),
    path("commitments/dashboard/", pages.dashboard, name="commitment-dashboard"),
    path("commitments/dashboard/status.svg", pages.chart_status_svg, name="chart-status-svg"),
    path("commitments/dashboard/rating.svg", pages.chart_rag_svg, name="chart-rag-svg"),
    path(
        "commitments/dashboard/milestones.svg",
        pages.chart_milestones_svg,
        name="chart-milestones-svg",
    ),
    path("commitments/themes/", pages.theme_list, name="theme-list"),
    path(
        "commitments/milestones/<int:id>/complete/",
        pages.milestone_complete,
        name="milestone-complete",
    ),
    path("commitments/<str:reference>/", pages.commitment_detail, name="commitment-detail"),
    path(
        "commitments/<str:reference>/updates/",
        pages.commitment_post_update,
        name="commitment-post-update",
    ),
    path("boards/<slug:key>/work-programme/", pages.work_programme, name="work-programme"),
]
