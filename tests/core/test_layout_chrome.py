"""The layout's header, footer and head, rendered once per key and reused (Chrome in
devolution/core/jinja.py): the same page as rendering them each time, the request's own
CSRF token in the sign-out form, names escaped, and nothing kept past a settings change."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from devolution.core.jinja import chrome
from devolution.partners.services import person_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PAGE = "/organisations/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _normal(html: str) -> str:
    """The page without what differs on every request: the CSP nonce and CSRF token."""
    return TOKEN.sub("TOKEN", re.sub(r'nonce="[^"]+"', "NONCE", html))


def _signed_in(email: str, name: str) -> Client:
    person = person_create(actor=None, email=email, full_name=name, password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    return client


def test_a_reused_header_and_footer_are_those_rendered_afresh():
    for client in (Client(), _signed_in("kept@example.invalid", "Kit Kept")):
        chrome.clear()
        rendered = client.get(PAGE).content.decode()
        reused = client.get(PAGE).content.decode()
        assert _normal(reused) == _normal(rendered)
        assert "Skip to main content" in reused and "Sources of the data" in reused


def test_the_sign_out_form_carries_each_requests_own_token():
    chrome.clear()
    first = _signed_in("first@example.invalid", "Same Name")
    second = _signed_in("second@example.invalid", "Same Name")  # the same key: reused
    for client in (first, second):
        page = client.get(PAGE).content.decode()
        tokens = TOKEN.findall(page)
        assert len(tokens) == 1, "one sign-out form, with one token"
        assert "devolution-csrf-" not in page
        response = client.post(reverse("core:sign-out"), {"csrfmiddlewaretoken": tokens[0]})
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session


def test_a_persons_name_is_escaped_in_the_header():
    client = _signed_in("eve@example.invalid", '<script>alert("x")</script> & Co')
    page = client.get(PAGE).content.decode()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in page
    assert '<script>alert("x")' not in page


def test_an_anonymous_page_makes_no_csrf_cookie():
    response = Client().get(PAGE)
    assert response.status_code == 200
    assert not response.cookies
    assert not TOKEN.search(response.content.decode())


def test_a_settings_change_is_not_hidden_by_the_kept_chrome():
    client = Client()
    client.get(PAGE)
    with override_settings(STATIC_URL="/elsewhere/"):
        page = client.get(PAGE).content.decode()
    assert 'href="/elsewhere/core/nhsuk.css"' in page
    assert 'href="/static/core/nhsuk.css"' in client.get(PAGE).content.decode()


def test_the_chrome_keeps_a_bounded_number_of_keys(monkeypatch):
    monkeypatch.setattr(type(chrome), "SIZE", 3)
    chrome.clear()
    for n in range(6):
        client = _signed_in(f"p{n}@example.invalid", f"Person {n}")
        assert f"Person {n}" in client.get(PAGE).content.decode()
    assert len(chrome._kept) <= 3


def test_the_built_styles_set_the_page_font_and_load_no_remote_font():
    """ADR 3: the NHS.UK styles without their remote font, with the fallback font stack."""
    from django.conf import settings

    css = (settings.BASE_DIR / "build" / "static" / "core" / "nhsuk.css").read_text()
    assert "html{font-family:arial,sans-serif}" in css
    assert "@font-face" not in css
    assert "assets.nhs.uk" not in css
