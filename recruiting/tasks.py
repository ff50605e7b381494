"""Thin Celery wrappers around recruiting.services. Each task takes ids, returns quietly when the
row is gone, and is safe to run twice (the services claim each email with core.jobs.claim_once).
Services enqueue them by name after commit, so nothing imports this module but the app's ready()."""

from __future__ import annotations

from celery import shared_task

from .services.feedback import thanks_send
from .services.openings import opening_ask_send


@shared_task(name="recruiting.ask_for_suggestions", ignore_result=True)
def ask_for_suggestions(opening_id: int) -> int:
    """Email the members of the opening's pilot not asked before: suggest candidates, comment on
    the description."""
    return opening_ask_send(opening_id=opening_id)


@shared_task(name="recruiting.send_thanks", ignore_result=True)
def send_thanks(kind: str, pk: int) -> bool:
    """Email the thank-you recorded on a feedback ("feedback") or a referral ("referral")."""
    return thanks_send(kind=kind, pk=pk)
