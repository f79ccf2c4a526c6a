"""The rules page and the checker page agree, rule by rule: each rule's example, followed
from the rules page's link, gives on the checker page what the rule's effect says (a
refusal as "Not allowed", a warning as "Allowed, with warnings"), with the rule's source
as a citation a person can follow."""

import re
from html import unescape

import pytest
from django.test import Client

from devolution.governance.legal import rule_catalogue

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def rules_page(django_db_blocker) -> str:
    with django_db_blocker.unblock():
        return Client().get("/governance/rules/").content.decode()


@pytest.mark.parametrize("rule", rule_catalogue(), ids=[r["id"] for r in rule_catalogue()])
def test_a_rules_example_on_the_checker_page_does_what_the_rules_page_says(rule, rules_page):
    row = rules_page[rules_page.index(f'id="{rule["id"]}"') :]
    row = row[: row.index("</tr>")]
    effect = "Refuses" if rule["effect"] == "refuses" else "Warns"
    assert effect in text(row)
    link = re.search(r'href="(/governance/checker/\?[^"]+)"', row)
    assert link, rule["id"]
    page = Client().get(unescape(link.group(1)))
    assert page.status_code == 200
    html = page.content.decode()
    verdict = text(html)
    verdict = verdict[verdict.index("Check a proposed arrangement Say") :]
    verdict = verdict[: verdict.index("Change the proposal")]
    # The rule is named by a link to it on the rules page, not by its identifier in words.
    assert rule["id"] not in verdict
    to_rule = f'href="/governance/rules/#{rule["id"]}"'
    if rule["effect"] == "refuses":
        assert "Not allowed" in verdict
        found = html[html.index("Not allowed") :]
        refusals = found[: found.find("Warnings")] if "Warnings" in found else found
        assert to_rule in refusals
    else:
        assert "Allowed, with warnings" in verdict and "Not allowed" not in verdict
        assert to_rule in html[html.index("Warnings") :]
    assert "Integration: Technical pack (December 2017)" in verdict
    assert "seed-001" not in verdict and ".txt" not in verdict


def test_the_rules_page_quotes_each_rules_source(rules_page):
    page = text(rules_page)
    for rule in rule_catalogue():
        for citation in rule["citations"]:
            assert citation.words() in page, rule["id"]
            assert citation.text() in page, rule["id"]
