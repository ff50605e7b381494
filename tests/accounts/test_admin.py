"""The admin site: users adapted to email login; invitations, tokens and audit events read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import ApiToken, AuditEvent, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for_superuser(client):
    superuser = User.objects.create_superuser(email="root@firm.example", password="x-unusual-passphrase-1")
    client.force_login(superuser)
    return client, superuser


def test_admin_lists_and_opens_every_accounts_model(admin_client_for_superuser, hr_lead):
    client, _ = admin_client_for_superuser
    invitation, _ = services.invitation_create(actor=hr_lead, email="x@firm.example", role=Role.MANAGER)
    token, _ = services.api_token_create(user=hr_lead, name="Script")
    event = AuditEvent.objects.first()

    for model, obj in (("user", hr_lead), ("invitation", invitation), ("apitoken", token), ("auditevent", event)):
        assert client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200, model
        assert client.get(reverse(f"admin:accounts_{model}_change", args=[obj.pk])).status_code == 200, model


def test_admin_creates_a_user_by_email_without_username(admin_client_for_superuser):
    client, _ = admin_client_for_superuser
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@firm.example",
            "full_name": "New Person",
            "role": Role.CONTRIBUTOR,
            "password1": "x-unusual-passphrase-2",
            "password2": "x-unusual-passphrase-2",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@firm.example")
    assert user.check_password("x-unusual-passphrase-2")
    assert user.role == Role.CONTRIBUTOR


def test_audit_events_cannot_be_added_changed_or_deleted_in_admin(admin_client_for_superuser, hr_lead):
    client, _ = admin_client_for_superuser
    event = services.audit_record(actor=hr_lead, verb="pilot.created", target_type="programs.pilot", target_id="1")

    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:accounts_auditevent_change", args=[event.pk]), {"verb": "pilot.deleted"})
    event.refresh_from_db()
    assert event.verb == "pilot.created"


def test_api_token_hash_is_read_only_and_tokens_cannot_be_added_in_admin(admin_client_for_superuser, hr_lead):
    client, _ = admin_client_for_superuser
    token, _ = services.api_token_create(user=hr_lead, name="Script")

    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    client.post(reverse("admin:accounts_apitoken_change", args=[token.pk]), {"key_hash": "0" * 64, "name": "x"})
    token.refresh_from_db()
    assert token.key_hash != "0" * 64
    assert token.name == "Script"


def test_admin_action_revokes_tokens_through_the_service(admin_client_for_superuser, hr_lead):
    client, _ = admin_client_for_superuser
    token, _ = services.api_token_create(user=hr_lead, name="Script")
    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(verb="api_token.revoked", target_id=str(token.pk)).exists()
    assert ApiToken.objects.active().count() == 0
