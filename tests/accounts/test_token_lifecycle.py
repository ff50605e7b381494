"""API tokens: an optional expiry and a read-only scope; created from a session only (never with
a token); revoked with a password change or reset and with the owner's deactivation."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken, AuditEvent, Role
from programs.models import SponsorOrganization
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

INVALID = "Invalid, expired or revoked token."


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# --- Created from a session, never with a token -------------------------------------------------


def test_a_token_cannot_mint_another_token(contributor_a):
    _, key = services.api_token_create(user=contributor_a, name="laptop")

    response = token_client(key).post("/api/v1/tokens/", {"name": "second"}, format="json")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert "signed-in session" in response.json()["error"]["message"]
    assert ApiToken.objects.filter(user=contributor_a).count() == 1


def test_a_session_creates_an_expiring_read_only_token(api_client_for, contributor_a):
    expires = timezone.now() + dt.timedelta(days=30)

    response = api_client_for(contributor_a).post(
        "/api/v1/tokens/", {"name": "report bot", "expires_at": expires.isoformat(), "read_only": True}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["read_only"] is True
    assert body["status"] == "active"
    token = ApiToken.objects.get(pk=body["id"])
    assert token.read_only
    assert abs((token.expires_at - expires).total_seconds()) < 1
    assert AuditEvent.objects.get(verb="api_token.created").data["read_only"] is True


@pytest.mark.parametrize("days", [-1, 800], ids=["in-the-past", "too-far"])
def test_an_expiry_in_the_past_or_too_far_is_refused(api_client_for, contributor_a, days):
    expires = timezone.now() + dt.timedelta(days=days)

    response = api_client_for(contributor_a).post(
        "/api/v1/tokens/", {"name": "x", "expires_at": expires.isoformat()}, format="json"
    )

    assert response.status_code == 400
    assert "expires_at" in response.json()["error"]["fields"]
    assert not ApiToken.objects.exists()


# --- Expiry ----------------------------------------------------------------------------------------


def test_an_expired_token_gets_401_like_a_revoked_one(contributor_a):
    long_ago = timezone.now() - dt.timedelta(days=10)
    expired, expired_key = services.api_token_create(
        user=contributor_a, name="old", expires_at=long_ago + dt.timedelta(days=1), now=long_ago
    )
    revoked, revoked_key = services.api_token_create(user=contributor_a, name="gone")
    services.api_token_revoke(user=contributor_a, token=revoked)

    answers = [token_client(key).get("/api/v1/me/") for key in (expired_key, revoked_key)]

    assert [a.status_code for a in answers] == [401, 401]
    assert answers[0].json() == answers[1].json() == {"error": {"code": "authentication_failed", "message": INVALID}}
    assert expired.status() == "expired"


def test_a_token_works_until_its_expiry(contributor_a):
    _, key = services.api_token_create(
        user=contributor_a, name="soon", expires_at=timezone.now() + dt.timedelta(minutes=5)
    )

    assert token_client(key).get("/api/v1/me/").status_code == 200


# --- Read-only scope ---------------------------------------------------------------------------------


def test_a_read_only_token_reads_but_every_change_is_403_in_the_error_format(hr_lead):
    token, key = services.api_token_create(user=hr_lead, name="reader", read_only=True)
    client = token_client(key)

    assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/sponsors/").status_code == 200
    created = client.post("/api/v1/sponsors/", {"name": "Sneaky"}, format="json")
    revoked = client.delete(f"/api/v1/tokens/{token.pk}/")

    for response in (created, revoked):
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert "only read" in response.json()["error"]["message"]
    assert not SponsorOrganization.objects.filter(name="Sneaky").exists()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_read_write_token_may_change_things(hr_lead):
    _, key = services.api_token_create(user=hr_lead, name="writer")

    response = token_client(key).post("/api/v1/sponsors/", {"name": "Legit"}, format="json")

    assert response.status_code == 201
    assert SponsorOrganization.objects.filter(name="Legit").exists()


# --- Revoked with a password change or reset, and with deactivation ------------------------------------


@pytest.fixture
def ann_with_tokens(contributor_a, private_cache):
    keys = [services.api_token_create(user=contributor_a, name=f"t{n}")[1] for n in range(2)]
    return contributor_a, keys


def _all_refused(keys: list[str]) -> bool:
    return all(token_client(key).get("/api/v1/me/").status_code == 401 for key in keys)


def test_changing_the_password_revokes_every_token(client, ann_with_tokens):
    ann, keys = ann_with_tokens
    client.post(reverse("account_login"), {"login": ann.email, "password": PASSWORD})
    new = "another-unusual-passphrase-913"

    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )

    assert response.status_code == 302
    ann.refresh_from_db()
    assert ann.check_password(new)
    assert _all_refused(keys)
    assert not ApiToken.objects.active().filter(user=ann).exists()
    event = AuditEvent.objects.get(verb="api_token.revoked_all")
    assert event.data == {"count": 2, "reason": "password_changed"}
    assert AuditEvent.objects.filter(verb="user.password_changed", target_id=str(ann.pk)).exists()


def test_resetting_the_password_revokes_every_token(client, ann_with_tokens, django_capture_on_commit_callbacks):
    ann, keys = ann_with_tokens
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": ann.email})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    page = client.get(urlparse(link).path, follow=True)
    new = "another-unusual-passphrase-913"

    client.post(page.redirect_chain[-1][0], {"password1": new, "password2": new})

    ann.refresh_from_db()
    assert ann.check_password(new)
    assert _all_refused(keys)


def test_deactivation_on_the_team_page_revokes_every_token(hr_lead, client_for, ann_with_tokens):
    ann, keys = ann_with_tokens

    response = client_for(hr_lead).post(reverse("accounts:user_update", args=[ann.pk]), {"role": Role.CONTRIBUTOR})

    assert response.status_code == 302
    assert not ApiToken.objects.active().filter(user=ann).exists()
    event = AuditEvent.objects.get(verb="api_token.revoked_all")
    assert (event.actor, event.data) == (hr_lead, {"count": 2, "reason": "deactivated"})
    # Reactivating does not bring them back.
    client_for(hr_lead).post(
        reverse("accounts:user_update", args=[ann.pk]), {"role": Role.CONTRIBUTOR, "is_active": "on"}
    )
    assert _all_refused(keys)


def test_a_role_change_alone_keeps_the_tokens(hr_lead, api_client_for, ann_with_tokens):
    ann, _keys = ann_with_tokens

    api_client_for(hr_lead).patch(f"/api/v1/users/{ann.pk}/", {"role": Role.MANAGER}, format="json")

    assert ApiToken.objects.active().filter(user=ann).count() == 2


def test_an_operator_setting_a_password_in_the_admin_revokes_the_tokens(client_for, ann_with_tokens):
    from tests.accounts.factories import UserFactory

    ann, keys = ann_with_tokens
    root = UserFactory(role=Role.HR_LEAD, is_staff=True, is_superuser=True)
    new = "another-unusual-passphrase-913"

    response = client_for(root).post(
        reverse("admin:auth_user_password_change", args=[ann.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )

    assert response.status_code == 302
    ann.refresh_from_db()
    assert ann.check_password(new)
    assert _all_refused(keys)


def test_the_admins_own_password_page_sends_to_the_apps(client_for):
    from tests.accounts.factories import UserFactory

    root = UserFactory(role=Role.HR_LEAD, is_staff=True, is_superuser=True)

    response = client_for(root).get("/admin/password_change/")

    assert response.status_code == 302
    assert response.url == reverse("account_change_password")


# --- The profile page ------------------------------------------------------------------------------


def test_profile_page_creates_an_expiring_read_only_token_and_says_when_tokens_stop(client_for, contributor_a):
    client = client_for(contributor_a)

    page = client.get(reverse("accounts:profile")).content.decode()
    response = client.post(
        reverse("accounts:token_create"), {"name": "weekly export", "expires_in_days": "30", "read_only": "on"}
    )

    assert "stop working when you change or reset your password" in page
    assert "deactivated" in page
    assert response.status_code == 201
    token = ApiToken.objects.get(user=contributor_a)
    assert token.read_only
    expected = timezone.now() + dt.timedelta(days=30)
    assert abs((token.expires_at - expected).total_seconds()) < 60
    body = response.content.decode()
    assert "Read only" in body
    assert token.expires_at.strftime("%Y") in body


def test_profile_page_shows_an_expired_token_as_expired_without_a_revoke_button(client_for, contributor_a):
    long_ago = timezone.now() - dt.timedelta(days=10)
    token, _ = services.api_token_create(
        user=contributor_a, name="old", expires_at=long_ago + dt.timedelta(days=1), now=long_ago
    )

    body = client_for(contributor_a).get(reverse("accounts:profile")).content.decode()

    assert "Expired" in body
    assert reverse("accounts:token_revoke", args=[token.pk]) not in body


def test_profile_page_refuses_an_unknown_lifetime(client_for, contributor_a):
    response = client_for(contributor_a).post(
        reverse("accounts:token_create"), {"name": "x", "expires_in_days": "9999"}
    )

    assert response.status_code == 400
    assert not ApiToken.objects.exists()
