"""Retention: conversations nobody kept are deleted after the retention period."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from ..models import Conversation


def conversations_purge(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Delete conversations older than the retention period that nobody marked relevant or
    engaged and that are linked to no person."""
    days = days if days is not None else settings.LISTENING_RETENTION_DAYS
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    kept = Conversation.objects.kept().values("pk")
    _, per_model = Conversation.objects.filter(found_at__lt=cutoff).exclude(pk__in=kept).delete()
    return per_model.get(Conversation._meta.label, 0)
