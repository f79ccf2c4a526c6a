"""The meetings pages for staff: the list, a meeting's record (agenda, attendance,
declarations, conflicts and rulings, decisions, actions, papers), the minutes from draft
to approval (then frozen), and a person's actions. Each form refuses with its error
beside the field and the service's status, and nothing is written when refused."""

import datetime as dt
import re
from html import unescape
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from devolution.commitments.models import Commitment
from devolution.governance.models import Board, BoardMember, Function
from devolution.meetings import papers
from devolution.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    ConflictFlag,
    Decision,
    Declaration,
    ItemParty,
    Meeting,
    Minutes,
    Paper,
    Ruling,
)
from devolution.meetings.services import flag_rule, item_flags_refresh
from devolution.partners.models import Membership, Organisation, Place, Role
from tests.bids import bid_on_item
from tests.conftest import make_person, signed_in
from tests.meetings.conftest import seat

pytestmark = pytest.mark.django_db

MARKER = "CONFIDENTIAL-MARKER-91b2"
KEY = "spb-2018-05-24-test"
LATER = "spb-2018-06-21-test"


RESPONSIVE_HEADING = re.compile(r'<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*</span>')


def text(response) -> str:
    """The page's words as read, without the headings a narrow screen repeats in cells."""
    html = RESPONSIVE_HEADING.sub("", response.content.decode())
    html = re.sub(r"</?(strong|a|span|em)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str = "paper.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content)


def build_meeting(alice, bob, chair, secretariat) -> Meeting:
    """Issue 5's scenario: an SPB meeting in shadow decision-making, a public item
    allocating money to a North East London bid, and a confidential item whose title,
    paper, declaration, ruling, decision and action all carry the marker."""
    spb = Board.objects.get(key="spb")
    meeting = Meeting.objects.create(
        key=KEY,
        board=spb,
        date=dt.date(2018, 5, 24),
        place="City Hall",
        quorum=2,
        status=Meeting.Status.AGENDA_PUBLISHED,
    )
    # Held: the minutes of the meeting are approved at it.
    Meeting.objects.create(key=LATER, board=spb, date=dt.date(2018, 6, 21), status="held")
    for person, org, is_chair in [
        (alice, "la-hackney", False),
        (bob, "la-camden", False),
        (chair, "nhs-england-london", True),
    ]:
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            kind="present",
            organisation=Organisation.objects.get(key=org),
            is_chair=is_chair,
        )
    # Alice and Bob sit on the SPB: they read its confidential items.
    for person, org in [(alice, "la-hackney"), (bob, "la-camden")]:
        BoardMember.objects.create(
            board=spb, person=person, organisation=Organisation.objects.get(key=org)
        )
    Attendance.objects.create(
        meeting=meeting,
        person=secretariat,
        kind="apologies",
        organisation=Organisation.objects.get(key="london-councils"),
    )
    nel = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        key="nel-bid",
        title="Transformation funding for a NEL bid",
        purpose="decide",
        presenter="Director of the Healthy London Partnership",
        function=Function.objects.get(key="transformation_funding"),
    )
    nel.places.set([Place.objects.get(code="QMF")])
    nel.commitments.set([Commitment.objects.order_by("reference").first()])
    applicant = Organisation.objects.get(key="ccg-city-and-hackney")
    ItemParty.objects.create(item=nel, role="applicant", organisation=applicant)
    bid_on_item(nel)
    secret = AgendaItem.objects.create(
        meeting=meeting,
        order=2,
        key="estates-disposal",
        title=f"Disposal of a site {MARKER}",
        purpose="consider",
        public=False,
    )
    ItemParty.objects.create(
        item=secret, role="affected", organisation=Organisation.objects.get(key="la-hackney")
    )
    papers.paper_upload(
        actor=secretariat, item_id=nel.pk, title="The NEL bid", author="HLP", upload=upload()
    )
    papers.paper_upload(
        actor=secretariat,
        item_id=secret.pk,
        title=f"Valuation {MARKER}",
        executive_summary=f"Summary {MARKER}",
        upload=upload("valuation.pdf"),
    )
    Declaration.objects.create(
        meeting=meeting, person=alice, item=secret, text=f"Alice's interest {MARKER}"
    )
    Declaration.objects.create(meeting=meeting, person=bob, text="Bob is a trustee of a charity")
    return meeting


