"""Alumni segments: who matters most to the sponsor's goals, ranked, and which alumni are in each.

Rules (HR leads only: alumni.access.can_manage):
- A segment belongs to a pilot the actor works in; its name is required and unique in the pilot
  (the database agrees: segment_name_unique_per_pilot).
- Ranks of a pilot's segments are 1, 2, 3… without gaps (1 matters most). A new segment goes last
  unless a rank is given, when it is put there and the others move down; editing the rank moves
  it the same way; ``segment_move`` swaps it with its neighbour; deleting closes the gap.
- The definition is checked by alumni.segments.validate_definition; its messages name the filter
  at fault, on the field of the same name.
- ``segments_assign`` puts each alumnus of the pilot in the best-ranked (lowest rank) segment
  whose definition they match, else in none: one UPDATE to clear, then one UPDATE per segment
  from the worst rank to the best, so the best match is written last. Creating, editing, moving
  and deleting a segment reassign its pilot in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from programs.models import Pilot

from ..access import can_manage, work_pilots
from ..models import AlumniSegment, Alumnus
from ..segments import DefinitionError, definition_q, validate_definition

PHRASES: dict[str, str] = {
    "segment.created": "Alumni segment {target} created",
    "segment.changed": "Alumni segment {target} changed",
    "segment.deleted": "Alumni segment {target} deleted",
    "segment.moved": "Alumni segment {target} moved in the ranking",
    "segments.assigned": "Alumni of {target} put in their segments",
}

MSG_MANAGE = "Only an HR lead can add, change, rank or delete alumni segments."
MSG_PILOT = "Choose a pilot you work in."
MSG_NAME = "Give the segment a name, e.g. “Engineering leavers at customers”."
MSG_NAME_TAKEN = "{pilot} already has a segment called “{name}”; choose another name or edit that one."
MSG_RANK = "The rank is a whole number from 1 (matters most) up."
MSG_DIRECTION = "Move a segment “up” or “down”."
MSG_EDGE = "“{name}” is already {where}."
MAX_RANK = 999
UP, DOWN = "up", "down"


@dataclass(frozen=True)
class Assignment:
    """What ``segments_assign`` left: alumni per segment id (every segment of the pilot, 0 included),
    the alumni in none, and how many alumni the pilot has."""

    per_segment: dict[int, int]
    unassigned: int
    total: int


def _check_manager(actor: User) -> None:
    if not can_manage(actor):
        raise ForbiddenError(MSG_MANAGE)


def _check_pilot(actor: User, pilot: Pilot) -> None:
    if not work_pilots(actor).filter(pk=pilot.pk).exists():
        raise DomainError(MSG_PILOT, fields={"pilot": [MSG_PILOT]})


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(MSG_NAME, fields={"name": [MSG_NAME]})
    return name[:150]


def _check_name_free(pilot: Pilot, name: str, exclude: int | None = None) -> None:
    taken = AlumniSegment.objects.filter(pilot=pilot, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        message = MSG_NAME_TAKEN.format(pilot=pilot.name, name=name)
        raise ConflictError(message, fields={"name": [message]})


def _check_rank(rank: int | None) -> None:
    if rank is not None and not 1 <= rank <= MAX_RANK:
        raise DomainError(MSG_RANK, fields={"rank": [MSG_RANK]})


def clean_definition(raw: Any) -> dict[str, Any]:
    """The normalised definition, or a DomainError with each message on the filter's own field."""
    try:
        return validate_definition(raw)
    except DefinitionError as exc:
        raise DomainError(str(exc), code="segment_definition", fields=exc.errors) from exc


def _ranked(pilot: Pilot) -> list[AlumniSegment]:
    """The pilot's segments, best first, locked until the transaction ends (two HR leads reranking
    at once are serialised)."""
    return list(AlumniSegment.objects.select_for_update().filter(pilot=pilot).order_by("rank", "name", "id"))


