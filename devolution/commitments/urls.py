from django.urls import include, path

app_name = "commitments"

# The pages come last: their `commitments/<reference>/` would otherwise take
# `commitments/import/` and any other fixed path under commitments/.
urlpatterns = [
    path("", include("devolution.commitments.urls_transfer")),
    path("", include("devolution.commitments.urls_reports")),
    path("", include("devolution.commitments.urls_pages")),
]
