"""Dated, cited parameters: the value in effect on a day, loaded from the data set, shown
with their history on a page and in the API, and used by the commitments' stale flag."""

import copy
import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from devolution.commitments.dataset import PARAMETERS
from devolution.commitments.models import Commitment
from devolution.commitments.selectors import commitment_flags
from devolution.core import parameters
from devolution.core.loading import load_data
from devolution.core.models import Parameter
from devolution.core.parameters import (
    forget_parameters,
    parameter_at,
    parameter_list,
    parameter_rows,
    value_record_at,
)
from devolution.core.rules.parameters import DatedValue, at
from devolution.core.services import audit_record

CHANGE = dt.date(2019, 4, 1)
RATES = (
    DatedValue(dt.date(2018, 4, 1), Decimal("7.83"), "a register"),
    DatedValue(CHANGE, Decimal("8.21"), "a register"),
)


class TestTheValueOnADay:
    def test_before_the_first_value_the_figure_is_unknown_not_an_error(self):
        assert at(RATES, dt.date(2018, 3, 31)) is None

    def test_the_old_value_holds_until_the_day_before_the_change(self):
        assert at(RATES, CHANGE - dt.timedelta(days=1)).value == Decimal("7.83")

    def test_the_new_value_holds_from_the_day_of_the_change(self):
        assert at(RATES, CHANGE).value == Decimal("8.21")
        assert at(RATES, CHANGE + dt.timedelta(days=400)).value == Decimal("8.21")

    def test_the_order_values_are_given_in_does_not_matter(self):
        assert at(tuple(reversed(RATES)), CHANGE).value == Decimal("8.21")

    def test_a_figure_with_no_values_is_unknown(self):
        assert at((), CHANGE) is None


def _parameters() -> dict:
    return yaml.safe_load(PARAMETERS.path.read_text())


@pytest.mark.django_db
def test_the_cadences_come_from_the_seeds_with_their_source_and_quote():
    bi_monthly = Parameter.objects.get(key="cadence-bi_monthly")
    (value,) = bi_monthly.values.all()
    assert (value.value, value.effective_from) == (62, dt.date(2017, 8, 10))
    assert value.source.key == "seed-003" and "Bi-monthly" in value.quote
    assert "not a day count" in value.note
    assert parameter_at("cadence-bi_monthly", dt.date(2017, 8, 9)) is None
    assert parameter_at("cadence-monthly", dt.date(2018, 1, 1)) is None  # no seed gives one


@pytest.fixture
def parameters_read_again_after():
    """The values this test loads are rolled back with it: later tests must not see them
    in the parameters already read."""
    yield
    forget_parameters()


@pytest.mark.django_db
@pytest.mark.usefixtures("parameters_read_again_after")
def test_a_new_rate_is_a_new_dated_value_and_the_stale_flag_follows_it():
    data = copy.deepcopy(_parameters())
    bi_monthly = next(p for p in data["parameters"] if p["key"] == "cadence-bi_monthly")
    bi_monthly["values"].append(
        {"from": dt.date(2018, 3, 1), "value": 400, "source": "seed-004", "quote": "a test"}
    )
    report = load_data(PARAMETERS, data)
    assert report.created == {"parameter values": 1}
    assert parameter_at("cadence-bi_monthly", dt.date(2018, 2, 28)).value == 62
    assert parameter_at("cadence-bi_monthly", dt.date(2018, 3, 1)).value == 400
    t01 = Commitment.objects.get(reference="S000-T01")  # the SPB's, last updated May 2017
    assert commitment_flags(t01, dt.date(2018, 2, 28)).stale.startswith("last updated 280 days")
    assert commitment_flags(t01, dt.date(2018, 4, 1)).stale is None


@pytest.mark.django_db
def test_the_page_lists_every_figure_and_shows_one_with_its_history():
    page = Client().get("/parameters/")
    assert page.status_code == 200
    assert "Days an update stands for a board that meets bi-monthly" in page.text
    detail = Client().get("/parameters/cadence-bi_monthly/?on=2017-08-09")
    assert detail.status_code == 200
    assert "this figure is not known" in detail.text
    assert "10 August 2017" in detail.text and "62 days" in detail.text
    assert "cadence-bi_monthly" not in detail.text.replace("/parameters/cadence-bi_monthly", "")


@pytest.mark.django_db
def test_a_date_the_page_cannot_read_is_a_clear_400():
    response = Client().get("/parameters/cadence-bi_monthly/?on=22nd March")
    assert response.status_code == 400
    assert "year-month-day" in response.text


@pytest.mark.django_db
def test_the_api_lists_parameters_and_gives_the_value_on_a_day():
    listing = Client().get("/api/parameters?on=2018-03-22&limit=1000").json()
    assert listing["count"] == len(listing["items"]) >= 3
    one = Client().get("/api/parameters/cadence-fortnightly?on=2018-03-22").json()
    assert one["value_on"]["value"] == 14 and one["value_on"]["source"] == "seed-003"
    assert [v["effective_from"] for v in one["values"]] == ["2017-08-10"]
    before = Client().get("/api/parameters/cadence-fortnightly?on=2017-01-01").json()
    assert before["value_on"] is None
    assert Client().get("/api/parameters/no-such-figure").status_code == 404
    assert Client().get("/api/parameters/cadence-fortnightly?on=soon").status_code == 422


REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pa1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pa2"},
}


@pytest.mark.django_db
@pytest.mark.usefixtures("parameters_read_again_after")
@pytest.mark.parametrize(
    "on", [dt.date(2017, 8, 9), dt.date(2017, 8, 10), dt.date(2018, 3, 1), dt.date(2030, 1, 1)]
)
def test_the_list_rows_give_the_value_in_effect_on_the_day_from_the_query(on):
    bi_monthly = Parameter.objects.get(key="cadence-bi_monthly")
    bi_monthly.values.create(
        effective_from=dt.date(2018, 3, 1), value=400, source=bi_monthly.values.first().source
    )
    rows = {r.key: r for r in parameter_rows(on)}
    assert set(rows) == set(Parameter.objects.values_list("key", flat=True))
    for parameter in parameter_list():
        current = value_record_at(parameter, on)
        row = rows[parameter.key]
        if current is None:
            assert (row.value, row.since, row.source) == (None, None, None)
        else:
            assert (row.value, row.since, row.source) == (
                current.value,
                current.effective_from,
                current.source.title,
            )
    expected = {dt.date(2017, 8, 9): None, dt.date(2017, 8, 10): 62}.get(on, 400)
    assert rows["cadence-bi_monthly"].value == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("parameters_read_again_after")
@override_settings(CACHES=REAL_CACHE)
def test_the_list_page_is_kept_until_a_write_and_reads_only_the_version_meanwhile(
    monkeypatch,
):
    built = []
    build = parameters._parameter_rows

    def counted(on):
        built.append(on)
        return build(on)

    monkeypatch.setattr(parameters, "_parameter_rows", counted)
    client = Client()
    assert "62 days" in client.get("/parameters/").text
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/parameters/")
    assert len(captured) == 1 and "62 days" in page.text  # the data's version
    assert len(built) == 1
    bi_monthly = Parameter.objects.get(key="cadence-bi_monthly")
    with transaction.atomic():
        value = bi_monthly.values.create(
            effective_from=dt.date(2019, 1, 1), value=61, source=bi_monthly.values.first().source
        )
        audit_record(actor=None, action="create", obj=value, before=None, after={"value": 61})
    assert "61 days" in client.get("/parameters/").text
    assert len(built) == 2