def _renumber(segments: list[AlumniSegment]) -> list[int]:
    """Give ``segments`` (in their new order) ranks 1, 2, 3… in one UPDATE; the ids whose rank changed."""
    changed = []
    for i, segment in enumerate(segments, start=1):
        if segment.rank != i:
            segment.rank = i
            changed.append(segment)
    if changed:
        AlumniSegment.objects.bulk_update(changed, ["rank"])
    return [s.pk for s in changed]


def _place(segments: list[AlumniSegment], segment: AlumniSegment, rank: int | None) -> None:
    """Put ``segment`` at ``rank`` (None: last) among ``segments`` (which may hold it already)."""
    others = [s for s in segments if s.pk != segment.pk]
    at = len(others) if rank is None else min(rank - 1, len(others))
    _renumber([*others[:at], segment, *others[at:]])


@transaction.atomic
def segment_create(
    *,
    actor: User,
    pilot: Pilot,
    name: str,
    definition: Any = None,
    description: str = "",
    rank: int | None = None,
    now: dt.datetime | None = None,
) -> AlumniSegment:
    _check_manager(actor)
    _check_pilot(actor, pilot)
    now = now or timezone.now()
    name = _clean_name(name)
    _check_rank(rank)
    clean = clean_definition(definition)
    _check_name_free(pilot, name)
    segments = _ranked(pilot)
    segment = AlumniSegment(
        pilot=pilot,
        name=name,
        description=description.strip()[:2000],
        rank=len(segments) + 1,
        definition=clean,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():
            segment.save()
    except IntegrityError as exc:  # a concurrent segment of the same name
        message = MSG_NAME_TAKEN.format(pilot=pilot.name, name=name)
        raise ConflictError(message, fields={"name": [message]}) from exc
    _place(segments, segment, rank)
    audit_record(
        actor=actor,
        verb="segment.created",
        target=segment,
        data={"pilot": pilot.pk, "rank": segment.rank, "definition": clean},
        now=now,
    )
    segments_assign(actor=actor, pilot=pilot, now=now)
    return segment


@transaction.atomic
def segment_update(
    *,
    actor: User,
    segment: AlumniSegment,
    name: str | None = None,
    description: str | None = None,
    rank: int | None = None,
    definition: Any = None,
    now: dt.datetime | None = None,
) -> dict[str, list[Any]]:
    """Correct a segment; arguments left None keep their values. Returns the diff (audited as
    "segment.changed"); the pilot's alumni are reassigned when the definition or rank changed."""
    _check_manager(actor)
    now = now or timezone.now()
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = _clean_name(name)
        _check_name_free(segment.pilot, values["name"], exclude=segment.pk)
    if description is not None:
        values["description"] = description.strip()[:2000]
    if definition is not None:
        values["definition"] = clean_definition(definition)
    _check_rank(rank)
    segments = _ranked(segment.pilot)
    current = next((s for s in segments if s.pk == segment.pk), segment)
    segment.rank = current.rank
    old_definition = segment.definition
    changes = changed_fields(segment, values)
    if "definition" in changes:  # the diff keeps both definitions as JSON objects, not their text
        changes["definition"] = [old_definition, segment.definition]
    if changes:
        segment.updated_at = now
        segment.save(update_fields=[*changes, "updated_at"])
    if rank is not None and rank != segment.rank:
        old = segment.rank
        _place(segments, current, rank)
        segment.rank = current.rank
        if segment.rank != old:
            changes["rank"] = [old, segment.rank]
    if changes:
        audit_record(actor=actor, verb="segment.changed", target=segment, data={"changes": changes}, now=now)
    if "definition" in changes or "rank" in changes:
        segments_assign(actor=actor, pilot=segment.pilot, now=now)
    return changes


@transaction.atomic
def segment_move(*, actor: User, segment: AlumniSegment, direction: str, now: dt.datetime | None = None) -> int:
    """Swap the segment's rank with its neighbour's ("up": towards rank 1). Returns its new rank;
    the pilot's alumni are reassigned (an alumnus matching both now goes to the better one)."""
    _check_manager(actor)
    if direction not in (UP, DOWN):
        raise DomainError(MSG_DIRECTION, fields={"direction": [MSG_DIRECTION]})
    now = now or timezone.now()
    segments = _ranked(segment.pilot)
    index = next(i for i, s in enumerate(segments) if s.pk == segment.pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(segments):
        where = "first" if direction == UP else "last"
        message = MSG_EDGE.format(name=segment.name, where=where)
        raise DomainError(message, code="segment_edge", fields={"direction": [message]})
    old = segments[index].rank
    segments[index], segments[other] = segments[other], segments[index]
    _renumber(segments)
    segment.rank = segments[other].rank
    audit_record(
        actor=actor,
        verb="segment.moved",
        target=segment,
        data={"direction": direction, "rank": [old, segment.rank], "swapped_with": segments[index].pk},
        now=now,
    )
    segments_assign(actor=actor, pilot=segment.pilot, now=now)
    return segment.rank


@transaction.atomic
def segment_delete(*, actor: User, segment: AlumniSegment, now: dt.datetime | None = None) -> int:
    """Delete a segment, close the gap in the ranks and reassign the pilot's alumni (those of the
    deleted segment may match another one). Returns how many alumni it held."""
    _check_manager(actor)
    now = now or timezone.now()
    pilot = segment.pilot
    segments = _ranked(pilot)
    held = Alumnus.objects.filter(segment=segment).count()
    audit_record(
        actor=actor,
        verb="segment.deleted",
        target=segment,
        data={"pilot": pilot.pk, "rank": segment.rank, "alumni": held, "definition": segment.definition},
        now=now,
    )
    pk = segment.pk
    segment.delete()
    _renumber([s for s in segments if s.pk != pk])
    segments_assign(actor=actor, pilot=pilot, now=now)
    return held


ASSIGN_BATCH = 5_000  # ids per UPDATE: within SQLite's limit of bound parameters


@transaction.atomic
def segments_assign(*, actor: User, pilot: Pilot, now: dt.datetime | None = None) -> Assignment:
    """Put each alumnus of ``pilot`` in the best-ranked segment they match, else in none.

    Queries: the ranked segments, one UPDATE clearing the pilot's alumni, per segment (worst rank
    first, so an alumnus matching several ends in the best one) one SELECT of the matching ids and
    one UPDATE by id per ASSIGN_BATCH of them, one count per segment grouped in SQL, and the audit
    row — never one per alumnus. (An UPDATE … WHERE id IN (SELECT … JOIN …) lets the planner pick a
    nested loop over the joined tables when their statistics are stale, seconds per segment; by id,
    the primary key's index serves it.)"""
    _check_manager(actor)
    now = now or timezone.now()
    segments = _ranked(pilot)
    alumni = Alumnus.objects.filter(pilot=pilot)
    alumni.exclude(segment=None).update(segment=None)
    for segment in reversed(segments):
        try:
            match = definition_q(segment.definition)
        except DefinitionError:
            continue  # a definition saved before a rule tightened: it matches no one until fixed
        ids = list(alumni.filter(match).values_list("pk", flat=True))
        for start in range(0, len(ids), ASSIGN_BATCH):
            Alumnus.objects.filter(pk__in=ids[start : start + ASSIGN_BATCH]).update(segment=segment)
    counts = dict(alumni.values_list("segment").annotate(n=Count("id")).order_by())
    result = Assignment(
        per_segment={s.pk: counts.get(s.pk, 0) for s in segments},
        unassigned=counts.get(None, 0),
        total=sum(counts.values()),
    )
    audit_record(
        actor=actor,
        verb="segments.assigned",
        target=pilot,
        data={"segments": {str(k): v for k, v in result.per_segment.items()}, "unassigned": result.unassigned},
        now=now,
    )
    return result
