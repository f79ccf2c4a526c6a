"""The asset register's pages: the list with its flags and filters, a site with every
fact, unknowns, its flag, map and history, the forms with their refusals, the ranking,
the policy and the map."""

from decimal import Decimal

import pytest

from devolution.estates.models import Site
from devolution.estates.services import site_create, site_update
from tests.estates.conftest import org

pytestmark = pytest.mark.django_db


def signed_in(client, person):
    client.force_login(person)
    return client


def test_the_public_cannot_read_the_register(client, hackney_site):
    for page in ("/estates/sites/", "/estates/sites/HK-001/", "/estates/sites/export.csv"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in")


def test_the_list_shows_each_site_with_its_flag_and_reason(client, alice, hackney_site, policy):
    page = signed_in(client, alice).get("/estates/sites/").content.decode()
    assert "Hackney Health Centre" in page
    # The policy is named once above the list; each flagged row gives its reason in brief.
    assert "Under-used: 32% in use, below 40%" in page
    assert (
        "Flags are advice from the utilisation policy of 1 June 2017 (issued as guidance by "
        "the LEB): a flag never changes a site's status" in page
    )
    site = signed_in(client, alice).get("/estates/sites/HK-001/").content.decode()
    assert (
        "utilisation 32% is below the policy&#39;s 40% under-use threshold (policy of 1 June "
        "2017, issued as guidance by the LEB)" in site
    )


def test_without_a_policy_the_list_says_none_is_recorded(client, alice, hackney_site):
    page = signed_in(client, alice).get("/estates/sites/").content.decode()
    assert "No utilisation policy is recorded, so no site is flagged." in page


def test_the_list_filters_by_status_and_flag(
    client, alice, hackney_site, policy, secretariat, partnership
):
    site_create(
        actor=secretariat,
        partnership=partnership,
        ref="CM-1",
        data={"name": "Camden Clinic", "owner_id": org("la-camden").pk, "status": "surplus"},
    )
    client = signed_in(client, alice)
    page = client.get("/estates/sites/?status=surplus").content.decode()
    assert "Camden Clinic" in page and "Hackney Health Centre" not in page
    page = client.get("/estates/sites/?flag=under_used").content.decode()
    assert "Hackney Health Centre" in page and "Camden Clinic" not in page


def test_a_site_page_shows_unknowns_its_map_and_its_history(
    client, alice, hackney_site, secretariat
):
    site_update(actor=secretariat, site_id=hackney_site.pk, version=1, data={"housing_units": 12})
    page = signed_in(client, alice).get("/estates/sites/HK-001/").content.decode()
    assert '<span class="devolution-unknown">unknown</span>' in page  # running cost, etc.
    assert "Hackney" in page
    assert "<svg" in page
    assert (
        'housing units possible from <span class="devolution-unknown">unknown</span> to 12' in page
    )
    assert "Change this site" not in page  # a board member keeps no site


def test_an_estates_lead_edits_their_own_site_through_the_form(client, hackney_lead, hackney_site):
    client = signed_in(client, hackney_lead)
    form = client.get("/estates/sites/HK-001/edit/")
    assert form.status_code == 200
    response = client.post(
        "/estates/sites/HK-001/edit/",
        {
            "version": 1,
            "name": "Hackney Health Centre",
            "owner": org("la-hackney").pk,
            "latitude": "51.5450",
            "longitude": "-0.0553",
            "tenure": "freehold",
            "status": "under_used",
            "utilisation": "30",
        },
    )
    assert response.status_code == 302
    hackney_site.refresh_from_db()
    assert hackney_site.utilisation == Decimal("0.3")
    assert hackney_site.status == "under_used"


def test_a_stale_form_is_refused_with_a_plain_message(
    client, hackney_lead, hackney_site, secretariat
):
    site_update(actor=secretariat, site_id=hackney_site.pk, version=1, data={"use": "Clinic"})
    response = signed_in(client, hackney_lead).post(
        "/estates/sites/HK-001/edit/",
        {
            "version": 1,
            "name": "Renamed",
            "owner": org("la-hackney").pk,
            "tenure": "unknown",
            "status": "operational",
        },
    )
    assert response.status_code == 409
    assert "Someone else changed Hackney Health Centre" in response.content.decode()
    assert Site.objects.get(pk=hackney_site.pk).name == "Hackney Health Centre"


def test_another_organisations_lead_is_refused_the_form(client, camden_lead, hackney_site):
    response = signed_in(client, camden_lead).get("/estates/sites/HK-001/edit/")
    assert response.status_code == 403
    assert (
        "Only an estates lead of the organisation that owns this site" in response.content.decode()
    )


def test_a_new_site_with_a_bad_utilisation_is_refused_beside_the_field(client, hackney_lead):
    response = signed_in(client, hackney_lead).post(
        "/estates/sites/new/",
        {
            "ref": "HK-2",
            "name": "X",
            "owner": org("la-hackney").pk,
            "tenure": "unknown",
            "status": "operational",
            "utilisation": "140",
        },
    )
    assert response.status_code == 400
    assert "Utilisation is from 0 to 100 per cent." in response.content.decode()
    assert not Site.objects.filter(ref="HK-2").exists()


def test_the_ranking_page_shows_each_criterions_score_and_why(
    client, alice, hackney_site, criteria
):
    page = signed_in(client, alice).get("/estates/ranking/").content.decode()
    assert "Floor area not in use" in page
    assert "75%" in page  # the surplus criterion's share of the weights
    assert "Floor area not in use: 1,360 m², 100% of the highest (weight 75%)" in page


def test_the_map_shows_the_sites_beside_a_table(client, alice, hackney_site):
    page = signed_in(client, alice).get("/estates/map/").content.decode()
    assert "<svg" in page
    assert "Sites and their status" in page and "Hackney Health Centre" in page


def test_the_policy_page_says_none_is_recorded(client, alice):
    page = signed_in(client, alice).get("/estates/policy/").content.decode()
    assert "No utilisation policy is recorded." in page


def test_the_navigation_has_estates(client, alice):
    page = signed_in(client, alice).get("/estates/sites/").content.decode()
    assert 'href="/estates/sites/"' in page and ">Estates<" in page


def test_an_estates_leads_work_links_to_the_register(client, hackney_lead, alice):
    from devolution.core.links import links_for

    texts = [link.text for link in links_for("your-work", hackney_lead)]
    assert {"The asset register", "Import the asset register", "Prioritised site list"} <= set(
        texts
    )
    assert not [link for link in links_for("your-work", alice) if "asset register" in link.text]


def test_a_change_of_owner_shows_in_the_history_by_name(client, secretariat, hackney_site):
    site_update(
        actor=secretariat,
        site_id=hackney_site.pk,
        version=1,
        data={"owner_id": org("la-camden").pk, "status": "surplus"},
    )
    page = signed_in(client, secretariat).get("/estates/sites/HK-001/").content.decode()
    assert "owner from London Borough of Hackney to London Borough of Camden" in page
    assert "status from Operational to Surplus" in page


def test_the_import_page_lists_every_problem_by_row_and_column_and_stores_nothing(
    client, hackney_lead
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(client, hackney_lead)
    bad = SimpleUploadedFile(
        "register.csv", b"ref,name,owner,floor_area\nHK-1,A,la-hackney,lots\nHK-2,B,la-camden,1\n"
    )
    response = client.post("/estates/sites/import/", {"file": bad})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: the file has 2 problems" in page
    assert "Row 2, column &#39;floor_area&#39;: &#39;lots&#39; is not a number" in page
    assert "Row 3, column &#39;owner&#39;: you keep only your own organisation&#39;s sites" in page
    assert not Site.objects.exists()
    good = SimpleUploadedFile("register.csv", b"ref,name,owner\nHK-1,A,la-hackney\n")
    response = client.post("/estates/sites/import/", {"file": good}, follow=True)
    assert "Imported register.csv (1 row). Sites: 1 created." in response.content.decode()


def test_the_map_filters_by_stp(client, alice, hackney_site, secretariat, partnership):
    from devolution.partners.models import Place

    site_create(
        actor=secretariat,
        partnership=partnership,
        ref="CR-1",
        data={
            "name": "Croydon Clinic",
            "owner_id": org("la-croydon").pk,
            "latitude": Decimal("51.3762"),
            "longitude": Decimal("-0.0982"),
        },
    )
    croydon = Site.objects.get(ref="CR-1")
    assert croydon.borough.name == "Croydon"
    client = signed_in(client, alice)
    page = client.get(f"/estates/map/?stp={croydon.stp.code}").content.decode()
    assert "Croydon Clinic" in page and "Hackney Health Centre" not in page
    refused = client.get("/estates/map/?stp=nowhere")
    assert refused.status_code == 400
    assert Place.objects.filter(code="nowhere").count() == 0


def test_an_estates_lead_is_offered_only_their_organisation_as_owner(client, hackney_lead):
    page = signed_in(client, hackney_lead).get("/estates/sites/new/").content.decode()
    assert ">London Borough of Hackney</option>" in page
    assert ">London Borough of Camden</option>" not in page


def test_the_public_is_not_offered_estates_in_the_navigation(client):
    page = client.get("/").content.decode()
    assert 'href="/estates/sites/"' not in page
