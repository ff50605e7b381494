"""People: creation with duplicate detection, edits, deletion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError
from programs.models import Venue

from ..access import can_edit_person
from ..countries import country_code
from ..models import Company, ConsentEvent, Person, PersonEmail, SocialHandle, Tag
from .common import PeopleError, delete_unless_referred, require, require_not_erased
from .companies import company_save
from .contact import MSG_CONSENT_FUTURE, apply_do_not_contact, check_consent_allowed, consent_event_record
from .search_index import person_search_refresh


class DuplicatePersonError(ConflictError):
    """Raised with the matching people so the form can link to them."""

    code = "duplicate"

    def __init__(self, message: str, *, matches: list[Person], fields: dict[str, Any] | None = None):
        super().__init__(message, fields=fields)
        self.matches = matches


MSG_DUPLICATE_EMAIL = "{email} already belongs to {person}."
MSG_DUPLICATE_URL = "The profile {url} already belongs to {person}."
MSG_DUPLICATE_HANDLE = "The {kind} handle {handle} already belongs to {person}."
MSG_SIMILAR_NAME = "{who} called {name} {verb} already in the directory. Check, or confirm to create anyway."
MSG_NAME_REQUIRED = "A first name is required."
MSG_HANDLE_EMPTY = "Give a handle or a profile URL for {kind}."
MSG_BAD_VENUE_KIND = "Unknown venue kind {kind!r}."
MSG_COUNTRY = "“{value}” is not a country. Use its name or two-letter ISO code, e.g. Sweden or SE."
MSG_CONSENT_DATE_ONLY = "A consent date was given without consent: tick “consents to be contacted” or clear the date."
# How much one person may carry: generous for a real person, a refusal for a flood.
MAX_EMAILS = 20
MAX_HANDLES = 20
MAX_TAGS = 50
MSG_TOO_MANY = "At most {limit} {what} per person."
MSG_BAD_PROFILE_URL = "“{url}” is not a web address of a profile (it should start with https://)."


@dataclass
class HandleData:
    venue_kind: str
    handle: str = ""
    profile_url: str = ""


@dataclass
class PersonData:
    """What a form or serializer hands to person_create / person_update."""

    first_name: str
    last_name: str = ""
    title: str = ""
    company: Company | None = None
    new_company: str = ""  # a typed company name: the existing company of that name, else a new one
    country: str = ""
    city: str = ""
    emails: list[str] = field(default_factory=list)
    handles: list[HandleData] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str = Person.Source.MANUAL
    source_detail: str = ""
    consent_to_contact: bool = False
    consent_date: dt.date | None = None
    notes: str = ""
    # None: leave "do not contact" as it is (the edit form does not offer clearing it).
    do_not_contact: bool | None = None
    # How a consent or do-not-contact change reached us, and why: recorded in the consent history.
    consent_source: str = ""
    consent_note: str = ""


def _normalise_emails(emails: list[str]) -> list[str]:
    """Lower case, stripped, each once, in the order given (the first is the primary)."""
    return list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))


def _normalise_handles(handles: list[HandleData]) -> list[HandleData]:
    """Canonical profile URLs, known venue kinds, each handle once (in any case), empty ones dropped."""
    kept: list[HandleData] = []
    seen: set[tuple[str, str]] = set()
    for h in handles:
        h.handle = h.handle.strip()
        url = canonical_profile_url(h.profile_url)
        if url is None:
            msg = MSG_BAD_PROFILE_URL.format(url=h.profile_url.strip()[:100])
            raise PeopleError(msg, fields={"handles": [msg]})
        h.profile_url = url
        if h.venue_kind not in Venue.Kind.values:
            msg = MSG_BAD_VENUE_KIND.format(kind=h.venue_kind)
            raise PeopleError(msg, fields={"handles": [msg]})
        # The same handle or profile typed twice (in any case) is one handle, not a conflict.
        keys = {(h.venue_kind, h.handle.lower())} if h.handle else set()
        if h.profile_url:
            keys.add(("url", h.profile_url.lower()))
        if not keys or keys & seen:
            continue
        seen |= keys
        kept.append(h)
    return kept


def _normalise_consent(data: PersonData, *, today: dt.date) -> None:
    if data.consent_date is not None and data.consent_date > today:
        raise PeopleError(MSG_CONSENT_FUTURE, fields={"consent_date": [MSG_CONSENT_FUTURE]})
    if not data.consent_to_contact and data.consent_date is not None:
        raise PeopleError(MSG_CONSENT_DATE_ONLY, fields={"consent_date": [MSG_CONSENT_DATE_ONLY]})
    if data.consent_to_contact and data.consent_date is None:
        data.consent_date = today


def _contact_rules(data: PersonData, person: Person | None) -> None:
    """ "Do not contact" set now withdraws consent (the stronger request wins); consent cannot be
    given to someone who stays marked "do not contact"."""
    was = bool(person is not None and person.do_not_contact)
    final = was if data.do_not_contact is None else data.do_not_contact
    if final and not was:
        data.consent_to_contact, data.consent_date = False, None
    if person is not None:
        check_consent_allowed(person, consent=data.consent_to_contact, do_not_contact=final, field="consent_to_contact")


def _record_consent_change(
    person: Person, changes: dict[str, Any], data: PersonData, actor: User | None, now: dt.datetime
) -> None:
    if not ({"consent_to_contact", "consent_date"} & set(changes)):
        return
    consent_event_record(
        person=person,
        kind=ConsentEvent.Kind.GIVEN if person.consent_to_contact else ConsentEvent.Kind.WITHDRAWN,
        actor=actor,
        effective_date=person.consent_date or now.date(),
        source=data.consent_source,
        note=data.consent_note,
        now=now,
    )


def _check_counts(data: PersonData) -> None:
    """Refuse a flood before any work is done on it (each handle is parsed, each email looked up)."""
    for field_name, items, limit, what in (
        ("emails", data.emails, MAX_EMAILS, "email addresses"),
        ("handles", data.handles, MAX_HANDLES, "handles"),
        ("tags", data.tags, MAX_TAGS, "tags"),
    ):
        if len(items) > limit:
            msg = MSG_TOO_MANY.format(limit=limit, what=what)
            raise PeopleError(msg, fields={field_name: [msg]})


def _normalise(data: PersonData, *, today: dt.date) -> PersonData:
    _check_counts(data)
    data.first_name = data.first_name.strip()
    data.last_name = data.last_name.strip()
    if not data.first_name:
        raise PeopleError(MSG_NAME_REQUIRED, fields={"first_name": [MSG_NAME_REQUIRED]})
    code = country_code(data.country)
    if code is None:
        msg = MSG_COUNTRY.format(value=data.country.strip())
        raise PeopleError(msg, fields={"country": [msg]})
    data.country = code
    data.emails = _normalise_emails(data.emails)
    data.handles = _normalise_handles(data.handles)
    data.tags = sorted({t.strip().lower() for t in data.tags if t.strip()})
    _normalise_consent(data, today=today)
    return data


def canonical_profile_url(url: str) -> str | None:
    """One spelling per profile, so the same page typed two ways is caught as a duplicate:
    https, host in lower case without "www.", no fragment or trailing slash. The query stays
    (some networks identify a profile by it, e.g. profile.php?id=…).
    "" for empty input; None for something that is not an http(s) address."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # e.g. a port that is not a number
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or not host or "." not in host:
        return None
    host = host.removeprefix("www.")
    netloc = host + (f":{port}" if port not in (None, 80, 443) else "")
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{netloc}{parts.path.rstrip('/')}{query}"


