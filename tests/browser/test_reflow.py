"""Every page at 1280, 390 and 320 CSS px in Chromium (issue 12, points 9 and 11).

No page may scroll sideways at any of the three widths (WCAG 1.4.10 reflow: 320 px is a
1280 px screen zoomed to 400%), no id may be used twice, and axe may find nothing
serious or critical.

The pages are not picked by hand: every GET route of the URL configuration is opened,
its parameters filled with the bench's keys (devolution.bench.keys), on a site of its own
holding London's data set and the record the bench adds to it (meetings with attendance,
declarations, rulings, actions, a paper's file and approved minutes), so each page shows
all its parts. Each is opened by the public and by the bench's secretariat officer. Left
out: the API (its JSON; its documentation is django-ninja's), the Django admin, files
(PDF, spreadsheets, CSV, calendars, images, papers) and routes that only take a POST. A
page the public must sign in for is tried signed in only.

To keep within a few minutes, one Chromium page goes through every route, resized for
each width rather than reloaded (as a person zooming would). axe runs in full at 1280
px; at 390 and 320 px only the rules whose findings change with the width: landmarks
(region) and focusable scrolling regions on the whole page, and at 320 px colour
contrast on what only the narrow layout shows (see NARROW_ONLY).
"""

import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import DEVOLUTION, ROOT, _run, served
from playwright.sync_api import Browser, Error, Page

from devolution.bench.england_meetings import BENCH_SECRETARIAT
from devolution.bench.routes import Route, excluded_because, url_routes

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDTHS = (1280, 390, 320)
HEIGHT = 900
BLOCKING_IMPACTS = {"serious", "critical"}
# axe's rules at the narrow widths; all of them run at 1280 px. Landmarks and focusable
# scrolling regions are checked on the whole page at both. Colour contrast, by far the
# slowest rule, is checked at 320 px only on what the narrow layout shows and the wide one
# does not: the header (its "More" menu) and the responsive tables' column names, in each
# table's first row (the other rows repeat them in the same style). Both narrow widths are
# below the design system's one breakpoint (641 px), so they show the same things.
NARROW_AXE_RULES = ["region", "scrollable-region-focusable"]
NARROW_ONLY = [
    ["header"],
    [".nhsuk-table-responsive tr:first-child .nhsuk-table-responsive__heading"],
]
AXE = Axe()
PASSWORD = "correct horse battery staple"

# A route ending in a file's extension (.pdf, .xlsx, .csv, .ics, .svg) is a file.
FILE = re.compile(r"\.[a-z]+$")
# Files whose address does not say so, and what is not a page.
NOT_PAGES = {
    "meetings:paper-download": "a paper's file",
    "meetings:public-paper-download": "a paper's file",
    "health": "the health check's plain text",
}


def left_out_because(route: Route) -> str | None:
    if route.is_api:
        return "the API"
    if FILE.search(route.pattern):
        return "a file"
    return NOT_PAGES.get(route.name) or excluded_because(route.name)


ROUTES = [r for r in url_routes() if left_out_because(r) is None]

# Run in the site's own `devolution shell`: the bench's record (its meetings', its
# synthetic money, the invented estate and workforce figures) added to London's, the
# bench's secretariat officer given a password, and each GET route's path (the bench
# asks, signed in, which routes answer GET; route_path fills their parameters).
SETUP = """
import json
from django.test import Client
from devolution.bench.england_estates import estates_record
from devolution.bench.england_funding import funding_record
from devolution.bench.england_meetings import BENCH_SECRETARIAT, meetings_record
from devolution.bench.england_regulation import regulation_record
from devolution.bench.england_workforce import workforce_record
from devolution.bench.keys import KEYS, QUERIES
from devolution.bench.routes import get_routes, route_path
from devolution.bench.run import bench_record
from devolution.core.models import User

meetings_record()
bench_record()
funding_record()
estates_record()
regulation_record()
workforce_record()
officer = User.objects.get(email=BENCH_SECRETARIAT)
officer.set_password({password!r})
officer.save()
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(officer)
paths = {{r.name: route_path(r, KEYS, QUERIES) for r in get_routes(client).benched}}
print("PATHS " + json.dumps(paths))
"""


