"""Estates fixtures: estates leads of two organisations, and a few sites."""

import datetime as dt
from decimal import Decimal

import pytest

from devolution.estates.models import RankingCriterion, Site, UtilisationPolicy
from devolution.estates.services import site_create
from devolution.partners.models import Organisation, Partnership, Role
from tests.conftest import make_person


@pytest.fixture
def partnership(db) -> Partnership:
    return Partnership.objects.get(is_default=True)


@pytest.fixture
def hackney_lead(db):
    """An estates lead of the London Borough of Hackney."""
    return make_person("eden@hackney.example", "la-hackney", Role.ESTATES_LEAD, "Eden Lead")


@pytest.fixture
def camden_lead(db):
    """An estates lead of the London Borough of Camden: another organisation."""
    return make_person("cal@camden.example", "la-camden", Role.ESTATES_LEAD, "Cal Lead")


def org(key: str) -> Organisation:
    return Organisation.objects.get(key=key)


@pytest.fixture
def hackney_site(partnership, secretariat) -> Site:
    return site_create(
        actor=secretariat,
        partnership=partnership,
        ref="HK-001",
        data={
            "name": "Hackney Health Centre",
            "owner_id": org("la-hackney").pk,
            "latitude": Decimal("51.5450"),
            "longitude": Decimal("-0.0553"),
            "floor_area": 2000,
            "utilisation": Decimal("0.32"),
        },
    )


@pytest.fixture
def policy(partnership, db) -> UtilisationPolicy:
    from devolution.estates.services import entered_source

    return UtilisationPolicy.objects.create(
        partnership=partnership,
        valid_from=dt.date(2017, 6, 1),
        under_used_below=Decimal("0.40"),
        surplus_below=Decimal("0.20"),
        issued_as=UtilisationPolicy.IssuedAs.GUIDANCE,
        issued_by="the LEB",
        source=entered_source(actor=None),
    )


@pytest.fixture
def criteria(partnership, db) -> list[RankingCriterion]:
    from devolution.estates.services import entered_source

    source = entered_source(actor=None)
    return [
        RankingCriterion.objects.create(
            partnership=partnership,
            valid_from=dt.date(2017, 6, 1),
            key=key,
            name=name,
            reads=reads,
            weight=weight,
            order=i,
            source=source,
        )
        for i, (key, name, reads, weight) in enumerate(
            [
                ("surplus", "Floor area not in use", "surplus_floor_area", 3),
                ("housing", "Housing units possible", "housing_units", 1),
            ]
        )
    ]
