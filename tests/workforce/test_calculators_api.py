"""The calculators' API: the levy and the supplement, exactly as the issue gives them, and
bad input a 422 naming the field."""

from io import BytesIO

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def post(path: str, body: dict):
    return Client().post(path, body, content_type="application/json")


def levy(employers, date="2017-06-01"):
    return post("/api/workforce/levy", {"date": date, "employers": employers})


def employer(name, pay_bill, group=None, public=False):
    return {"name": name, "pay_bill": pay_bill, "connected_group": group, "public_body": public}


def test_levy_one_employer():
    response = levy([employer("A trust", 10_000_000, public=True)])
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total_levy"] == 35000


def test_the_api_answers_money_as_numbers_of_pounds_to_the_penny():
    body = levy([employer("A charity", "3500100.00")]).json()
    # 0.5% of £3,500,100 is £17,500.50, less the £15,000 allowance.
    assert body["total_levy"] == 2500.5
    assert body["employers"][0]["levy"] == 2500.5
    assert body["rate"] == 0.5


@pytest.mark.parametrize(
    "path",
    [
        "/workforce/",
        "/workforce/levy/",
        "/workforce/levy/?date_day=1&date_month=6&date_year=2017&name=A+trust&pay_bill=10000000&public_body=on",
        "/workforce/levy/partnership/",
        "/workforce/supplement/",
        "/workforce/supplement/?date_day=1&date_month=6&date_year=2017&zone=inner&basic_salary=25000",
        "/workforce/pay/",
    ],
)
def test_pages_smoke(path):
    """Each page answers; a refused form is a 400 with the error summed up."""
    response = Client().get(path)
    assert response.status_code == 200, response.content[:2000]


def test_done_when_through_the_api_public_body_group_and_under_threshold():
    body = levy(
        [
            employer("Trust", "10000000.00", public=True),
            employer("Company A", 2_000_000, "g"),
            employer("Company B", 2_000_000, "g"),
            employer("Small charity", 1_000_000),
        ],
        date="2018-06-01",
    ).json()
    by = {e["name"]: e for e in body["employers"]}
    assert (by["Trust"]["allowance"], by["Trust"]["levy"]) == (15000, 35000)
    assert (by["Company A"]["allowance"], by["Company A"]["levy"]) == (7500, 2500)
    assert by["Small charity"]["levy"] == 0
    assert body["total_levy"] == 40000
    assert body["total_transferable"] == 4000  # 10% of each payer's levy, from 2018
    assert body["transfer_to"] == ["Small charity"]
    assert body["allowance_lapses_on"] == "2019-04-05"


@pytest.mark.parametrize(
    ("zone", "basic", "expected"),
    [
        ("inner", 15251, 4158),
        ("inner", 25000, 5000),
        ("inner", 40000, 6405),
        ("outer", 15251, 3518),
        ("outer", 25000, 3750),
        ("outer", 40000, 4483),
        ("fringe", 15251, 961),
        ("fringe", 25000, 1250),
        ("fringe", 40000, 1665),
    ],
)
def test_supplement_api_at_the_seeds_figures(zone, basic, expected):
    response = post(
        "/api/workforce/supplement", {"date": "2017-06-01", "zone": zone, "basic_salary": basic}
    )
    body = response.json()
    assert body["supplement"] == expected
    assert set(body) >= {"supplement", "rate", "minimum", "maximum", "source"}
    assert "seed" in body["source"].lower() or "Technical pack" in body["source"]


@pytest.mark.parametrize(
    ("employers", "field"),
    [
        ([employer("A", -1)], "employers[0].pay_bill"),
        ([employer("", 1)], "employers[0].name"),
        ([employer("A", 1), employer("A", 2)], "employers[1].name"),
        ([employer("T", 1, "g", True)], "employers[0].connected_group"),
        ([employer(f"E{n}", 1) for n in range(5001)], "employers"),
    ],
)
def test_levy_bad_input_is_a_422_naming_the_field(employers, field):
    response = levy(employers)
    assert response.status_code == 422, response.content[:300]
    assert field in [p["field"] for p in response.json()["problems"]]


def test_a_date_before_the_rates_is_a_422():
    response = levy([employer("A", 1)], date="2017-04-05")
    assert response.status_code == 422
    assert "no apprenticeship levy rate is known before 6 April 2017" in response.json()["message"]
    response = post(
        "/api/workforce/supplement", {"date": "2016-03-31", "zone": "inner", "basic_salary": 1}
    )
    assert response.status_code == 422
    response = post(
        "/api/workforce/supplement", {"date": "2017-03-31", "zone": "central", "basic_salary": 1}
    )
    assert response.status_code == 422 and "zone" in response.content.decode()


