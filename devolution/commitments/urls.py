from django.urls import include, path

app_name = "commitments"

urlpatterns = [
    path("", include("devolution.commitments.urls_pages")),
    path("", include("devolution.commitments.urls_transfer")),
    path("", include("devolution.commitments.urls_reports")),
]
