"""Thin Celery wrappers around listening.services. Each task takes ids and is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from core.errors import DomainError

from . import services
from .models import Search, SearchRunSource

# Transient fetch errors retry with exponential backoff (LISTENING_RETRY_BASE_SECONDS: 30 s, 60 s,
# 120 s), then the source is recorded as failed for this run.
MAX_RETRIES = 3


@shared_task(name="listening.run_search", ignore_result=True)
def run_search(search_id: int) -> None:
    """Beat entry point: start a scheduled run (a run already in progress is left alone)."""
    search = Search.objects.filter(pk=search_id, is_active=True).first()
    if search is None:
        return
    try:
        services.run_start(search=search)
    except DomainError:
        return


@shared_task(
    bind=True,
    name="listening.fetch_source",
    ignore_result=True,
    acks_late=True,
    max_retries=MAX_RETRIES,
)
def fetch_source(self, result_id: int) -> None:
    if not SearchRunSource.objects.filter(pk=result_id).exists():
        return
    try:
        # In embedded mode (eager) the task runs inside the web request: a retry would escape
        # into the page as Celery's Retry, so the service records the failure instead.
        services.run_fetch_source(
            result_id=result_id,
            final_attempt=self.request.retries >= MAX_RETRIES,
            in_process=bool(self.request.is_eager),
        )
    except services.RetryLater as exc:
        countdown = settings.LISTENING_RETRY_BASE_SECONDS * 2**self.request.retries
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="listening.resume_stale_runs", ignore_result=True)
def resume_stale_runs() -> int:
    return services.run_resume_stale()


@shared_task(name="listening.purge_conversations", ignore_result=True)
def purge_conversations() -> int:
    return services.conversations_purge()


@shared_task(name="listening.send_relevant_digest", ignore_result=True)
def send_relevant_digest() -> int:
    return services.digest_send_relevant()
