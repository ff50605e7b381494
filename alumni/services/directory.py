"""The alumni directory's writes: making someone an alumnus (an existing person, or a new one
through people.services.person_create), correcting the record, removing it (the Person stays),
dated goodwill assessments, and private-group membership per venue. Also the audited reads:
the list, its CSV and an alumnus's page, one event per request.

Who: HR leads and contributors create and edit alumni of the Stage 2 pilots they work in
(alumni.access.stage_pilots); only HR leads remove an alumnus record. A person is an alumnus once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from people.models import Person
from people.services import PersonData, person_create
from programs.models import Pilot, Venue

from ..access import can_manage, can_work, stage_pilots, visible_alumni
from ..models import AlumniSegment, Alumnus, ExitType, Goodwill, GoodwillChange, GroupMembership, GroupStatus

PHRASES: dict[str, str] = {
    "alumnus.created": "{target} made an alumnus",
    "alumnus.changed": "Alumnus record of {target} changed",
    "alumnus.deleted": "Alumnus record of {target} removed (the person stays)",
    "alumnus.viewed": "Alumnus {target} viewed",
    "alumnus.goodwill_recorded": "Goodwill of {target} assessed",
    "alumnus.membership_set": "Private-group membership of {target} recorded",
    "alumni.listed": "Alumni listed",
    "alumni.exported": "Alumni list downloaded as CSV",
    "alumni.records_erased": "Alumni records of {target} erased",
    "goodwill_changes.api_listed": "Goodwill history listed through the API",
    "group_memberships.api_listed": "Private-group memberships listed through the API",
}

NOTE_MAX = 500
MSG_NO_WORK = "Only HR leads and contributors of a Stage 2 pilot work with alumni."
MSG_PILOT = "Choose one of the Stage 2 pilots you work in."
MSG_SEGMENT = "Choose a segment of the alumnus's pilot."
MSG_WHO = "Choose the person who left, or give a new person's name."
MSG_DUPLICATE = "{name} is already an alumnus (of {pilot})."
MSG_ERASED = "This person's data was erased: they cannot be made an alumnus."
MSG_DATES = "The day they left cannot be before the day they started."
MSG_FUTURE = "This date is in the future; give the day it happened."
MSG_DELETE_HR = "Only HR leads remove an alumnus record."
MSG_LEVEL = "Choose how they feel about us (not “Not known yet”)."
MSG_NOTE = f"Keep the note under {NOTE_MAX} characters."
MSG_STATUS = "Choose invited, joined, declined or left."
MSG_EXIT = "Choose how they left."


class DuplicateAlumnusError(ConflictError):
    """The person is an alumnus already: ``alumnus`` is that record (pages link to it)."""

    code = "duplicate_alumnus"

    def __init__(self, alumnus: Alumnus):
        message = MSG_DUPLICATE.format(name=alumnus.person.full_name, pilot=alumnus.pilot.name)
        super().__init__(message, fields={"person": [message], "alumnus": alumnus.pk})
        self.alumnus = alumnus


# --- rules ------------------------------------------------------------------------------------


def _require_pilot(actor: User, pilot: Pilot) -> None:
    if not can_work(actor):
        raise ForbiddenError(MSG_NO_WORK)
    if not stage_pilots(actor).filter(pk=pilot.pk).exists():
        raise DomainError(MSG_PILOT, fields={"pilot": [MSG_PILOT]})


def _require_visible(actor: User, alumnus: Alumnus) -> None:
    if not can_work(actor) or not visible_alumni(actor).filter(pk=alumnus.pk).exists():
        raise ForbiddenError(MSG_NO_WORK)


def _check_dates(started_on: dt.date | None, left_on: dt.date | None, *, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    for name, day in (("started_on", started_on), ("left_on", left_on)):
        if day is not None and day > today:
            errors[name] = [MSG_FUTURE]
    if started_on is not None and left_on is not None and left_on < started_on and "left_on" not in errors:
        errors["left_on"] = [MSG_DATES]
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(first, fields=errors)


def _check_segment(segment: AlumniSegment | None, pilot: Pilot) -> None:
    if segment is not None and segment.pilot_id != pilot.pk:
        raise DomainError(MSG_SEGMENT, fields={"segment": [MSG_SEGMENT]})


def _check_choices(values: dict[str, Any]) -> None:
    if "exit_type" in values and values["exit_type"] not in ExitType.values:
        raise DomainError(MSG_EXIT, fields={"exit_type": [MSG_EXIT]})


def existing_alumnus(person: Person) -> Alumnus | None:
    return Alumnus.objects.select_related("person", "pilot").filter(person=person).first()


# --- the record -------------------------------------------------------------------------------

RECORD_FIELDS = ("former_department", "former_role", "started_on", "left_on", "exit_type", "rehire_eligible", "segment")


@transaction.atomic
def alumnus_create(
    *,
    actor: User,
    pilot: Pilot,
    person: Person | None = None,
    new_person: PersonData | None = None,
    allow_same_name: bool = False,
    former_department: str = "",
    former_role: str = "",
    started_on: dt.date | None = None,
    left_on: dt.date | None = None,
    exit_type: str = ExitType.VOLUNTARY,
    rehire_eligible: bool | None = None,
    segment: AlumniSegment | None = None,
    now: dt.datetime | None = None,
) -> Alumnus:
    """Make ``person`` (or a ``new_person``, created in the directory first) an alumnus of
    ``pilot``. Refused: a pilot the actor does not work in, a person who is an alumnus already
    (DuplicateAlumnusError, naming the record), an erased person, dates out of order or ahead."""
    now = now or timezone.now()
    _require_pilot(actor, pilot)
    _check_choices({"exit_type": exit_type})
    _check_dates(started_on, left_on, today=timezone.localdate(now))
    _check_segment(segment, pilot)
    if person is None and new_person is None:
        raise DomainError(MSG_WHO, fields={"person": [MSG_WHO]})
    if person is not None:
        if person.erased_at is not None:
            raise DomainError(MSG_ERASED, fields={"person": [MSG_ERASED]})
        if (existing := existing_alumnus(person)) is not None:
            raise DuplicateAlumnusError(existing)
    else:
        assert new_person is not None
        person = person_create(actor=actor, data=new_person, allow_same_name=allow_same_name, now=now)
    try:
        with transaction.atomic():
            alumnus = _insert(
                actor=actor,
                person=person,
                pilot=pilot,
                now=now,
                values={
                    "former_department": former_department.strip(),
                    "former_role": former_role.strip(),
                    "started_on": started_on,
                    "left_on": left_on,
                    "exit_type": exit_type,
                    "rehire_eligible": rehire_eligible,
                    "segment": segment,
                },
            )
    except IntegrityError as exc:
        # Someone made them an alumnus between the check and the insert.
        existing = existing_alumnus(person)
        if existing is None:
            raise
        raise DuplicateAlumnusError(existing) from exc
    audit_record(
        actor=actor, verb="alumnus.created", target=alumnus, person_id=person.pk, data={"pilot": pilot.pk}, now=now
    )
    return alumnus


def _insert(*, actor: User, person: Person, pilot: Pilot, now: dt.datetime, values: dict[str, Any]) -> Alumnus:
    return Alumnus.objects.create(
        person=person, pilot=pilot, created_by=actor, created_at=now, updated_at=now, **values
    )


@transaction.atomic
def alumnus_update(*, actor: User, alumnus: Alumnus, now: dt.datetime | None = None, **values: Any) -> Alumnus:
    """Correct the record: any of ``pilot`` and RECORD_FIELDS. The same rules as creation; a
    change of pilot keeps the segment only if it belongs to the new pilot (else clears it)."""
    now = now or timezone.now()
    _require_visible(actor, alumnus)
    unknown = set(values) - {"pilot", *RECORD_FIELDS}
    if unknown:
        raise TypeError(f"alumnus_update: unknown fields {sorted(unknown)}")
    _check_choices(values)
    pilot = values.get("pilot", alumnus.pilot)
    if pilot.pk != alumnus.pilot_id:
        _require_pilot(actor, pilot)
        if "segment" not in values and alumnus.segment_id is not None:
            values["segment"] = None
    _check_segment(values.get("segment", alumnus.segment), pilot)
    _check_dates(
        values.get("started_on", alumnus.started_on),
        values.get("left_on", alumnus.left_on),
        today=timezone.localdate(now),
    )
    for name in ("former_department", "former_role"):
        if name in values:
            values[name] = (values[name] or "").strip()
    changes = changed_fields(alumnus, values)
    if not changes:
        return alumnus
    alumnus.updated_at = now
    alumnus.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor,
        verb="alumnus.changed",
        target=alumnus,
        person_id=alumnus.person_id,
        data={"changes": changes},
        now=now,
    )
    return alumnus


@transaction.atomic
def alumnus_delete(*, actor: User, alumnus: Alumnus, now: dt.datetime | None = None) -> None:
    """Remove the alumnus record with its goodwill history, memberships, recommendations and
    survey invites (cascade); the Person stays in the directory. HR leads only."""
    if not can_manage(actor):
        raise ForbiddenError(MSG_DELETE_HR)
    person_id, pilot_id, pk = alumnus.person_id, alumnus.pilot_id, alumnus.pk
    audit_record(
        actor=actor,
        verb="alumnus.deleted",
        target=alumnus,
        person_id=person_id,
        data={"pilot": pilot_id, "alumnus": pk},
        now=now,
    )
    alumnus.delete()


# --- goodwill and membership ------------------------------------------------------------------


@transaction.atomic
def goodwill_record(
    *,
    actor: User,
    alumnus: Alumnus,
    level: str,
    on: dt.date,
    note: str = "",
    now: dt.datetime | None = None,
) -> GoodwillChange:
    """One dated assessment of how ``alumnus`` feels about us. It goes into the history as the
    change from the level in effect that day to ``level``. The newest assessment by date (on a tie,
    the last recorded) is the alumnus's goodwill; a back-dated one is history only."""
    now = now or timezone.now()
    _require_visible(actor, alumnus)
    if level not in Goodwill.values or level == Goodwill.UNKNOWN:
        raise DomainError(MSG_LEVEL, fields={"level": [MSG_LEVEL]})
    if on > timezone.localdate(now):
        raise DomainError(MSG_FUTURE, fields={"on": [MSG_FUTURE]})
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise DomainError(MSG_NOTE, fields={"note": [MSG_NOTE]})
    # The row lock makes two assessments recorded at once queue: each sees the other's result.
    locked = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    before = GoodwillChange.objects.filter(alumnus=locked, on__lte=on).order_by("-on", "-id").first()
    from_level = before.to_level if before is not None else Goodwill.UNKNOWN
    change = GoodwillChange.objects.create(
        alumnus=locked, from_level=from_level, to_level=level, on=on, note=note, by=actor, recorded_at=now
    )
    current = locked.goodwill_on is None or on >= locked.goodwill_on
    if current:
        Alumnus.objects.filter(pk=locked.pk).update(goodwill=level, goodwill_on=on, updated_at=now)
        alumnus.goodwill, alumnus.goodwill_on, alumnus.updated_at = level, on, now
    audit_record(
        actor=actor,
        verb="alumnus.goodwill_recorded",
        target=alumnus,
        person_id=alumnus.person_id,
        data={"from": from_level, "to": level, "on": on.isoformat(), "current": current},
        now=now,
    )
    return change


