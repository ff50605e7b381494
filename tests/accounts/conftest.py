"""Fixtures of the accounts tests: a private cache per test (allauth keeps rate limits and used
TOTP codes there) and TOTP enrolment with a known secret, so a test can log in with a real code."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.accounts.factories import PASSWORD

LOGIN_URL = reverse("account_login")


@pytest.fixture
def private_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "accounts-tests"}
    }
    from django.core.cache import cache

    cache.clear()
    return cache


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))  # the middle one: now


@pytest.fixture
def enrol_totp():
    """enrol_totp(user) -> the TOTP secret of the authenticator it gives ``user``."""

    def enrol(user) -> str:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return secret

    return enrol


def log_in_with_totp(client, email: str, secret: str, *, next_url: str = ""):
    """The whole allauth login: password, then the current TOTP code. Returns the last response."""
    data = {"login": email, "password": PASSWORD}
    url = LOGIN_URL + (f"?next={next_url}" if next_url else "")
    first = client.post(url, data)
    assert first.status_code == 302 and first.url.startswith(reverse("mfa_authenticate")), first
    return client.post(first.url, {"code": current_code(secret)})