@pytest.fixture
def meeting(alice, bob, chair, secretariat) -> Meeting:
    return build_meeting(alice, bob, chair, secretariat)


def item(key: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting__key=KEY, key=key)


def rule_everything(chair, secretariat) -> None:
    """Flags checked on both items, each ruled, and the confidential item decided."""
    for key in ("nel-bid", "estates-disposal"):
        for flag in item_flags_refresh(item_id=item(key).pk):
            flag_rule(
                actor=chair,
                flag_id=flag.pk,
                outcome="withdraw",
                reason=f"Within the area {MARKER}" if key == "estates-disposal" else "In the area",
            )


# ---------------------------------------------------------------------------- the list


def test_the_list_shows_each_meeting_by_board_date_and_status(meeting, secretariat):
    response = signed_in(secretariat).get("/meetings/?board=spb")
    assert response.status_code == 200
    page = text(response)
    assert "24 May 2018" in page and "21 June 2018" in page
    assert "London Health and Care Strategic Partnership Board" in page
    assert "Scheduled" in page
    assert f'href="/meetings/{KEY}/"' in response.content.decode()
    assert 'href="/public/boards/spb/meetings.ics"' in response.content.decode()


def test_the_public_list_links_to_the_public_pages(meeting, client):
    response = client.get("/meetings/?board=spb")
    assert f'href="/public/meetings/{KEY}/"' in response.content.decode()
    assert f'href="/meetings/{KEY}/"' not in response.content.decode()


def test_the_list_filters_by_status(meeting, secretariat):
    Meeting.objects.filter(key=LATER).update(status="held")
    page = text(signed_in(secretariat).get("/meetings/?board=spb&status=held"))
    assert "21 June 2018" in page
    assert "24 May 2018" not in page


def test_a_filter_of_no_such_board_is_a_clear_400(meeting, client):
    response = client.get("/meetings/?board=nowhere")
    assert response.status_code == 400
    assert "Choose one of the boards listed" in text(response)


# ----------------------------------------------------------------------- one meeting


