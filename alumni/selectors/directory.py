"""Reads of the alumni directory: the filtered, searched, ordered list (the page, its CSV, the API
and the bench share it), an alumnus's page, and the venues offered for group membership.

The search is people's (``Person.objects.search``: the folded ``search_text`` with its trigram
index), so "jose" finds José and "muller" Müller in the alumni list exactly as in the directory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When

from accounts.models import User
from people.models import Person
from programs.models import Pilot, Venue, VenueVisibility

from ..access import visible_alumni
from ..models import AlumniSegment, Alumnus, GoodwillChange, GroupMembership

# The list's order: the sponsor's most important segment first (rank 1), alumni in no segment
# last, then by name.
ORDER = (F("segment__rank").asc(nulls_last=True), "person__last_name", "person__first_name", "id")


@dataclass
class AlumniFilters:
    """What the list's filter form (or the API's query string) hands over; empty means "any".
    ``rehire``: "yes", "no" or "unknown"."""

    q: str = ""
    pilot: Pilot | None = None
    segment: AlumniSegment | None = None
    exit_type: str = ""
    goodwill: str = ""
    rehire: str = ""
    country: str = ""
    left_from: dt.date | None = None
    left_to: dt.date | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AlumniFilters:
        names = cls.__dataclass_fields__
        return cls(**{name: value for name, value in data.items() if name in names and value is not None})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) not in (None, "") for name in self.__dataclass_fields__)

    def audit_data(self) -> dict[str, Any]:
        """The filters used, as the audit event keeps them (ids for objects)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value in (None, ""):
                continue
            out[name] = value.pk if hasattr(value, "pk") else str(value)[:200]
        return out


def alumni_directory(user: User, filters: AlumniFilters | None = None) -> QuerySet[Alumnus]:
    """The alumni ``user`` may see (alumni.access.visible_alumni) matching ``filters``, person,
    company, pilot and segment joined (one query per page, whatever its size), ordered by segment
    importance then name."""
    f = filters or AlumniFilters()
    qs = visible_alumni(user)
    if f.q.strip():
        # people.search folds and bounds the words; PostgreSQL answers it from the trigram index.
        qs = qs.filter(person__in=Person.objects.not_erased().search(f.q).values("pk"))
    if f.pilot is not None:
        qs = qs.filter(pilot=f.pilot)
    if f.segment is not None:
        qs = qs.filter(segment=f.segment)
    if f.exit_type:
        qs = qs.filter(exit_type=f.exit_type)
    if f.goodwill:
        qs = qs.filter(goodwill=f.goodwill)
    if f.rehire in ("yes", "no"):
        qs = qs.filter(rehire_eligible=(f.rehire == "yes"))
    elif f.rehire == "unknown":
        qs = qs.filter(rehire_eligible__isnull=True)
    if f.country.strip():
        qs = qs.filter(person__country__iexact=f.country.strip())
    if f.left_from is not None:
        qs = qs.filter(left_on__gte=f.left_from)
    if f.left_to is not None:
        qs = qs.filter(left_on__lte=f.left_to)
    return qs.order_by(*ORDER)


def alumni_csv_rows(qs: QuerySet[Alumnus]) -> QuerySet[Alumnus]:
    """The list's rows for the CSV: the primary emails come with them (one more query per chunk)."""
    return qs.prefetch_related("person__emails")


def alumnus_for_detail(user: User, pk: int) -> Alumnus | None:
    """The alumnus ``pk`` if ``user`` may see them, with what their page shows loaded: the goodwill
    history (oldest first, who recorded it) and the group memberships (venue)."""
    return (
        visible_alumni(user)
        .select_related("pilot__sponsor", "created_by")
        .prefetch_related(
            Prefetch("goodwill_changes", queryset=GoodwillChange.objects.select_related("by").order_by("on", "id")),
            Prefetch("group_memberships", queryset=GroupMembership.objects.select_related("venue", "by")),
        )
        .filter(pk=pk)
        .first()
    )


def membership_venues() -> QuerySet[Venue]:
    """The venues a private-group membership may be on: private venues first (the seed's
    "private, password-protected LinkedIn Group"), then the others, by name."""
    private_first = Case(
        When(visibility=VenueVisibility.PRIVATE, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return Venue.objects.annotate(private_first=private_first).order_by("private_first", "name")


def alumnus_of_person(person: Person) -> Alumnus | None:
    return Alumnus.objects.select_related("pilot").filter(person=person).first()
