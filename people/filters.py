"""Query-string filters for the people API lists."""

from __future__ import annotations

from django_filters import rest_framework as filters

from core.api import IdFilter

from .models import Company, Person


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
