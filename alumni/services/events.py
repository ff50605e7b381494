"""Networking events: "ask alumni in certain geos about their favorite local networking events,
meet them there and exchange introductions with people onsite".

Who: HR leads and the members of the event's pilot create, correct and link introductions (a
Stage 2 pilot they work in); deleting is for HR leads and whoever recorded the event. Rules: a
place (city, ISO country code), a sane date, attendees who are members of the pilot, recommenders
who are alumni of the pilot, linked introductions of the same pilot and linked to one event only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import ConflictError, DomainError, ForbiddenError
from metrics.models import Introduction
from metrics.services import introduction_record
from people.countries import country_code
from programs.models import Membership, Pilot, Stage

from ..access import stage_pilots
from ..models import Alumnus, EventIntroduction, NetworkingEvent

MSG_PILOT = "Choose one of your Stage 2 pilots."
MSG_NAME = "Give the event a name."
MSG_CITY = "Say in which city the event takes place."
MSG_COUNTRY = "Enter a country as its two-letter ISO code (e.g. DE) or its name."
MSG_DATE_OLD = "The date is before 2000; check the year."
MSG_DATE_FAR = "The date is more than two years ahead; check the year."
MSG_ATTENDEE = "Only members of the pilot can be listed as having gone: {names}."
MSG_RECOMMENDER = "Only alumni of the pilot can recommend its events: {names}."
MSG_DELETE = "Only an HR lead or whoever recorded the event can delete it."
MSG_INTRO_PILOT = "Only introductions logged in the event's pilot can be linked to it."
MSG_INTRO_LINKED = "This introduction is already linked to “{event}”."
MSG_INTRO_NOT_LINKED = "This introduction is not linked to this event."

EARLIEST = dt.date(2000, 1, 1)
MAX_AHEAD = dt.timedelta(days=2 * 366)

AUDIT_LISTED = "networking_events.api_listed"

PHRASES: dict[str, str] = {
    AUDIT_LISTED: "Networking events listed through the API",
    "networking_event.created": "Networking event {target} recorded",
    "networking_event.changed": "Networking event {target} changed",
    "networking_event.deleted": "Networking event {target} deleted",
    "networking_event.introduction_linked": "Introduction linked to networking event {target}",
    "networking_event.introduction_unlinked": "Introduction unlinked from networking event {target}",
}


def _error(message: str, field: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def check_pilot(actor: User, pilot: Pilot) -> None:
    """The actor works in ``pilot`` and it is a Stage 2 pilot (one message either way)."""
    if pilot.stage != Stage.ALUMNI or not stage_pilots(actor).filter(pk=pilot.pk).exists():
        raise DomainError(MSG_PILOT, code="pilot", fields={"pilot": [MSG_PILOT]})


def _clean(values: dict[str, Any], now: dt.datetime | None) -> dict[str, Any]:
    name = " ".join(str(values["name"]).split())
    if not name:
        raise _error(MSG_NAME, "name")
    city = " ".join(str(values["city"]).split())
    if not city:
        raise _error(MSG_CITY, "city")
    code = country_code(str(values["country"]))
    if not code:
        raise _error(MSG_COUNTRY, "country")
    starts_on: dt.date = values["starts_on"]
    if starts_on < EARLIEST:
        raise _error(MSG_DATE_OLD, "starts_on")
    if starts_on > timezone.localdate(now or timezone.now()) + MAX_AHEAD:
        raise _error(MSG_DATE_FAR, "starts_on")
    return {**values, "name": name[:200], "city": city[:120], "country": code}


def _check_people(pilot: Pilot, attendees: Iterable[User], recommended_by: Iterable[Alumnus]) -> None:
    members = set(Membership.objects.filter(pilot=pilot).values_list("user_id", flat=True))
    strangers = [str(u) for u in attendees if u.pk not in members]
    if strangers:
        raise _error(MSG_ATTENDEE.format(names=", ".join(strangers)), "attendees")
    others = [str(a) for a in recommended_by if a.pilot_id != pilot.pk]
    if others:
        raise _error(MSG_RECOMMENDER.format(names=", ".join(others)), "recommended_by")


def _audit(actor: User, verb: str, event: NetworkingEvent, now: dt.datetime | None, **data: Any) -> None:
    audit_record(actor=actor, verb=verb, target=event, data={"pilot": event.pilot_id, **data}, now=now)


@transaction.atomic
def event_create(
    *,
    actor: User,
    pilot: Pilot,
    name: str,
    city: str,
    country: str,
    starts_on: dt.date,
    url: str = "",
    notes: str = "",
    recommended_by: Iterable[Alumnus] = (),
    attendees: Iterable[User] = (),
    now: dt.datetime | None = None,
) -> NetworkingEvent:
    check_pilot(actor, pilot)
    values = _clean({"name": name, "city": city, "country": country, "starts_on": starts_on}, now)
    recommended_by, attendees = list(recommended_by), list(attendees)
    _check_people(pilot, attendees, recommended_by)
    event = NetworkingEvent.objects.create(
        pilot=pilot,
        url=url.strip(),
        notes=notes.strip(),
        created_by=actor,
        created_at=now or timezone.now(),
        **values,
    )
    event.recommended_by.set(recommended_by)
    event.attendees.set(attendees)
    _audit(actor, "networking_event.created", event, now)
    return event


EDITABLE = ("pilot", "name", "city", "country", "starts_on", "url", "notes")


@transaction.atomic
def event_update(*, actor: User, event: NetworkingEvent, now: dt.datetime | None = None, **changes: Any) -> list[str]:
    """Correct an event; the fields not given keep their values (``recommended_by`` and
    ``attendees``, when given, replace the lists). Returns the names of the fields that changed."""
    unknown = set(changes) - {*EDITABLE, "recommended_by", "attendees"}
    if unknown:
        raise TypeError(f"event_update() got unexpected fields: {sorted(unknown)}")
    check_pilot(actor, event.pilot)
    pilot: Pilot = changes.get("pilot", event.pilot)
    if pilot.pk != event.pilot_id:
        check_pilot(actor, pilot)
    merged = {name: changes.get(name, getattr(event, name)) for name in EDITABLE}
    merged.update(_clean(merged, now))
    merged["url"], merged["notes"] = str(merged["url"]).strip(), str(merged["notes"]).strip()
    recommended_by = list(changes.get("recommended_by", event.recommended_by.all()))
    attendees = list(changes.get("attendees", event.attendees.all()))
    _check_people(pilot, attendees, recommended_by)
    if pilot.pk != event.pilot_id and event.event_introductions.exists():
        raise _error(MSG_INTRO_PILOT, "pilot")
    changed = [name for name in EDITABLE if getattr(event, name) != merged[name]]
    for name in changed:
        setattr(event, name, merged[name])
    if changed:
        event.save(update_fields=changed)
    for name, new in (("recommended_by", recommended_by), ("attendees", attendees)):
        if name in changes and {x.pk for x in new} != set(getattr(event, name).values_list("pk", flat=True)):
            getattr(event, name).set(new)
            changed.append(name)
    if changed:
        _audit(actor, "networking_event.changed", event, now, changed=changed)
    return changed


@transaction.atomic
def event_delete(*, actor: User, event: NetworkingEvent, now: dt.datetime | None = None) -> None:
    """Delete an event and its links (the linked introductions stay in the ledger)."""
    check_pilot(actor, event.pilot)
    if not (actor.is_hr_lead or event.created_by_id == actor.pk):
        raise ForbiddenError(MSG_DELETE)
    _audit(actor, "networking_event.deleted", event, now, name=event.name)
    event.delete()


@transaction.atomic
def event_link_introduction(
    *, actor: User, event: NetworkingEvent, introduction: Introduction, now: dt.datetime | None = None
) -> EventIntroduction:
    """Record that ``introduction`` was exchanged at ``event`` (same pilot; one event per introduction)."""
    check_pilot(actor, event.pilot)
    if introduction.pilot_id != event.pilot_id:
        raise _error(MSG_INTRO_PILOT, "introduction")
    existing = EventIntroduction.objects.select_related("event").filter(introduction=introduction).first()
    if existing is not None:
        raise ConflictError(
            MSG_INTRO_LINKED.format(event=existing.event.name),
            fields={"introduction": [MSG_INTRO_LINKED.format(event=existing.event.name)]},
        )
    link = EventIntroduction.objects.create(event=event, introduction=introduction)
    _audit(actor, "networking_event.introduction_linked", event, now, introduction=introduction.pk)
    return link


@transaction.atomic
def event_unlink_introduction(
    *, actor: User, event: NetworkingEvent, introduction: Introduction, now: dt.datetime | None = None
) -> None:
    check_pilot(actor, event.pilot)
    deleted, _ = EventIntroduction.objects.filter(event=event, introduction=introduction).delete()
    if not deleted:
        raise _error(MSG_INTRO_NOT_LINKED, "introduction")
    _audit(actor, "networking_event.introduction_unlinked", event, now, introduction=introduction.pk)


@transaction.atomic
def event_introduction_record(
    *, actor: User, event: NetworkingEvent, now: dt.datetime | None = None, **introduction: Any
) -> Introduction:
    """Log an introduction made at ``event`` in the ledger (metrics.services.introduction_record,
    in the event's pilot) and link it to the event, in one transaction."""
    introduction.pop("pilot", None)
    row = introduction_record(actor=actor, pilot=event.pilot, now=now, **introduction)
    event_link_introduction(actor=actor, event=event, introduction=row, now=now)
    return row
