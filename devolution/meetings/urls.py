from django.urls import include, path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/papers/<int:paper_id>/", views.paper_download, name="paper-download"),
    path("meetings/<slug:key>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:key>/pack.pdf", views.meeting_pack, name="meeting-pack"),
    path("meetings/<slug:key>/pack/", views.meeting_pack_html, name="meeting-pack-html"),
    path("meetings/<slug:key>/status/", views.meeting_status, name="meeting-status"),
    path("meetings/<slug:key>/agenda/draft/", views.agenda_draft, name="agenda-draft"),
    path("meetings/<slug:key>/items/new/", views.item_edit, name="item-new"),
    path("meetings/<slug:key>/items/<int:item_id>/edit/", views.item_edit, name="item-edit"),
    path("meetings/<slug:key>/attendance/", views.attendance_record, name="attendance-record"),
    path(
        "meetings/<slug:key>/items/<int:item_id>/conflicts/",
        views.item_check_conflicts,
        name="item-check-conflicts",
    ),
    path(
        "meetings/<slug:key>/items/<int:item_id>/decision/",
        views.decision_record,
        name="decision-record",
    ),
    path(
        "meetings/<slug:key>/items/<int:item_id>/actions/",
        views.action_create,
        name="action-create",
    ),
    path(
        "meetings/<slug:key>/items/<int:item_id>/papers/",
        views.paper_upload,
        name="paper-upload",
    ),
    path("meetings/<slug:key>/flags/<int:flag_id>/ruling/", views.flag_rule, name="flag-rule"),
    path("meetings/<slug:key>/minutes/", views.minutes, name="minutes"),
    path("meetings/<slug:key>/minutes/draft/", views.minutes_draft, name="minutes-draft"),
    path("meetings/<slug:key>/minutes/edit/", views.minutes_update, name="minutes-update"),
    path("meetings/<slug:key>/minutes/approve/", views.minutes_approve, name="minutes-approve"),
    path("my/actions/", views.my_actions, name="my-actions"),
    path("my/actions/<int:action_id>/done/", views.action_done, name="action-done"),
    path("public/meetings/<slug:key>/", views.public_meeting, name="public-meeting"),
    path(
        "public/meetings/<slug:key>/minutes.pdf",
        views.public_minutes_pdf,
        name="public-minutes-pdf",
    ),
    path(
        "public/papers/<int:paper_id>/", views.public_paper_download, name="public-paper-download"
    ),
    path("public/boards/<slug:board>/meetings.ics", views.board_calendar, name="board-calendar"),
    path(
        "public/boards/<slug:board>/meetings/<slug:key>/pack.pdf",
        views.public_pack,
        name="public-pack",
    ),
    path(
        "public/boards/<slug:board>/meetings/<slug:key>/pack/",
        views.public_pack_html,
        name="public-pack-html",
    ),
    path("public/conflicts/", views.conflict_log, name="conflict-log"),
    path("public/conflicts.csv", views.conflict_log_csv, name="conflict-log-csv"),
    path("", include("devolution.meetings.register_urls")),
]
