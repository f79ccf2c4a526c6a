"""Bad input never breaks anything for anyone (QUALITY S5): a NUL or another control
character is refused at every door (a page's form, an API body, an address's parts, a
query parameter) with a 4xx naming where, on PostgreSQL too; a body over the limit is a
413; a JSON key given twice is refused."""

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devolution.commitments.forms import ProgressUpdateForm
from devolution.commitments.models import ProgressUpdate
from devolution.core.rules.text import printable, unsafe_character
from devolution.meetings.models import AgendaItem, Paper
from tests.conftest import signed_in
from tests.core.test_access_matrix import (  # noqa: F401 (the access matrix's fixtures)
    API,
    HACKNEY_COMMITMENT,
    MEETING,
    _named_routes,
    _url,
    a_bid_document,
    a_meeting,
    a_proposal,
    a_recommendation,
    alices_interest,
    hackney_owns_a_commitment,
)


def said(response) -> str:
    """What the refusal says: an API's message, or a page's text."""
    if "json" in response["Content-Type"]:
        return response.json()["message"]
    return html.unescape(response.content.decode())


# ------------------------------------------------------------- addresses and parameters


@pytest.mark.django_db
def test_a_nul_in_a_query_parameter_of_every_page_is_a_400_naming_it(secretariat, hackney):
    """Every route of the site, found by the URL resolver as the access matrix finds them,
    signed out and signed in: never a 500, always the parameter named."""
    clients = {"public": Client(), "secretariat": signed_in(secretariat)}
    tried = 0
    for name, route in _named_routes().items():
        url = _url(route, hackney)
        for who, client in clients.items():
            response = client.get(url, {"where": "Hackney\x00"})
            assert response.status_code == 400, (name, who, response.status_code)
            text = response.content.decode()
            assert "The query parameter “where” holds a NUL character (U+0000)" in text, name
            tried += 1
    assert tried == 2 * len(_named_routes())


@pytest.mark.django_db
def test_a_nul_in_a_query_parameter_of_every_api_read_is_a_400_naming_it(secretariat, hackney):
    clients = {"public": Client(), "secretariat": signed_in(secretariat)}
    reads = [path for method, path in API if method == "get"]
    assert reads
    for path in reads:
        url = _url(path, hackney)
        for who, client in clients.items():
            for query in ({"limit": "1\x00"}, {"status\x00": "x"}, {"q": "a\rb"}):
                response = client.get(url, query)
                assert response.status_code == 400, (path, who, query, response.status_code)
                body = response.json()
                (key,) = query
                assert body["problems"][0]["field"] == printable(key), (path, body)
                assert "The query parameter" in body["message"], body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "part"),
    [
        (f"/api/commitments/{HACKNEY_COMMITMENT}%00", "reference"),
        (f"/commitments/{HACKNEY_COMMITMENT}%00/", "reference"),
        ("/api/places/E09000012%1b", "code"),
        ("/places/E09000012%0a/", "code"),
    ],
)
def test_a_control_character_in_an_address_is_a_400_naming_its_part(url, part):
    response = Client().get(url)
    assert response.status_code == 400, (url, response.status_code)
    assert f"The address's part “{part}” holds" in said(response)


# ------------------------------------------------------------------- a form and a body

# Text as a person might send it, and the characters probing programs send: control
# characters are drawn as often as any other.
TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0, max_codepoint=0x9F),
        st.characters(blacklist_categories=("Cs",)),
    ),
    min_size=1,
    max_size=40,
)
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@HYPOTHESIS
@given(text=TEXT)
def test_a_progress_update_form_keeps_sound_text_and_refuses_the_rest(secretariat, text):
    client = signed_in(secretariat)
    url = reverse("commitments:commitment-post-update", args=[HACKNEY_COMMITMENT])
    before = ProgressUpdate.objects.count()
    response = client.post(url, {"progress_to_date": "Progress", "challenges": text})
    if unsafe_character(text):
        assert response.status_code == 400, response.status_code
        assert "The field “challenges” holds" in response.content.decode()
        assert ProgressUpdate.objects.count() == before  # nothing half-saved
    else:
        assert response.status_code == 302, response.status_code
        latest = ProgressUpdate.objects.latest("pk")
        assert latest.challenges == text.strip()


@pytest.mark.django_db
@HYPOTHESIS
@given(text=TEXT | st.text(st.characters(categories=("Cs",)), min_size=1, max_size=3))
def test_a_progress_update_body_keeps_sound_text_and_refuses_the_rest(secretariat, text):
    client = signed_in(secretariat)
    before = ProgressUpdate.objects.count()
    body = json.dumps({"progress_to_date": "Progress", "challenges": text})
    response = client.post(
        f"/api/commitments/{HACKNEY_COMMITMENT}/updates", body, content_type="application/json"
    )
    # As the API reads it: JSON's escapes make a pair of surrogates one character.
    if unsafe_character(json.loads(body)["challenges"]):
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["problems"] == [{"field": "challenges", "message": body["message"]}]
        assert "The value of “challenges” holds" in body["message"]
        assert ProgressUpdate.objects.count() == before
    else:
        assert response.status_code in (201, 422), response.content
        if response.status_code == 201:
            assert ProgressUpdate.objects.latest("pk").challenges == response.json()["challenges"]


