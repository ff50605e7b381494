"""Large imports in the background (Celery eager here; tests/integration has the real worker):
batches that advance processed_rows behind a progress bar that polls until done, an interrupted
import resumed from where it stopped, a stalled one resumed by an HR lead, and a batch that another
worker holds never written twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alumni.models import AlumniImport
from alumni.services import imports as services
from alumni.services.import_batches import Writer
from core.jobs import claim_once
from core.models import JobClaim
from people.models import Person
from tests.alumni.test_imports import confirm, counts, fixture, preview


@pytest.fixture
def hr(client_for, hr_lead):
    return client_for(hr_lead)


@pytest.fixture
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def small_batches(settings):
    settings.ALUMNI_IMPORT_BACKGROUND_ROWS = 2
    settings.ALUMNI_IMPORT_BATCH_ROWS = 2


def linkedin_file(rows: int) -> bytes:
    lines = [
        "Notes:",
        '"Some emails are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        email = f"p{i}@mail.example" if i % 3 == 0 else ""
        lines.append(
            f'Name{i},Πέτρου{i},https://www.linkedin.com/in/p{i},{email},"Co {i % 7}, Ltd",Role {i},05 Dec 2026'
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def test_a_large_file_is_imported_in_the_background_in_batches(
    hr, pilot_b, eager_celery, small_batches, django_capture_on_commit_callbacks
):
    imp = preview(hr, pilot_b, "linkedin", fixture("Connections.csv"))
    assert "imported in the background" in hr.get(reverse("alumni:import_detail", args=[imp.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(reverse("alumni:import_confirm", args=[imp.pk]), follow=True)

    assert "runs in the background" in response.content.decode()
    imp.refresh_from_db()
    assert (imp.status, imp.processed_rows, imp.percent) == ("done", 5, 100)
    assert counts(imp) == (5, 0, 0, 0) and Person.objects.count() == 5
    keys = sorted(JobClaim.objects.filter(kind="alumni.import_batch").values_list("key", flat=True))
    assert keys == [f"import={imp.pk}:batch={n}" for n in range(3)]
    page = hr.get(reverse("alumni:import_detail", args=[imp.pk])).content.decode()
    assert "5 of 5 rows (100%)" in page and "hx-trigger" not in page


def test_the_progress_fragment_polls_while_the_import_runs_and_stops_when_done(hr, pilot_b, small_batches):
    imp = confirm(hr, preview(hr, pilot_b, "linkedin", fixture("Connections.csv")))
    assert imp.status == "queued"  # no worker ran it: the task is enqueued after the commit
    progress = reverse("alumni:import_progress", args=[imp.pk])

    fragment = hr.get(progress).content.decode()

    assert 'hx-trigger="every 2s"' in fragment and f'hx-get="{progress}"' in fragment
    assert f'href="{reverse("alumni:import_detail", args=[imp.pk])}">Refresh<' in fragment
    assert "0 of 5 rows (0%)" in fragment

    assert services.alumni_import_run(import_id=imp.pk) == "done"

    fragment = hr.get(progress).content.decode()
    assert "hx-trigger" not in fragment and "5 of 5 rows (100%)" in fragment


def test_an_interrupted_import_resumes_from_its_processed_rows(
    hr, pilot_b, eager_celery, small_batches, monkeypatch, django_capture_on_commit_callbacks
):
    imp = confirm(hr, preview(hr, pilot_b, "linkedin", fixture("Connections.csv")))
    original = Writer.apply
    calls = []

    def crash_on_second_batch(self, plans):
        calls.append(len(plans))
        if len(calls) == 2:
            raise RuntimeError("database connection lost")
        return original(self, plans)

    monkeypatch.setattr(Writer, "apply", crash_on_second_batch)

    assert services.alumni_import_run(import_id=imp.pk) == "failed"

    imp.refresh_from_db()
    assert (imp.status, imp.processed_rows, imp.created_count) == ("failed", 2, 2)
    assert "database connection lost" in imp.failure
    assert Person.objects.count() == 2  # the first batch stays; the second rolled back whole
    page = hr.get(reverse("alumni:import_detail", args=[imp.pk])).content.decode()
    assert "stopped after 2 rows" in page and "Resume the import" in page

    monkeypatch.setattr(Writer, "apply", original)
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(reverse("alumni:import_resume", args=[imp.pk]))

    imp.refresh_from_db()
    assert (imp.status, imp.processed_rows, imp.failure) == ("done", 5, "")
    assert counts(imp) == (5, 0, 0, 0)
    assert Person.objects.count() == 5 and Person.objects.filter(first_name="Ελένη").count() == 1


def test_a_stalled_import_can_be_resumed_only_after_a_quiet_while(hr, pilot_b, small_batches, settings):
    settings.ALUMNI_IMPORT_STALE_MINUTES = 10
    imp = confirm(hr, preview(hr, pilot_b, "linkedin", fixture("Connections.csv")))
    AlumniImport.objects.filter(pk=imp.pk).update(status="running", started_at=timezone.now())

    refused = hr.post(reverse("alumni:import_resume", args=[imp.pk]), follow=True)

    assert "made progress in the last 10 minutes" in refused.content.decode()
    assert "Resume the import" not in hr.get(reverse("alumni:import_detail", args=[imp.pk])).content.decode()

    AlumniImport.objects.filter(pk=imp.pk).update(started_at=timezone.now() - dt.timedelta(minutes=30))
    page = hr.get(reverse("alumni:import_detail", args=[imp.pk])).content.decode()
    assert "Resume the import" in page and "the worker may have stopped" in page
    response = hr.post(reverse("alumni:import_resume", args=[imp.pk]), follow=True)
    assert "continues where it stopped" in response.content.decode()


def test_a_batch_held_by_another_worker_is_not_written_twice(hr, pilot_b, small_batches):
    imp = confirm(hr, preview(hr, pilot_b, "linkedin", fixture("Connections.csv")))
    with transaction.atomic():
        assert claim_once("alumni.import_batch", f"import={imp.pk}:batch=0")

    assert services.alumni_import_run(import_id=imp.pk) == "claimed"

    imp.refresh_from_db()
    assert (imp.status, imp.processed_rows) == ("running", 0)
    assert Person.objects.count() == 0


def test_a_task_for_a_finished_or_missing_import_does_nothing(hr, pilot_b):
    imp = confirm(hr, preview(hr, pilot_b, "linkedin", fixture("Connections.csv")))
    assert imp.status == "done"

    assert services.alumni_import_run(import_id=imp.pk) == "done"
    assert services.alumni_import_run(import_id=10**9) == "gone"
    assert Person.objects.count() == 5


def test_each_batch_takes_a_bounded_number_of_queries_whatever_its_size(
    hr, pilot_b, settings, django_assert_max_num_queries
):
    settings.ALUMNI_IMPORT_BACKGROUND_ROWS = 10
    settings.ALUMNI_IMPORT_BATCH_ROWS = 100
    imp = confirm(hr, preview(hr, pilot_b, "linkedin", linkedin_file(200)))

    with django_assert_max_num_queries(60):
        services.alumni_import_run(import_id=imp.pk)

    imp.refresh_from_db()
    assert (imp.status, imp.created_count) == ("done", 200)
    assert Person.objects.search("Πετρου199").count() == 1
