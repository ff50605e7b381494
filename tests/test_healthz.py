"""/healthz: 200 when every component answers, 503 naming what is down, quickly and without login."""

from __future__ import annotations

import os
import time

import pytest
from django.urls import reverse

from alumni_program.celery import app as celery_app

pytestmark = pytest.mark.django_db

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # port 1: nothing listens, the connection is refused


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


def test_embedded_mode_is_healthy_with_database_ok(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "eager", "worker": "eager"},
        "down": [],
    }


def test_healthz_needs_no_login_and_is_not_cached(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_refuses_post(client, settings):
    settings.CELERY_BROKER_URL = ""

    assert client.post(reverse("healthz")).status_code == 405


def test_unreachable_broker_gives_503_naming_the_broker_within_seconds(client, broker_url):
    broker_url(CLOSED_PORT_BROKER)

    started = time.monotonic()
    response = client.get(reverse("healthz"))
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "broker" in body["down"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("down:")
    assert body["checks"]["worker"].startswith("unknown")
    # Not a benchmark: an orchestrator's probe times out after a few seconds, so a dead broker
    # must be reported before that rather than hang the request (a generous bound on purpose).
    assert elapsed < 10


@pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL") and os.environ.get("CI") != "true",
    reason="needs a real Redis broker (CELERY_BROKER_URL); under CI=true a missing broker fails",
)
def test_reachable_broker_without_a_worker_gives_503_naming_the_worker(client, broker_url):
    broker_url(os.environ["CELERY_BROKER_URL"])

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": "ok", "broker": "ok", "worker": "down: no worker answered"}
    assert body["down"] == ["worker"]
