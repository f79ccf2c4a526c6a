from django.urls import path

from . import views

urlpatterns = [
    path("work-items/<str:reference>/settle/", views.work_item_settle, name="work-item-settle"),
    path("commitments/", views.commitment_list, name="commitment-list"),
    path("commitments/dashboard/", views.dashboard, name="commitment-dashboard"),
    path("commitments/dashboard/status.svg", views.chart_status_svg, name="chart-status-svg"),
    path("commitments/dashboard/rating.svg", views.chart_rag_svg, name="chart-rag-svg"),
    path(
        "commitments/dashboard/milestones.svg",
        views.chart_milestones_svg,
        name="chart-milestones-svg",
    ),
    path("commitments/themes/", views.theme_list, name="theme-list"),
    path(
        "commitments/milestones/<int:id>/complete/",
        views.milestone_complete,
        name="milestone-complete",
    ),
    path("commitments/<str:reference>/", views.commitment_detail, name="commitment-detail"),
    path(
        "commitments/<str:reference>/updates/",
        views.commitment_post_update,
        name="commitment-post-update",
    ),
    path("boards/<slug:key>/work-programme/", views.work_programme, name="work-programme"),
]
