"""How a batch of valid import rows meets the directory: matching each row to an existing person
(``plan_batch``, reads only) and writing the plan (``apply_plans``), a fixed number of queries per
batch whatever its size (bulk writes, per-batch lookups; never a query per row).

Matching, in this order (docs/alumni-imports.md says the same for HR staff):
1. **email**: a person who has the row's email (people.PersonEmail, any case) is the row's person;
2. **profile URL**: else a person whose handle has the row's LinkedIn URL (canonical, any case,
   with or without "www." or a trailing slash);
3. **name + company**: else people whose folded name (people.search.fold, as ``search_name``) is
   the row's. The same name at the same company is the row's person only when the row brings an
   email and the person has none (nothing contradicts it). Otherwise it is **doubtful** — the
   same name at another company (or no company), the same name and company with no email in
   the row to compare, or a different email on each side — and waits as an ImportMatch for an
   HR lead to merge, add as new, or skip.
Erased people are never matched.

A matched person is **updated** when the row brings something they lack or that differs: a
title, company, city or country (an empty cell never clears a value), a new email, their
LinkedIn URL, an Alumnus record or one of its fields (department, role, dates, exit type,
rehire). Otherwise the row is **unchanged**, so importing the same rows twice changes nothing.
Names of existing people are never changed by an import. An alumnus of another pilot stays in it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import Lower

from accounts.models import User
from people.models import Company, Person, PersonEmail, SocialHandle
from people.search import fold, person_search_texts
from people.services import canonical_profile_url, person_search_refresh
from programs.models import Pilot, Venue

from ..imports import ImportRow
from ..models import AlumniImport, Alumnus, ExitType, ImportKind, ImportMatch

CREATE, UPDATE, UNCHANGED, DOUBTFUL = "created", "updated", "unchanged", "doubtful"
OUTCOMES = (CREATE, UPDATE, UNCHANGED, DOUBTFUL)
PERSON_FIELDS = ("title", "city", "country")
ALUMNUS_FIELDS = ("former_department", "former_role", "started_on", "left_on", "exit_type", "rehire_eligible")

WHY_NO_EMAIL = "Same name and company; the row has no email to compare."
WHY_OTHER_EMAIL = "Same name and company, but the person has another email ({email})."
WHY_MANY = "{count} people have this name at this company."
WHY_OTHER_COMPANY = "Same name, another company ({company})."
WHY_NO_COMPANY = "Same name; no company to compare."


@dataclass
class Snapshot:
    """What an existing person has that a row may change."""

    pk: int
    title: str
    company_id: int | None
    company_name: str
    city: str
    country: str
    emails: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    alumnus: Alumnus | None = None


@dataclass(eq=False)
class Plan:
    row: ImportRow
    outcome: str
    person_id: int | None = None
    reason: str = ""
    person_changes: dict[str, str] = field(default_factory=dict)  # title/city/country/company (a name)
    add_email: bool = False
    add_url: bool = False
    alumnus_changes: dict[str, Any] = field(default_factory=dict)
    create_alumnus: bool = False
    snapshot: Snapshot | None = None


def _url_variants(url: str) -> list[str]:
    rest = url.lower().removeprefix("https://")
    return [f"{s}://{w}{rest}{t}" for s in ("https", "http") for w in ("", "www.") for t in ("", "/")]


def _canonical_key(url: str) -> str:
    """A stored profile URL as the rows spell it (canonical, lower case) for comparison."""
    return (canonical_profile_url(url) or url).lower()


def snapshots(person_ids: Iterable[int]) -> dict[int, Snapshot]:
    """The existing people's current values: four queries for any number of people."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    found = {
        pk: Snapshot(pk, title, company_id, company_name or "", city, country)
        for pk, title, company_id, company_name, city, country in Person.objects.filter(pk__in=ids).values_list(
            "pk", "title", "company_id", "company__name", "city", "country"
        )
    }
    for person_id, email in PersonEmail.objects.filter(person_id__in=ids).values_list("person_id", "email"):
        found[person_id].emails.add(email.lower())
    for person_id, url in (
        SocialHandle.objects.filter(person_id__in=ids).exclude(profile_url="").values_list("person_id", "profile_url")
    ):
        found[person_id].urls.add(_canonical_key(url))
    for alumnus in Alumnus.objects.filter(person_id__in=ids):
        found[alumnus.person_id].alumnus = alumnus
    return found


