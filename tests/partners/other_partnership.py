"""A second partnership beside London's, small, made by a test: pages about the
partnership in view must show London's rows and not its, and its with ?partnership=."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from devolution.core.models import Source
from devolution.partners.models import Level, Partnership, Place

KEY = "zeta-partnership"
NAME = "Zeta test partnership"
STP = "Zeta test STP"


def other_partnership(boroughs: int = 2) -> Partnership:
    """A partnership whose footprint is a region, with an STP in it and `boroughs`
    boroughs in that (two levels down, as London's are)."""
    source = Source.objects.create(key="zeta-test", title="Made by a test", kind="entered")
    region = Place.objects.create(
        code="zeta-region",
        scheme=Place.Scheme.LOCAL,
        name="Zeta test region",
        level=Level.objects.get(key="region"),
        source=source,
    )
    Place.objects.create(
        code="zeta-stp",
        scheme=Place.Scheme.LOCAL,
        name=STP,
        level=Level.objects.get(key="stp"),
        parent=region,
        source=source,
    )
    partnership = Partnership.objects.create(
        key=KEY, name=NAME, kind=Partnership.Kind.OTHER, source=source
    )
    partnership.footprint.add(region)
    more_boroughs(boroughs)
    return partnership


def more_boroughs(n: int) -> list[str]:
    """`n` more boroughs in the other partnership's STP; their names."""
    stp = Place.objects.get(code="zeta-stp")
    start = Place.objects.filter(parent=stp).count()
    names = [f"Zetaborough {i}" for i in range(start, start + n)]
    for i, name in enumerate(names, start):
        Place.objects.create(
            code=f"zeta-b{i}",
            scheme=Place.Scheme.LOCAL,
            name=name,
            level=Level.objects.get(key="borough"),
            parent=stp,
            source=stp.source,
        )
    return names


def queries(client, url: str) -> tuple[int, str]:
    """How many queries the page makes, and its content, after a first request (which
    may fill a per-process cache, as the picture's drawing is)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response.content.decode()
