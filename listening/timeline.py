"""Listening's entries in a person's timeline (people.timeline): the conversations linked to
them. Those the user may read (listening.access.visible_conversations), at most ``limit``,
newest first, in one query."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from people.models import Person
from people.timeline import TimelineEntry, TimelineSource, register_timeline

from .access import visible_conversations

KEY = "listening.conversations"


def conversation_entries(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    if limit <= 0 or not (user.is_authenticated and user.is_active):
        return []
    rows = visible_conversations(user).filter(person=person).order_by("-found_at", "-id")[:limit]
    return [
        TimelineEntry(
            at=row.published_at or row.found_at,
            kind="conversation",
            label=f"Conversation: {str(row)[:120]}",
            url=reverse("listening:conversation_detail", args=[row.pk]),
            detail=" · ".join(x for x in (row.venue.name if row.venue else "", row.get_status_display()) if x),
        )
        for row in rows
    ]


def register() -> None:
    register_timeline(TimelineSource(key=KEY, entries=conversation_entries))