def _by_email(rows: list[ImportRow]) -> dict[str, int]:
    emails = {r.email for r in rows if r.email}
    if not emails:
        return {}
    pairs = (
        PersonEmail.objects.annotate(lower=Lower("email"))
        .filter(lower__in=emails, person__erased_at__isnull=True)
        .values_list("lower", "person_id")
    )
    return dict(pairs)


def _by_url(rows: list[ImportRow]) -> dict[str, int]:
    variants = [v for r in rows if r.linkedin_url for v in _url_variants(r.linkedin_url)]
    if not variants:
        return {}
    pairs = (
        SocialHandle.objects.exclude(profile_url="")  # the condition of the partial unique index on it
        .annotate(lower=Lower("profile_url"))
        .filter(lower__in=variants, person__erased_at__isnull=True)
        .values_list("profile_url", "person_id")
    )
    return {_canonical_key(url): person_id for url, person_id in pairs}


def _by_name(rows: list[ImportRow]) -> dict[str, list[tuple[int, str]]]:
    names = {r.folded_name for r in rows}
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    if not names:
        return found
    for pk, name, company in (
        Person.objects.filter(search_name__in=names, erased_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "search_name", "company__name")
    ):
        found[name].append((pk, company or ""))
    return found


def _by_name_plan(row: ImportRow, people: list[tuple[int, str]], snaps: dict[int, Snapshot]) -> Plan:
    company = fold(row.company)
    same = [pk for pk, their_company in people if company and fold(their_company) == company]
    if len(same) == 1 and row.email and not snaps[same[0]].emails:
        return Plan(row, UPDATE, same[0])  # outcome refined by _changes
    if same:
        emails = snaps[same[0]].emails
        if len(same) > 1:
            reason = WHY_MANY.format(count=len(same))
        elif not row.email:
            reason = WHY_NO_EMAIL
        else:
            reason = WHY_OTHER_EMAIL.format(email=sorted(emails)[0] if emails else "")
        return Plan(row, DOUBTFUL, same[0], reason)
    pk, their_company = people[0]
    reason = WHY_OTHER_COMPANY.format(company=their_company) if their_company and company else WHY_NO_COMPANY
    return Plan(row, DOUBTFUL, pk, reason)


def plan_batch(rows: list[ImportRow], *, pilot: Pilot) -> list[Plan]:
    """What importing ``rows`` would do to the directory, row by row (reads only)."""
    emails, urls, names = _by_email(rows), _by_url(rows), _by_name(rows)
    candidates = set(emails.values()) | set(urls.values()) | {pk for people in names.values() for pk, _ in people}
    snaps = snapshots(candidates)
    plans: list[Plan] = []
    for row in rows:
        person_id = emails.get(row.email) if row.email else None
        if person_id is None and row.linkedin_url:
            person_id = urls.get(row.linkedin_url.lower())
        if person_id is not None:
            plan = Plan(row, UPDATE, person_id)
        elif names.get(row.folded_name):
            plan = _by_name_plan(row, names[row.folded_name], snaps)
        else:
            plans.append(Plan(row, CREATE))
            continue
        if plan.outcome == UPDATE:
            assert plan.person_id is not None
            changes_for(plan, snaps[plan.person_id], pilot=pilot, url_owner=urls.get(row.linkedin_url.lower()))
        plans.append(plan)
    return plans


