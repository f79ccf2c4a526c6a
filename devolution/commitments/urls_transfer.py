from django.urls import path

from . import views_transfer as views

urlpatterns = [
    path("commitments/import/", views.import_page, name="import"),
    path("commitments/import/template.csv", views.template_csv, name="import-template-csv"),
    path("commitments/import/template.xlsx", views.template_xlsx, name="import-template-xlsx"),
    path("commitments/export.csv", views.export_csv, name="export-csv"),
    path("commitments/export.xlsx", views.export_xlsx, name="export-xlsx"),
]
