"""Background jobs of metrics (thin wrappers around metrics.services)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(
    name="metrics.send_weekly_digests",
    autoretry_for=(services.DigestDeliveryError,),
    retry_backoff=300,
    max_retries=3,
)
def send_weekly_digests() -> int:
    """Mondays (see CELERY_BEAT_SCHEDULE): last week's figures and wins to each manager.

    Safe to run twice; a retry after a mail server failure sends only the digests still owed."""
    return services.digest_send_weekly()
