"""The fair-share pages, PDF and spreadsheet speak plainly (tests.core.test_plain_words's
checker, over funding's routes only, with a bid under each kind of line)."""

import pytest
from django.test import Client

from tests.core.test_plain_words import crawl, crawl_routes
from tests.funding.conftest_places import make_bid

pytestmark = pytest.mark.django_db


def test_the_fair_share_pages_and_downloads_show_nothing_for_maintainers():
    make_bid(["E09000012"], asked=1_500_000, allocated=1_000_000)
    make_bid(["QMF", "QMJ"], asked=700_000, recommended=600_000)
    make_bid(["E12000007"], asked=90_000)
    assert len([r for r in crawl_routes() if r.namespace == "funding"]) >= 4
    found = list(crawl({"the public": Client()}, only=lambda r: r.namespace == "funding"))
    assert not found, "\n".join(sorted({str(f) for f in found}))
