from django.contrib import admin
from django.urls import include, path

from devolution.api import api
from devolution.core import health
from devolution.core import views as core_views

handler400 = "devolution.core.views.error_400"
handler403 = "devolution.core.views.error_403"
handler404 = "devolution.core.views.error_404"
handler500 = "devolution.core.views.error_500"

urlpatterns = [
    path("", include("devolution.core.urls")),
    path("", include("devolution.partners.urls")),
    path("", include("devolution.governance.urls")),
    path("", include("devolution.commitments.urls")),
    path("", include("devolution.meetings.urls")),
    path("", include("devolution.funding.urls")),
    path("", include("devolution.estates.urls")),
    path("", include("devolution.capital.urls")),
    path("", include("devolution.workforce.urls")),
    path("", include("devolution.regulation.urls")),
    path("", include("devolution.search.urls")),
    path("", include("devolution.notifications.urls")),
    path("", include("devolution.public.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("health", core_views.health, name="health"),
    # For load balancers (core.health): is the process up, and is it ready to serve.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
