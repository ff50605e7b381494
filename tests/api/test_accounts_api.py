"""/api/v1/me/ and /api/v1/tokens/: who am I, personal tokens, and token authentication."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_anonymous_gets_401_with_token_challenge(api_client_for):
    response = api_client_for(None).get("/api/v1/me/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("persona", ["hr_lead", "contributor_a", "manager", "outsider"])
def test_me_returns_the_signed_in_user(api_client_for, request, persona):
    user = request.getfixturevalue(persona)

    response = api_client_for(user).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json() == {"id": user.pk, "email": user.email, "full_name": user.full_name, "role": user.role}


def test_a_real_token_in_the_header_authenticates(contributor_a):
    token, key = api_token_create(user=contributor_a, name="laptop")

    response = token_client(key).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["email"] == contributor_a.email
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_gets_401(contributor_a):
    token, key = api_token_create(user=contributor_a, name="laptop")
    api_token_revoke(user=contributor_a, token=token)

    response = token_client(key).get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid, expired or revoked token."


def test_an_unknown_token_gets_401(db):
    response = token_client("ap_not-a-real-key").get("/api/v1/pilots/")

    assert response.status_code == 401


def test_creating_a_token_shows_the_key_once_and_stores_only_its_hash(api_client_for, contributor_a):
    response = api_client_for(contributor_a).post("/api/v1/tokens/", {"name": "CLI"}, format="json")

    assert response.status_code == 201
    body = response.json()
    key = body["key"]
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user == contributor_a
    assert token.name == "CLI"
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in token.key_hash
    listed = api_client_for(contributor_a).get("/api/v1/tokens/").json()["results"]
    assert [t["id"] for t in listed] == [token.pk]
    assert "key" not in listed[0]
    assert token_client(key).get("/api/v1/me/").json()["id"] == contributor_a.pk


def test_creating_a_token_needs_a_name(api_client_for, contributor_a):
    response = api_client_for(contributor_a).post("/api/v1/tokens/", {}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()["error"]["fields"]
    assert not ApiToken.objects.exists()


def test_token_list_shows_only_own_tokens(api_client_for, contributor_a, contributor_b):
    mine, _ = api_token_create(user=contributor_a, name="mine")
    api_token_create(user=contributor_b, name="theirs")

    response = api_client_for(contributor_a).get("/api/v1/tokens/")

    assert response.status_code == 200
    assert [t["id"] for t in response.json()["results"]] == [mine.pk]


def test_revoking_own_token_through_the_api_locks_it_out(api_client_for, contributor_a):
    token, key = api_token_create(user=contributor_a, name="old")

    response = api_client_for(contributor_a).delete(f"/api/v1/tokens/{token.pk}/")

    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_client(key).get("/api/v1/me/").status_code == 401


def test_revoking_someone_elses_token_is_404_and_leaves_it_working(api_client_for, contributor_a, hr_lead):
    token, key = api_token_create(user=contributor_a, name="ann's")

    response = api_client_for(hr_lead).delete(f"/api/v1/tokens/{token.pk}/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert token_client(key).get("/api/v1/me/").status_code == 200


def test_anonymous_cannot_list_or_create_tokens(api_client_for):
    client = api_client_for(None)

    assert client.get("/api/v1/tokens/").status_code == 401
    assert client.post("/api/v1/tokens/", {"name": "x"}, format="json").status_code == 401
    assert not ApiToken.objects.exists()
