"""Query-string filters for the people API lists."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters
from rest_framework import exceptions
from rest_framework.filters import SearchFilter

from core.api import IdFilter

from .models import Company, Person
from .search import search_words, validate_search


def _search_text(request: Any, params: tuple[str, ...]) -> str:
    """The search the request asks for (the first of ``params`` given), or a 400 in the API's
    error format when it is over the bounds of people.search."""
    for param in params:
        text = request.query_params.get(param, "")
        if text.strip():
            try:
                validate_search(text)
            except DjangoValidationError as exc:
                raise exceptions.ValidationError({param: exc.messages}) from exc
            return text
    return ""


class PersonSearchFilter(SearchFilter):
    """``?search=`` (or ``?q=``): every word must match a name, email, title, company, city or
    handle: the same search as the directory page (PersonQuerySet.search), bounded the same way."""

    params = ("search", "q")

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        text = _search_text(request, self.params)
        return queryset.search(text) if text else queryset  # type: ignore[attr-defined]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        description = "Every word must match a name, email, title, company, city or handle (at most 8 words)."
        return [
            {"name": name, "required": False, "in": "query", "description": description, "schema": {"type": "string"}}
            for name in self.params
        ]


class CompanySearchFilter(SearchFilter):
    """``?search=``: every word must match a company's name or domain (bounded like people's)."""

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        for word in search_words(_search_text(request, ("search",))):
            queryset = queryset.filter(Q(name__icontains=word) | Q(domain__icontains=word))
        return queryset


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
