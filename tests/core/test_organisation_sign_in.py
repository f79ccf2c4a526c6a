"""Organisation sign-in (OpenID Connect, ADR 26) against a real provider: django-oauth-toolkit
with OIDC on, run as its own Django project in its own process on 127.0.0.1 with an RS256
key it makes when it starts (tests/core/oidc_provider). Devolution's side is driven with
Django's test client; the person's side of the provider (its sign-in page, the consent it
gives itself) with HTTP requests, as a browser would."""

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from devolution.core.middleware import ENDED_BECAUSE, SECOND_FACTOR_BY_PROVIDER, SIGNED_IN_AT
from devolution.core.models import User
from devolution.partners.models import Membership, Organisation
from tests.core.oidc_provider import PASSWORD as PROVIDER_PASSWORD

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/sign-in/organisation/callback/"
CLIENT = {"name": "devolution", "client_id": "devolution-tests", "client_secret": "rp-secret-1"}
WRONG_AUDIENCE_CLIENT = {
    "name": "wrong-audience",
    "client_id": "devolution-wrong-audience",
    "client_secret": "rp-secret-2",
}
# The people the provider knows, with what it says about each. Alice's address is in
# another case than her account's; her provider also claims a role she has not been given.
PEOPLE = {
    "alice": {
        "claims": {
            "email": "Alice@Hackney.example",
            "email_verified": True,
            "amr": ["pwd", "mfa"],
            "roles": ["secretariat"],
        }
    },
    "alice-password-only": {
        "claims": {"email": "alice@hackney.example", "email_verified": True, "amr": ["pwd"]}
    },
    "alice-unverified": {
        "claims": {"email": "alice@hackney.example", "email_verified": False, "amr": ["mfa"]}
    },
    "stranger": {
        "claims": {"email": "stranger@elsewhere.example", "email_verified": True, "amr": ["mfa"]}
    },
}
START = reverse("core:organisation-sign-in")


@dataclass
class Provider:
    base: str

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The provider's process, for this module's tests; stopped after them."""
    folder = tmp_path_factory.mktemp("oidc-provider")
    people = folder / "people.json"
    people.write_text(json.dumps(PEOPLE))
    # The listening socket is made here and handed to the provider's process, so the port
    # is its own from the start: no other test worker can pick it between a probe and a bind.
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    port = listener.getsockname()[1]
    clients = [
        {**CLIENT, "redirect_uri": CALLBACK},
        {**WRONG_AUDIENCE_CLIENT, "redirect_uri": CALLBACK},
    ]
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "PROVIDER_PORT": str(port),
        "PROVIDER_SOCKET": str(listener.fileno()),
        "PROVIDER_PEOPLE": str(people),
        "PROVIDER_DATABASE": str(folder / "provider.sqlite3"),
        "PROVIDER_CLIENTS": json.dumps(clients),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.core.oidc_provider.serve"],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        pass_fds=[listener.fileno()],
    )
    listener.close()  # the provider holds it now
    running = Provider(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    "The test provider stopped: " + (folder / "provider.log").read_text()
                )
            try:
                url = f"{running.issuer}/.well-known/openid-configuration"
                if requests.get(url, timeout=2).status_code == 200:
                    break
            # The socket listens from the start, so a probe made while the provider is still
            # migrating waits, and times out, rather than being refused.
            except (requests.ConnectionError, requests.Timeout):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("The test provider did not start within a minute.")
            time.sleep(0.2)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def sign_in_on(provider, settings):
    """Devolution configured for the provider, as the environment would configure it, with
    the second factor required as in production."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT["client_id"]
    settings.OIDC_RP_CLIENT_SECRET = CLIENT["client_secret"]
    settings.OIDC_OP_DISCOVERY = provider.issuer
    settings.OIDC_TRUST_PROVIDER_MFA = False
    settings.REQUIRE_SECOND_FACTOR = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "devolution.core.oidc.OrganisationBackend",
    ]
    return provider