@dataclass(frozen=True)
class Site:
    url: str
    paths: dict[str, str]  # route name: the path to open, for the routes answering GET
    secretariat: str  # the email address of the bench's secretariat officer


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A Devolution of its own, not the other browser tests' (which add their own people
    and meetings to theirs): London with the bench's record."""
    tmp = tmp_path_factory.mktemp("reflow")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "devolution.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "browser-tests-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    _run(env, "migrate", "--noinput", "-v0")
    _run(env, "load-london")
    done = subprocess.run(
        [DEVOLUTION, "shell", "-c", SETUP.format(password=PASSWORD)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = re.search(r"^PATHS (.*)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not found:
        pytest.fail(f"could not add the bench's record:\n{done.stdout}\n{done.stderr}")
    paths = json.loads(found.group(1))
    with served(env, tmp) as url:
        yield Site(url, paths, BENCH_SECRETARIAT)


def _page(chromium: Browser, site: Site) -> Iterator[Page]:
    context = chromium.new_context(
        base_url=site.url, viewport={"width": WIDTHS[0], "height": HEIGHT}
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="module")
def public_page(chromium: Browser, site: Site) -> Iterator[Page]:
    yield from _page(chromium, site)


@pytest.fixture(scope="module")
def secretariat_page(chromium: Browser, site: Site) -> Iterator[Page]:
    for page in _page(chromium, site):
        page.goto("/sign-in/")
        page.get_by_label("Email address").fill(site.secretariat)
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert page.get_by_role("button", name="Sign out").is_visible(), "not signed in"
        yield page


# Whether the page scrolls sideways and, if so, what sticks out: each element whose right
# edge passes the window's while its parent's does not (so the outermost culprit, a
# table rather than its cells), unless an ancestor scrolls or clips it.
SIDEWAYS = """
() => {
  const limit = window.innerWidth + 0.5;
  const doc = document.documentElement;
  if (doc.scrollWidth <= window.innerWidth) return null;
  const describe = (el) => {
    const classes = [...el.classList].slice(0, 2).map((c) => "." + c).join("");
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}> "${text}"`;
  };
  const contained = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > limit)
      continue;
    if (contained(el)) continue;
    culprits.push([Math.round(box.right), `${describe(el)} ${Math.round(box.width)} px wide`]);
  }
  culprits.sort((a, b) => b[0] - a[0]);
  return {width: doc.scrollWidth, culprits: culprits.slice(0, 5).map((c) => c[1])};
}
"""

DUPLICATE_IDS = """
() => {
  const counts = new Map();
  for (const el of document.querySelectorAll("[id]"))
    counts.set(el.id, (counts.get(el.id) || 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);
}
"""


# Once the window is resized, two frames: the resize event has been handled (the NHS.UK
# header moves the links that no longer fit into its "More" menu) and the page laid out.
SETTLED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def axe_findings(page: Page, width: int) -> list[str]:
    """axe's serious and critical findings at `width`. axe is put into the page once (by
    evaluate, which the content security policy does not govern) and run at each width."""
    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(AXE.axe_script)
    runs: list[tuple[object, dict[str, object]]] = [("document", {})]
    if width != WIDTHS[0]:
        runs = [("document", {"runOnly": {"type": "rule", "values": NARROW_AXE_RULES}})]
    if width == WIDTHS[-1]:
        runs.append(
            ({"include": NARROW_ONLY}, {"runOnly": {"type": "rule", "values": ["color-contrast"]}})
        )
    violations = []
    for context, options in runs:
        violations += page.evaluate(
            "([context, options]) => axe.run(context === 'document' ? document : context,"
            " {...options, resultTypes: ['violations']})",
            [context, options],
        )["violations"]
    return [
        f"at {width} px axe: {v['id']} ({v['impact']}): {v['help']} at "
        f"{[n['target'] for n in v['nodes']][:5]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]


def problems_at(page: Page, width: int) -> list[str]:
    """What is wrong with the page at `width`: sideways scrolling, and axe's findings."""
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.evaluate(SETTLED)
    problems = []
    sideways = page.evaluate(SIDEWAYS)
    if sideways:
        problems.append(
            f"at {width} px it scrolls sideways ({sideways['width']} px wide); sticking out: "
            + "; ".join(sideways["culprits"] or ["nothing found to name"])
        )
    return problems + axe_findings(page, width)


def check(page: Page, site: Site, route: Route, public: bool) -> None:
    if route.name not in site.paths:
        pytest.skip("answers GET with 405: a form's POST only")
    path = site.paths[route.name]
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    try:
        response = page.goto(path)
    except Error as error:
        if "Download is starting" in str(error):
            pytest.skip("a file, not a page")
        raise
    assert response is not None
    if "text/html" not in response.headers.get("content-type", ""):
        pytest.skip(f"not a page: {response.headers.get('content-type')}")
    if public and page.url.split("?")[0].endswith("/sign-in/") and path != "/sign-in/":
        pytest.skip("the public are asked to sign in")

    problems = [f"an id is used more than once: {d}" for d in page.evaluate(DUPLICATE_IDS)]
    for width in WIDTHS:
        problems += problems_at(page, width)
    assert problems == [], f"{path} ({response.status}):\n" + "\n".join(problems)


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_page_reflows_for_the_public(public_page: Page, site: Site, route: Route) -> None:
    check(public_page, site, route, public=True)


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_page_reflows_for_the_secretariat(secretariat_page: Page, site: Site, route: Route) -> None:
    check(secretariat_page, site, route, public=False)


def test_the_check_names_what_scrolls_sideways(public_page: Page, site: Site) -> None:
    """The check itself: a page made to overflow is caught, its culprit named."""
    public_page.goto("/")
    public_page.set_viewport_size({"width": 320, "height": HEIGHT})
    public_page.evaluate(SETTLED)
    public_page.evaluate(
        """() => {
          const wide = document.createElement("p");
          wide.id = "too-wide";
          wide.style.width = "600px";
          wide.textContent = "Wider than a phone";
          document.querySelector("main").append(wide);
        }"""
    )
    sideways = public_page.evaluate(SIDEWAYS)
    assert sideways is not None
    assert sideways["culprits"][0].startswith('<p#too-wide> "Wider than a phone" 600 px wide')


def test_the_check_finds_an_id_used_twice(public_page: Page, site: Site) -> None:
    public_page.goto("/")
    assert public_page.evaluate(DUPLICATE_IDS) == []
    public_page.evaluate(
        """() => {
          const again = document.createElement("p");
          again.id = "maincontent";
          document.querySelector("footer").append(again);
        }"""
    )
    assert public_page.evaluate(DUPLICATE_IDS) == ["maincontent (2 times)"]


def test_the_narrow_check_finds_column_names_hard_to_read(public_page: Page, site: Site) -> None:
    """Colour contrast at 320 px looks at the responsive tables' column names."""
    public_page.goto("/places/")
    public_page.set_viewport_size({"width": 320, "height": HEIGHT})
    assert axe_findings(public_page, 320) == []
    public_page.evaluate(
        """() => document.querySelector(".nhsuk-table-responsive__heading")
          .style.setProperty("color", "#d8dde0")"""
    )
    assert [p for p in axe_findings(public_page, 320) if "color-contrast" in p]
