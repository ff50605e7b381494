"""Stage 2 Celery tasks of alumni referrals: thin wrappers that call alumni.services.referrals.
Enqueued by name after the commit; safe to run twice (each email is claimed once)."""

from __future__ import annotations

from celery import shared_task

from ..services.referrals import share_send


@shared_task(name="alumni.send_share", ignore_result=True)
def send_share(share_id: int) -> int:
    """Email a share to its segment's consenting, contactable alumni not emailed before."""
    return share_send(share_id=share_id)
