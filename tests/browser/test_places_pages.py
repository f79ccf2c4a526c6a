"""The fair-share page and the report of allocations by place, opened in a real Chromium
and checked with axe (QUALITY A1): each shows its heading and content, logs no error,
breaks no rule of the content security policy and has no serious or critical axe
violation; the chart and the map are drawn in the page."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

FUND = "london-transformation-funding"
CASES = [
    (f"/funding/funds/{FUND}/fair-share/?level=stp", 200, "£25,482,353"),
    (f"/funding/funds/{FUND}/fair-share/?level=borough", 200, "33 places have no population"),
    ("/reports/allocations-by-place/", 200, "£114,000,000"),
    (f"/funding/funds/{FUND}/fair-share/?level=ward", 400, "There is no fair-share level"),
]


@pytest.fixture
def context(chromium: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize(("path", "status", "shows"), CASES)
def test_fair_share_page_is_whole_and_accessible(
    context: BrowserContext, base_url: str, path: str, status: int, shows: str
) -> None:
    page = context.new_page()
    watch = Watch(page)
    if status >= 400:
        watch.expect_document_status(base_url + path, status)
    response = page.goto(path)
    assert response is not None and response.status == status
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main")).to_contain_text(shows)
    if status == 200:
        chart = page.locator("[aria-labelledby=places-chart-caption] > svg")
        expect(chart).to_have_count(1)
        expect(page.locator("figure.devolution-map > svg")).to_have_count(1)
    problems = problems_on(page, watch)
    assert problems == [], f"{path}:\n" + "\n".join(problems)
