from django.urls import include, path

from devolution.core.documents import made_once
from devolution.core.throttling import throttled

from .views import actions, interests_policy, minutes, packs, public, record, schedule

app_name = "meetings"

urlpatterns = [
    path("meetings/", public.meeting_list, name="meeting-list"),
    path("meetings/new/", schedule.meeting_new, name="meeting-new"),
    path("meetings/papers/<int:paper_id>/", record.paper_download, name="paper-download"),
    path("meetings/<slug:key>/", record.meeting_detail, name="meeting-detail"),
    # Not made once (core.documents): the staff's pack holds the board's confidential items
    # for its members only, so it is not the same for everyone who may fetch it.
    path("meetings/<slug:key>/pack.pdf", packs.meeting_pack, name="meeting-pack"),
    path("meetings/<slug:key>/pack/", packs.meeting_pack_html, name="meeting-pack-html"),
    path("meetings/<slug:key>/status/", schedule.meeting_status, name="meeting-status"),
    path("meetings/<slug:key>/agenda/draft/", schedule.agenda_draft, name="agenda-draft"),
    path("meetings/<slug:key>/items/new/", schedule.item_edit, name="item-new"),
    path("meetings/<slug:key>/items/<int:item_id>/edit/", schedule.item_edit, name="item-edit"),
    path("meetings/<slug:key>/attendance/", record.attendance_record, name="attendance-record"),
    path(
        "meetings/<slug:key>/items/<int:item_id>/conflicts/",
        record.item_check_conflicts,
        name="item-check-conflicts",
    ),
    path(
        "meetings/<slug:key>/items/<int:item_id>/decision/",
        record.decision_record,
        name="decision-record",
    ),
    path(
        "meetings/<slug:key>/items/<int:item_id>/actions/",
        record.action_create,
        name="action-create",
    ),
    path(
        "meetings/<slug:key>/items/<int:item_id>/papers/",
        record.paper_upload,
        name="paper-upload",
    ),
    path("meetings/<slug:key>/flags/<int:flag_id>/ruling/", record.flag_rule, name="flag-rule"),
    path("meetings/<slug:key>/minutes/", minutes.minutes, name="minutes"),
    path("meetings/<slug:key>/minutes/draft/", minutes.minutes_draft, name="minutes-draft"),
    path("meetings/<slug:key>/minutes/edit/", minutes.minutes_update, name="minutes-update"),
    path("meetings/<slug:key>/minutes/approve/", minutes.minutes_approve, name="minutes-approve"),
    path("my/actions/", actions.my_actions, name="my-actions"),
    path("my/actions/<int:action_id>/done/", actions.action_done, name="action-done"),
    path("public/meetings/<slug:key>/", public.public_meeting, name="public-meeting"),
    path(
        "public/meetings/<slug:key>/minutes.pdf",
        made_once(public.public_minutes_pdf),
        name="public-minutes-pdf",
    ),
    path(
        "public/papers/<int:paper_id>/",
        throttled(public.public_paper_download),
        name="public-paper-download",
    ),
    path(
        "public/boards/<slug:board>/meetings.ics",
        made_once(public.board_calendar),
        name="board-calendar",
    ),
    path(
        "public/boards/<slug:board>/meetings/<slug:key>/pack.pdf",
        made_once(packs.public_pack),
        name="public-pack",
    ),
    path(
        "public/boards/<slug:board>/meetings/<slug:key>/pack/",
        packs.public_pack_html,
        name="public-pack-html",
    ),
    path("public/conflicts/", public.conflict_log, name="conflict-log"),
    path("public/conflicts.csv", made_once(public.conflict_log_csv), name="conflict-log-csv"),
    path(
        "reports/conflicts-of-interest/",
        interests_policy.interests_policy,
        name="interests-policy-report",
    ),
    path(
        "reports/conflicts-of-interest.pdf",
        made_once(interests_policy.interests_policy_pdf),
        name="interests-policy-report-pdf",
    ),
    path(
        "reports/conflicts-of-interest.xlsx",
        made_once(interests_policy.interests_policy_xlsx),
        name="interests-policy-report-xlsx",
    ),
    path("", include("devolution.meetings.interests.urls")),
]
