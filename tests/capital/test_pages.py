"""Capital's pages: the same access as the API (the public reads approved cases and
completed disposals), the route shown on the case, the retention on the disposal, the
KPIs drawn on the server and the capital plan as a page, a PDF and a spreadsheet."""

import datetime as dt
import io

import openpyxl
from django.test import Client, override_settings

from devolution.capital.models import BusinessCase, Disposal
from devolution.capital.services.disposals import (
    DisposalFields,
    disposal_complete,
    disposal_create,
)
from devolution.core.models import Document
from tests.conftest import signed_in

from .conftest_capital import LONDON, case_make, estates_lead, site_make


def _sold(lead, ref="old-clinic", completed=dt.date(2019, 6, 1)):
    site_make(ref, floor_area=900, housing_units=25, backlog=150_000)
    disposal = disposal_create(
        actor=lead,
        partnership=LONDON,
        site=ref,
        ref=f"sale-{ref}",
        data=DisposalFields(declared_surplus=dt.date(2018, 3, 1)),
    )
    if completed:
        disposal_complete(
            actor=lead,
            ref=disposal.ref,
            version=disposal.version,
            completed=completed,
            receipt=800_000,
            receiving_party="Hackney Homes",
        )
    return disposal


def test_the_case_page_shows_its_route_and_the_public_sees_only_approved(db, reader):
    lead = estates_lead()
    case_make(lead, "hub-1")
    page = signed_in(reader).get("/estates/capital/cases/hub-1/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Advice to national bodies" in text
    assert "Phase 1 (advisory)" in text
    assert Client().get("/estates/capital/cases/hub-1/").status_code == 404
    assert "hub-1" not in Client().get("/estates/capital/cases/").content.decode()
    BusinessCase.objects.filter(ref="hub-1").update(state="approved")
    assert Client().get("/estates/capital/cases/hub-1/").status_code == 200


def test_keepers_withdraw_on_the_page_others_are_refused(db, reader):
    lead = estates_lead()
    case = case_make(lead, "hub-1")
    refused = signed_in(reader).post(
        "/estates/capital/cases/hub-1/withdraw", {"version": case.version}
    )
    assert refused.status_code == 403
    stale = signed_in(lead).post("/estates/capital/cases/hub-1/withdraw", {"version": 1})
    assert stale.status_code == 409
    assert "Someone else changed this case" in stale.content.decode()
    done = signed_in(lead).post("/estates/capital/cases/hub-1/withdraw", {"version": case.version})
    assert done.status_code == 302
    assert BusinessCase.objects.get(ref="hub-1").state == "withdrawn"


def test_the_disposal_page_says_whether_the_receipt_may_be_retained(db):
    lead = estates_lead()
    _sold(lead, "pending", completed=None)
    page = signed_in(lead).get("/estates/capital/disposals/sale-pending/").content.decode()
    assert "may be retained locally if the sale completes by 29 February 2020" in page
    assert "Record the sale completed" in page
    assert Client().get("/estates/capital/disposals/sale-pending/").status_code == 404
    bad = signed_in(lead).post(
        "/estates/capital/disposals/sale-pending/complete",
        {
            "version": 1,
            "completed_day": "1",
            "completed_month": "3",
            "completed_year": "2020",
            "receipt": "900000",
            "price": "800000",
            "receiving_party": "Hackney Homes",
        },
    )
    assert bad.status_code == 400
    assert "cannot be more than the price" in bad.content.decode()
    assert Disposal.objects.get(ref="sale-pending").completed is None
    _sold(lead)
    public = Client().get("/estates/capital/disposals/sale-old-clinic/").content.decode()
    assert "may be retained locally (the window closed on 29 February 2020)" in public


def test_the_strategy_page_draws_the_kpis_with_their_table(db):
    _sold(estates_lead())
    page = Client().get("/estates/capital/").content.decode()
    assert "<svg" in page
    assert "2019-20" in page
    assert "900 m²" in page and "25 units" in page and "£150,000" in page


def test_the_capital_plan_as_page_pdf_and_spreadsheet(db, reader):
    case_make(estates_lead(), "hub-1")
    page = signed_in(reader).get("/estates/capital/plan/").content.decode()
    assert "Health and wellbeing hub (hub-1)" in page
    assert "£2,000,000" in page
    pdf = signed_in(reader).get("/estates/capital/plan.pdf")
    assert pdf.content.startswith(b"%PDF")
    book = openpyxl.load_workbook(
        io.BytesIO(signed_in(reader).get("/estates/capital/plan.xlsx").content)
    )
    rows = list(book["By year and source"].iter_rows(values_only=True))
    assert rows[0] == ("Financial year", "Capital receipts", "National capital", "Total")
    assert rows[1][0] == "2019-20" and rows[1][1] == "£2,000,000"
    public = Client().get("/estates/capital/plan/").content.decode()
    assert "hub-1" not in public


def test_an_estates_lead_starts_a_case_on_its_page(db, reader):
    lead = estates_lead()
    site_make("old-clinic")
    site_make("camden-site", owner="la-camden")
    client = signed_in(lead)
    form = client.get("/estates/capital/cases/new/").content.decode()
    assert "old-clinic" in form and "camden-site" not in form  # only its own sites
    assert signed_in(reader).get("/estates/capital/cases/new/").status_code == 403
    body = {
        "partnership": LONDON,
        "ref": "hub-9",
        "title": "Hub",
        "sponsor": "ccg-city-and-hackney",
        "value": "1000",
        "stage": "full",
        "sites": ["old-clinic"],
        "funding_1_kind": "local",
        "funding_1_year": "2019-20",
        "funding_1_amount": "2000",
    }
    over = client.post("/estates/capital/cases/new/", body)
    assert over.status_code == 400
    assert "more than the case&#39;s value (£1,000)" in over.content.decode()
    assert not BusinessCase.objects.exists()
    made = client.post("/estates/capital/cases/new/", {**body, "funding_1_amount": "1000"})
    assert made.status_code == 302
    case = BusinessCase.objects.get(ref="hub-9")
    assert (case.state, [s.ref for s in case.sites.all()]) == ("draft", ["old-clinic"])


def test_an_estates_lead_records_a_disposal_of_its_surplus_site(db):
    lead = estates_lead()
    site_make("old-clinic")
    site_make("in-use", status="operational")
    client = signed_in(lead)
    form = client.get("/estates/capital/disposals/new/").content.decode()
    assert f"{LONDON}/old-clinic" in form and "in-use" not in form
    made = client.post(
        "/estates/capital/disposals/new/",
        {
            "site": f"{LONDON}/old-clinic",
            "ref": "sale-old-clinic",
            "declared_surplus_day": "1",
            "declared_surplus_month": "3",
            "declared_surplus_year": "2018",
        },
    )
    assert made.status_code == 302, made.content.decode()[:3000]
    assert Disposal.objects.get().declared_surplus == dt.date(2018, 3, 1)


@override_settings(DOCUMENTS_MADE_ONCE=True)
def test_the_plans_documents_are_made_once_for_each_kind_of_reader(db, reader):
    """Staff's plan (every case) is made once and never given to the public (approved
    cases only), whichever asks first."""
    case_make(estates_lead(), "hub-1")

    def sheet(client: Client) -> str:
        book = openpyxl.load_workbook(io.BytesIO(client.get("/estates/capital/plan.xlsx").content))
        return repr([list(ws.iter_rows(values_only=True)) for ws in book.worksheets])

    staff = sheet(signed_in(reader))
    assert "hub-1" in staff
    assert "hub-1" not in sheet(Client())
    assert sheet(signed_in(reader)) == staff
    assert Document.objects.filter(address__contains="plan.xlsx").count() == 2


def test_the_forms_offer_the_partnership_in_views_sites_only(db, secretariat):
    """Another partnership's sites (an England of them) are not offered on London's case
    and disposal forms, nor its organisations as sponsors."""
    from devolution.estates.models import Site
    from tests.partners.other_partnership import other_partnership

    site_make("london-site")
    other = other_partnership()
    elsewhere = site_make("elsewhere-site")
    Site.objects.filter(pk=elsewhere.pk).update(partnership=other)
    client = signed_in(secretariat)
    case_form = client.get("/estates/capital/cases/new/").content.decode()
    assert "london-site" in case_form and "elsewhere-site" not in case_form
    assert f'value="{other.key}"' not in case_form
    disposal_form = client.get("/estates/capital/disposals/new/").content.decode()
    assert "Site london-site" in disposal_form and "Site elsewhere-site" not in disposal_form