def provider_answer(rp: Client, provider: Provider, username: str) -> str:
    """Start at Devolution, sign in at the provider as `username`; the address the provider
    sends the browser back to (Devolution's callback, with its code and state)."""
    start = rp.get(START)
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(f"{provider.issuer}/authorize/")
    browser = requests.Session()
    to_login = browser.get(start["Location"], allow_redirects=False)
    assert to_login.status_code == 302
    login_url = urljoin(provider.base, to_login.headers["Location"])
    browser.get(login_url)
    signed_in = browser.post(
        login_url,
        data={
            "username": username,
            "password": PROVIDER_PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text
    back = browser.get(urljoin(provider.base, signed_in.headers["Location"]), allow_redirects=False)
    assert back.status_code == 302, back.text
    assert back.headers["Location"].startswith(CALLBACK), back.headers["Location"]
    return back.headers["Location"]


def callback(rp: Client, answer: str):
    parts = urlsplit(answer)
    return rp.get(f"{parts.path}?{parts.query}")


def signed_in_id(rp: Client):
    return rp.session.get("_auth_user_id")


def test_the_sign_in_page_offers_the_organisation_only_when_configured(sign_in_on, settings):
    assert "Sign in with your organisation" in Client().get(reverse("core:sign-in")).text
    settings.OIDC_ENABLED = False
    page = Client().get(reverse("core:sign-in")).text
    assert "Sign in with your organisation" not in page
    assert Client().get(START).status_code == 302  # back to the sign-in page
    assert Client().get(START)["Location"] == reverse("core:sign-in")


def test_organisation_sign_in_opens_the_account_with_exactly_its_own_roles(
    sign_in_on, alice, bob, secretariat, hackney
):
    people_before = User.objects.count()
    roles_before = set(Membership.objects.filter(person=alice).values_list("organisation", "role"))
    rp = Client()
    rp.get(reverse("core:sign-in"))
    key_before = rp.session.session_key
    response = callback(rp, provider_answer(rp, sign_in_on, "alice"))

    assert response.status_code == 302
    assert response["Location"] == reverse("partners:home")
    assert signed_in_id(rp) == str(alice.pk)
    assert rp.session.session_key != key_before  # rotated, as at any sign-in
    assert rp.session[SIGNED_IN_AT]  # the session's clocks started
    assert rp.session[SECOND_FACTOR_BY_PROVIDER] == alice.pk
    # Her own organisation's page opens without a code: the provider's MFA was the second
    # factor. Another's does not, nor the secretariat's page her provider claimed for her.
    camden = Organisation.objects.get(key="la-camden")
    own = rp.get(reverse("partners:organisation-edit", args=[hackney.pk]))
    assert own.status_code == 200
    assert "Change London Borough of Hackney" in own.text
    assert rp.get(reverse("partners:organisation-edit", args=[camden.pk])).status_code == 403
    assert rp.get(reverse("partners:authenticator-reset-list")).status_code == 403
    assert User.objects.count() == people_before
    after = set(Membership.objects.filter(person=alice).values_list("organisation", "role"))
    assert after == roles_before


def test_without_the_providers_mfa_the_authenticator_app_is_still_asked_for(sign_in_on, alice):
    rp = Client()
    response = callback(rp, provider_answer(rp, sign_in_on, "alice-password-only"))
    assert signed_in_id(rp) == str(alice.pk)
    assert response["Location"] == reverse("core:second-factor-setup")
    home = rp.get(reverse("partners:organisation-list"))
    assert home.status_code == 302
    assert home["Location"] == reverse("core:second-factor")


def test_a_deployment_may_trust_its_providers_mfa_for_every_sign_in(sign_in_on, settings, alice):
    settings.OIDC_TRUST_PROVIDER_MFA = True
    rp = Client()
    response = callback(rp, provider_answer(rp, sign_in_on, "alice-password-only"))
    assert response["Location"] == reverse("partners:home")
    assert rp.get(reverse("partners:organisation-list")).status_code == 200


def test_a_token_for_another_audience_is_refused(sign_in_on, settings, alice):
    settings.OIDC_RP_CLIENT_ID = WRONG_AUDIENCE_CLIENT["client_id"]
    settings.OIDC_RP_CLIENT_SECRET = WRONG_AUDIENCE_CLIENT["client_secret"]
    rp = Client()
    response = callback(rp, provider_answer(rp, sign_in_on, "alice"))
    assert response.status_code == 403
    assert "Your organisation&#39;s sign-in could not be checked" in response.text
    assert "meant for another service" in response.text
    assert signed_in_id(rp) is None


def test_an_expired_token_is_refused(sign_in_on, alice):
    rp = Client()
    answer = provider_answer(rp, sign_in_on, "alice")
    # The provider's ID tokens last five minutes: this one arrives an hour late.
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        response = callback(rp, answer)
    assert response.status_code == 403
    assert "could not be checked" in response.text
    assert signed_in_id(rp) is None


def test_a_tampered_state_is_refused(sign_in_on, alice):
    rp = Client()
    answer = urlsplit(provider_answer(rp, sign_in_on, "alice"))
    query = {k: v[0] for k, v in parse_qs(answer.query).items()}
    query["state"] = query["state"][:-1] + ("A" if query["state"][-1] != "A" else "B")
    response = rp.get(f"{answer.path}?{urlencode(query)}")
    assert response.status_code == 400
    assert "This sign-in was not started here" in response.text
    assert signed_in_id(rp) is None


def test_an_answer_for_another_browser_is_refused(sign_in_on, alice):
    """The provider's answer brought to a session that never started a sign-in (a login
    forced on someone else's browser) signs nobody in."""
    answer = provider_answer(Client(), sign_in_on, "alice")
    other = Client()
    response = callback(other, answer)
    assert response.status_code == 400
    assert "This sign-in was not started here" in response.text
    assert signed_in_id(other) is None


def test_an_unknown_email_is_refused_and_no_account_is_made(sign_in_on, alice):
    people_before = User.objects.count()
    rp = Client()
    response = callback(rp, provider_answer(rp, sign_in_on, "stranger"))
    assert response.status_code == 403
    assert "There is no Devolution account for this e-mail address" in response.text
    assert "stranger@elsewhere.example" in response.text
    assert "Ask the partnership&#39;s secretariat" in response.text
    assert signed_in_id(rp) is None
    assert User.objects.count() == people_before
    assert not User.objects.filter(email__iexact="stranger@elsewhere.example").exists()


def test_an_unverified_email_is_refused(sign_in_on, alice):
    rp = Client()
    response = callback(rp, provider_answer(rp, sign_in_on, "alice-unverified"))
    assert response.status_code == 403
    assert "Your organisation has not confirmed your e-mail address" in response.text
    assert signed_in_id(rp) is None


def test_an_organisation_sign_in_ends_at_the_absolute_limit(sign_in_on, settings, alice):
    settings.SESSION_ABSOLUTE_SECONDS = 3600  # within the session cookie's own life
    rp = Client()
    callback(rp, provider_answer(rp, sign_in_on, "alice"))
    assert rp.get(reverse("partners:organisation-list")).status_code == 200
    later = timezone.now() + timedelta(seconds=3600)
    with time_machine.travel(later):
        rp.get(reverse("partners:home"))
    assert signed_in_id(rp) is None
    assert rp.session[ENDED_BECAUSE] == "absolute"


def test_a_provider_error_says_so(sign_in_on):
    rp = Client()
    rp.get(START)
    response = rp.get(reverse("core:organisation-callback") + "?error=access_denied&state=whatever")
    assert response.status_code == 502
    assert "Your organisation&#39;s sign-in did not finish" in response.text


def test_refused_organisation_sign_ins_count_towards_the_lock_out(sign_in_on, alice):
    """An address that keeps bringing answers that sign nobody in is locked out as one
    that keeps guessing passwords is (django-axes, QUALITY S2)."""
    rp = Client()
    for _ in range(4):
        assert callback(rp, provider_answer(rp, sign_in_on, "stranger")).status_code == 403
    fifth = callback(rp, provider_answer(rp, sign_in_on, "stranger"))
    assert fifth.status_code == 429
    assert "Too many attempts to sign in" in fifth.text
    response = Client().post(
        reverse("core:sign-in"), {"email": alice.email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.text


def test_a_provider_out_of_reach_stops_neither_passwords_nor_pages(sign_in_on, settings, alice):
    """With the provider unreachable, its sign-in says so and a password still signs in."""
    rp = Client()
    answer = provider_answer(rp, sign_in_on, "alice")
    with socket.socket() as nobody:
        nobody.bind(("127.0.0.1", 0))  # a port with nothing listening
        settings.OIDC_OP_DISCOVERY = f"http://127.0.0.1:{nobody.getsockname()[1]}/o"
        started = Client().get(START)
        assert started.status_code == 502
        assert "Your organisation&#39;s sign-in did not finish" in started.text
        brought = callback(rp, answer)  # its code cannot be exchanged now
        assert brought.status_code == 502
        assert "Your organisation&#39;s sign-in did not finish" in brought.text
        assert signed_in_id(rp) is None
        person = Client()
        signed_in = person.post(
            reverse("core:sign-in"),
            {"email": alice.email, "password": "correct horse battery staple"},
        )
        assert signed_in["Location"] == reverse("core:second-factor-setup")
        assert signed_in_id(person) == str(alice.pk)
