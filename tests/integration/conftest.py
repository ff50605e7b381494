"""Shared fixtures of the integration tests: the real Redis broker and an in-process worker."""

from __future__ import annotations

import os

import pytest
from celery.contrib.testing.worker import start_worker

from alumni_program.celery import app as celery_app


@pytest.fixture
def real_broker():
    missing = [name for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND") if not os.environ.get(name)]
    if missing:
        reason = f"{' and '.join(missing)} not set: run under scripts/with-services.sh for a real Redis"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    assert celery_app.conf.broker_url == os.environ["CELERY_BROKER_URL"]
    assert not celery_app.conf.task_always_eager, "settings should turn eager mode off when a broker is set"


@pytest.fixture
def worker(real_broker):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as w:
        yield w
