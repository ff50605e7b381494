"""Consent to be contacted and do-not-contact. Every change is a ConsentEvent (the history the
person page and the data export show) and an audit event; people.consent holds the rule other apps
call before they contact someone.

- Whoever may edit a person records or withdraws consent and marks them "do not contact".
- Marking "do not contact" withdraws consent too (the stronger request wins).
- Only an HR lead clears "do not contact", and only with a note saying why: the person asked us
  not to contact them, so undoing it must be deliberate and explained.
- Consent cannot be recorded while "do not contact" is set (clear it first).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields

from ..access import can_edit_person
from ..models import ConsentEvent, Person
from .common import PeopleError, require, require_not_erased

MSG_CONSENT_FUTURE = "Consent cannot be dated in the future."
MSG_CONSENT_WHILE_DNC = (
    "{name} asked not to be contacted. An HR lead must clear “do not contact” (saying why) before "
    "consent can be recorded."
)
MSG_DNC_CLEAR_HR = "Only an HR lead can clear “do not contact”."
MSG_DNC_CLEAR_NOTE = "Say why “do not contact” is cleared, e.g. “asked to hear from us again, email of 3 May”."
MSG_DNC_FUTURE = "“Do not contact” cannot start in the future."
NOTE_MAX = 1000
SOURCE_MAX = 200


def consent_event_record(
    *,
    person: Person,
    kind: str,
    actor: User | None,
    effective_date: dt.date,
    source: str = "",
    note: str = "",
    now: dt.datetime,
) -> ConsentEvent:
    """Append one entry to the person's consent history (inside the caller's transaction)."""
    return ConsentEvent.objects.create(
        person=person,
        kind=kind,
        effective_date=effective_date,
        source=source.strip()[:SOURCE_MAX],
        note=note.strip()[:NOTE_MAX],
        actor=actor if actor is not None and actor.is_authenticated else None,
        recorded_at=now,
    )


def check_consent_allowed(person: Person, *, consent: bool, do_not_contact: bool, field: str) -> None:
    if consent and do_not_contact:
        msg = MSG_CONSENT_WHILE_DNC.format(name=person.full_name or "This person")
        raise PeopleError(msg, fields={field: [msg]})


def person_set_consent(
    *,
    actor: User,
    person: Person,
    consent: bool,
    date: dt.date | None = None,
    source: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Person:
    """Record (with the day it was given, default today) or withdraw a person's consent."""
    require(can_edit_person(actor, person))
    require_not_erased(person)
    now = now or timezone.now()
    if date is not None and date > now.date():
        raise PeopleError(MSG_CONSENT_FUTURE, fields={"consent_date": [MSG_CONSENT_FUTURE]})
    check_consent_allowed(person, consent=consent, do_not_contact=person.do_not_contact, field="consent")
    with transaction.atomic():
        values = {"consent_to_contact": consent, "consent_date": (date or now.date()) if consent else None}
        changes = changed_fields(person, values)
        if changes:
            person.updated_at = now
            person.save(update_fields=[*changes, "updated_at"])
            consent_event_record(
                person=person,
                kind=ConsentEvent.Kind.GIVEN if consent else ConsentEvent.Kind.WITHDRAWN,
                actor=actor,
                effective_date=person.consent_date or now.date(),
                source=source,
                note=note,
                now=now,
            )
            audit_record(actor=actor, verb="person.consent_changed", target=person, data={"changes": changes}, now=now)
    return person


def apply_do_not_contact(
    *,
    actor: User | None,
    person: Person,
    do_not_contact: bool,
    date: dt.date | None = None,
    source: str = "",
    note: str = "",
    now: dt.datetime,
    field: str = "do_not_contact",
) -> bool:
    """Set or clear "do not contact" on a saved person, inside the caller's transaction: the
    fields, the consent history and the audit event. Returns whether anything changed. Refuses
    (PeopleError on ``field``) a clearing without an HR lead and a note."""
    if person.do_not_contact == do_not_contact:
        return False
    if not do_not_contact:
        if actor is None or not actor.is_hr_lead:
            raise PeopleError(MSG_DNC_CLEAR_HR, fields={field: [MSG_DNC_CLEAR_HR]})
        if not note.strip():
            raise PeopleError(MSG_DNC_CLEAR_NOTE, fields={"note": [MSG_DNC_CLEAR_NOTE], field: [MSG_DNC_CLEAR_NOTE]})
    if date is not None and date > now.date():
        raise PeopleError(MSG_DNC_FUTURE, fields={field: [MSG_DNC_FUTURE]})
    since = (date or now.date()) if do_not_contact else None
    values: dict[str, object] = {"do_not_contact": do_not_contact, "do_not_contact_since": since}
    withdraw = do_not_contact and person.consent_to_contact
    if withdraw:
        values.update(consent_to_contact=False, consent_date=None)
    changes = changed_fields(person, values)
    person.updated_at = now
    person.save(update_fields=[*changes, "updated_at"])
    events = [(ConsentEvent.Kind.WITHDRAWN, "Withdrawn with “do not contact”.")] if withdraw else []
    kind = ConsentEvent.Kind.DO_NOT_CONTACT_SET if do_not_contact else ConsentEvent.Kind.DO_NOT_CONTACT_CLEARED
    for event_kind, event_note in [*events, (kind, note)]:
        consent_event_record(
            person=person,
            kind=event_kind,
            actor=actor,
            effective_date=since or now.date(),
            source=source,
            note=event_note,
            now=now,
        )
    audit_record(
        actor=actor,
        verb="person.do_not_contact_set" if do_not_contact else "person.do_not_contact_cleared",
        target=person,
        data={"changes": changes},
        now=now,
    )
    return True


def person_set_do_not_contact(
    *,
    actor: User,
    person: Person,
    do_not_contact: bool,
    date: dt.date | None = None,
    source: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Person:
    """Mark a person "do not contact" (whoever may edit them), or clear it (HR leads, with a note)."""
    require(can_edit_person(actor, person))
    require_not_erased(person)
    with transaction.atomic():
        apply_do_not_contact(
            actor=actor,
            person=person,
            do_not_contact=do_not_contact,
            date=date,
            source=source,
            note=note,
            now=now or timezone.now(),
        )
    return person
