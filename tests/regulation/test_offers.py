"""What regulation and workforce show on the pages of the areas below them: their reports
on the reports index, and an organisation's calendar and workforce figures on its page."""

import re

import pytest
from django.test import Client

from devolution.partners.models import Organisation

pytestmark = pytest.mark.django_db


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#?]+)', html))


def test_the_reports_index_lists_the_matrix_the_pay_comparison_and_the_board_view():
    html = Client().get("/reports/").content.decode()
    assert "Regulator matrix" in html
    assert {
        "/regulation/matrix.pdf",
        "/regulation/matrix.xlsx",
        "/regulation/duplicates/",
        "/regulation/duplicates.pdf",
        "/workforce/pay/",
        "/workforce/pay.pdf",
        "/workforce/pay.xlsx",
        "/workforce/indicators/board/",
        "/workforce/indicators/board.pdf",
        "/workforce/indicators/board.xlsx",
    } <= hrefs(html)
    assert 'href="/regulation/#matrix"' in html


def test_an_organisations_page_links_its_reporting_calendar_and_its_workforce_figures():
    trust = Organisation.objects.get(key="trust-barts-health")
    html = Client().get(f"/organisations/{trust.pk}/").content.decode()
    assert {
        "/regulation/calendars/trust-barts-health/",
        "/workforce/indicators/organisation/trust-barts-health/",
    } <= hrefs(html)
