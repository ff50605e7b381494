"""Cache-Control: private, no-store on everything that may carry personal data (core.middleware):
signed-in pages, CSV downloads, every API response; the anonymous login page keeps the default."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    header = response.get("Cache-Control", "")
    return "no-store" in header and "private" in header


@pytest.mark.parametrize(
    "name",
    [
        "dashboard",
        "accounts:profile",
        "accounts:user_list",
        "accounts:audit_log",
        "people:person_list",
        "metrics:index",
    ],
)
def test_signed_in_pages_are_private_and_not_stored(client_for, hr_lead, name):
    response = client_for(hr_lead).get(reverse(name))

    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")


def test_a_csv_download_is_private_and_not_stored(client_for, hr_lead):
    response = client_for(hr_lead).get(
        reverse("metrics:report_csv"), {"table": "pilots", "period": "year", "start": "2026-01-01"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert _no_store(response)


@pytest.mark.parametrize("path", ["/api/v1/people/", "/api/v1/me/", "/api/v1/no-such-thing/"])
def test_api_answers_are_private_and_not_stored_by_session_or_token(api_client_for, hr_lead, path):
    _, key = api_token_create(user=hr_lead, name="script")
    by_token = APIClient()
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    for response in (api_client_for(hr_lead).get(path), by_token.get(path)):
        assert _no_store(response), (path, response.get("Cache-Control"))


def test_api_errors_to_anonymous_callers_are_not_stored_either(api_client_for):
    response = api_client_for(None).get("/api/v1/people/")

    assert response.status_code == 401
    assert _no_store(response)


def test_a_page_that_forbids_caching_itself_keeps_its_stricter_header(client_for, hr_lead):
    response = client_for(hr_lead).post(reverse("accounts:token_create"), {"name": "x"})

    assert "no-store" in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]  # never_cache's own header, untouched


def test_anonymous_pages_are_left_to_their_own_headers(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from core.middleware import PrivateNoStoreMiddleware

    request = rf.get("/accounts/login/")
    request.user = AnonymousUser()
    response = PrivateNoStoreMiddleware(lambda r: HttpResponse("public"))(request)

    assert "Cache-Control" not in response
