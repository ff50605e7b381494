"""Reads of accounts used by more than one view: the audit log's filters (page and API)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BigIntegerField, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from .audit import kind_filter
from .models import AuditEvent

PERSON_TARGET = "people.person"
# An audit event about two people (an introduction: on behalf of one, to the other) files the
# first under its person_id and names the second's id in its data under this key, so the person
# filter and erasure find it for either of them.
RELATED_PERSON_KEY = "related_person_id"


@dataclass(frozen=True)
class AuditFilters:
    """What the HR lead asked for; empty fields do not filter."""

    actor_id: int | None = None
    person_id: int | None = None
    person_name: str = ""
    kind: str = ""
    verb: str = ""
    target_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def about_person(person_id: int) -> Q:
    """Events about this person: filed under them, or naming them as an event's second person."""
    return Q(person_id=person_id) | Q(**{f"data__{RELATED_PERSON_KEY}": person_id})


def audit_events(filters: AuditFilters, queryset: QuerySet[AuditEvent] | None = None) -> QuerySet[AuditEvent]:
    """The audit log, newest first, narrowed by ``filters``.

    The person filter matches ``AuditEvent.person_id`` (every event about a person, whatever its
    target) and the second person of an event about two (RELATED_PERSON_KEY); ``person_name`` finds those ids by the name their events were recorded under, since
    accounts may not import people (and an erased person's events keep their id)."""
    if queryset is None:
        queryset = AuditEvent.objects.all()
    queryset = queryset.select_related("actor").order_by("-created_at", "-id")
    if filters.actor_id is not None:
        queryset = queryset.filter(actor_id=filters.actor_id)
    if filters.person_id is not None:
        queryset = queryset.filter(about_person(filters.person_id))
    if filters.person_name.strip():
        named = AuditEvent.objects.filter(
            target_type=PERSON_TARGET, target_repr__icontains=filters.person_name.strip(), person_id__isnull=False
        ).values("person_id")
        second = Cast(KeyTextTransform(RELATED_PERSON_KEY, "data"), BigIntegerField())
        queryset = queryset.annotate(second_person=second).filter(Q(person_id__in=named) | Q(second_person__in=named))
    if filters.kind:
        queryset = queryset.filter(kind_filter(filters.kind))
    if filters.verb.strip():
        queryset = queryset.filter(verb__startswith=filters.verb.strip())
    if filters.target_type:
        queryset = queryset.filter(target_type=filters.target_type)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        queryset = queryset.filter(created_at__gte=dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz))
    # Up to the end of the chosen day. A date at the end of the calendar means "no upper bound"
    # (there is no next day to count up to, and converting it to UTC could overflow).
    if filters.date_to and filters.date_to < dt.date.max - dt.timedelta(days=2):
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        queryset = queryset.filter(created_at__lt=end)
    return queryset


def person_label(person_id: int) -> str:
    """The name a person's events were last recorded under ("person #12" when none names them)."""
    latest = (
        AuditEvent.objects.filter(person_id=person_id, target_type=PERSON_TARGET)
        .exclude(target_repr="")
        .order_by("-created_at", "-id")
        .values_list("target_repr", flat=True)
        .first()
    )
    return latest or f"person #{person_id}"
