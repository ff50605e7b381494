"""/healthz: anonymous callers learn only up (200) or down (503); HR leads (session or API token)
also get each component's state. The broker and worker checks are remembered briefly, so polling
clients cost one worker ping per HEALTHZ_CACHE_SECONDS, not one per request. (How long a call
takes, broker down or up: bench/healthz.py.)"""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_token_create
from alumni_program import views as project_views
from alumni_program.celery import app as celery_app

pytestmark = pytest.mark.django_db

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # port 1: nothing listens, the connection is refused
URL = reverse("healthz")


@pytest.fixture(autouse=True)
def private_cache(settings):
    """The remembered answers live in the cache: keep them per test (parallel runs share Redis)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "healthz"}}
    from django.core.cache import cache

    cache.clear()
    return cache


@pytest.fixture
def broker_url(settings, monkeypatch):
    """broker_url(url): point both Django's setting and the Celery app at ``url`` for one test.

    Celery reads the CELERY_BROKER_URL environment variable before its own configuration
    (celery.app.utils.Settings.broker_url), so the variable is patched as well.
    """
    original = celery_app.conf.broker_url

    def use(url: str) -> None:
        settings.CELERY_BROKER_URL = url
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
        celery_app.conf.broker_url = url

    yield use
    celery_app.conf.broker_url = original


@pytest.fixture
def counted_queue(settings, monkeypatch):
    """A broker that answers and a worker that replies, counting how often each is asked."""
    settings.CELERY_BROKER_URL = "redis://queue.invalid:6379/0"
    calls = {"broker": 0, "ping": 0}

    def broker() -> str:
        calls["broker"] += 1
        return "ok"

    def ping(timeout: float = 1.0) -> list[dict[str, dict[str, str]]]:
        calls["ping"] += 1
        return [{"celery@worker": {"ok": "pong"}}]

    monkeypatch.setattr(project_views, "_check_broker", broker)
    monkeypatch.setattr(celery_app.control, "ping", ping)
    return calls


def token_client(user) -> APIClient:
    _, key = api_token_create(user=user, name="monitor")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


EMBEDDED_DETAILS = {
    "status": "ok",
    "checks": {"database": "ok", "broker": "eager", "worker": "eager"},
    "down": [],
}


# --- Who gets what ----------------------------------------------------------------------------


def test_anonymous_gets_only_up(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_hr_lead_signed_in_gets_the_details(client_for, hr_lead, settings):
    settings.CELERY_BROKER_URL = ""

    assert client_for(hr_lead).get(URL).json() == EMBEDDED_DETAILS


def test_an_hr_leads_api_token_gets_the_details(hr_lead, settings):
    settings.CELERY_BROKER_URL = ""

    assert token_client(hr_lead).get(URL).json() == EMBEDDED_DETAILS


@pytest.mark.parametrize("persona", ["contributor_a", "manager"])
def test_others_get_only_up_by_session_or_token(request, persona, client_for, settings):
    settings.CELERY_BROKER_URL = ""
    user = request.getfixturevalue(persona)

    assert client_for(user).get(URL).json() == {"status": "ok"}
    assert token_client(user).get(URL).json() == {"status": "ok"}


def test_a_bad_token_gets_the_anonymous_answer_not_a_401(settings):
    settings.CELERY_BROKER_URL = ""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token ap_not-a-real-key")

    response = client.get(URL)

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_healthz_needs_no_login_and_is_not_cached_by_browsers_or_proxies(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_refuses_post(client, settings):
    settings.CELERY_BROKER_URL = ""

    assert client.post(URL).status_code == 405


# --- Down ---------------------------------------------------------------------------------------


def test_unreachable_broker_is_down_and_hr_leads_see_which(client, client_for, hr_lead, broker_url):
    broker_url(CLOSED_PORT_BROKER)

    anonymous = client.get(URL)
    detailed = client_for(hr_lead).get(URL)

    assert (anonymous.status_code, anonymous.json()) == (503, {"status": "down"})
    assert detailed.status_code == 503
    body = detailed.json()
    assert body["status"] == "down"
    assert body["down"] == ["broker", "worker"]  # no broker: no worker can be reached either
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("down:")
    assert body["checks"]["worker"].startswith("unknown")


@pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL") and os.environ.get("CI") != "true",
    reason="needs a real Redis broker (CELERY_BROKER_URL); under CI=true a missing broker fails",
)
def test_reachable_broker_without_a_worker_is_down_naming_the_worker(client_for, hr_lead, broker_url):
    broker_url(os.environ["CELERY_BROKER_URL"])

    response = client_for(hr_lead).get(URL)

    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": "ok", "broker": "ok", "worker": "down: no worker answered"}
    assert body["down"] == ["worker"]


# --- The remembered answer ------------------------------------------------------------------------


def test_ten_anonymous_requests_ping_the_workers_once(client, counted_queue):
    answers = [client.get(URL) for _ in range(10)]

    assert [a.status_code for a in answers] == [200] * 10
    assert counted_queue == {"broker": 1, "ping": 1}


def test_the_database_is_checked_on_every_request(client, counted_queue, django_assert_num_queries):
    client.get(URL)

    with django_assert_num_queries(1):  # SELECT 1
        client.get(URL)


def test_the_workers_are_asked_again_once_the_answer_expires(client, counted_queue, private_cache):
    client.get(URL)
    private_cache.delete(project_views.HEALTH_QUEUE_CACHE_KEY)  # what HEALTHZ_CACHE_SECONDS does
    client.get(URL)

    assert counted_queue["ping"] == 2


def test_a_zero_cache_time_asks_every_time(client, counted_queue, settings):
    settings.HEALTHZ_CACHE_SECONDS = 0

    for _ in range(3):
        client.get(URL)

    assert counted_queue["ping"] == 3


def test_a_down_answer_is_remembered_too(client, settings, monkeypatch):
    # A dead broker costs its timeout once per HEALTHZ_CACHE_SECONDS, not on every probe.
    settings.CELERY_BROKER_URL = "redis://queue.invalid:6379/0"
    asked = []
    monkeypatch.setattr(project_views, "_check_broker", lambda: asked.append(1) or "down: OperationalError")

    statuses = [client.get(URL).status_code for _ in range(5)]

    assert statuses == [503] * 5
    assert len(asked) == 1
