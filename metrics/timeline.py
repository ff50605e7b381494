"""The ledger's entries in a person's timeline (people.timeline): introductions made on their
behalf or to them, assists they gave or received, and their hires. Rows of the pilots the user
may see (metrics.access.visible_rows), at most ``limit`` of each kind, newest first: three
queries whatever the size of the ledger."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from people.models import Person
from people.timeline import TimelineEntry, TimelineSource, register_timeline

from .access import visible_rows
from .models import Assist, AssistDirection, Hire, Introduction

KEY = "metrics.ledger"


def _introductions(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    rows = (
        visible_rows(user, Introduction)
        .filter(Q(on_behalf_of=person) | Q(to_person=person))
        .order_by("-date", "-id")[:limit]
    )
    entries = []
    for row in rows:
        if row.on_behalf_of_id == person.pk:
            label = f"Introduced to {row.target_label} by {row.made_by}"
        else:
            label = f"{row.on_behalf_of} was introduced to them by {row.made_by}"
        entries.append(
            TimelineEntry(
                at=row.date,
                kind="introduction",
                label=label,
                url=reverse("metrics:introduction_detail", args=[row.pk]),
                detail="Confirmed meaningful" if row.meaningful else "",
            )
        )
    return entries


def _assists(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    rows = visible_rows(user, Assist).filter(person=person).order_by("-date", "-id")[:limit]
    return [
        TimelineEntry(
            at=row.date,
            kind="assist",
            label=(
                f"Helped by {row.employee}: {row.assist_type.name}"
                if row.direction == AssistDirection.GIVEN
                else f"Helped {row.employee}: {row.assist_type.name}"
            ),
            url=reverse("metrics:assist_detail", args=[row.pk]),
        )
        for row in rows
    ]


def _hires(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    rows = visible_rows(user, Hire).filter(person=person).order_by("-date", "-id")[:limit]
    return [
        TimelineEntry(
            at=row.date,
            kind="hire",
            label=f"Hired as {row.opening_title}",
            url=reverse("metrics:hire_detail", args=[row.pk]),
            detail=row.get_source_display(),
        )
        for row in rows
    ]


def ledger_entries(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    if limit <= 0 or not (user.is_authenticated and user.is_active):
        return []
    entries = [*_introductions(person, user, limit), *_assists(person, user, limit), *_hires(person, user, limit)]
    entries.sort(key=lambda e: (e.day, e.label), reverse=True)
    return entries[:limit]


def register() -> None:
    register_timeline(TimelineSource(key=KEY, entries=ledger_entries))