@pytest.mark.django_db
def test_a_nul_in_a_form_field_is_refused_on_every_database(secretariat):
    """PostgreSQL refuses NUL in text with an error: it never gets that far."""
    client = signed_in(secretariat)
    url = reverse("commitments:commitment-post-update", args=[HACKNEY_COMMITMENT])
    before = ProgressUpdate.objects.count()
    response = client.post(url, {"progress_to_date": "Progress\x00 made"})
    assert response.status_code == 400
    assert "The field “progress_to_date” holds a NUL character (U+0000) at character 9" in (
        response.content.decode()
    )
    assert ProgressUpdate.objects.count() == before


# ------------------------------------------------------------------- duplicate keys


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"form": "joint_committee", "form": "delegation", "parties": []}', "form"),
        ('{"form": "delegation", "parties": [{"type": "ccg", "type": "nhs_trust"}]}', "type"),
    ],
)
def test_a_key_given_twice_is_refused_naming_it(body, field):
    response = Client().post("/api/legal/check", body, content_type="application/json")
    assert response.status_code == 400, response.content
    problem = response.json()
    assert problem["problems"][0]["field"] == field
    assert f"The key “{field}” is given more than once" in problem["message"]


@pytest.mark.django_db
def test_a_body_that_is_not_json_says_so():
    response = Client().post("/api/legal/check", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"].startswith("The body is not valid JSON")


# ------------------------------------------------------------------- too large: 413


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_a_form_over_the_limit_is_a_413_and_nothing_is_saved(secretariat):
    client = signed_in(secretariat)
    url = reverse("commitments:commitment-post-update", args=[HACKNEY_COMMITMENT])
    before = ProgressUpdate.objects.count()
    for content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        data = {"progress_to_date": "x" * 3000}
        if content_type.startswith("application"):
            response = client.post(url, f"progress_to_date={'x' * 3000}", content_type)
        else:
            response = client.post(url, data)
        assert response.status_code == 413, (content_type, response.status_code)
        assert "What you sent is larger than Devolution accepts" in response.content.decode()
    assert ProgressUpdate.objects.count() == before


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_an_api_body_over_the_limit_is_a_413_with_a_message(secretariat):
    before = ProgressUpdate.objects.count()
    response = signed_in(secretariat).post(
        f"/api/commitments/{HACKNEY_COMMITMENT}/updates",
        json.dumps({"progress_to_date": "x" * 3000}),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["message"].startswith(
        "The request's body is larger than Devolution accepts (0.00191 MB"
    )
    assert ProgressUpdate.objects.count() == before


@pytest.mark.django_db
@override_settings(MAX_REQUEST_BYTES=50_000)
def test_an_upload_over_the_limit_is_a_413_and_no_paper_is_stored(secretariat):
    item = AgendaItem.objects.get(meeting__key=MEETING, key="nel-bid")
    before = Paper.objects.count()
    response = signed_in(secretariat).post(
        reverse("meetings:paper-upload", args=[MEETING, item.pk]),
        {"title": "Too big", "file": SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 60_000)},
    )
    assert response.status_code == 413
    assert "0.0477 MB with a file" in response.content.decode()
    assert Paper.objects.count() == before


# --------------------------------------------------------- beside the box, in the form


def test_a_form_refuses_a_control_character_beside_its_box_without_http():
    form = ProgressUpdateForm({"progress_to_date": "Bell\x07 rung"})
    assert not form.is_valid()
    assert form.errors["progress_to_date"] == [
        "Progress to date holds a control character (U+0007) at character 5, which cannot "
        "be kept. Remove it (it often comes with text pasted from another program) and "
        "send again."
    ]


@pytest.mark.django_db
def test_a_line_break_in_a_box_of_one_line_is_refused_beside_it(secretariat, hackney):
    client = signed_in(secretariat)
    url = reverse("partners:organisation-edit", args=[hackney.pk])
    name = hackney.short_name
    form = {
        "version": hackney.version,
        "short_name": "Hackney\r\nCouncil",
        "website": "",
        "description": "Two\r\nlines",
        "ods_code": "",
        "companies_house": "",
        "charity_number": "",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Short name holds a carriage return (U+000D) at character 8" in said(response)
    hackney.refresh_from_db()
    assert hackney.short_name == name
    # A box of several lines keeps its line breaks.
    form["short_name"] = "Hackney Council"
    assert client.post(url, form).status_code == 302
    hackney.refresh_from_db()
    assert (hackney.short_name, hackney.description.splitlines()) == (
        "Hackney Council",
        ["Two", "lines"],
    )
