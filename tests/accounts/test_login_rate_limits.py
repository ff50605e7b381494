"""Login rate limits key on the client, not on the proxy in front of the app: with
TRUSTED_PROXY_COUNT=1 two clients behind one proxy are limited separately, per address and per
account, as allauth supports (ACCOUNT_RATE_LIMITS: 10 failures a minute per address, 5 in five
minutes per account)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
PROXY = "10.0.0.7"  # what REMOTE_ADDR says for every request that came through the proxy
TOO_MANY = "Too many failed login attempts"


def behind_proxy(client_address: str) -> Client:
    """A browser at ``client_address`` whose requests reach the app through the one proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def _log_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def _fail_ten_times_from(client: Client) -> None:
    # Two failures on each of five accounts: the per-address limit (10) is reached, no per-account one.
    for n in range(5):
        for _ in range(2):
            assert TOO_MANY not in _log_in(client, f"victim{n}@firm.example", "wrong").content.decode()


@pytest.fixture
def ann(private_cache):
    return UserFactory(email="ann@firm.example")


def test_two_clients_behind_one_proxy_are_limited_separately(settings, ann):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker, colleague = behind_proxy("198.51.100.1"), behind_proxy("203.0.113.5")

    _fail_ten_times_from(attacker)

    assert TOO_MANY in _log_in(attacker, ann.email).content.decode()
    assert _log_in(colleague, ann.email).status_code == 302
    assert colleague.session["_auth_user_id"] == str(ann.pk)


def test_without_a_trusted_proxy_count_everyone_behind_it_shares_one_limit(settings, ann):
    # The reason for the setting: keyed on the proxy's address, one attacker locks everyone out.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    attacker, colleague = behind_proxy("198.51.100.1"), behind_proxy("203.0.113.5")

    _fail_ten_times_from(attacker)

    assert TOO_MANY in _log_in(colleague, ann.email).content.decode()


def test_an_account_is_locked_whatever_address_the_guesses_come_from(settings, ann):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        _log_in(behind_proxy(f"198.51.100.{n + 1}"), ann.email, "wrong")

    response = _log_in(behind_proxy("203.0.113.5"), ann.email)

    assert TOO_MANY in response.content.decode()


def test_a_forged_header_can_only_name_the_address_the_proxy_saw(settings, ann):
    # The proxy appends the address it saw; what the client wrote before it is not trusted.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _fail_ten_times_from(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1"))

    same_client_other_forgery = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="5.6.7.8, 198.51.100.1")

    assert TOO_MANY in _log_in(same_client_other_forgery, ann.email).content.decode()


def test_a_request_that_skipped_the_proxies_is_keyed_on_its_own_address(settings, ann):
    # Two trusted proxies but one X-Forwarded-For entry: allauth would raise (a 500).
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2

    response = _log_in(Client(REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="198.51.100.1"), ann.email)

    assert response.status_code == 302


def test_a_trusted_client_ip_header_keys_the_limit(settings, ann):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.1")

    _fail_ten_times_from(attacker)

    assert TOO_MANY in _log_in(attacker, ann.email).content.decode()
    assert _log_in(Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.5"), ann.email).status_code == 302