def _url_variants(canonical: str) -> list[str]:
    """Spellings of a canonical profile URL that rows stored before canonicalisation may have."""
    if not canonical:
        return []
    rest = canonical.removeprefix("https://")
    return [
        f"{scheme}://{www}{rest}{slash}" for scheme in ("https", "http") for www in ("", "www.") for slash in ("", "/")
    ]


def find_duplicates(
    *, emails: list[str], handles: list[HandleData], exclude: Person | None = None
) -> list[tuple[str, Person]]:
    """People who already own one of these emails, profile URLs or handles: (message, person)."""
    found: list[tuple[str, Person]] = []
    others = Person.objects.all() if exclude is None else Person.objects.exclude(pk=exclude.pk)
    if emails:
        q = Q()
        for e in emails:
            q |= Q(email__iexact=e)
        for pe in PersonEmail.objects.filter(q, person__in=others).select_related("person"):
            found.append((MSG_DUPLICATE_EMAIL.format(email=pe.email, person=pe.person), pe.person))
    for h in handles:
        q = Q()
        for variant in _url_variants(h.profile_url):
            q |= Q(profile_url__iexact=variant)
        if h.handle:
            q |= Q(venue_kind=h.venue_kind, handle__iexact=h.handle)
        for sh in SocialHandle.objects.filter(q, person__in=others).select_related("person"):
            if h.profile_url and canonical_profile_url(sh.profile_url) == h.profile_url:
                found.append((MSG_DUPLICATE_URL.format(url=sh.profile_url, person=sh.person), sh.person))
            else:
                found.append(
                    (
                        MSG_DUPLICATE_HANDLE.format(
                            kind=sh.get_venue_kind_display(), handle=sh.handle, person=sh.person
                        ),
                        sh.person,
                    )
                )
    return found


def similar_people(*, first_name: str, last_name: str, exclude: Person | None = None) -> list[Person]:
    qs = Person.objects.filter(first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip())
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs.select_related("company")[:10])


def _raise_if_duplicate(data: PersonData, *, exclude: Person | None, allow_same_name: bool) -> None:
    dups = find_duplicates(emails=data.emails, handles=data.handles, exclude=exclude)
    if dups:
        messages = [m for m, _ in dups]
        people = list({p.pk: p for _, p in dups}.values())
        raise DuplicatePersonError(" ".join(messages), matches=people, fields={"__all__": messages})
    if not allow_same_name and exclude is None:
        same = similar_people(first_name=data.first_name, last_name=data.last_name)
        if same:
            msg = MSG_SIMILAR_NAME.format(
                who="Someone" if len(same) == 1 else f"{len(same)} people",
                verb="is" if len(same) == 1 else "are",
                name=f"{data.first_name} {data.last_name}".strip(),
            )
            raise DuplicatePersonError(msg, matches=same, fields={"__all__": [msg]})


