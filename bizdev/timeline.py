"""Stage 3 entries in a person's timeline (people.timeline): the help requests an alumnus asked us,
our requests they were chosen for, the answers they gave, and the conflicts of interest disclosed
naming them. Assists are the ledger's and reach the timeline through metrics' source: not here.

Each entry is shown only to users who work in the request's pilot (bizdev.access.work_pilots: HR
leads, the pilot's contributors; managers none). A fixed number of queries (at most five), at most
``limit`` entries.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse

from accounts.models import User
from alumni.models import Alumnus
from people.models import Person
from people.timeline import TimelineEntry, TimelineSource, register_timeline

from .access import work_pilots
from .models import HelpRequest, HelpResponse, RequestDirection

KEY = "bizdev.requests"


def _url(pk: int) -> str:
    """The request's page."""
    return reverse("bizdev:request_detail", args=[pk])


def naming_conflicts(alumnus_id: int) -> Q:
    """Requests whose recorded conflicts (bizdev.rules.Conflict.as_dict rows) name this alumnus.

    PostgreSQL answers JSON containment; SQLite (the embedded mode) has none, so there the
    stored JSON text is matched ("alumnus_id": 12 followed by "," or "}", so 12 never matches 123).
    """
    if connection.features.supports_json_field_contains:
        return Q(conflicts__contains=[{"alumnus_id": alumnus_id}])
    return Q(conflicts__icontains=f'"alumnus_id": {alumnus_id},') | Q(
        conflicts__icontains=f'"alumnus_id": {alumnus_id}}}'
    )


def conflict_of(request: HelpRequest, alumnus_id: int) -> dict[str, Any] | None:
    """The recorded conflict naming this alumnus, if any."""
    for row in request.conflicts or []:
        if isinstance(row, dict) and row.get("alumnus_id") == alumnus_id:
            return row
    return None


def _requests(user: User) -> QuerySet[HelpRequest]:
    return HelpRequest.objects.filter(pilot__in=work_pilots(user).values("pk"))


def _asked(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    rows = (
        _requests(user)
        .filter(direction=RequestDirection.ALUMNI, alumnus__person=person)
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        TimelineEntry(
            at=r.created_at,
            kind="request",
            label=f"Asked us for help: {r.title}",
            url=_url(r.pk),
            detail=f"{r.get_kind_display()}; {r.get_status_display().lower()}"
            + (" (entered through the signed link)" if r.via_link else ""),
        )
        for r in rows
    ]


def _chosen(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    rows = (
        _requests(user)
        .filter(direction=RequestDirection.OURS, chosen_alumni__person=person)
        .select_related("asked_by")
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        TimelineEntry(
            at=r.created_at,
            kind="request",
            label=f"Chosen for our request: {r.title}",
            url=_url(r.pk),
            detail=f"{r.get_kind_display()}" + (f"; asked by {r.asked_by}" if r.asked_by else ""),
        )
        for r in rows
    ]


def _responses(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    rows = (
        HelpResponse.objects.filter(alumnus__person=person, request__pilot__in=work_pilots(user).values("pk"))
        .select_related("request", "author")
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        TimelineEntry(
            at=r.created_at,
            kind="response",
            label=f"Answered the request “{r.request.title}”",
            url=_url(r.request_id),
            detail="Through the signed link" if r.author_id is None else f"Logged by {r.author}",
        )
        for r in rows
    ]


def _conflicts(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    alumnus_id = Alumnus.objects.filter(person=person).values_list("pk", flat=True).first()
    if alumnus_id is None:
        return []
    rows = (
        _requests(user)
        .filter(naming_conflicts(alumnus_id), disclosed_at__isnull=False)
        .order_by("-disclosed_at", "-id")[:limit]
    )
    entries = []
    for r in rows:
        assert r.disclosed_at is not None
        conflict = conflict_of(r, alumnus_id) or {}
        company = str(conflict.get("company") or "")
        entries.append(
            TimelineEntry(
                at=r.disclosed_at,
                kind="conflict",
                label=f"Conflict of interest disclosed: {r.title}",
                url=_url(r.pk),
                detail=f"Works for {company}" if company else "",
            )
        )
    return entries


def bizdev_entries(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    if limit <= 0 or not (user.is_authenticated and user.is_active):
        return []
    entries = [
        *_asked(person, user, limit),
        *_chosen(person, user, limit),
        *_responses(person, user, limit),
        *_conflicts(person, user, limit),
    ]
    entries.sort(key=lambda e: (e.day, e.label), reverse=True)
    return entries[:limit]


SOURCE = TimelineSource(key=KEY, entries=bizdev_entries)


def register() -> None:
    register_timeline(SOURCE)