@transaction.atomic
def group_membership_set(
    *,
    actor: User,
    alumnus: Alumnus,
    venue: Venue,
    status: str,
    on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> GroupMembership:
    """Record the alumnus's membership of the private group on ``venue``: invited, joined,
    declined or left, as of ``on`` (today by default). One row per alumnus and venue."""
    now = now or timezone.now()
    _require_visible(actor, alumnus)
    if status not in GroupStatus.values:
        raise DomainError(MSG_STATUS, fields={"status": [MSG_STATUS]})
    on = on or timezone.localdate(now)
    if on > timezone.localdate(now):
        raise DomainError(MSG_FUTURE, fields={"on": [MSG_FUTURE]})
    membership, created = GroupMembership.objects.select_for_update().get_or_create(
        alumnus=alumnus, venue=venue, defaults={"status": status, "changed_on": on, "by": actor}
    )
    before = None if created else membership.status
    if not created:
        membership.status, membership.changed_on, membership.by = status, on, actor
        membership.save(update_fields=["status", "changed_on", "by"])
    audit_record(
        actor=actor,
        verb="alumnus.membership_set",
        target=alumnus,
        person_id=alumnus.person_id,
        data={"venue": venue.pk, "from": before, "to": status, "on": on.isoformat()},
        now=now,
    )
    return membership


# --- audited reads (one event per request) ----------------------------------------------------


def alumnus_viewed(*, actor: User, alumnus: Alumnus, via: str = "page") -> None:
    audit_record(actor=actor, verb="alumnus.viewed", target=alumnus, person_id=alumnus.person_id, data={"via": via})


def alumni_listed(*, actor: User, data: dict[str, Any]) -> None:
    """``data``: the filters used and the rows matched (core.api.listing_audit_data in the API)."""
    audit_record(actor=actor, verb="alumni.listed", target_type="alumni.alumnus", data=data)


def alumni_exported(*, actor: User, data: dict[str, Any]) -> None:
    audit_record(actor=actor, verb="alumni.exported", target_type="alumni.alumnus", data=data)
