from django.urls import path

from devolution.core.documents import made_once

from . import views

app_name = "governance"

urlpatterns = [
    path("boards/", views.board_list, name="board-list"),
    path("boards/<slug:key>/", views.board_detail, name="board-detail"),
    path("organogram/", views.organogram_page, name="organogram"),
    path("organogram.svg", views.organogram_svg, name="organogram-svg"),
    path("functions/", views.function_list, name="function-list"),
    path("governance/rules/", views.rule_catalogue, name="rule-catalogue"),
    path("reports/legal-framework/", views.rules_report, name="rules-report"),
    path("reports/legal-framework.pdf", made_once(views.rules_report_pdf), name="rules-report-pdf"),
    path(
        "reports/legal-framework.xlsx", made_once(views.rules_report_xlsx), name="rules-report-xlsx"
    ),
    path("governance/checker/", views.arrangement_checker, name="arrangement-checker"),
    path("reports/gateway/<slug:key>/", views.gateway_report, name="gateway-report"),
    path(
        "reports/gateway/<slug:key>.pdf",
        made_once(views.gateway_report_pdf),
        name="gateway-report-pdf",
    ),
    path(
        "reports/gateway/<slug:key>.xlsx",
        made_once(views.gateway_report_xlsx),
        name="gateway-report-xlsx",
    ),
    path(
        "reports/governance-progression/",
        views.progression_report,
        name="progression-report",
    ),
    path(
        "reports/governance-progression.pdf",
        made_once(views.progression_report_pdf),
        name="progression-report-pdf",
    ),
    path(
        "reports/governance-progression.xlsx",
        made_once(views.progression_report_xlsx),
        name="progression-report-xlsx",
    ),
    path(
        "reports/progressing-governance/",
        views.progressing_governance_report,
        name="progressing-governance-report",
    ),
    path(
        "reports/progressing-governance.pdf",
        made_once(views.progressing_governance_report_pdf),
        name="progressing-governance-report-pdf",
    ),
    path(
        "reports/progressing-governance.xlsx",
        made_once(views.progressing_governance_report_xlsx),
        name="progressing-governance-report-xlsx",
    ),
    path("reports/devolution-spectrum/", views.spectrum_report, name="spectrum-report"),
    path(
        "reports/devolution-spectrum.pdf",
        made_once(views.spectrum_report_pdf),
        name="spectrum-report-pdf",
    ),
    path(
        "reports/devolution-spectrum.xlsx",
        made_once(views.spectrum_report_xlsx),
        name="spectrum-report-xlsx",
    ),
]
