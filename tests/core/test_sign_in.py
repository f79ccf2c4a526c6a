"""Sign-in, the second factor, lock-out and sessions (QUALITY S2, S3)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("core:sign-in")
EDIT_URL = "/organisations/{}/edit/"


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(SIGN_IN, {"email": email, "password": password})


def test_passwords_are_hashed_with_argon2():
    from devolution.settings import base

    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert make_password("a long enough password").startswith("argon2$")


def test_sign_in_with_the_right_password_opens_the_edit_page(alice, hackney):
    client = Client()
    response = sign_in(client, alice.email)
    assert response.status_code == 302
    page = client.get(EDIT_URL.format(hackney.pk))
    assert page.status_code == 200
    assert "Change London Borough of Hackney" in page.content.decode()


def test_sign_in_with_a_wrong_password_says_so_and_signs_nobody_in(alice):
    client = Client()
    response = sign_in(client, alice.email, "not the password")
    assert response.status_code == 400
    assert "The email address or password is not right." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_form_names_missing_fields():
    response = Client().post(SIGN_IN, {"email": "", "password": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter your email address" in body
    assert "Enter your password" in body


def test_sign_in_rotates_the_session_key(alice):
    client = Client()
    client.get(SIGN_IN)
    client.session["marker"] = "before"
    session = client.session
    session["marker"] = "before"
    session.save()
    before = session.session_key
    sign_in(client, alice.email)
    assert client.session.session_key != before


def test_repeated_failures_lock_the_account_even_for_the_right_password(alice):
    client = Client()
    for _ in range(5):
        sign_in(client, alice.email, "wrong password")
    response = sign_in(client, alice.email)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_out_of_one_account_does_not_lock_another(alice, bob):
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        sign_in(client, alice.email, "wrong password")
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in(other, bob.email).status_code == 302


def test_failed_sign_ins_from_many_addresses_lock_the_account(alice):
    for n in range(5):
        guesser = Client(REMOTE_ADDR=f"203.0.113.{n}")
        email = alice.email.upper() if n % 2 else alice.email
        assert sign_in(guesser, email, "wrong password").status_code in (400, 429)
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = sign_in(owner, alice.email)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many attempts to sign in" in body
    assert "Try again in 30 minutes" in body
    assert "_auth_user_id" not in owner.session


def test_one_address_trying_many_accounts_is_locked_and_no_other(bob):
    spray = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(5):
        sign_in(spray, f"guess{n}@example.org", "wrong password")
    assert sign_in(spray, bob.email).status_code == 429
    assert sign_in(Client(REMOTE_ADDR="198.51.100.7"), bob.email).status_code == 302


class TestTheClientAddress:
    """Behind a load balancer every request comes from the balancer; the client's own
    address is read from X-Forwarded-For only when the deployment says proxies stand in
    front, and then only the entries those proxies wrote."""

    @staticmethod
    def address(forwarded_for: str, proxies: int) -> str | None:
        from django.test import RequestFactory

        from devolution.core.lockout import client_address

        request = RequestFactory().post(
            SIGN_IN, REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=forwarded_for
        )
        with override_settings(TRUSTED_PROXY_COUNT=proxies):
            return client_address(request)

    def test_without_proxies_the_header_is_ignored(self):
        assert self.address("203.0.113.9", proxies=0) == "10.1.1.1"

    def test_with_one_proxy_the_address_it_saw_is_the_client(self):
        assert self.address("203.0.113.9", proxies=1) == "203.0.113.9"

    def test_what_the_client_wrote_itself_is_not_believed(self):
        assert self.address("1.2.3.4, 203.0.113.9", proxies=1) == "203.0.113.9"
        assert self.address("1.2.3.4, 203.0.113.9, 10.0.0.2", proxies=2) == "203.0.113.9"

    def test_a_request_that_did_not_pass_every_proxy_is_taken_from_its_sender(self):
        assert self.address("203.0.113.9", proxies=2) == "10.1.1.1"
        assert self.address("", proxies=1) == "10.1.1.1"

    def test_behind_a_configured_balancer_one_client_locked_is_not_everyone(self, bob):
        def via_balancer(client_ip: str) -> Client:
            return Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=client_ip)

        with override_settings(TRUSTED_PROXY_COUNT=1):
            spray = via_balancer("203.0.113.50")
            for n in range(5):
                sign_in(spray, f"guess{n}@example.org", "wrong password")
            assert sign_in(spray, bob.email).status_code == 429
            assert sign_in(via_balancer("198.51.100.7"), bob.email).status_code == 302


def test_sign_out_ends_the_session(alice, hackney):
    client = Client()
    sign_in(client, alice.email)
    old_key = client.session.session_key
    response = client.post(reverse("core:sign-out"))
    assert response.status_code == 302
    assert client.get(EDIT_URL.format(hackney.pk)).status_code == 302
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=old_key).exists()


def test_session_ends_after_idle_time(alice, hackney):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        sign_in(client, alice.email)
        clock.shift(timedelta(minutes=29))
        assert client.get(EDIT_URL.format(hackney.pk)).status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get(EDIT_URL.format(hackney.pk)).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(EDIT_URL.format(hackney.pk))
        assert response.status_code == 302
        assert response["Location"].startswith(SIGN_IN)
        page = client.get(response["Location"])
        assert "had not used Devolution for a while" in page.content.decode()


def test_the_last_seen_time_is_written_once_a_minute_not_on_every_request(alice, hackney):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from devolution.core.middleware import LAST_SEEN_AT

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(EDIT_URL.format(hackney.pk)).status_code == 200
        return sum("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries)

    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        sign_in(client, alice.email)
        signed_in_seen = client.session[LAST_SEEN_AT]
        clock.shift(timedelta(seconds=59))
        assert session_writes() == 0
        assert client.session[LAST_SEEN_AT] == signed_in_seen
        clock.shift(timedelta(seconds=1))
        assert session_writes() == 1
        assert client.session[LAST_SEEN_AT] == timezone.now().isoformat()
        # Idle time counts from the last write, so a session ends at most a minute early:
        # never later than the idle limit after the last request.
        clock.shift(timedelta(minutes=30, seconds=-1))
        assert client.get(EDIT_URL.format(hackney.pk)).status_code == 200
        clock.shift(timedelta(minutes=30))
        assert client.get(EDIT_URL.format(hackney.pk)).status_code == 302


def test_session_ends_absolutely_however_active(alice, hackney):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        sign_in(client, alice.email)
        for _ in range(20):  # active every 25 minutes, for 8h20
            clock.shift(timedelta(minutes=25))
            assert client.get(EDIT_URL.format(hackney.pk)).status_code == 200
        for _ in range(4):
            clock.shift(timedelta(minutes=25))
            client.get(EDIT_URL.format(hackney.pk))
        response = client.get(EDIT_URL.format(hackney.pk))
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert "signed in for the longest time allowed" in page.content.decode()


class TestSecondFactor:
    @pytest.fixture(autouse=True)
    def _require_second_factor(self, settings):
        settings.REQUIRE_SECOND_FACTOR = True

    def test_password_alone_opens_nothing_but_the_app_set_up(self, alice, hackney):
        client = Client()
        response = sign_in(client, alice.email)
        assert response["Location"] == reverse("core:second-factor-setup")
        for url in (EDIT_URL.format(hackney.pk), "/", "/organisations/"):
            assert client.get(url)["Location"] == reverse("core:second-factor")

    def test_api_changes_need_the_second_factor_too(self, alice, hackney):
        client = Client()
        sign_in(client, alice.email)
        response = client.patch(
            f"/api/organisations/{hackney.pk}",
            {"version": hackney.version, "short_name": "X"},
            content_type="application/json",
        )
        assert response.status_code == 401
        assert "second factor" in response.json()["message"]

    def test_set_up_then_sign_in_with_a_code(self, alice, hackney):
        client = Client()
        sign_in(client, alice.email)
        page = client.get(reverse("core:second-factor-setup"))
        assert "Set up your authenticator app" in page.content.decode()
        device = TOTPDevice.objects.get(user=alice, confirmed=False)
        wrong = client.post(reverse("core:second-factor-setup"), {"code": "000000"})
        assert wrong.status_code == 400
        assert "That code is not right" in wrong.content.decode()
        code = f"{totp(device.bin_key):06d}"
        throttled = client.post(reverse("core:second-factor-setup"), {"code": code})
        assert "Wait a few seconds" in throttled.content.decode()
        with time_machine.travel(timezone.now() + timedelta(seconds=5)):
            code = f"{totp(device.bin_key):06d}"
            response = client.post(reverse("core:second-factor-setup"), {"code": code})
            assert response.status_code == 302
            assert client.get(EDIT_URL.format(hackney.pk)).status_code == 200

        # Next time: password, then a code from the confirmed device.
        later = Client()
        assert sign_in(later, alice.email)["Location"] == reverse("core:second-factor")
        bad = later.post(reverse("core:second-factor"), {"code": "12345"})
        assert "The code is 6 digits" in bad.content.decode()
        assert later.get(EDIT_URL.format(hackney.pk)).status_code == 302
        device.refresh_from_db()
        with time_machine.travel(timezone.now() + timedelta(seconds=65)):
            code = f"{totp(device.bin_key):06d}"
            ok = later.post(reverse("core:second-factor"), {"code": code})
            assert ok.status_code == 302, ok.content.decode()[-3000:]
            assert later.get(EDIT_URL.format(hackney.pk)).status_code == 200

    def test_the_session_key_changes_again_once_the_code_is_given(self, alice, hackney):
        device = TOTPDevice.objects.create(user=alice, name="App", confirmed=True)
        client = Client()
        sign_in(client, alice.email)
        password_only_key = client.session.session_key
        with time_machine.travel(timezone.now() + timedelta(seconds=65)):
            code = f"{totp(device.bin_key):06d}"
            assert client.post(reverse("core:second-factor"), {"code": code}).status_code == 302
        assert client.session.session_key != password_only_key
        assert client.get(EDIT_URL.format(hackney.pk)).status_code == 200

        from django.conf import settings

        replayed = Client()
        replayed.cookies[settings.SESSION_COOKIE_NAME] = password_only_key
        response = replayed.get(EDIT_URL.format(hackney.pk))
        assert response.status_code == 302
        assert response["Location"].startswith(SIGN_IN)
