"""Read queries for the people directory, with their joins done (no N+1 on list pages)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Company, ConsentEvent, Person, SocialHandle
from .search import search_words

SORTS = {
    "name": ("last_name", "first_name", "id"),
    "newest": ("-created_at", "-id"),
}


@dataclass
class PersonFilters:
    """What the directory's filter form hands over; empty values mean "any"."""

    q: str = ""
    country: str = ""
    city: str = ""
    company: Company | None = None
    tag: str = ""
    source: str = ""
    consent: str = ""  # "yes" | "no" | ""
    relationship: str = ""
    sort: str = "name"

    @property
    def active(self) -> bool:
        return any(
            [self.q, self.country, self.city, self.company, self.tag, self.source, self.consent, self.relationship]
        )


def person_directory(filters: PersonFilters) -> QuerySet[Person]:
    """People matching ``filters``, with company and tags loaded, in the chosen order."""
    qs = Person.objects.not_erased()
    if filters.q.strip():
        qs = qs.search(filters.q)
    if filters.country:
        qs = qs.filter(country__iexact=filters.country.strip())
    if filters.city.strip():
        qs = qs.filter(city__icontains=filters.city.strip())
    if filters.company is not None:
        qs = qs.filter(company=filters.company)
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag)
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.consent == "yes":
        qs = qs.filter(consent_to_contact=True)
    elif filters.consent == "no":
        qs = qs.filter(consent_to_contact=False)
    if filters.relationship:
        qs = qs.filter(company__relationship=filters.relationship)
    return qs.select_related("company").prefetch_related("tags").order_by(*SORTS.get(filters.sort, SORTS["name"]))


def person_lookup(text: str) -> QuerySet[Person]:
    """People matching what a user typed into a picker or the inbox's "link a person" box: every
    word must match a name, email, title, company, city or handle. Ordered by name, company
    loaded; callers slice it to the number of rows they show. The one lookup every app uses.
    Erased people are left out: nothing identifies them any more."""
    return Person.objects.not_erased().search(text).select_related("company").order_by("last_name", "first_name", "id")


def person_for_detail(person: Person) -> Person:
    """The same person with emails, handles and tags loaded in three queries."""
    return (
        Person.objects.select_related("company", "created_by")
        .prefetch_related("emails", "tags", Prefetch("handles", queryset=SocialHandle.objects.order_by("venue_kind")))
        .get(pk=person.pk)
    )


def consent_history(person: Person) -> QuerySet[ConsentEvent]:
    """The person's consent and do-not-contact changes, newest first, with who recorded them."""
    return person.consent_events.select_related("actor").order_by("-recorded_at", "-id")


def company_directory(*, q: str = "", relationship: str = "") -> QuerySet[Company]:
    """Companies matching a search and relationship, each with ``people_count``."""
    qs = Company.objects.all()
    for word in search_words(q):
        qs = qs.filter(Q(name__icontains=word) | Q(domain__icontains=word) | Q(industry__icontains=word))
    if relationship:
        qs = qs.filter(relationship=relationship)
    return qs.annotate(people_count=Count("people", distinct=True)).order_by("name", "id")


def company_people(company: Company) -> QuerySet[Person]:
    return company.people.select_related("company").prefetch_related("tags").order_by("last_name", "first_name", "id")
