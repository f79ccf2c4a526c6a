"""The calculators' API: the levy and the supplement, exactly as the issue gives them, and
bad input a 422 naming the field."""

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
    print(body)
    assert body["total_levy"] == "35000.00"


@pytest.mark.parametrize(
    "path",
    [
        "/workforce/",
        "/workforce/levy/",
        "/workforce/levy/?date_day=1&date_month=6&date_year=2017&name=A+trust&pay_bill=10000000&public_body=on",
        "/workforce/levy/?date_day=1&date_month=6&date_year=2016&name=A+trust&pay_bill=10000000",
        "/workforce/levy/partnership/",
        "/workforce/supplement/",
        "/workforce/supplement/?date_day=1&date_month=6&date_year=2017&zone=inner&basic_salary=25000",
        "/workforce/pay/",
    ],
)
def test_pages_smoke(path):
    response = Client().get(path)
    assert response.status_code == 200, response.content[:2000]
