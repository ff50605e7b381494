"""The profile page: name and title, links to security pages, personal API tokens."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from accounts import services
from accounts.authentication import ApiTokenAuthentication
from accounts.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")
CREATE_URL = reverse("accounts:token_create")


class WhoAmI(APIView):
    """A tiny endpoint that only token authentication can get into."""

    authentication_classes = [ApiTokenAuthentication]

    def get(self, request):
        return Response({"email": request.user.email})


def _call_with_key(key: str):
    request = APIRequestFactory().get("/whoami", HTTP_AUTHORIZATION=f"Token {key}")
    return WhoAmI.as_view()(request)


# --- Profile ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["hr_lead", "contributor_a", "manager", "outsider"])
def test_everyone_signed_in_sees_their_own_profile(persona, request, client_for):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(PROFILE_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert user.email in body
    assert user.get_role_display() in body
    assert reverse("account_change_password") in body
    assert reverse("mfa_index") in body


def test_anonymous_is_sent_to_login_from_profile(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_user_updates_own_name_and_title_and_it_is_audited(contributor_a, client_for):
    response = client_for(contributor_a).post(PROFILE_URL, {"full_name": "Ann Changed", "title": "Staff engineer"})

    assert response.status_code == 302
    contributor_a.refresh_from_db()
    assert contributor_a.full_name == "Ann Changed"
    assert contributor_a.title == "Staff engineer"
    event = AuditEvent.objects.get(verb="user.profile_updated")
    assert event.actor == contributor_a
    assert event.data["changes"]["title"] == ["", "Staff engineer"]


def test_profile_form_cannot_change_role_or_email(contributor_a, client_for):
    client_for(contributor_a).post(
        PROFILE_URL, {"full_name": "Ann", "title": "", "role": "hr_lead", "email": "evil@firm.example"}
    )
    contributor_a.refresh_from_db()
    assert contributor_a.role == "contributor"
    assert contributor_a.email == "ann@firm.example"


def test_too_long_title_is_a_form_error(contributor_a, client_for):
    response = client_for(contributor_a).post(PROFILE_URL, {"full_name": "Ann", "title": "x" * 151})
    assert response.status_code == 400
    assert response.context["profile_form"].errors["title"]
    contributor_a.refresh_from_db()
    assert contributor_a.title == ""


# --- API tokens -------------------------------------------------------------------------------


def test_created_token_key_is_shown_once_and_authenticates(contributor_a, client_for):
    client = client_for(contributor_a)

    response = client.post(CREATE_URL, {"name": "Laptop script"})

    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    key = response.context["new_key"]
    assert key.startswith("ap_")
    assert key in response.content.decode()
    assert "shown only once" in response.content.decode()
    token = ApiToken.objects.get(user=contributor_a)
    assert token.name == "Laptop script"
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in client.get(PROFILE_URL).content.decode()
    assert token.prefix in client.get(PROFILE_URL).content.decode()

    api_response = _call_with_key(key)
    assert api_response.status_code == 200
    assert api_response.data == {"email": contributor_a.email}
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_without_name_is_a_form_error(contributor_a, client_for):
    response = client_for(contributor_a).post(CREATE_URL, {"name": ""})
    assert response.status_code == 400
    assert response.context["token_form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_token_create_needs_post_and_login(contributor_a, client_for, client):
    assert client_for(contributor_a).get(CREATE_URL).status_code == 405
    assert client.post(CREATE_URL, {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_revoked_token_is_rejected(contributor_a, client_for):
    token, key = services.api_token_create(user=contributor_a, name="Old")

    response = client_for(contributor_a).post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _call_with_key(key).status_code == 401
    with pytest.raises(exceptions.AuthenticationFailed):
        ApiTokenAuthentication().authenticate_credentials(key)
    assert "Revoked" in client_for(contributor_a).get(PROFILE_URL).content.decode()


def test_wrong_key_is_rejected(contributor_a):
    services.api_token_create(user=contributor_a, name="Real")
    assert _call_with_key("ap_not-a-real-key").status_code == 401


def test_token_of_deactivated_user_is_rejected(contributor_a):
    _token, key = services.api_token_create(user=contributor_a, name="Mine")
    contributor_a.is_active = False
    contributor_a.save(update_fields=["is_active"])
    assert _call_with_key(key).status_code == 401


def test_someone_elses_token_cannot_be_revoked(contributor_a, contributor_b, client_for):
    token, key = services.api_token_create(user=contributor_a, name="Ann's")

    response = client_for(contributor_b).post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _call_with_key(key).status_code == 200


def test_hr_lead_cannot_revoke_someone_elses_token_either(contributor_a, hr_lead, client_for):
    token, _key = services.api_token_create(user=contributor_a, name="Ann's")
    assert client_for(hr_lead).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_profile_lists_only_own_tokens(contributor_a, contributor_b, client_for):
    services.api_token_create(user=contributor_a, name="Ann token")
    services.api_token_create(user=contributor_b, name="Bob token")

    body = client_for(contributor_a).get(PROFILE_URL).content.decode()

    assert "Ann token" in body
    assert "Bob token" not in body


def test_profile_without_tokens_says_what_to_do(contributor_a, client_for):
    assert "You have no API tokens yet" in client_for(contributor_a).get(PROFILE_URL).content.decode()


def test_token_name_is_escaped(contributor_a, client_for):
    services.api_token_create(user=contributor_a, name="<script>alert(1)</script>")
    body = client_for(contributor_a).get(PROFILE_URL).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
