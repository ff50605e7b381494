"""Stage 2 Celery tasks: introductions. Thin: each takes ids, returns quietly when the row is gone,
and is safe to run twice (the service claims each e-mail once)."""

from __future__ import annotations

from celery import shared_task

from ..services.introductions import intro_confirmation_send


@shared_task(name="alumni.send_intro_confirmation", ignore_result=True)
def send_intro_confirmation(introduction_id: int, request_id: int) -> bool:
    """E-mail the alumnus the signed link asking whether the introduction was meaningful to them."""
    return intro_confirmation_send(introduction_id=introduction_id, request_id=request_id)