def test_the_pages_give_the_same_answers():
    page = Client().get(
        "/workforce/supplement/?date_day=1&date_month=6&date_year=2017&zone=outer&basic_salary=40000"
    )
    assert "£4,483" in page.content.decode() and "maximum" in page.content.decode()
    page = Client().get(
        "/workforce/levy/?date_day=1&date_month=6&date_year=2017&name=Trust&pay_bill=3000001&public_body=on"
    )
    assert "£0.01" in page.content.decode()
    xlsx = Client().get(
        "/workforce/levy/?date_day=1&date_month=6&date_year=2017&name=Trust&pay_bill=3000001&format=xlsx"
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_whole_stps_employers_with_transfers_on_the_page():
    from devolution.partners.models import Partnership

    stp = Partnership.objects.filter(kind="stp").first()
    page = Client().get(f"/workforce/levy/partnership/?partnership={stp.key}")
    assert page.status_code == 200
    members = list(stp.members.order_by("name"))
    data = {
        "partnership": stp.key,
        "date_day": "1",
        "date_month": "6",
        "date_year": "2018",
        "rows": str(len(members)),
    }
    for n, m in enumerate(members):
        data[f"name_{n}"] = m.name
        data[f"pay_bill_{n}"] = "" if n == 0 else "10000000"
        data[f"public_{n}"] = "on"
    data["pasted"] = (
        "Care Co A,2000000,care,no\nCare Co B,2000000,care,no\nSmall charity,100000,,no"
    )
    response = Client().post("/workforce/levy/partnership/", data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Pay bill unknown: not counted" in text
    assert "Employers here that pay no levy: Small charity" in text
    total = 35000 * (len(members) - 1) + 5000
    assert f"£{total:,}" in text
    assert f"£{total // 10:,}" in text  # 10% could be transferred
    data["format"] = "xlsx"
    response = Client().post("/workforce/levy/partnership/", data)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data["format"] = "page"
    data["group_1"] = "care"
    text = Client().post("/workforce/levy/partnership/", data).content.decode()
    assert "a public body is not connected to other employers" in text


def test_a_places_zone_set_by_the_secretariat_is_used(secretariat):
    from devolution.workforce.models import PlaceZone
    from tests.conftest import signed_in

    body = {"date": "2017-06-01", "basic_salary": 40000, "place": "E09000012"}
    refused = post("/api/workforce/supplement", body)
    assert refused.status_code == 422
    assert "which high cost area zone Hackney is in is not recorded" in refused.content.decode()
    client = signed_in(secretariat)
    page = client.get("/workforce/zones/")
    assert "Zone of Hackney" in page.content.decode()
    response = client.post(
        "/workforce/zones/set/",
        {"place": "E09000012", "version": 0, "zone": "inner", "note": "a test"},
    )
    assert response.status_code == 302
    assert PlaceZone.objects.get(place__code="E09000012").zone == "inner"
    answer = post("/api/workforce/supplement", body).json()
    assert (answer["zone"], answer["supplement"]) == ("inner", 6405)
    stale = client.post(
        "/workforce/zones/set/", {"place": "E09000012", "version": 0, "zone": "outer"}
    )
    assert stale.status_code == 409
    assert PlaceZone.objects.get(place__code="E09000012").zone == "inner"
    # the public may read, not set
    assert Client().post("/workforce/zones/set/", {"place": "E09000012"}).status_code == 302
    page = Client().get(
        "/workforce/supplement/?date_day=1&date_month=6&date_year=2017&place=E09000012&basic_salary=40000"
    )
    assert "£6,405" in page.content.decode()


def test_refused_forms_answer_400_naming_the_problem():
    response = Client().get(
        "/workforce/levy/?date_day=1&date_month=6&date_year=2016&name=A+trust&pay_bill=10000000"
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "<title>Error: " in text
    assert "No apprenticeship levy rate is known before 6 April 2017" in text
    response = Client().get("/workforce/supplement/?zone=central&basic_salary=1")
    assert response.status_code == 400
    response = Client().get("/workforce/levy/partnership/?partnership=no-such")
    assert response.status_code == 400
    assert "No partnership has the key no-such" in response.content.decode()


def test_a_later_levy_rate_is_used_from_its_day():
    import datetime as dt

    from tests.workforce.test_pay_selectors import add_value

    add_value("levy-rate", dt.date(2019, 4, 6), "0.6")
    before = levy([employer("A", 10_000_000)], date="2019-04-05").json()
    after = levy([employer("A", 10_000_000)], date="2019-04-06").json()
    assert (before["total_levy"], before["rate"]) == (35000, 0.5)
    assert (after["total_levy"], after["rate"]) == (45000, 0.6)


def test_a_file_of_employers_is_read_whole_or_refused_by_row():
    from django.core.files.uploadedfile import SimpleUploadedFile

    base = {"date_day": "1", "date_month": "6", "date_year": "2018"}
    good = SimpleUploadedFile(
        "employers.csv",
        b"name,pay_bill,connected_group,public_body\nTrust,10000000,,yes\nCo A,4000000,g,no\n",
        content_type="text/csv",
    )
    text = Client().post("/workforce/levy/partnership/", {**base, "upload": good}).content.decode()
    assert "£40,000" in text  # 35,000 + 5,000
    bad = SimpleUploadedFile(
        "employers.csv",
        b"name,pay_bill,connected_group,public_body\nTrust,lots,,yes\nCo A,4000000,g,maybe\n",
        content_type="text/csv",
    )
    response = Client().post("/workforce/levy/partnership/", {**base, "upload": bad})
    text = response.content.decode()
    assert response.status_code == 400
    assert "row 2: the pay bill &#39;lots&#39; is not an amount in pounds" in text
    assert "row 3: public body must be yes or no" in text
    assert "Each employer" not in text  # nothing worked out from half a file
    assert text.count("<title>Error: ") == 1


def test_the_levy_spreadsheet_states_the_rates_as_written():
    from openpyxl import load_workbook

    xlsx = Client().get(
        "/workforce/levy/?date_day=1&date_month=6&date_year=2018&name=Trust&pay_bill=3000001&format=xlsx"
    )
    cells = [
        str(c)
        for sheet in load_workbook(BytesIO(xlsx.content))
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    assert "10%" in cells  # the transfer share from 6 April 2018, not 1E+1%
    assert not any("E+" in c for c in cells)
