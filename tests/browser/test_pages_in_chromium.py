"""Every page opened in a real Chromium and checked with axe (QUALITY A1).

Each page must answer with its status, show its own heading and content, log no error
and break no rule of the content security policy, and have no serious or critical axe
violation. The map must really draw, and the site must work without JavaScript.
"""

import html
import json
import re
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response, expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}

# Kept per document by the page itself, so a violation is caught even if Chromium
# stops logging it to the console.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : "";
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI}${where}`);
});
"""


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    status: int = 200
    signed_in: bool = False
    wrong_password: bool = False


CASES = [
    Case(
        "home",
        "/",
        "London health and care devolution partnership",
        "partner organisations in London",
    ),
    Case(
        "home-signed-in",
        "/",
        "London health and care devolution partnership",
        "What needs you",
        signed_in=True,
    ),
    Case("reports", "/reports/", "Reports", "Gateway criteria, board by board"),
    Case("password-reset", "/password-reset/", "Set a new password", "The link works once"),
    Case(
        "password-change",
        "/account/password/",
        "Change your password",
        "At least 12 characters",
        signed_in=True,
    ),
    Case(
        "authenticator-lost",
        "/sign-in/lost-authenticator/",
        "I have lost my authenticator app",
        "secretariat",
        signed_in=True,
    ),
    Case("places", "/places/", "Places", "47 places"),
    Case("boroughs", "/places/?level=borough", "Places", "33 places"),
    Case("borough", "/places/E09000012/", "Hackney", "London Borough of Hackney"),
    Case("stp-area", "/places/QMF/", "North East London", "Waltham Forest (Borough)"),
    Case(
        "multi-borough",
        "/places/bhr/",
        "Barking & Dagenham, Havering and Redbridge (BHR)",
        "BHR Integrated Care Coalition",
    ),
    Case("organisations", "/organisations/", "Organisations", "89 organisations"),
    Case("ccgs", "/organisations/?type=ccg", "Organisations", "32 organisations"),
    Case("organisation", "/organisations/{ccg}/", "NHS City and Hackney CCG", "07T"),
    Case(
        "organisation-edit",
        "/organisations/{hackney}/edit/",
        "Change London Borough of Hackney",
        "Companies House number",
        signed_in=True,
    ),
    Case("partnerships", "/partnerships/", "Partnerships", "27 partnerships"),
    Case("partnership", "/partnerships/{nel}/", "North East London STP", "NHS Havering CCG"),
    Case("map", "/map/", "London's boroughs by STP", "Boroughs and their STP"),
    Case("sources", "/sources/", "Sources of the data", "NHS Organisation Data Service"),
    Case("parameters", "/parameters/", "Dated figures", "meets bi-monthly"),
    Case(
        "parameter",
        "/parameters/cadence-bi_monthly/?on=2018-03-22",
        "Days an update stands for a board that meets bi-monthly",
        "62 days",
    ),
    Case(
        "parameter-wrong-date",
        "/parameters/cadence-bi_monthly/?on=soon",
        "Days an update stands for a board that meets bi-monthly",
        "Give the date as year-month-day",
        status=400,
    ),
    Case(
        "board-register-of-interests",
        "/public/boards/spb/register-of-interests/",
        "Register of interests of the board's members",
        "Managing Conflicts of Interest in the NHS",
    ),
    Case("sign-in", "/sign-in/", "Sign in", "Partnership staff sign in"),
    Case(
        "sign-in-refused",
        "/sign-in/",
        "Sign in",
        "The email address or password is not right.",
        status=400,
        wrong_password=True,
    ),
    Case("not-found", "/no-such-page/", "Page not found", "check it is correct", status=404),
]


def _page_id(base_url: str, kind: str, key: str, query: str) -> int:
    """The id in the page address of the organisation or partnership with `key`: its name
    from the API (which addresses it by key), then the link of that name on the list page."""
    with urllib.request.urlopen(f"{base_url}/api/{kind}/{key}", timeout=10) as response:  # noqa: S310
        name = json.load(response)["name"]
    with urllib.request.urlopen(f"{base_url}/{kind}/?{query}", timeout=10) as response:  # noqa: S310
        page = response.read().decode()
    found = re.search(rf'href="/{kind}/(\d+)/"[^>]*>{re.escape(html.escape(name))}<', page)
    assert found, (kind, key, name)
    return int(found.group(1))


@pytest.fixture(scope="session")
def ids(base_url: str) -> dict[str, int]:
    """Database ids of the records some pages are about, found as a client would."""
    return {
        "hackney": _page_id(base_url, "organisations", "la-hackney", "q=Hackney"),
        "ccg": _page_id(base_url, "organisations", "ccg-city-and-hackney", "q=Hackney"),
        "nel": _page_id(base_url, "partnerships", "stp-nel", "kind=stp"),
    }


@pytest.fixture
def context(chromium: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


class Watch:
    """Errors a page logs or throws while the test drives it."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.expected_failure: tuple[str, int] | None = None
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def expect_document_status(self, url: str, status: int) -> None:
        """Chromium logs an error status of the page itself; that one is the point."""
        self.expected_failure = (url, status)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if self.expected_failure:
            url, status = self.expected_failure
            if message.location.get("url") == url and message.text.startswith(
                f"Failed to load resource: the server responded with a status of {status}"
            ):
                return
        self.errors.append(f"console: {message.text} ({message.location.get('url')})")


def sign_in(page: Page, email: str, password: str) -> Response | None:
    """Through the real form, as a person would."""
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in").click()
    return navigation.value


def blocking_violations(page: Page) -> list[str]:
    """axe's serious and critical findings: rule id, impact, and the nodes it points at."""
    violations = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]


def problems_on(page: Page, watch: Watch) -> list[str]:
    """Everything wrong with the page as it stands: what the content security policy
    blocked, what the console and the network said (see Watch), and axe's findings."""
    return [
        *(f"content security policy: {v}" for v in page.evaluate("window.__cspViolations")),
        *watch.errors,
        *(f"axe: {v}" for v in blocking_violations(page)),
    ]


def signed_in_as(page: Page, email: str, password: str) -> None:
    """Signed in through the form, and the page says so."""
    sign_in(page, email, password)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_page_is_whole_and_accessible(
    context: BrowserContext,
    base_url: str,
    case: Case,
    ids: dict[str, int],
    hackney_person: Any,
) -> None:
    page = context.new_page()
    watch = Watch(page)
    if case.signed_in:
        sign_in(page, hackney_person.email, hackney_person.password)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    path = case.path.format(**ids)
    if case.status >= 400:
        watch.expect_document_status(base_url + path, case.status)
    if case.wrong_password:
        response = sign_in(page, hackney_person.email, "not the password")
    else:
        response = page.goto(path)

    assert response is not None
    assert response.status == case.status, f"{path} answered {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(case.h1)
    expect(page.locator("main")).to_contain_text(case.shows)

    # All three kinds together, so one run shows everything that is wrong with the page.
    problems = [
        *(f"content security policy: {v}" for v in page.evaluate("window.__cspViolations")),
        *watch.errors,
        *(f"axe: {v}" for v in blocking_violations(page)),
    ]
    assert problems == [], f"{path}:\n" + "\n".join(problems)


def test_map_draws_and_its_table_lists_every_borough(context: BrowserContext) -> None:
    page = context.new_page()
    watch = Watch(page)
    page.goto("/map/")
    figure = page.locator("figure.devolution-map")
    expect(figure).to_contain_text("Map of London's 33 local authority areas")
    svg = figure.locator("svg")
    expect(svg).to_be_visible()
    assert svg.bounding_box()["width"] > 200, "the map did not draw"  # type: ignore[index]
    # Each borough's name links to its page, and following one gets there.
    expect(svg.locator("a text")).to_have_count(33)
    svg.locator("a", has_text="Hackney").first.click()
    expect(page.locator("h1")).to_contain_text("Hackney")
    page.go_back()
    table = page.get_by_role("table", name="Boroughs and their STP")
    expect(table.locator("tbody tr")).to_have_count(33)
    expect(table).to_contain_text("Hackney")
    # The layer chooser is a form: it works as a page load, without scripts.
    page.get_by_label("Multi-borough system").check()
    page.get_by_role("button", name="Show this layer").click()
    systems = page.get_by_role("table", name="Boroughs and their multi-borough system")
    expect(systems).to_contain_text("Hackney and the City")
    assert watch.errors == [], "\n".join(watch.errors)


def test_signing_in_and_filtering_work_without_javascript(
    chromium: Browser, base_url: str, hackney_person: Any
) -> None:
    context = chromium.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        response = sign_in(page, hackney_person.email, hackney_person.password)
        assert response is not None
        assert response.status == 200
        assert page.url == base_url + "/"
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        expect(page.locator("header")).to_contain_text(hackney_person.full_name)
        expect(page.get_by_role("heading", name="Your organisations")).to_be_visible()

        page.goto("/organisations/")
        expect(page.get_by_role("status")).to_have_text("89 organisations, page 1 of 2")
        page.get_by_label("Type").select_option("ccg")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**/organisations/?type=ccg*")
        expect(page.get_by_role("status")).to_have_text("32 organisations")
        rows = page.get_by_role("table", name="Organisations").locator("tbody tr")
        expect(rows).to_have_count(32)
        expect(rows.filter(has_not_text="Clinical commissioning group")).to_have_count(0)
    finally:
        context.close()
