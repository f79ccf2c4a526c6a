"""Capital among the estates pages: the demo accounts' step makes the invented cases and
disposals on the estates demo's sites; the estates pages link capital's; the public's
Estates entry is the strategy's figures, staff's the asset register."""

import re

from django.core.management import call_command
from django.test import Client

from devolution.capital.models import BusinessCase, Disposal
from tests.conftest import signed_in


def _nav_estates(page: str) -> str:
    for link in re.findall(r"<a\b[^>]*nhsuk-header__navigation-link[^>]*>\s*Estates\b", page):
        return re.search(r'href="([^"]+)"', link).group(1)
    raise AssertionError("no Estates entry in the navigation")


def test_the_demo_accounts_make_the_capital_demo_on_the_estates_demo(db, capsys):
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert "Capital demo: invented demo-hub" in out
    assert BusinessCase.objects.filter(is_demo=True).count() == 2
    assert Disposal.objects.filter(is_demo=True, completed__isnull=False).count() == 1
    assert not BusinessCase.objects.filter(is_demo=False).exists()
    call_command("demo_accounts")
    assert BusinessCase.objects.count() == 2


def test_the_public_estates_entry_is_the_strategy_and_staffs_the_register(db, secretariat):
    assert _nav_estates(Client().get("/").content.decode()) == "/estates/capital/"
    assert _nav_estates(signed_in(secretariat).get("/").content.decode()) == "/estates/sites/"


def test_the_estates_pages_link_capitals_and_capitals_the_register_for_staff(db, secretariat):
    register = signed_in(secretariat).get("/estates/sites/").content.decode()
    for href in (
        "/estates/capital/cases/",
        "/estates/capital/disposals/",
        "/estates/capital/",
        "/estates/capital/plan/",
    ):
        assert f'href="{href}"' in register
    public = Client().get("/estates/capital/cases/").content.decode()
    assert 'href="/estates/sites/"' not in public
    assert 'href="/estates/capital/disposals/"' in public
    assert (
        'href="/estates/sites/"'
        in signed_in(secretariat).get("/estates/capital/cases/").content.decode()
    )
