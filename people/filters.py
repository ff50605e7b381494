"""Query-string filters for the people API lists."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django_filters import rest_framework as filters

from core.api import IdFilter
from core.filters import BoundedSearchFilter

from .models import Company, Person, PersonQuerySet
from .search import MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS, validate_search
from .selectors import company_lookup, person_lookup


class PeopleSearchFilter(BoundedSearchFilter):
    """The API's bounded search with people.search's bounds and message (the directory page's)."""

    max_chars = MAX_SEARCH_LENGTH
    max_words = MAX_SEARCH_WORDS

    def search_errors(self, text: str) -> list[str]:
        try:
            validate_search(text)
        except DjangoValidationError as exc:
            return list(exc.messages)
        return super().search_errors(text)

    def first_text(self, request: Any, params: tuple[str, ...]) -> str:
        """The search the request asks for (the first of ``params`` given), or a 400 on it."""
        for param in params:
            text = self.bounded_text(request, param)
            if text.strip():
                return text
        return ""


class PersonSearchFilter(PeopleSearchFilter):
    """``?search=`` (or ``?q=``): every word must match a name, email, title, company, city or
    handle: the directory page's search (people.selectors.person_lookup, with its order: names
    starting with the words first; ``?ordering=`` still wins), bounded the same way."""

    params = ("search", "q")

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        text = self.first_text(request, self.params)
        return person_lookup(text, people=cast(PersonQuerySet, queryset)) if text else queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        description = "Every word must match a name, email, title, company, city or handle (at most 8 words)."
        return [
            {"name": name, "required": False, "in": "query", "description": description, "schema": {"type": "string"}}
            for name in self.params
        ]


class CompanySearchFilter(PeopleSearchFilter):
    """``?search=``: every word must match a company's name or domain (people.selectors.company_lookup,
    bounded like people's)."""

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        return company_lookup(self.first_text(request, ("search",)), companies=queryset)


class PersonFilter(filters.FilterSet):
    country = filters.CharFilter(field_name="country", lookup_expr="iexact")
    city = filters.CharFilter(field_name="city", lookup_expr="iexact")
    company = IdFilter(field_name="company_id")
    tag = filters.CharFilter(field_name="tags__name", lookup_expr="iexact", distinct=True)
    source = filters.ChoiceFilter(choices=Person.Source.choices)
    consent_to_contact = filters.BooleanFilter()

    class Meta:
        model = Person
        fields = ["country", "city", "company", "tag", "source", "consent_to_contact"]


class CompanyFilter(filters.FilterSet):
    relationship = filters.ChoiceFilter(choices=Company.Relationship.choices)
    industry = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Company
        fields = ["relationship", "industry"]
