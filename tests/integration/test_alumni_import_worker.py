"""A large alumni import on a real Celery worker over Redis and PostgreSQL: the HR lead confirms
the preview, the page returns at once, the worker imports the file in batches (each claimed once)
while the progress fragment reports it, and a second delivery of the task changes nothing."""

from __future__ import annotations

import time

import pytest
from django.db import connections
from django.urls import reverse

from alumni.models import AlumniImport
from alumni.services.imports import RUN_TASK
from alumni_program.celery import app as celery_app
from core.models import JobClaim
from people.models import Person
from tests.alumni.test_imports import preview
from tests.alumni.test_imports_background import linkedin_file

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _wait_until_finished(imp: AlumniImport, timeout: float = 60) -> tuple[AlumniImport, set[int]]:
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        imp.refresh_from_db()
        seen.add(imp.processed_rows)
        if imp.status in (AlumniImport.Status.DONE, AlumniImport.Status.FAILED):
            return imp, seen
        time.sleep(0.2)
    raise AssertionError(f"import still {imp.status} at {imp.processed_rows} rows after {timeout}s")


def test_a_large_import_runs_on_the_worker_in_batches(worker, client_for, hr_lead, pilot_b, settings):
    settings.ALUMNI_IMPORT_BACKGROUND_ROWS = 10
    settings.ALUMNI_IMPORT_BATCH_ROWS = 25
    client = client_for(hr_lead)
    imp = preview(client, pilot_b, "linkedin", linkedin_file(120), "Connections.csv")
    assert imp.status == "previewed" and imp.total_rows == 120

    response = client.post(reverse("alumni:import_confirm", args=[imp.pk]))

    assert response.status_code == 302
    progress = client.get(reverse("alumni:import_progress", args=[imp.pk]))
    assert progress.status_code == 200
    imp, seen = _wait_until_finished(imp)
    assert imp.status == "done", imp.failure
    assert (imp.processed_rows, imp.created_count, imp.percent) == (120, 120, 100)
    assert seen <= {0, 25, 50, 75, 100, 120}  # progress only ever moves batch by batch
    assert Person.objects.count() == 120
    assert JobClaim.objects.filter(kind="alumni.import_batch").count() == 5
    fragment = client.get(reverse("alumni:import_progress", args=[imp.pk])).content.decode()
    assert "120 of 120 rows (100%)" in fragment and "hx-trigger" not in fragment

    # Redis delivers at least once: the task arriving again finds the import done.
    celery_app.signature(RUN_TASK, args=(imp.pk,)).delay()
    celery_app.signature(RUN_TASK, args=(imp.pk,)).apply_async(ignore_result=False).get(timeout=30)

    assert Person.objects.count() == 120
    imp.refresh_from_db()
    assert (imp.status, imp.created_count) == ("done", 120)
    connections.close_all()
