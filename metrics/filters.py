"""Query-string filters for the metrics API lists: by pilot, stage and date range, and per kind of row."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from core.api import IdFilter
from programs.models import Stage

from .models import (
    Assist,
    AssistDirection,
    CostCategory,
    Hire,
    HireSource,
    Introduction,
    IntroductionPurpose,
    LegacyCostBaseline,
    ProgramCost,
)
from .report import NO_COSTS

ME = [("me", "me")]


class LedgerFilter(filters.FilterSet):
    """What every dated row of a pilot is filtered by. Dates are inclusive."""

    pilot = IdFilter(field_name="pilot_id")
    stage = filters.TypedChoiceFilter(choices=Stage.choices, coerce=int)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label="On or after (YYYY-MM-DD)")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label="On or before (YYYY-MM-DD)")


class IntroductionFilter(LedgerFilter):
    purpose = filters.ChoiceFilter(choices=IntroductionPurpose.choices)
    meaningful = filters.BooleanFilter()
    made_by = filters.ChoiceFilter(choices=ME, method="filter_made_by", label="Only those you made: 'me'")

    class Meta:
        model = Introduction
        fields = ["pilot", "stage", "date_from", "date_to", "purpose", "meaningful", "made_by"]

    def filter_made_by(self, queryset: QuerySet[Introduction], name: str, value: Any) -> QuerySet[Introduction]:
        return queryset.filter(made_by=self.request.user) if value == "me" else queryset


class AssistFilter(LedgerFilter):
    direction = filters.ChoiceFilter(choices=AssistDirection.choices)
    assist_type = IdFilter(field_name="assist_type_id")
    employee = filters.ChoiceFilter(choices=ME, method="filter_employee", label="Only your own: 'me'")

    class Meta:
        model = Assist
        fields = ["pilot", "stage", "date_from", "date_to", "direction", "assist_type", "employee"]

    def filter_employee(self, queryset: QuerySet[Assist], name: str, value: Any) -> QuerySet[Assist]:
        return queryset.filter(employee=self.request.user) if value == "me" else queryset


class HireFilter(LedgerFilter):
    """``date_from``/``date_to`` bound the hire date; ``no_costs`` keeps the hires with no costs
    recorded (true) or those with costs (false), by the report's rule (metrics.report.NO_COSTS)."""

    source = filters.ChoiceFilter(choices=HireSource.choices)
    sponsor = IdFilter(field_name="sponsor_id")
    no_costs = filters.BooleanFilter(
        method="filter_no_costs",
        label="true: only the hires with no costs recorded (the report flags them); false: only those with costs",
    )

    class Meta:
        model = Hire
        fields = ["pilot", "stage", "date_from", "date_to", "source", "sponsor", "no_costs"]

    def filter_no_costs(self, queryset: QuerySet[Hire], name: str, value: bool | None) -> QuerySet[Hire]:
        if value is None:
            return queryset
        return queryset.filter(NO_COSTS) if value else queryset.exclude(NO_COSTS)


class ProgramCostFilter(LedgerFilter):
    category = filters.ChoiceFilter(choices=CostCategory.choices)

    class Meta:
        model = ProgramCost
        fields = ["pilot", "stage", "date_from", "date_to", "category"]


class BaselineFilter(filters.FilterSet):
    sponsor = IdFilter(field_name="sponsor_id")
    valid_on = filters.DateFilter(method="filter_valid_on", label="Baselines valid on this date")

    class Meta:
        model = LegacyCostBaseline
        fields = ["sponsor", "valid_on"]

    def filter_valid_on(
        self, queryset: QuerySet[LegacyCostBaseline], name: str, value: Any
    ) -> QuerySet[LegacyCostBaseline]:
        return queryset.filter(valid_from__lte=value, valid_to__gte=value) if value else queryset
