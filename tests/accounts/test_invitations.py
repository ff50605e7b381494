"""Invitations through the pages: invite, email, accept, resend, revoke, who may do it."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from accounts import services
from accounts.models import AuditEvent, Invitation, Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
LIST_URL = reverse("accounts:invitation_list")
NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def _link_path(message) -> str:
    """The path of the invitation link in an email."""
    match = re.search(r"https?://\S+/account/invite/\S+/", message.body)
    assert match, message.body
    return urlparse(match.group(0)).path


def _invite(client, capture, **data):
    payload = {"email": "new.person@firm.example", "full_name": "New Person", "role": Role.CONTRIBUTOR, **data}
    with capture(execute=True):
        return client.post(LIST_URL, payload)


def _accept(client, path, *, name="New Person", password=NEW_PASSWORD, password2=None):
    return client.post(path, {"full_name": name, "password1": password, "password2": password2 or password})


# --- The whole journey ------------------------------------------------------------------------


def test_hr_lead_invites_and_the_invitee_joins_with_the_invited_role(
    hr_lead, client_for, client, django_capture_on_commit_callbacks
):
    response = _invite(client_for(hr_lead), django_capture_on_commit_callbacks, role=Role.MANAGER)

    assert response.status_code == 302
    assert response.url == LIST_URL
    invitation = Invitation.objects.get(email="new.person@firm.example")
    assert invitation.role == Role.MANAGER
    assert invitation.invited_by == hr_lead
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@firm.example"]
    path = _link_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "new.person@firm.example" in page.content.decode()
    assert "Manager" in page.content.decode()

    response = _accept(client, path, name="Nina Newcomer")

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    user = User.objects.get(email="new.person@firm.example")
    assert user.role == Role.MANAGER
    assert user.full_name == "Nina Newcomer"
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_user == user
    welcome = client.get(reverse("accounts:profile"))
    assert "Welcome to the Alumni Program, Nina!" in welcome.content.decode()


def test_invitation_link_cannot_be_used_twice(hr_lead, client_for, client, django_capture_on_commit_callbacks):
    _invite(client_for(hr_lead), django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[0])
    _accept(client, path)

    second = client_for(None)
    page = second.get(path)
    assert page.status_code == 410
    assert services.MSG_INVITATION_USED in page.content.decode()
    response = _accept(second, path, password="another-long-passphrase-77")
    assert response.status_code == 410
    assert "_auth_user_id" not in second.session
    assert User.objects.get(email="new.person@firm.example").check_password(NEW_PASSWORD)


def test_expired_invitation_shows_expiry_message_and_creates_nothing(
    hr_lead, client_for, client, django_capture_on_commit_callbacks
):
    with freeze_time(timezone.now() - dt.timedelta(days=8)):
        _invite(client_for(hr_lead), django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 410
    assert services.MSG_INVITATION_EXPIRED in page.content.decode()
    response = _accept(client, path)
    assert response.status_code == 410
    assert not User.objects.filter(email="new.person@firm.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_unknown_token_shows_not_valid_message(client):
    response = client.get(reverse("accounts:invitation_accept", args=["no-such-token"]))
    assert response.status_code == 404
    assert services.MSG_INVITATION_INVALID in response.content.decode()


def test_resend_issues_a_new_link_and_the_old_one_stops_working(
    hr_lead, client_for, client, django_capture_on_commit_callbacks
):
    hr = client_for(hr_lead)
    _invite(hr, django_capture_on_commit_callbacks)
    old_path = _link_path(mail.outbox[0])
    invitation = Invitation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(reverse("accounts:invitation_resend", args=[invitation.pk]))

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new_path = _link_path(mail.outbox[1])
    assert new_path != old_path
    invitation.refresh_from_db()
    assert invitation.send_count == 2
    old = client.get(old_path)
    assert old.status_code == 404
    assert services.MSG_INVITATION_INVALID in old.content.decode()
    assert client.get(new_path).status_code == 200
    assert _accept(client, new_path).status_code == 302
    assert User.objects.filter(email="new.person@firm.example").exists()


def test_resending_an_expired_invitation_makes_it_usable_again(
    hr_lead, client_for, client, django_capture_on_commit_callbacks
):
    hr = client_for(hr_lead)
    with freeze_time(timezone.now() - dt.timedelta(days=8)):
        _invite(hr, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    listing = hr.get(LIST_URL, {"status": "expired"})
    assert "new.person@firm.example" in listing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        hr.post(reverse("accounts:invitation_resend", args=[invitation.pk]))

    assert client.get(_link_path(mail.outbox[-1])).status_code == 200
    assert "new.person@firm.example" in hr.get(LIST_URL, {"status": "pending"}).content.decode()


def test_revoked_invitation_link_no_longer_works(hr_lead, client_for, client, django_capture_on_commit_callbacks):
    hr = client_for(hr_lead)
    _invite(hr, django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[0])
    invitation = Invitation.objects.get()

    response = hr.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.filter(verb="invitation.revoked", target_id=str(invitation.pk)).exists()
    page = client.get(path)
    assert page.status_code == 410
    assert services.MSG_INVITATION_REVOKED in page.content.decode()
    assert _accept(client, path).status_code == 410
    assert not User.objects.filter(email="new.person@firm.example").exists()


def test_revoked_invitation_cannot_be_resent(hr_lead, client_for, django_capture_on_commit_callbacks):
    hr = client_for(hr_lead)
    _invite(hr, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    hr.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(reverse("accounts:invitation_resend", args=[invitation.pk]), follow=True)

    assert services.MSG_CANNOT_RESEND in response.content.decode()
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.send_count == 1


# --- Bad input --------------------------------------------------------------------------------


def test_duplicate_pending_invitation_is_a_form_error(hr_lead, client_for, django_capture_on_commit_callbacks):
    hr = client_for(hr_lead)
    _invite(hr, django_capture_on_commit_callbacks)

    response = _invite(hr, django_capture_on_commit_callbacks, email="New.Person@firm.example")

    assert response.status_code == 400
    assert "already has a pending invitation" in response.content.decode()
    assert response.context["invite_form"].errors["email"]
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_inviting_an_existing_user_is_a_form_error(
    hr_lead, contributor_a, client_for, django_capture_on_commit_callbacks
):
    response = _invite(client_for(hr_lead), django_capture_on_commit_callbacks, email=contributor_a.email)

    assert response.status_code == 400
    assert f"{contributor_a.email} already has an account." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invalid_email_is_a_form_error(hr_lead, client_for, django_capture_on_commit_callbacks):
    response = _invite(client_for(hr_lead), django_capture_on_commit_callbacks, email="not-an-email")
    assert response.status_code == 400
    assert "email" in response.context["invite_form"].errors
    assert not Invitation.objects.exists()


def test_accept_form_rejects_mismatched_and_weak_passwords(hr_lead, client):
    _invitation, token = services.invitation_create(actor=hr_lead, email="new.person@firm.example", role="contributor")
    path = reverse("accounts:invitation_accept", args=[token])

    mismatch = _accept(client, path, password=NEW_PASSWORD, password2=NEW_PASSWORD + "x")
    weak = _accept(client, path, password="12345678")

    assert mismatch.status_code == 400
    assert "do not match" in mismatch.content.decode()
    assert weak.status_code == 400
    assert weak.context["form"].errors["password1"]
    assert not User.objects.filter(email="new.person@firm.example").exists()
    assert client.get(path).status_code == 200


def test_logged_in_user_is_told_to_log_out_before_accepting(hr_lead, contributor_a, client_for):
    _invitation, token = services.invitation_create(actor=hr_lead, email="new.person@firm.example", role="contributor")
    path = reverse("accounts:invitation_accept", args=[token])
    client = client_for(contributor_a)

    page = client.get(path)
    response = _accept(client, path)

    assert page.status_code == 409
    assert "Log out first" in page.content.decode()
    assert response.status_code == 409
    assert not User.objects.filter(email="new.person@firm.example").exists()
    assert client.session["_auth_user_id"] == str(contributor_a.pk)


# --- Listing ----------------------------------------------------------------------------------


def test_invitation_list_shows_status_send_count_and_filters(hr_lead, client_for):
    now = timezone.now()
    services.invitation_create(actor=hr_lead, email="pending@firm.example", role="contributor")
    services.invitation_create(
        actor=hr_lead, email="expired@firm.example", role="contributor", now=now - dt.timedelta(days=30)
    )
    revoked, _ = services.invitation_create(actor=hr_lead, email="revoked@firm.example", role="manager")
    services.invitation_revoke(actor=hr_lead, invitation=revoked)
    client = client_for(hr_lead)

    everything = client.get(LIST_URL).content.decode()
    only_expired = client.get(LIST_URL, {"status": "expired"}).content.decode()
    only_revoked = client.get(LIST_URL, {"status": "revoked"}).content.decode()

    for email in ("pending@", "expired@", "revoked@"):
        assert email in everything
    assert "expired@" in only_expired
    assert "pending@" not in only_expired
    assert "revoked@" in only_revoked
    assert "pending@" not in only_revoked


def test_invitation_list_paginates_25_per_page(hr_lead, client_for):
    for i in range(27):
        services.invitation_create(actor=hr_lead, email=f"person{i}@firm.example", role="contributor")

    first = client_for(hr_lead).get(LIST_URL)
    second = client_for(hr_lead).get(LIST_URL, {"page": 2})

    assert len(first.context["page_obj"].object_list) == 25
    assert len(second.context["page_obj"].object_list) == 2


def test_invitation_list_with_no_invitations_says_what_to_do(hr_lead, client_for):
    response = client_for(hr_lead).get(LIST_URL)
    assert "No invitations yet" in response.content.decode()


# --- Who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["contributor_a", "contributor_b", "manager", "outsider"])
def test_only_hr_leads_may_see_or_send_invitations(persona, request, hr_lead, client_for):
    user = request.getfixturevalue(persona)
    invitation, _ = services.invitation_create(actor=hr_lead, email="x@firm.example", role="contributor")
    client = client_for(user)

    assert client.get(LIST_URL).status_code == 403
    assert client.post(LIST_URL, {"email": "y@firm.example", "role": "hr_lead"}).status_code == 403
    assert client.post(reverse("accounts:invitation_resend", args=[invitation.pk])).status_code == 403
    assert client.post(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code == 403
    assert Invitation.objects.count() == 1
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert invitation.send_count == 1


def test_anonymous_is_sent_to_login_from_invitation_pages(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.post(LIST_URL, {"email": "y@firm.example", "role": "hr_lead"}).status_code == 302
    assert not Invitation.objects.exists()


def test_resend_of_unknown_invitation_is_404(hr_lead, client_for):
    assert client_for(hr_lead).post(reverse("accounts:invitation_resend", args=[999999])).status_code == 404


def test_invitation_email_names_role_and_link(hr_lead, django_capture_on_commit_callbacks):
    inviter = UserFactory(email="inviter@firm.example", full_name="Ivy Inviter", role=Role.HR_LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(actor=inviter, email="a&b@firm.example", full_name="A & B", role="manager")
    body = mail.outbox[0].body
    assert "Hello A & B," in body
    assert "Ivy Inviter invited you" in body
    assert "as Manager" in body
    assert "&amp;" not in body