def _write_children(person: Person, data: PersonData) -> None:
    person.emails.all().delete()
    PersonEmail.objects.bulk_create(
        [PersonEmail(person=person, email=e, is_primary=(i == 0)) for i, e in enumerate(data.emails)]
    )
    person.handles.all().delete()
    SocialHandle.objects.bulk_create(
        [
            SocialHandle(person=person, venue_kind=h.venue_kind, handle=h.handle, profile_url=h.profile_url)
            for h in data.handles
        ]
    )
    tags = [Tag.objects.get_or_create(name=name)[0] for name in data.tags]
    person.tags.set(tags)


def _snapshot(person: Person) -> dict[str, Any]:
    return {
        "emails": sorted(person.emails.values_list("email", flat=True)),
        "handles": sorted(
            f"{k}:{h}:{u}" for k, h, u in person.handles.values_list("venue_kind", "handle", "profile_url")
        ),
        "tags": sorted(person.tags.values_list("name", flat=True)),
    }


# The plain fields of a person that PersonData carries (emails, handles and tags are rows of their own).
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "title",
    "company",
    "country",
    "city",
    "source",
    "source_detail",
    "consent_to_contact",
    "consent_date",
    "notes",
)


def person_create(
    *, actor: User | None, data: PersonData, allow_same_name: bool = False, now: dt.datetime | None = None
) -> Person:
    """Create a person. Refuses an email, profile URL or handle that someone already has, and a
    name that already exists unless ``allow_same_name`` (the form's "create anyway")."""
    now = now or timezone.now()
    _contact_rules(data, None)
    data = _normalise(data, today=now.date())
    _raise_if_duplicate(data, exclude=None, allow_same_name=allow_same_name)
    try:
        with transaction.atomic():
            # The typed company is created only if the person is: a refusal leaves nothing behind.
            data.company = _resolve_company(actor=actor, data=data)
            person = Person.objects.create(
                **{name: getattr(data, name) for name in PERSON_FIELDS},
                created_by=actor if actor is not None and actor.is_authenticated else None,
                created_at=now,
                updated_at=now,
            )
            _write_children(person, data)
            person_search_refresh([person.pk])
            audit_record(actor=actor, verb="person.created", target=person, data=_snapshot(person), now=now)
            if person.consent_to_contact:
                _record_consent_change(person, {"consent_to_contact": [False, True]}, data, actor, now)
            if data.do_not_contact:
                apply_do_not_contact(
                    actor=actor,
                    person=person,
                    do_not_contact=True,
                    source=data.consent_source,
                    note=data.consent_note,
                    now=now,
                )
    except IntegrityError as exc:
        # A concurrent create took the same email/URL between our check and the insert.
        raise ConflictError("This person was just created by someone else; search for them.") from exc
    return person


def _resolve_company(*, actor: User | None, data: PersonData) -> Company | None:
    """The chosen company, or for a typed name the existing company of that name, else a new one."""
    name = data.new_company.strip()
    if data.company is not None or not name:
        return data.company
    existing = Company.objects.filter(name__iexact=name).order_by("id").first()
    if existing is not None:
        return existing
    if actor is None:
        return Company.objects.create(name=name)
    return company_save(actor=actor, name=name)


def person_update(*, actor: User, person: Person, data: PersonData, now: dt.datetime | None = None) -> Person:
    """Edit a person (HR leads, or the contributor who added them)."""
    require(can_edit_person(actor, person))
    require_not_erased(person)
    now = now or timezone.now()
    _contact_rules(data, person)
    data = _normalise(data, today=now.date())
    _raise_if_duplicate(data, exclude=person, allow_same_name=True)
    before = _snapshot(person)
    try:
        with transaction.atomic():
            data.company = _resolve_company(actor=actor, data=data)
            if data.do_not_contact is not None:
                apply_do_not_contact(
                    actor=actor,
                    person=person,
                    do_not_contact=data.do_not_contact,
                    source=data.consent_source,
                    note=data.consent_note,
                    now=now,
                )
            changes = changed_fields(person, {name: getattr(data, name) for name in PERSON_FIELDS})
            _record_consent_change(person, changes, data, actor, now)
            _write_children(person, data)
            after = _snapshot(person)
            for key in before:
                if before[key] != after[key]:
                    changes[key] = [before[key], after[key]]
            if changes:
                person.updated_at = now
                person.save(update_fields=[*(set(changes) & set(PERSON_FIELDS)), "updated_at"])
                person_search_refresh([person.pk])
                audit_record(actor=actor, verb="person.updated", target=person, data={"changes": changes}, now=now)
    except IntegrityError as exc:
        raise ConflictError("Another person took one of these emails or profiles meanwhile; reload.") from exc
    return person


def person_delete(*, actor: User, person: Person) -> None:
    require(actor.is_hr_lead)
    with transaction.atomic():
        audit_record(actor=actor, verb="person.deleted", target=person, data=_snapshot(person))
        delete_unless_referred(person, person.full_name)