def changes_for(plan: Plan, snap: Snapshot, *, pilot: Pilot, url_owner: int | None) -> None:
    """Fill in what the row changes on its person; no change: the row is unchanged."""
    row = plan.row
    plan.snapshot = snap
    for name in PERSON_FIELDS:
        value = getattr(row, name)
        if value and value != getattr(snap, name):
            plan.person_changes[name] = value
    if row.company and fold(row.company) != fold(snap.company_name):
        plan.person_changes["company"] = row.company
    plan.add_email = bool(row.email and row.email not in snap.emails)
    plan.add_url = bool(row.linkedin_url and row.linkedin_url.lower() not in snap.urls and url_owner in (None, snap.pk))
    alumnus = snap.alumnus
    if alumnus is None:
        plan.create_alumnus = True
    else:
        wanted = _alumnus_values(row)
        for name, value in wanted.items():
            if value not in ("", None) and getattr(alumnus, name) != value:
                plan.alumnus_changes[name] = value
        started = plan.alumnus_changes.get("started_on", alumnus.started_on)
        left = plan.alumnus_changes.get("left_on", alumnus.left_on)
        if started and left and left < started:  # the file's dates would contradict the record's
            plan.alumnus_changes.pop("started_on", None)
            plan.alumnus_changes.pop("left_on", None)
    changed = plan.person_changes or plan.add_email or plan.add_url or plan.alumnus_changes or plan.create_alumnus
    plan.outcome = UPDATE if changed else UNCHANGED


def _alumnus_values(row: ImportRow) -> dict[str, Any]:
    return {
        "former_department": row.department,
        "former_role": row.role,
        "started_on": row.started_on,
        "left_on": row.left_on,
        "exit_type": row.exit_type,
        "rehire_eligible": row.rehire_eligible,
    }


def _pid(plan: Plan) -> int:
    assert plan.person_id is not None, "a written row has its person"
    return plan.person_id


def _search_fields(row: ImportRow) -> dict[str, str]:
    text, name = person_search_texts(
        first_name=row.first_name,
        last_name=row.last_name,
        title=row.title,
        city=row.city,
        company=row.company,
        emails=[row.email] if row.email else [],
    )
    return {"search_text": text, "search_name": name}


def count(plans: Iterable[Plan]) -> Counter[str]:
    return Counter(p.outcome for p in plans)


