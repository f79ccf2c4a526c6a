"""A local account's own keeping (ADR 26): changing the password, a new one from an e-mailed
link, and a new authenticator app approved by the secretariat."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from devolution.core.models import AuditEvent, AuthenticatorReset
from tests.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db

CHANGE = reverse("core:password-change")
RESET = reverse("core:password-reset")
LOST = reverse("core:authenticator-lost")
RESETS = reverse("partners:authenticator-reset-list")
NEW_PASSWORD = "a new and long enough phrase"


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("core:sign-in"), {"email": email, "password": password})


def app_for(person) -> TOTPDevice:
    return TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)


# --- Changing the password -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new1", "new2", "message"),
    [
        ("not my password", NEW_PASSWORD, NEW_PASSWORD, "Your current password is not right"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "The two new passwords are not the same"),
        (PASSWORD, "short", "short", "This password is too short"),
        (PASSWORD, "password1234", "password1234", "This password is too common"),
        ("", "", "", "Enter your current password"),
    ],
)
def test_a_password_change_refused_says_why_and_changes_nothing(alice, old, new1, new2, message):
    client = signed_in(alice)
    response = client.post(
        CHANGE, {"old_password": old, "new_password1": new1, "new_password2": new2}
    )
    assert response.status_code == 400
    assert message in response.text
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_password_change_keeps_the_person_signed_in_and_is_audited(alice):
    client = signed_in(alice)
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert client.get(reverse("partners:organisation-list")).status_code == 200
    assert AuditEvent.objects.filter(action="password_change", actor=alice).count() == 1


def test_the_password_change_page_is_for_people_signed_in():
    response = Client().get(CHANGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))


def test_a_password_change_needs_its_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


# --- A new password from an e-mailed link -------------------------------------------------------


def test_a_reset_says_the_same_whether_or_not_the_address_has_an_account(alice):
    known = Client().post(RESET, {"email": "ALICE@hackney.example"}, follow=True)
    unknown = Client().post(RESET, {"email": "nobody@nowhere.example"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    nonce = re.compile(r'nonce="[^"]*"')  # the page's one part made afresh each time
    assert nonce.sub("", known.text) == nonce.sub("", unknown.text)
    assert "If the address you entered has a Devolution account" in known.text
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_reset_form_without_an_address_says_so():
    response = Client().post(RESET, {"email": ""})
    assert response.status_code == 400
    assert "Enter your email address" in response.text


def _reset_link() -> str:
    (message,) = mail.outbox
    return re.search(r"http://testserver(/password-reset/\S+/)", message.body).group(1)


def test_a_reset_link_sets_a_password_once_and_the_second_factor_is_still_asked(alice, settings):
    settings.REQUIRE_SECOND_FACTOR = True
    app_for(alice)
    Client().post(RESET, {"email": alice.email})
    link = _reset_link()
    browser = Client()
    form_page = browser.get(link, follow=True)
    assert "Choose a new password" in form_page.text
    set_url = form_page.redirect_chain[-1][0]
    refused = browser.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert refused.status_code == 400
    assert "This password is too short" in refused.text
    done = browser.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("core:password-reset-complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in browser.session  # a new password signs nobody in
    assert AuditEvent.objects.filter(action="password_reset", actor=alice).count() == 1

    again = Client().get(link, follow=True)
    assert "This link does not work" in again.text
    assert "Choose a new password" not in again.text

    person = Client()
    response = sign_in(person, alice.email, NEW_PASSWORD)
    assert response["Location"] == reverse("core:second-factor")
    assert person.get(reverse("partners:organisation-list"))["Location"] == reverse(
        "core:second-factor"
    )


# --- A new authenticator app, approved by the secretariat ---------------------------------------


@override_settings(REQUIRE_SECOND_FACTOR=True)
def test_a_lost_authenticator_is_replaced_once_the_secretariat_approves(alice, secretariat):
    app_for(alice)
    person = Client()
    sign_in(person, alice.email)
    assert "I have lost my authenticator app" in person.get(reverse("core:second-factor")).text
    assert person.get(LOST).status_code == 200  # open before the second factor
    sent = person.post(LOST)
    assert "Your request has been sent" in sent.text
    person.post(LOST)  # asking twice is one request
    (reset,) = AuthenticatorReset.objects.filter(person=alice)
    assert AuditEvent.objects.filter(action="authenticator_reset_ask", actor=alice).count() == 1
    # Until approved, the password alone still opens nothing.
    assert person.get(reverse("partners:organisation-list"))["Location"] == reverse(
        "core:second-factor"
    )

    officer = signed_in(secretariat)
    with override_settings(REQUIRE_SECOND_FACTOR=False):
        listed = officer.get(RESETS)
        assert "Alice Adams" in listed.text
        approved = officer.post(reverse("partners:authenticator-reset-approve", args=[reset.pk]))
        assert approved.status_code == 302
        assert "Nobody is waiting" in officer.get(RESETS).text
    assert not TOTPDevice.objects.filter(user=alice).exists()
    event = AuditEvent.objects.get(action="authenticator_reset_approve")
    assert event.actor == secretariat
    assert event.before == {"person": alice.email, "devices": ["Authenticator app"]}

    again = Client()
    assert sign_in(again, alice.email)["Location"] == reverse("core:second-factor-setup")


def test_only_the_secretariat_sees_and_approves_requests(alice, bob):
    app_for(alice)
    reset = AuthenticatorReset.objects.create(person=alice, asked_at="2026-01-01T10:00Z")
    other = signed_in(bob)
    assert other.get(RESETS).status_code == 403
    refused = other.post(reverse("partners:authenticator-reset-approve", args=[reset.pk]))
    assert refused.status_code == 403
    assert "secretariat" in refused.text
    assert TOTPDevice.objects.filter(user=alice).exists()


def test_nobody_approves_their_own_request(secretariat):
    app_for(secretariat)
    reset = AuthenticatorReset.objects.create(person=secretariat, asked_at="2026-01-01T10:00Z")
    officer = signed_in(secretariat)
    refused = officer.post(reverse("partners:authenticator-reset-approve", args=[reset.pk]))
    assert refused.status_code == 403
    assert "Another member of the secretariat must approve your own request" in refused.text
    assert TOTPDevice.objects.filter(user=secretariat).exists()


def test_a_request_approved_already_is_not_approved_again(alice, secretariat):
    reset = AuthenticatorReset.objects.create(person=alice, asked_at="2026-01-01T10:00Z")
    officer = signed_in(secretariat)
    url = reverse("partners:authenticator-reset-approve", args=[reset.pk])
    officer.post(url)
    again = officer.post(url)
    assert again.status_code == 409
    assert "approved already" in again.text
    assert AuditEvent.objects.filter(action="authenticator_reset_approve").count() == 1


@override_settings(REQUIRE_SECOND_FACTOR=True)
def test_a_request_the_secretariat_declines_leaves_the_app_and_may_be_made_again(
    alice, secretariat
):
    device = app_for(alice)
    person = Client()
    sign_in(person, alice.email)
    person.post(LOST)
    (reset,) = AuthenticatorReset.objects.filter(person=alice)

    officer = signed_in(secretariat)
    with override_settings(REQUIRE_SECOND_FACTOR=False):
        page = officer.get(RESETS).text
        decline = reverse("partners:authenticator-reset-decline", args=[reset.pk])
        assert f'action="{decline}"' in page
        declined = officer.post(decline, follow=True)
        assert "their authenticator app is unchanged" in declined.text
        assert "Nobody is waiting" in declined.text
        # Decided once: neither approved nor declined again.
        approve = reverse("partners:authenticator-reset-approve", args=[reset.pk])
        late = officer.post(approve)
        assert late.status_code == 409
        assert "declined already" in late.text
        assert officer.post(decline).status_code == 409
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    event = AuditEvent.objects.get(action="authenticator_reset_decline")
    assert event.actor == secretariat
    assert event.after == {"person": alice.email, "open": False}
    assert not AuditEvent.objects.filter(action="authenticator_reset_approve").exists()

    # Their code still signs them in, and they may ask again: a new request, listed.
    code = f"{totp(device.bin_key):06d}"
    assert person.post(reverse("core:second-factor"), {"code": code}).status_code == 302
    person.post(LOST)
    assert AuthenticatorReset.objects.filter(AuthenticatorReset.OPEN, person=alice).count() == 1
    with override_settings(REQUIRE_SECOND_FACTOR=False):
        assert "Alice Adams" in officer.get(RESETS).text


def test_only_the_secretariat_declines_requests(alice, bob):
    reset = AuthenticatorReset.objects.create(person=alice, asked_at="2026-01-01T10:00Z")
    refused = signed_in(bob).post(reverse("partners:authenticator-reset-decline", args=[reset.pk]))
    assert refused.status_code == 403
    reset.refresh_from_db()
    assert reset.declined_at is None


def test_a_request_is_never_both_approved_and_declined(alice, secretariat):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    reset = AuthenticatorReset.objects.create(person=alice, asked_at="2026-01-01T10:00Z")
    reset.approved_at = reset.declined_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        reset.save()


def test_the_code_still_works_before_approval(alice, settings):
    """Asking for a new app takes nothing away until the secretariat approves."""
    settings.REQUIRE_SECOND_FACTOR = True
    device = app_for(alice)
    person = Client()
    sign_in(person, alice.email)
    person.post(LOST)
    code = f"{totp(device.bin_key):06d}"
    assert person.post(reverse("core:second-factor"), {"code": code}).status_code == 302
    assert person.get(reverse("partners:organisation-list")).status_code == 200


def test_the_secretariat_finds_the_requests_in_your_work_and_nobody_else_does(alice, secretariat):
    from devolution.core.links import links_for

    assert "New authenticator apps" in [link.text for link in links_for("your-work", secretariat)]
    assert "New authenticator apps" not in [link.text for link in links_for("your-work", alice)]
    page = signed_in(secretariat).get("/").content.decode()
    assert 'href="/people/new-authenticator-apps/"' in page
