"""The London data set loads no sites; the invented demo set is marked as such everywhere."""

import pytest

from devolution.estates.demo import demo_estates_fill
from devolution.estates.models import RankingCriterion, Site, UtilisationPolicy

pytestmark = pytest.mark.django_db


def test_london_loads_no_sites_no_policy_and_no_criteria():
    assert not Site.objects.exists()
    assert not UtilisationPolicy.objects.exists()
    assert not RankingCriterion.objects.exists()


def test_the_demo_set_is_invented_marked_and_made_once(client, alice):
    lines = demo_estates_fill()
    assert "invented" in lines[0]
    sites = Site.objects.all()
    assert sites.count() == 40
    assert all(s.is_demo and s.borough_id and s.stp_id for s in sites)
    assert {s.owner.key for s in sites} >= {"trust-barts-health"}
    assert UtilisationPolicy.objects.get().is_demo
    assert demo_estates_fill() == ["Estates demo: the invented demo sites are already there."]
    assert Site.objects.count() == 40
    client.force_login(alice)
    for page in ("/estates/sites/", "/estates/map/", "/estates/ranking/", "/estates/policy/"):
        assert "Demo data, invented" in client.get(page).content.decode(), page
    export = client.get("/estates/sites/export.csv").content.decode()
    assert export.count(',"Demo data, invented"\r\n') == 40  # the demo column of every row
