"""Stage 3 Celery tasks: thin wrappers that call bizdev.services.request_links. Enqueued by name after
the commit; safe to run twice (each email is claimed once)."""

from __future__ import annotations

from celery import shared_task

from .services.request_links import ask_link_email, help_request_send


@shared_task(name="bizdev.send_request", ignore_result=True)
def send_request(request_id: int) -> int:
    """Email one of our requests to the consenting, contactable alumni it reaches, not emailed before."""
    return help_request_send(request_id=request_id)


@shared_task(name="bizdev.send_ask_link", ignore_result=True)
def send_ask_link(pilot_id: int, alumnus_id: int, nonce: str) -> int:
    """Email an alumnus an "Ask us for help" link (once per nonce; consent read again)."""
    return ask_link_email(pilot_id=pilot_id, alumnus_id=alumnus_id, nonce=nonce)
