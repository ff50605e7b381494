"""Background jobs of the program spine (thin wrappers around services)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="programs.send_policy_reminders")
def send_policy_reminders() -> int:
    """Weekly (see CELERY_BEAT_SCHEDULE): remind members of unacknowledged sharing policies."""
    return services.policy_send_reminders()
