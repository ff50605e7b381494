"""Stage 2 Celery tasks: surveys (thin wrappers that call alumni.services.surveys). Enqueued by
name after the commit; safe to run twice (each email is claimed once per person and survey)."""

from __future__ import annotations

from celery import shared_task

from ..services.survey_delivery import survey_invites_send


@shared_task(name="alumni.send_survey_invites", ignore_result=True)
def send_survey_invites(survey_id: int) -> int:
    """Email each unsent invite of the survey its signed link (consent checked at send time)."""
    return survey_invites_send(survey_id=survey_id)
