"""A person's privacy rights: erasure and a copy of their data (export).

Erasure anonymizes the person everywhere in one transaction and keeps the row, so the ledger's
counts and money still add up: the person's names become "Erased person"; emails, handles, tags,
title, city, employer, notes and source detail go; consent history keeps what was decided and when
but loses its free text; audit events about them lose those snapshots, and every event that names
them (about them and someone else, such as an introduction made to them, or one whose target or
data holds their full name, an email address or a handle, such as a directory search for them)
loses those words to "[erased]", the event itself staying so the trail still reads; every app that
registered a personal-data section (people.registry) erases what it copied. One "person.erased"
event records who erased whom (by id), and nothing that was erased.

Export gathers the same data as JSON: the profile, emails, handles, tags, consent history and
every registered section under its key.

Only HR leads erase and export: they answer data-subject requests for the firm, and the export
bundles what every app holds (ledger rows, conversations) across pilots a contributor may not see.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import AuditEvent, User
from accounts.selectors import RELATED_PERSON_KEY
from accounts.services import audit_record

from ..access import can_erase_people, can_export_people
from ..models import ConsentEvent, Person
from ..registry import erase_sections, personal_data_sections
from .common import AlreadyErasedError, require
from .search_index import person_search_refresh

ERASED_NAME = "Erased person"
ERASED_TEXT = "[erased]"
# The shortest full name that is searched for in every other audit event (see _scrub_audit_log).
MIN_MENTION_NAME = 5
MSG_ALREADY_ERASED = "This person's data was already erased on {date}; there is nothing left to erase."
# Keys of audit data whose values are the person's own data (a person's snapshot or field changes).
PERSONAL_KEYS = frozenset(
    {
        "first_name",
        "last_name",
        "full_name",
        "name",
        "title",
        "city",
        "notes",
        "source_detail",
        "emails",
        "email",
        "handles",
        "handle",
        "profile_url",
        "tags",
        "company",
        "reason",
        "note",
        "source",
    }
)
PERSON_EXPORT_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "title",
    "country",
    "city",
    "source",
    "source_detail",
    "consent_to_contact",
    "consent_date",
    "do_not_contact",
    "do_not_contact_since",
    "notes",
    "created_at",
    "updated_at",
    "erased_at",
)


# --- Scrubbing the audit log ------------------------------------------------------------------


def related_person(person_id: int | None) -> dict[str, int]:
    """The audit data naming a second person an event is about (RELATED_PERSON_KEY), or nothing
    when there is none: ``data={"pilot": 3, **related_person(row.to_person_id)}``."""
    return {} if person_id is None else {RELATED_PERSON_KEY: int(person_id)}


def _pattern(identifiers: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any identifier as a whole token (an email address, a
    handle, a URL or a name), never inside a longer word: erasing "ann" leaves "annual" alone."""
    words = sorted({i.strip() for i in identifiers if len(i.strip()) >= 2}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w./-])(?:{alternatives})(?![\w@-])", re.IGNORECASE)


def _scrub(value: Any, pattern: re.Pattern[str] | None, *, personal: bool) -> Any:
    """``value`` with the identifiers replaced; with ``personal``, the values of PERSONAL_KEYS go
    whole (an event about the person: its snapshot and field changes are their data)."""
    if isinstance(value, dict):
        return {
            key: (ERASED_TEXT if personal and key in PERSONAL_KEYS and item not in (None, "", [], {}) else
                  _scrub(item, pattern, personal=personal))
            for key, item in value.items()
        }  # fmt: skip
    if isinstance(value, list):
        return [_scrub(item, pattern, personal=personal) for item in value]
    if isinstance(value, str) and pattern is not None:
        return pattern.sub(ERASED_TEXT, value)
    return value


def _searched(text: str) -> list[str]:
    """``text`` as the JSON cast to text may hold it: as it is (PostgreSQL's jsonb) and with its
    non-ASCII letters escaped (SQLite keeps the text Django wrote, "S\\u00f8ren")."""
    escaped = json.dumps(text)[1:-1]
    return [text] if escaped == text else [text, escaped]