@dataclass
class Writer:
    """Writes plans for one import: the people it creates say where they came from."""

    alumni_import: AlumniImport
    actor: User | None
    now: dt.datetime

    @property
    def source(self) -> str:
        return Person.Source.HRIS if self.alumni_import.kind == ImportKind.HRIS else Person.Source.IMPORT

    @property
    def source_detail(self) -> str:
        imp = self.alumni_import
        return f"{imp.file_name} (import {imp.pk})"[:255]

    def companies(self, plans: list[Plan]) -> dict[str, int]:
        """Folded company name → id, creating the companies no one has yet (two queries)."""
        wanted: dict[str, str] = {}
        for plan in plans:
            name = plan.row.company if plan.outcome == CREATE else plan.person_changes.get("company", "")
            if name:
                wanted.setdefault(name.lower(), name)
        if not wanted:
            return {}
        found: dict[str, int] = {}
        for pk, lower in (
            Company.objects.annotate(lower=Lower("name"))
            .filter(lower__in=wanted)
            .order_by("-pk")
            .values_list("pk", "lower")
        ):
            found[lower] = pk  # the oldest company of that name wins (ordered newest first)
        missing = [Company(name=wanted[k], created_at=self.now, updated_at=self.now) for k in wanted if k not in found]
        for company in Company.objects.bulk_create(missing):
            found[company.name.lower()] = company.pk
        return found

    def apply(self, plans: list[Plan]) -> Counter[str]:
        """Write the plans: create, update, and hold the doubtful rows as ImportMatch rows."""
        companies = self.companies(plans)
        self._create([p for p in plans if p.outcome == CREATE], companies)
        updated = self._update([p for p in plans if p.outcome == UPDATE], companies)
        doubtful = [p for p in plans if p.outcome == DOUBTFUL]
        ImportMatch.objects.bulk_create(
            [
                ImportMatch(
                    alumni_import=self.alumni_import,
                    row_number=p.row.row,
                    data=p.row.as_json(),
                    person_id=_pid(p),
                    reason=p.reason[:200],
                )
                for p in doubtful
            ],
            ignore_conflicts=True,  # a batch retried after a crash finds its matches there
        )
        # New people got their search text as they were inserted; matched ones are rewritten.
        person_search_refresh(updated)
        return count(plans)

    def _create(self, plans: list[Plan], companies: dict[str, int]) -> None:
        """Insert the new people with their search text computed here (people.search builds it
        the way people.services.search_index does: no rewrite of the rows just inserted)."""
        user = self.actor if self.actor is not None and self.actor.is_authenticated else None
        people = Person.objects.bulk_create(
            [
                Person(
                    first_name=p.row.first_name,
                    last_name=p.row.last_name,
                    title=p.row.title,
                    company_id=companies.get(p.row.company.lower()) if p.row.company else None,
                    city=p.row.city,
                    country=p.row.country,
                    source=self.source,
                    source_detail=self.source_detail,
                    created_by=user,
                    created_at=self.now,
                    updated_at=self.now,
                    **_search_fields(p.row),
                )
                for p in plans
            ]
        )
        for plan, person in zip(plans, people, strict=True):
            plan.person_id = person.pk
        self._children(plans, primary={p.person_id for p in plans})
        Alumnus.objects.bulk_create([self._alumnus(p) for p in plans], ignore_conflicts=True)

    def _alumnus(self, plan: Plan) -> Alumnus:
        values = _alumnus_values(plan.row)
        values["exit_type"] = values["exit_type"] or ExitType.OTHER
        user = self.actor if self.actor is not None and self.actor.is_authenticated else None
        return Alumnus(
            person_id=_pid(plan),
            pilot=self.alumni_import.pilot,
            created_by=user,
            created_at=self.now,
            updated_at=self.now,
            **values,
        )

    def _children(self, plans: list[Plan], *, primary: set[int | None]) -> None:
        """The rows' new emails (the first of a person with none is primary) and LinkedIn URLs."""
        emails = [
            PersonEmail(person_id=_pid(p), email=p.row.email, is_primary=p.person_id in primary)
            for p in plans
            if p.row.email and (p.outcome == CREATE or p.add_email)
        ]
        PersonEmail.objects.bulk_create(emails, ignore_conflicts=True)
        handles = [
            SocialHandle(person_id=_pid(p), venue_kind=Venue.Kind.LINKEDIN, profile_url=p.row.linkedin_url)
            for p in plans
            if p.row.linkedin_url and (p.outcome == CREATE or p.add_url)
        ]
        SocialHandle.objects.bulk_create(handles, ignore_conflicts=True)

    def _update(self, plans: list[Plan], companies: dict[str, int]) -> list[int]:
        people: list[Person] = []
        for plan in plans:
            snap = plan.snapshot
            assert snap is not None
            if not plan.person_changes:
                continue
            changes = plan.person_changes
            company = changes.get("company")
            people.append(
                Person(
                    pk=snap.pk,
                    title=changes.get("title", snap.title),
                    city=changes.get("city", snap.city),
                    country=changes.get("country", snap.country),
                    company_id=companies.get(company.lower()) if company else snap.company_id,
                    updated_at=self.now,
                )
            )
        Person.objects.bulk_update(people, ["title", "city", "country", "company", "updated_at"])
        self._children(plans, primary={p.person_id for p in plans if p.snapshot and not p.snapshot.emails})
        Alumnus.objects.bulk_create([self._alumnus(p) for p in plans if p.create_alumnus], ignore_conflicts=True)
        alumni = []
        for plan in plans:
            if plan.alumnus_changes and plan.snapshot and plan.snapshot.alumnus:
                alumnus = plan.snapshot.alumnus
                for name, value in plan.alumnus_changes.items():
                    setattr(alumnus, name, value)
                alumnus.updated_at = self.now
                alumni.append(alumnus)
        Alumnus.objects.bulk_update(alumni, [*ALUMNUS_FIELDS, "updated_at"])
        # Only what the search text holds: names are never changed, LinkedIn handles have no handle text.
        return [_pid(p) for p in plans if p.person_changes or p.add_email]