def test_the_record_is_for_signed_in_staff(meeting, client):
    response = client.get(f"/meetings/{KEY}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def item_page(client, key: str):
    """The meeting page with one item open: the way an item is read and worked on."""
    return client.get(f"/meetings/{KEY}/?item={item(key).pk}")


def test_the_record_shows_the_agenda_in_order_with_everything_about_each_item(meeting, bob):
    client = signed_in(bob)
    overview = text(client.get(f"/meetings/{KEY}/"))
    first = overview.index("1. Transformation funding for a NEL bid")
    second = overview.index(f"2. Disposal of a site {MARKER}")
    assert first < second
    response = item_page(client, "nel-bid")
    assert response.status_code == 200
    page = text(response) + text(item_page(client, "estates-disposal"))
    assert "To decide" in page and "To consider" in page
    assert "Director of the Healthy London Partnership" in page
    assert "NHS City and Hackney CCG (applicant)" in page
    assert "North East London" in page
    assert Commitment.objects.order_by("reference").first().reference in page
    assert "Confidential" in page and "Public" in page
    nel_paper = Paper.objects.get(title="The NEL bid")
    assert f'href="/meetings/papers/{nel_paper.pk}/"' in response.content.decode()
    assert f"Valuation {MARKER}" in page


def test_the_record_shows_attendance_apologies_and_declarations(meeting, bob):
    page = text(signed_in(bob).get(f"/meetings/{KEY}/"))
    assert "Chris Chair NHS England (London region) Chair" in page
    assert "Alice Adams London Borough of Hackney Member" in page
    apologies = page[page.index("Apologies") :]
    assert "Sam Secretariat, London Councils" in apologies
    assert "Bob is a trustee of a charity" in page
    assert f"Alice's interest {MARKER}" in page


def test_opening_the_record_does_not_check_for_conflicts(meeting, secretariat):
    signed_in(secretariat).get(f"/meetings/{KEY}/")
    assert not ConflictFlag.objects.filter(item__meeting__key=KEY).exists()


def test_the_secretariat_checks_an_item_for_conflicts_and_the_reasons_show(meeting, secretariat):
    client = signed_in(secretariat)
    response = client.post(f"/meetings/{KEY}/items/{item('nel-bid').pk}/conflicts/")
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert "1 potential conflict of interest among the members present" in page
    assert "London Borough of Hackney serves North East London, which the item affects" in page
    assert "Awaiting a ruling" in page


def test_no_one_else_checks_for_conflicts(meeting, bob, chair):
    for person in (bob, chair):
        response = signed_in(person).post(f"/meetings/{KEY}/items/{item('nel-bid').pk}/conflicts/")
        assert response.status_code == 403
    assert not ConflictFlag.objects.exists()


def test_an_item_of_another_meeting_is_not_found(meeting, secretariat):
    other = Meeting.objects.get(key=LATER)
    response = signed_in(secretariat).post(
        f"/meetings/{other.key}/items/{item('nel-bid').pk}/conflicts/"
    )
    assert response.status_code == 404


# ----------------------------------------------------------------------------- rulings


def _ruling(outcome="withdraw", reason="Hackney is within the bidding area") -> dict:
    flag = ConflictFlag.objects.get(item__key="nel-bid")
    return {f"ruling{flag.pk}-outcome": outcome, f"ruling{flag.pk}-reason": reason}


def _flag_url() -> str:
    flag = ConflictFlag.objects.get(item__key="nel-bid")
    return f"/meetings/{KEY}/flags/{flag.pk}/ruling/"


def test_only_the_chair_sees_the_ruling_form_and_only_the_chair_rules(
    meeting, alice, bob, chair, secretariat
):
    item_flags_refresh(item_id=item("nel-bid").pk)
    on_item = f"/meetings/{KEY}/?item={item('nel-bid').pk}"
    assert "Rule on Alice Adams" in text(signed_in(chair).get(on_item))
    for person in (alice, bob, secretariat):
        assert "Rule on Alice Adams" not in text(signed_in(person).get(on_item))
        response = signed_in(person).post(_flag_url(), _ruling())
        assert response.status_code == 403, person
    assert not Ruling.objects.exists()
    response = signed_in(chair).post(_flag_url(), _ruling())
    assert response.status_code == 302
    ruling = Ruling.objects.get()
    assert (ruling.outcome, ruling.ruled_by) == ("withdraw", chair)
    page = text(item_page(signed_in(bob), "nel-bid"))
    assert "Withdraws: Hackney is within the bidding area (ruled by Chris Chair)" in page


def test_a_seated_co_chair_present_sees_the_ruling_form_for_others_flags_not_their_own(
    meeting, alice
):
    # Seated as co-chair, present, but not ticked as chair in the attendance: the seats say.
    dee = make_person("dee@hackney.example", "la-hackney", Role.BOARD_MEMBER, "Dee Deputy")
    seat(dee, organisation="la-hackney", office="co_chair")
    Attendance.objects.create(
        meeting=meeting,
        person=dee,
        kind="present",
        organisation=Organisation.objects.get(key="la-hackney"),
    )
    item_flags_refresh(item_id=item("nel-bid").pk)
    page = text(signed_in(dee).get(f"/meetings/{KEY}/?item={item('nel-bid').pk}"))
    assert "Rule on Alice Adams" in page
    assert "Rule on Dee Deputy" not in page


def test_someone_ticked_as_chair_in_the_attendance_but_not_seated_as_one_sees_no_ruling_form(
    meeting, bob
):
    Attendance.objects.filter(meeting=meeting, person=bob).update(is_chair=True)
    item_flags_refresh(item_id=item("nel-bid").pk)
    on_item = f"/meetings/{KEY}/?item={item('nel-bid').pk}"
    assert "Rule on Alice Adams" not in text(signed_in(bob).get(on_item))


def test_a_chair_is_refused_on_their_own_conflict(meeting, chair):
    # Every organisation the chair belongs to counts, not only the one they attend for.
    Membership.objects.create(
        person=chair, organisation=Organisation.objects.get(key="la-hackney"), role="board_member"
    )
    item_flags_refresh(item_id=item("nel-bid").pk)
    flag = ConflictFlag.objects.get(item__key="nel-bid", person=chair)
    assert "Rule on Chris Chair" not in text(signed_in(chair).get(f"/meetings/{KEY}/"))
    response = signed_in(chair).post(
        f"/meetings/{KEY}/flags/{flag.pk}/ruling/",
        {f"ruling{flag.pk}-outcome": "full_part", f"ruling{flag.pk}-reason": "mine"},
    )
    assert response.status_code == 403
    assert "does not rule on their own conflict" in text(response)
    assert not Ruling.objects.exists()


def test_a_ruling_without_a_reason_is_refused_beside_the_field(meeting, chair):
    item_flags_refresh(item_id=item("nel-bid").pk)
    response = signed_in(chair).post(_flag_url(), _ruling(reason=""))
    assert response.status_code == 400
    flag = ConflictFlag.objects.get(item__key="nel-bid")
    html = response.content.decode()
    assert f'id="id_ruling{flag.pk}-reason-error"' in html
    assert "Give the reason for the ruling" in text(response)
    assert not Ruling.objects.exists()


# --------------------------------------------------------------------------- decisions


def _decision(key="nel-bid", outcome="agreed", kind="") -> dict:
    """The NEL bid's item is decided as an allocation (it brings a bid); others plainly."""
    kind = kind or ("allocate_funding" if key == "nel-bid" else "decide")
    pk = item(key).pk
    return {
        f"decision{pk}-outcome": outcome,
        f"decision{pk}-how": "consensus",
        f"decision{pk}-decision_kind": kind,
        f"decision{pk}-text": "The bid is supported.",
    }


def test_no_decision_while_a_flag_has_no_ruling(meeting, secretariat):
    item_flags_refresh(item_id=item("nel-bid").pk)
    response = signed_in(secretariat).post(
        f"/meetings/{KEY}/items/{item('nel-bid').pk}/decision/", _decision()
    )
    assert response.status_code == 409
    page = text(response)
    assert "The rule that refused this change: MTG-UNRULED-FLAG." in page
    assert "have no ruling yet" in page
    assert not Decision.objects.filter(item__meeting__key=KEY).exists()


def test_the_decision_shows_as_a_recommendation_to_nhs_england(meeting, chair, secretariat, bob):
    item_flags_refresh(item_id=item("nel-bid").pk)
    signed_in(chair).post(_flag_url(), _ruling())
    client = signed_in(secretariat)
    response = client.post(f"/meetings/{KEY}/items/{item('nel-bid').pk}/decision/", _decision())
    assert response.status_code == 302
    assert "It is a recommendation to NHS England" in text(client.get(response["Location"]))
    page = text(item_page(signed_in(bob), "nel-bid"))
    # Under "Decision": the bid's assurance summary (funding's panel), then the record.
    assert "Decision The Mayor's six assurances" in page
    decision = page[page.index("Outcome Agreed") : page.index("Actions")]
    assert "Outcome Agreed" in decision
    assert "How reached Consensus" in decision
    assert "Recommendation to NHS England" in decision
    assert "shadow decision-making" in decision.lower()
    assert "Who took part Bob Brown, Chris Chair" in decision
    assert "Alice Adams, Bob Brown" not in decision


def test_only_the_secretariat_records_a_decision(meeting, alice, bob, chair):
    for person in (alice, bob, chair):
        response = signed_in(person).post(
            f"/meetings/{KEY}/items/{item('nel-bid').pk}/decision/", _decision()
        )
        assert response.status_code == 403
    assert not Decision.objects.filter(item__meeting__key=KEY).exists()


def test_a_decision_without_an_outcome_is_refused_beside_the_field(meeting, secretariat):
    pk = item("nel-bid").pk
    form = _decision()
    del form[f"decision{pk}-outcome"]
    response = signed_in(secretariat).post(f"/meetings/{KEY}/items/{pk}/decision/", form)
    assert response.status_code == 400
    assert f'id="id_decision{pk}-outcome-error"' in response.content.decode()
    assert f'href="#id_decision{pk}-outcome"' in response.content.decode()


def test_a_decision_is_recorded_once(meeting, chair, secretariat):
    rule_everything(chair, secretariat)
    client = signed_in(secretariat)
    url = f"/meetings/{KEY}/items/{item('nel-bid').pk}/decision/"
    assert client.post(url, _decision()).status_code == 302
    response = client.post(url, _decision(outcome="not_agreed"))
    assert response.status_code == 409
    assert "already recorded" in text(response)
    assert Decision.objects.get(item__meeting__key=KEY).outcome == "agreed"


# -------------------------------------------------------------------------- attendance


def test_only_the_secretariat_records_attendance(meeting, alice, chair):
    for person in (alice, chair):
        response = signed_in(person).post(
            f"/meetings/{KEY}/attendance/",
            {f"seat-{seat.pk}": "apologies" for seat in BoardMember.objects.all()},
        )
        assert response.status_code == 403
    assert Attendance.objects.get(meeting__key=KEY, person=alice).kind == "present"


# ----------------------------------------------------------------------------- actions


def _action(owner: str, due=("1", "6", "2018"), org="la-hackney", text_="Send the bid") -> dict:
    pk = item("nel-bid").pk
    day, month, year = due
    return {
        f"action{pk}-text": text_,
        f"action{pk}-owner_email": owner,
        f"action{pk}-organisation": org,
        f"action{pk}-due_day": day,
        f"action{pk}-due_month": month,
        f"action{pk}-due_year": year,
    }


def test_actions_show_on_the_item_and_on_the_owners_page_overdue_flagged(
    meeting, secretariat, alice, bob
):
    client = signed_in(secretariat)
    url = f"/meetings/{KEY}/items/{item('nel-bid').pk}/actions/"
    assert client.post(url, _action(alice.email)).status_code == 302
    later = dt.date.today() + dt.timedelta(days=30)
    due = (str(later.day), str(later.month), str(later.year))
    assert client.post(url, _action(alice.email, due, text_="Report back")).status_code == 302
    assert "Send the bid" in text(item_page(client, "nel-bid"))
    page = text(signed_in(alice).get("/my/actions/"))
    assert "2 actions" in page
    assert "1 of these actions is past its due date" in page
    assert "Send the bid" in page and "1 June 2018 Overdue" in page
    assert "Report back" in page
    assert page.count("Overdue") == 2  # the callout's heading and the one action
    assert "You have no actions" in text(signed_in(bob).get("/my/actions/"))


def test_an_action_with_a_wrong_date_is_refused_beside_the_date(meeting, secretariat, alice):
    pk = item("nel-bid").pk
    response = signed_in(secretariat).post(
        f"/meetings/{KEY}/items/{pk}/actions/", _action(alice.email, ("31", "2", "2018"))
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The due date must be a real date" in text(response)
    assert f'href="#id_action{pk}-due_day"' in html
    assert not Action.objects.exists()


def test_an_action_needs_an_owner(meeting, secretariat):
    response = signed_in(secretariat).post(
        f"/meetings/{KEY}/items/{item('nel-bid').pk}/actions/", _action("", org="")
    )
    assert response.status_code == 400
    assert "Name the person or the organisation who owns it" in text(response)
    assert not Action.objects.exists()


def test_my_actions_is_for_signed_in_people(client):
    response = client.get("/my/actions/")
    assert response.status_code == 302


# ------------------------------------------------------------------------------ papers


def test_the_secretariat_adds_a_paper_and_staff_download_it(meeting, secretariat, bob):
    pk = item("nel-bid").pk
    response = signed_in(secretariat).post(
        f"/meetings/{KEY}/items/{pk}/papers/",
        {
            f"paper{pk}-title": "Appendix A",
            f"paper{pk}-date_completed_day": "15",
            f"paper{pk}-date_completed_month": "5",
            f"paper{pk}-date_completed_year": "2018",
            f"paper{pk}-file": upload("appendix.pdf"),
        },
    )
    assert response.status_code == 302
    paper = Paper.objects.get(title="Appendix A")
    assert paper.date_completed == dt.date(2018, 5, 15)
    page = text(item_page(signed_in(bob), "nel-bid"))
    assert "Appendix A (PDF), completed 15 May 2018" in page
    download = signed_in(bob).get(f"/meetings/papers/{paper.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content if download.streaming else [download.content])[
        :5
    ] == (b"%PDF-")


def test_a_picture_is_refused_as_a_paper_beside_the_file_field(meeting, secretariat):
    pk = item("nel-bid").pk
    count = Paper.objects.count()
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    response = signed_in(secretariat).post(
        f"/meetings/{KEY}/items/{pk}/papers/",
        {f"paper{pk}-title": "A picture", f"paper{pk}-file": upload("paper.pdf", png)},
    )
    assert response.status_code == 400
    assert f'id="id_paper{pk}-file-error"' in response.content.decode()
    assert "a PNG image" in text(response)
    assert Paper.objects.count() == count


def test_only_the_secretariat_adds_papers(meeting, alice):
    pk = item("nel-bid").pk
    response = signed_in(alice).post(
        f"/meetings/{KEY}/items/{pk}/papers/", {f"paper{pk}-title": "Mine"}
    )
    assert response.status_code == 403
    assert not Paper.objects.filter(title="Mine").exists()


# ----------------------------------------------------------------------------- minutes


def _draft(secretariat) -> Minutes:
    response = signed_in(secretariat).post(f"/meetings/{KEY}/minutes/draft/")
    assert response.status_code == 302
    return Minutes.objects.get(meeting__key=KEY)


def test_minutes_are_drafted_from_the_record_without_confidential_business(
    meeting, chair, secretariat, alice
):
    rule_everything(chair, secretariat)
    nel = item("nel-bid").pk
    signed_in(secretariat).post(f"/meetings/{KEY}/items/{nel}/decision/", _decision())
    signed_in(secretariat).post(
        f"/meetings/{KEY}/items/{item('nel-bid').pk}/actions/", _action(alice.email)
    )
    minutes = _draft(secretariat)
    for expected in (
        "Minutes of the meeting of London Health and Care Strategic Partnership Board",
        "24 May 2018, City Hall",
        "- Chris Chair, NHS England (London region) (chair)",
        "- Sam Secretariat, London Councils",
        "- Bob Brown: Bob is a trustee of a charity",
        "- Alice Adams declared an interest in a confidential item.",
        "1. Transformation funding for a NEL bid",
        "Ruled by Chris Chair: withdraws, because In the area",
        "Decision: Agreed, by consensus. A recommendation to NHS England.",
        "Taking part in the decision: Bob Brown, Chris Chair.",
        "Action: Send the bid (Alice Adams, London Borough of Hackney, by 1 June 2018)",
        "2. Confidential item: minuted in the confidential minutes.",
    ):
        assert expected in minutes.text, expected
    assert MARKER not in minutes.text
    assert f"2. Disposal of a site {MARKER}" in minutes.confidential_text
    assert Meeting.objects.get(key=KEY).status == "minutes_drafted"
    page = text(signed_in(secretariat).get(f"/meetings/{KEY}/minutes/"))
    assert "Draft" in page and f"Disposal of a site {MARKER}" in page  # staff see the item


def test_minutes_are_edited_then_approved_at_a_later_meeting_and_then_frozen(meeting, secretariat):
    client = signed_in(secretariat)
    minutes = _draft(secretariat)
    response = client.post(
        f"/meetings/{KEY}/minutes/edit/", {"version": minutes.version, "text": "Edited minutes."}
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.text == "Edited minutes.\n"
    response = client.post(
        f"/meetings/{KEY}/minutes/approve/", {"version": minutes.version, "at_meeting": LATER}
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_at_meeting.key) == ("approved", LATER)
    assert minutes.approved_on == dt.date(2018, 6, 21)
    assert Meeting.objects.get(key=KEY).status == "minutes_approved"

    response = client.post(
        f"/meetings/{KEY}/minutes/edit/", {"version": minutes.version, "text": "Changed after."}
    )
    assert response.status_code == 409
    page = text(response)
    assert "approved at the meeting of 21 June 2018: approved minutes never change" in page
    assert "The rule that refused this change: MTG-MINUTES-FROZEN." in page
    assert "Edited minutes." in page
    response = client.post(
        f"/meetings/{KEY}/minutes/approve/", {"version": minutes.version, "at_meeting": LATER}
    )
    assert response.status_code == 409
    assert client.post(f"/meetings/{KEY}/minutes/draft/").status_code == 409
    minutes.refresh_from_db()
    assert minutes.text == "Edited minutes.\n"
    assert minutes.status == "approved"
    page = text(client.get(f"/meetings/{KEY}/minutes/"))
    assert "Approved at the meeting of 21 June 2018" in page
    assert "Save the draft" not in page


def test_a_stale_edit_of_the_minutes_is_refused_and_nothing_is_lost(meeting, secretariat):
    client = signed_in(secretariat)
    minutes = _draft(secretariat)
    old = minutes.version
    client.post(f"/meetings/{KEY}/minutes/edit/", {"version": old, "text": "First."})
    response = client.post(f"/meetings/{KEY}/minutes/edit/", {"version": old, "text": "Second."})
    assert response.status_code == 409
    assert "Someone else changed these minutes" in text(response)
    minutes.refresh_from_db()
    assert minutes.text == "First.\n"


def test_minutes_are_approved_only_at_a_later_meeting_of_the_same_board(meeting, secretariat):
    earlier = Meeting.objects.create(
        key="spb-2018-04-01-test", board=meeting.board, date=dt.date(2018, 4, 1), status="held"
    )
    minutes = _draft(secretariat)
    page = text(signed_in(secretariat).get(f"/meetings/{KEY}/minutes/"))
    assert "21 June 2018" in page
    response = signed_in(secretariat).post(
        f"/meetings/{KEY}/minutes/approve/", {"version": minutes.version, "at_meeting": earlier.key}
    )
    assert response.status_code == 400
    assert "Choose one of the board's later meetings" in text(response)
    assert Minutes.objects.get(pk=minutes.pk).status == "draft"


def test_only_the_secretariat_drafts_edits_and_approves_minutes(meeting, secretariat, chair, bob):
    for person in (chair, bob):
        assert signed_in(person).post(f"/meetings/{KEY}/minutes/draft/").status_code == 403
    assert not Minutes.objects.exists()
    minutes = _draft(secretariat)
    for person in (chair, bob):
        client = signed_in(person)
        form = {"version": minutes.version, "text": "Mine."}
        assert client.post(f"/meetings/{KEY}/minutes/edit/", form).status_code == 403
        form = {"version": minutes.version, "at_meeting": LATER}
        assert client.post(f"/meetings/{KEY}/minutes/approve/", form).status_code == 403
        assert "Save the draft" not in text(client.get(f"/meetings/{KEY}/minutes/"))
    assert Minutes.objects.get().status == "draft"


# ------------------------------------------------------------------ queries per page


PAGES = [
    "/meetings/",
    f"/meetings/{KEY}/",
    f"/meetings/{KEY}/minutes/",
    "/my/actions/",
    f"/public/meetings/{KEY}/",
    "/public/conflicts/",
    "/public/boards/spb/meetings.ics",
    "/public/conflicts.csv",
]


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # the first request of a session reads more
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _full_record(chair, secretariat, alice) -> None:
    rule_everything(chair, secretariat)
    client = signed_in(secretariat)
    # The bid's item allocates funding; the estates item is an ordinary decision.
    for key, kind in (("nel-bid", "allocate_funding"), ("estates-disposal", "decide")):
        pk = item(key).pk
        decision = _decision(key, kind=kind)
        assert client.post(f"/meetings/{KEY}/items/{pk}/decision/", decision).status_code == 302
    client.post(f"/meetings/{KEY}/items/{item('nel-bid').pk}/actions/", _action(alice.email))


@pytest.mark.parametrize("path", PAGES)
def test_each_page_makes_at_most_15_queries_and_no_more_with_more_rows(
    meeting, chair, secretariat, alice, bob, path
):
    _full_record(chair, secretariat, alice)
    _draft(secretariat)
    client = signed_in(secretariat)  # who is shown the most: every form
    before = _queries(client, path)
    assert before <= 15
    for n in range(3):
        more = AgendaItem.objects.create(
            meeting=meeting, order=10 + n, key=f"more-{n}", title=f"More {n}", purpose="note"
        )
        more.places.set([Place.objects.get(code="QMF")])
        papers.paper_upload(actor=secretariat, item_id=more.pk, title=f"Paper {n}", upload=upload())
        for flag in item_flags_refresh(item_id=more.pk):
            flag_rule(actor=chair, flag_id=flag.pk, outcome="full_part", reason="Fine")
        Action.objects.create(item=more, text=f"Do {n}", owner=alice)
        Declaration.objects.create(meeting=meeting, person=bob, item=more, text=f"Said {n}")
        Meeting.objects.create(
            key=f"spb-2019-0{n + 1}-01-test", board=meeting.board, date=dt.date(2019, n + 1, 1)
        )
    assert _queries(client, path) == before


def test_the_record_with_an_unruled_flag_seen_by_a_seated_co_chair_makes_at_most_15_queries(
    meeting, alice, chair, secretariat, django_assert_max_num_queries
):
    # The fullest record a ruler sees: a decision, an action and draft minutes beside the
    # flag still to rule on, whose ruling form asks who the board's seats name chair.
    dee = make_person("dee@hackney.example", "la-hackney", Role.BOARD_MEMBER, "Dee Deputy")
    seat(dee, organisation="la-hackney", office="co_chair")
    Attendance.objects.create(
        meeting=meeting,
        person=dee,
        kind="present",
        organisation=Organisation.objects.get(key="la-hackney"),
    )
    item_flags_refresh(item_id=item("nel-bid").pk)
    for flag in item_flags_refresh(item_id=item("estates-disposal").pk):
        flag_rule(actor=chair, flag_id=flag.pk, outcome="withdraw", reason="In the area")
    staff = signed_in(secretariat)
    decided = item("estates-disposal").pk
    decision = _decision("estates-disposal", kind="decide")
    assert staff.post(f"/meetings/{KEY}/items/{decided}/decision/", decision).status_code == 302
    staff.post(f"/meetings/{KEY}/items/{item('nel-bid').pk}/actions/", _action(alice.email))
    _draft(secretariat)
    client = signed_in(dee)
    client.get(f"/meetings/{KEY}/")  # the first request of a session reads more
    on_item = f"/meetings/{KEY}/?item={item('nel-bid').pk}"
    with django_assert_max_num_queries(15):
        page = text(client.get(on_item))
    assert "Rule on Alice Adams" in page
