"""The notifications pages opened in a real Chromium and checked with axe (QUALITY A1): a
board member's notifications, their choices, their calendar with its feed address, and
the unsubscribe page reached from an e-mail without signing in, before and after the
click. Each answers 200, shows its heading and content, logs no error, breaks no rule of
the content security policy and has no serious or critical axe violation."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MEMBER = Person(
    email="nina@camden.example", password="correct horse battery staple", full_name="Nina Notified"
)
SETUP = """
from devolution.governance.models import Board, BoardMember
from devolution.notifications.services import new_calendar_token, notify, unsubscribe_token
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create

person = person_create(
    actor=None, email={email!r}, full_name="Nina Notified", password={password!r}
)
camden = Organisation.objects.get(key="la-camden")
membership_grant(actor=None, person=person, organisation=camden, role="board_member")
BoardMember.objects.create(board=Board.objects.get(key="spb"), person=person, organisation=camden)
notify("agenda_published", "browser", [person], "The agenda for SPB is published", "/meetings/")
notify("paper_added", "browser", [person], "A paper added for SPB", "/meetings/")
new_calendar_token(person)
open({token_file!r}, "w").write(unsubscribe_token(person, ["agenda_published"]))
"""


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    signed_in: bool = True


CASES = [
    Case("list", "/notifications/", "Notifications", "The agenda for SPB is published"),
    Case(
        "preferences",
        "/notifications/preferences/",
        "Your notification choices",
        "one e-mail a day",
    ),
    Case("calendar", "/my/calendar/", "Your calendar", "Your private address"),
    Case("unsubscribe", "/notifications/unsubscribe/{token}/", "Unsubscribe", "agenda", False),
    Case(
        "bad-unsubscribe",
        "/notifications/unsubscribe/not-a-token/",
        "does not work",
        "Nothing has been changed",
        False,
    ),
]


@pytest.fixture(scope="session")
def token(site_shell: SiteShell, tmp_path_factory: pytest.TempPathFactory) -> str:
    token_file = tmp_path_factory.mktemp("notify") / "token"
    script = SETUP.format(email=MEMBER.email, password=MEMBER.password, token_file=str(token_file))
    site_shell(script, "add a board member with notifications and a calendar feed")
    return Path(token_file).read_text()


@pytest.fixture
def context(chromium: Browser, base_url: str, token: str) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_notifications_page_is_whole_and_accessible(
    context: BrowserContext, base_url: str, token: str, case: Case
) -> None:
    page = context.new_page()
    watch = Watch(page)
    if case.signed_in:
        signed_in_as(page, MEMBER.email, MEMBER.password)
    path = case.path.format(token=token)
    status = 400 if case.name == "bad-unsubscribe" else 200
    if status >= 400:
        watch.expect_document_status(base_url + path, status)
    response = page.goto(path)
    assert response is not None
    assert response.status == status
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text(case.h1)
    expect(page.locator("main")).to_contain_text(case.shows)
    problems = problems_on(page, watch)
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)


def test_unsubscribing_in_one_click_is_confirmed(context: BrowserContext, token: str) -> None:
    page = context.new_page()
    watch = Watch(page)
    page.goto(f"/notifications/unsubscribe/{token}/")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_contain_text("You are unsubscribed")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)
