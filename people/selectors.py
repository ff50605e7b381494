"""Read queries for the people directory, with their joins done (no N+1 on list pages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import CombinedExpression

from .models import Company, ConsentEvent, Person, PersonQuerySet, SocialHandle
from .search import folded_words, search_words

# Words this long rank people whose names start with them first (see person_lookup).
RANKED_MIN_CHARS = 3

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
    """People matching ``filters`` (the search through person_lookup), with company and tags
    loaded, in the chosen order."""
    qs = person_lookup(filters.q)
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
    return qs.prefetch_related("tags").order_by(*SORTS.get(filters.sort, SORTS["name"]))


def person_lookup(text: str, *, people: PersonQuerySet | None = None) -> QuerySet[Person]:
    """People matching what a user typed into a picker, the directory's search, the people API's
    ``search`` or the inbox's "link a person" box: every word must appear in a name, email, title,
    company, city or handle, in any case and with or without accents ("jose" finds José, "lukasz"
    Łukasz; people.search). One query on one indexed column (``search_text``), whatever the size
    of the directory.

    ``people`` narrows the search to a queryset the caller already built (the API's, with its
    filters and prefetches); by default the whole directory.

    Ordered with the people whose first or last name starts with the words first, then by name
    (by name alone when a word is shorter than RANKED_MIN_CHARS);
    company loaded; callers slice it to the number of rows they show (or re-order it, as the
    directory does). The one lookup every app uses. Erased people are left out: nothing
    identifies them any more."""
    base = Person.objects.all() if people is None else people
    qs = base.not_erased().search(text).select_related("company")
    words = folded_words(text)
    if not words or any(len(word) < RANKED_MIN_CHARS for word in words):
        # Ranking sorts every match; a word of one or two letters matches most of the directory
        # (and no trigram narrows it), so the name order, which an index answers, stays cheap.
        return qs.order_by("last_name", "first_name", "id")
    # For each word, 0 when a name starts with it ("ann" in "Ann Lee" or "Jo Annerl"), else 1.
    misses = [
        Case(
            When(Q(search_name__startswith=word) | Q(search_name__contains=f" {word}"), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        for word in words
    ]
    rank: Case | CombinedExpression = misses[0]
    for miss in misses[1:]:
        rank = rank + miss
    return qs.annotate(name_misses=rank).order_by("name_misses", "last_name", "first_name", "id")


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


# What a company search by typing looks in; the directory page also looks in the industry.
COMPANY_LOOKUP_FIELDS = ("name", "domain")


def company_lookup(
    text: str, *, companies: QuerySet[Company] | None = None, fields: Sequence[str] = COMPANY_LOOKUP_FIELDS
) -> QuerySet[Company]:
    """Companies matching what a user typed into a picker, the directory's search or the
    companies API's ``search``: every word (people.search.search_words: bounded, cut rather than
    refused) must appear, in any case, in one of ``fields``. The one company search every app uses.

    ``companies`` narrows the search to a queryset the caller already built (its order is kept);
    by default every company, by name."""
    qs = Company.objects.order_by("name", "id") if companies is None else companies
    for word in search_words(text):
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(any_field)
    return qs


def company_directory(*, q: str = "", relationship: str = "") -> QuerySet[Company]:
    """Companies matching a search (name, domain or industry) and relationship, each with
    ``people_count``."""
    qs = company_lookup(q, companies=Company.objects.all(), fields=(*COMPANY_LOOKUP_FIELDS, "industry"))
    if relationship:
        qs = qs.filter(relationship=relationship)
    return qs.annotate(people_count=Count("people", distinct=True)).order_by("name", "id")


def company_people(company: Company) -> QuerySet[Person]:
    return company.people.select_related("company").prefetch_related("tags").order_by("last_name", "first_name", "id")