def _scrub_audit_log(person: Person, *, names: list[str], contacts: list[str]) -> int:
    """Scrub the audit events that name ``person``; returns how many changed. Three kinds:

    - theirs (person_id or target): their snapshots go whole, their names and contacts become
      ERASED_TEXT;
    - about them and someone else (their id under RELATED_PERSON_KEY, e.g. an introduction made
      to them, or any event about the same row as one of those): their names and contacts go;
    - any other event whose target or data mentions their full name, an email address or a handle
      (a directory search for them, a conversation's author): those words go, the rest stays.

    Every event stays, with its actor, verb and time: the trail keeps saying who read or changed
    what. The candidates are found in the database (two queries); only they are loaded."""
    own = Q(person_id=person.pk) | Q(target_type="people.person", target_id=str(person.pk))
    related = Q(**{f"data__{RELATED_PERSON_KEY}": person.pk})
    # The rows those events are about (an introduction to them): their other events (corrected,
    # deleted) are about the person too, whatever their data says.
    rows = set(AuditEvent.objects.filter(related).exclude(target_id="").values_list("target_type", "target_id"))
    same_row = Q(pk__in=[])
    for target_type in {t for t, _ in rows}:
        same_row |= Q(target_type=target_type, target_id__in=[i for t, i in rows if t == target_type])
    # Other events are searched by the full name only, and only when it has MIN_MENTION_NAME
    # characters: a first name alone, or a short name ("Ann", "Li"), is in too many events about
    # someone else (another Ann, "Ann Arbor"). Shorter names are still scrubbed from the events
    # that are theirs or about them.
    full_name = names[0] if names else ""  # _identifiers puts it first
    mentioned = ([full_name] if len(full_name.strip()) >= MIN_MENTION_NAME else []) + contacts
    mentions = Q()
    for word in mentioned:
        mentions |= Q(target_repr__icontains=word)
        for text in _searched(word):
            mentions |= Q(data_text__icontains=text)
    events = AuditEvent.objects.annotate(data_text=Cast("data", TextField()))
    candidates = events.filter(own | related | same_row | mentions)
    everything = _pattern([*names, *contacts])
    in_passing = _pattern(mentioned)
    changed = 0
    fields = ("id", "person_id", "target_type", "target_id", "target_repr", "data")
    for event in candidates.only(*fields):
        is_own = event.person_id == person.pk or (
            event.target_type == "people.person" and event.target_id == str(person.pk)
        )
        is_related = (event.target_type, event.target_id) in rows or (
            isinstance(event.data, dict) and event.data.get(RELATED_PERSON_KEY) == person.pk
        )
        pattern = everything if is_own or is_related else in_passing
        data = _scrub(event.data, pattern, personal=is_own)
        target_repr = ERASED_NAME if is_own and event.target_type == "people.person" else event.target_repr
        if pattern is not None and target_repr:
            target_repr = pattern.sub(ERASED_TEXT, target_repr)
        if data != event.data or target_repr != event.target_repr:
            AuditEvent.objects.filter(pk=event.pk).update(data=data, target_repr=target_repr[:255])
            changed += 1
    return changed


# --- Erasure ----------------------------------------------------------------------------------


def _identifiers(person: Person) -> tuple[list[str], list[str]]:
    """The person's names (the full name first), and their email addresses, handles and profile
    URLs."""
    names = [n for n in (person.full_name, person.first_name, person.last_name) if n.strip()]
    contacts = list(person.emails.values_list("email", flat=True))
    for handle, url in person.handles.values_list("handle", "profile_url"):
        contacts += [x for x in (handle, url, handle.lstrip("@")) if x]
    return names, [c for c in dict.fromkeys(contacts) if len(c) >= 3]


def person_erase(*, actor: User, person: Person, now: dt.datetime | None = None) -> Person:
    """Anonymize ``person`` everywhere (see the module's docstring). HR leads only; an erased
    person cannot be erased again (AlreadyErasedError, 409)."""
    require(can_erase_people(actor))
    now = now or timezone.now()
    with transaction.atomic():
        # The row lock makes two erasures of the same person queue; the second sees erased_at.
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.erased_at is not None:
            raise AlreadyErasedError(MSG_ALREADY_ERASED.format(date=f"{locked.erased_at:%d %b %Y}"))
        names, contacts = _identifiers(locked)
        locked.emails.all().delete()
        locked.handles.all().delete()
        locked.tags.clear()
        for name, value in {
            "first_name": ERASED_NAME,
            "last_name": "",
            "title": "",
            "company": None,
            "city": "",
            "source_detail": "",
            "notes": "",
            "consent_to_contact": False,
            "consent_date": None,
            # Nobody may contact an erased person, whatever a stale list says.
            "do_not_contact": True,
            "do_not_contact_since": locked.do_not_contact_since or now.date(),
            "erased_at": now,
            "updated_at": now,
        }.items():
            setattr(locked, name, value)
        locked.save()
        person_search_refresh([locked.pk])  # nothing may find them by what identified them
        ConsentEvent.objects.filter(person=locked).update(source="", note="")
        sections = {}
        for section in erase_sections():
            assert section.erase is not None
            sections[section.key] = section.erase(locked, actor)
        scrubbed = _scrub_audit_log(locked, names=names, contacts=contacts)
        audit_record(
            actor=actor,
            verb="person.erased",
            target=locked,  # reads "Erased person"; the id is the event's person_id
            data={"sections": sections, "audit_events_scrubbed": scrubbed},
            now=now,
        )
    person.refresh_from_db()
    return person


# --- Export -----------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def person_export(*, actor: User, person: Person, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the program holds about ``person`` as JSON-ready data, and one
    "person.exported" audit event. HR leads only."""
    require(can_export_people(actor))
    now = now or timezone.now()
    person = Person.objects.select_related("company").prefetch_related("emails", "handles", "tags").get(pk=person.pk)
    profile = {name: _jsonable(getattr(person, name)) for name in PERSON_EXPORT_FIELDS}
    profile["company"] = person.company.name if person.company else None
    sections = {
        section.key: {"label": section.label, "rows": section.export(person)} for section in personal_data_sections()
    }
    data = {
        "exported_at": now.isoformat(),
        "person": profile,
        "emails": [{"email": e.email, "primary": e.is_primary} for e in person.emails.all()],
        "handles": [
            {"venue_kind": h.venue_kind, "handle": h.handle, "profile_url": h.profile_url} for h in person.handles.all()
        ],
        "tags": [t.name for t in person.tags.all()],
        "consent_history": [
            {
                "kind": e.kind,
                "label": e.get_kind_display(),
                "effective_date": e.effective_date.isoformat(),
                "source": e.source,
                "note": e.note,
                "recorded_at": e.recorded_at.isoformat(),
                "recorded_by": str(e.actor) if e.actor else None,
            }
            for e in person.consent_events.select_related("actor").order_by("recorded_at", "id")
        ],
        "sections": sections,
    }
    audit_record(
        actor=actor,
        verb="person.exported",
        target=person,
        data={"sections": sorted(sections)},
        now=now,
    )
    return data
