"""allauth's pages in our layout: login, sign-up closed, password reset and change, MFA."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from tests.accounts.conftest import log_in_with_totp
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
LOGIN_URL = reverse("account_login")
SITE_HEADER = 'class="site-header"'


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """allauth's rate-limit counters live in the cache: keep them per test."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "auth-tests"}
    }
    from django.core.cache import cache

    cache.clear()


def _log_in(client, email, password=PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


# --- Login ------------------------------------------------------------------------------------


def test_login_page_is_in_our_layout_with_forgot_password_and_no_signup(client):
    response = client.get(LOGIN_URL)
    body = response.content.decode()

    assert response.status_code == 200
    assert SITE_HEADER in body
    assert "Forgot password?" in body
    assert reverse("account_reset_password") in body
    assert reverse("account_signup") not in body
    assert "sign up" not in body.lower()


def test_login_with_email_works(contributor_a, client):
    response = _log_in(client, "ann@firm.example")

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.session["_auth_user_id"] == str(contributor_a.pk)


def test_login_email_is_case_insensitive(contributor_a, client):
    assert _log_in(client, "Ann@Firm.example").status_code == 302
    assert client.session["_auth_user_id"] == str(contributor_a.pk)


def test_wrong_password_is_refused_on_the_page(contributor_a, client):
    response = _log_in(client, "ann@firm.example", "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_deactivated_user_cannot_log_in(client):
    UserFactory(email="gone@firm.example", is_active=False)
    response = _log_in(client, "gone@firm.example")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url == reverse("account_inactive")


def test_signup_does_not_create_an_account(client):
    page = client.get(reverse("account_signup"))
    response = client.post(
        reverse("account_signup"),
        {
            "email": "intruder@evil.example",
            "password1": "a-long-and-unusual-passphrase-42",
            "password2": "a-long-and-unusual-passphrase-42",
        },
    )

    assert page.status_code == 200
    assert "closed" in page.content.decode().lower()
    assert SITE_HEADER in page.content.decode()
    assert response.status_code == 200
    assert not User.objects.filter(email="intruder@evil.example").exists()
    assert "_auth_user_id" not in client.session


def test_logout_logs_out(contributor_a, client_for):
    client = client_for(contributor_a)
    page = client.get(reverse("account_logout"))
    response = client.post(reverse("account_logout"))
    assert page.status_code == 200
    assert SITE_HEADER in page.content.decode()
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- Password reset and change ----------------------------------------------------------------


def test_password_reset_email_is_sent_for_a_known_address_and_the_link_works(
    contributor_a, client, django_capture_on_commit_callbacks
):
    page = client.get(reverse("account_reset_password"))
    assert page.status_code == 200
    assert SITE_HEADER in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "ann@firm.example"})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert SITE_HEADER in client.get(response.url).content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@firm.example"]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)

    key_page = client.get(urlparse(link).path, follow=True)
    assert key_page.status_code == 200
    assert SITE_HEADER in key_page.content.decode()
    new_password = "another-unusual-passphrase-913"
    done = client.post(key_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    assert done.url == reverse("account_reset_password_from_key_done")
    assert SITE_HEADER in client.get(done.url).content.decode()
    contributor_a.refresh_from_db()
    assert contributor_a.check_password(new_password)


def test_password_reset_for_unknown_address_sends_no_reset_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@firm.example"})
    assert response.status_code == 302
    assert all("/password/reset/key/" not in message.body for message in mail.outbox)


def test_password_change_page_is_in_our_layout_and_changes_the_password(contributor_a, client):
    _log_in(client, "ann@firm.example")
    page = client.get(reverse("account_change_password"))
    assert page.status_code == 200
    assert SITE_HEADER in page.content.decode()

    new_password = "another-unusual-passphrase-913"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    contributor_a.refresh_from_db()
    assert contributor_a.check_password(new_password)


# --- MFA --------------------------------------------------------------------------------------


def test_mfa_pages_render_in_our_layout(hr_lead, client):
    _log_in(client, hr_lead.email)
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    assert SITE_HEADER in index.content.decode()

    # Activation asks for the password again first; that page is ours too.
    to_reauth = client.get(reverse("mfa_activate_totp"))
    assert to_reauth.status_code == 302
    reauth_page = client.get(to_reauth.url)
    assert reauth_page.status_code == 200
    assert SITE_HEADER in reauth_page.content.decode()
    back = client.post(to_reauth.url, {"password": PASSWORD})
    assert back.status_code == 302

    activate = client.get(reverse("mfa_activate_totp"))
    body = activate.content.decode()
    assert activate.status_code == 200
    assert SITE_HEADER in body
    assert "Activate Authenticator App" in body
    assert 'style="' not in body
    assert "<script>" not in body


def test_hr_lead_without_totp_is_sent_to_activation_when_mfa_is_required(hr_lead, client_for, settings):
    settings.MFA_REQUIRED_FOR_HR_LEADS = True
    client = client_for(hr_lead)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert client.get(reverse("accounts:invitation_list")).url == reverse("mfa_activate_totp")


def test_contributor_is_not_sent_to_activation_when_mfa_is_required_for_hr_leads(contributor_a, client_for, settings):
    settings.MFA_REQUIRED_FOR_HR_LEADS = True
    response = client_for(contributor_a).get(reverse("accounts:profile"))
    assert response.status_code == 200


def test_hr_lead_with_totp_gets_through_when_mfa_is_required(hr_lead, client, settings, enrol_totp):
    settings.MFA_REQUIRED_FOR_HR_LEADS = True
    # A session counts only once it passed the code (accounts.second_factor): log in fully.
    log_in_with_totp(client, hr_lead.email, enrol_totp(hr_lead))

    assert client.get(reverse("accounts:invitation_list")).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_mfa_not_required_lets_hr_lead_through_without_totp(hr_lead, client_for):
    assert client_for(hr_lead).get(reverse("accounts:invitation_list")).status_code == 200


# --- Redis down -------------------------------------------------------------------------------


def test_login_still_works_when_the_cache_is_down(settings, client):
    settings.CACHES = {
        "default": {"BACKEND": "accounts.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/1"}
    }
    UserFactory(email="ann@firm.example", role=Role.CONTRIBUTOR)

    page = client.get(LOGIN_URL)
    failed = _log_in(client, "ann@firm.example", "wrong-password")
    succeeded = _log_in(client, "ann@firm.example")

    assert page.status_code == 200
    assert failed.status_code == 200
    assert failed.context["form"].errors
    assert succeeded.status_code == 302


def test_hr_lead_without_totp_cannot_use_an_api_token_when_mfa_is_required(hr_lead, settings):
    from rest_framework.test import APIClient

    from accounts.services import api_token_create

    _, key = api_token_create(user=hr_lead, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 200
    settings.MFA_REQUIRED_FOR_HR_LEADS = True
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "two-factor" in response.json()["error"]["message"]


def test_email_management_page_sends_users_to_their_profile(client_for, contributor_a):
    response = client_for(contributor_a).get("/accounts/email/")
    assert response.status_code == 302
    assert response["Location"] == "/account/profile/"


def test_repeated_failed_logins_for_one_address_are_rate_limited(contributor_a, client):
    # ACCOUNT_RATE_LIMITS: 5 failures per 5 minutes per address.
    for _ in range(5):
        assert _log_in(client, contributor_a.email, "wrong-password").status_code == 200
    # Even the right password is refused now, with a message that says why.
    response = _log_in(client, contributor_a.email, PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
