"""A real Celery worker on the real Redis broker and PostgreSQL: tasks round-trip, the worker
sees committed rows and writes its own, and /healthz reports the worker while it runs.

Run under scripts/with-services.sh (settings then turn eager mode off because CELERY_BROKER_URL
is set). Without a broker the tests skip, except under CI=true where a missing Redis is a failure.
"""

from __future__ import annotations

import pytest
from django.db import connections
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.services import audit_record
from alumni_program.celery import app as celery_app
from alumni_program.celery import ping

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("real_broker")]


@celery_app.task(name="tests.integration.touch_db")
def touch_db(event_id: int) -> int:
    """Read a row the test committed and write a new one; returns the new row's id."""
    try:
        seen = AuditEvent.objects.get(pk=event_id)
        written = audit_record(
            actor=None,
            verb="tests.worker_touched",
            target_type="accounts.auditevent",
            target_id=str(seen.pk),
            data={"seen_verb": seen.verb},
        )
        return written.pk
    finally:
        # This runs in the worker thread: leave no connection open on the test database.
        connections.close_all()


def test_worker_answers_ping_task_through_redis(worker):
    result = ping.delay()

    assert result.get(timeout=10) == "pong"
    assert result.successful()


def test_worker_sees_committed_rows_and_its_writes_are_visible(worker):
    committed = audit_record(actor=None, verb="tests.committed_by_test")

    new_id = touch_db.delay(committed.pk).get(timeout=10)

    written = AuditEvent.objects.get(pk=new_id)
    assert written.verb == "tests.worker_touched"
    assert written.target_id == str(committed.pk)
    assert written.data == {"seen_verb": "tests.committed_by_test"}


def test_a_missing_row_fails_the_task_visibly(worker):
    result = touch_db.delay(-1)

    with pytest.raises(AuditEvent.DoesNotExist):
        result.get(timeout=10)
    assert not AuditEvent.objects.filter(verb="tests.worker_touched").exists()


def test_healthz_is_ok_while_a_worker_runs(worker, client_for, hr_lead):
    from django.core.cache import cache

    cache.delete("healthz:queue")  # /healthz remembers answers briefly: not one from before the worker
    response = client_for(hr_lead).get(reverse("healthz"))  # HR leads get the details

    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "worker": "ok"},
        "down": [],
    }
