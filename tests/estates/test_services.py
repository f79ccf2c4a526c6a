"""Keeping the asset register: who changes which sites, the derived borough and STP, the
history of every change and the stale edit refused."""

from decimal import Decimal

import pytest

from devolution.core.errors import InvalidInput, NotAllowed, StaleEdit
from devolution.estates.models import SiteEvent
from devolution.estates.services import site_create, site_update
from tests.estates.conftest import org

pytestmark = pytest.mark.django_db


def test_a_site_takes_its_borough_from_its_point_and_its_stp_from_the_borough(hackney_site):
    assert hackney_site.borough.name == "Hackney"
    assert hackney_site.stp == hackney_site.borough.parent
    assert hackney_site.stp.level.key == "stp"


def test_an_estates_lead_changes_their_own_organisations_site(hackney_site, hackney_lead):
    site = site_update(
        actor=hackney_lead, site_id=hackney_site.pk, version=1, data={"housing_units": 40}
    )
    assert site.housing_units == 40
    assert site.version == 2
    event = SiteEvent.objects.filter(site=site).order_by("-pk").first()
    assert event.by == hackney_lead
    assert event.changes == {"housing_units": [None, 40]}


def test_an_estates_lead_of_another_organisation_is_refused(hackney_site, camden_lead):
    with pytest.raises(NotAllowed, match="Only an estates lead of the organisation"):
        site_update(actor=camden_lead, site_id=hackney_site.pk, version=1, data={"use": "x"})
    hackney_site.refresh_from_db()
    assert hackney_site.use == ""


def test_an_estates_lead_cannot_give_their_site_to_another_organisation(hackney_site, hackney_lead):
    with pytest.raises(NotAllowed):
        site_update(
            actor=hackney_lead,
            site_id=hackney_site.pk,
            version=1,
            data={"owner_id": org("la-camden").pk},
        )


def test_an_estates_lead_cannot_record_a_site_for_another_organisation(partnership, camden_lead):
    with pytest.raises(NotAllowed):
        site_create(
            actor=camden_lead,
            partnership=partnership,
            ref="HK-9",
            data={"name": "Not theirs", "owner_id": org("la-hackney").pk},
        )


def test_a_board_member_keeps_no_sites(partnership, alice):
    with pytest.raises(NotAllowed, match="Only estates leads and the secretariat"):
        site_create(
            actor=alice,
            partnership=partnership,
            ref="HK-9",
            data={"name": "Theirs", "owner_id": org("la-hackney").pk},
        )


def test_a_stale_version_is_refused_and_nothing_saved(hackney_site, secretariat):
    site_update(actor=secretariat, site_id=hackney_site.pk, version=1, data={"use": "Clinic"})
    with pytest.raises(StaleEdit, match="Someone else changed Hackney Health Centre"):
        site_update(actor=secretariat, site_id=hackney_site.pk, version=1, data={"use": "Office"})
    hackney_site.refresh_from_db()
    assert hackney_site.use == "Clinic"


def test_a_borough_not_in_the_stp_given_is_refused(hackney_site, secretariat):
    from devolution.partners.models import Place

    other_stp = Place.objects.filter(level__key="stp").exclude(pk=hackney_site.stp_id).first()
    with pytest.raises(InvalidInput, match=f"Hackney is in .*, not in {other_stp.name}"):
        site_update(
            actor=secretariat,
            site_id=hackney_site.pk,
            version=1,
            data={"stp_id": other_stp.pk, "borough_id": hackney_site.borough_id},
        )


def test_utilisation_above_one_is_refused_naming_the_field(hackney_site, secretariat):
    with pytest.raises(InvalidInput) as refused:
        site_update(
            actor=secretariat,
            site_id=hackney_site.pk,
            version=1,
            data={"utilisation": Decimal("1.5")},
        )
    assert refused.value.problems[0].field == "utilisation"
