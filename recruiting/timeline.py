"""Recruiting's entries in a person's timeline (people.timeline): their candidacies, with where
each stands. Candidates of the pilots the user works in (recruiting.access.visible_candidates),
at most ``limit``, newest first, in one query."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from people.models import Person
from people.timeline import TimelineEntry, TimelineSource, register_timeline

from .access import visible_candidates

KEY = "recruiting.candidacies"


def candidacy_entries(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    if limit <= 0 or not (user.is_authenticated and user.is_active):
        return []
    rows = visible_candidates(user).filter(person=person).order_by("-step_changed_at", "-id")[:limit]
    return [
        TimelineEntry(
            at=row.step_changed_at,
            kind="candidacy",
            label=f"Candidate for {row.opening.title}: {row.get_step_display()}",
            url=reverse("recruiting:candidate_detail", args=[row.pk]),
            detail=f"Added on {row.created_at:%d %b %Y} ({row.get_source_display().lower()})",
        )
        for row in rows
    ]


def register() -> None:
    register_timeline(TimelineSource(key=KEY, entries=candidacy_entries))
