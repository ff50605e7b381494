"""Query-string filters for the programs API lists."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from core.api import IdFilter

from .models import Pilot, PilotStep, SharingPolicy, Stage


class PilotFilter(filters.FilterSet):
    stage = filters.TypedChoiceFilter(choices=Stage.choices, coerce=int)
    status = filters.ChoiceFilter(choices=Pilot.Status.choices)
    sponsor = IdFilter(field_name="sponsor_id")

    class Meta:
        model = Pilot
        fields = ["stage", "status", "sponsor"]


class PolicyFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    status = filters.ChoiceFilter(choices=SharingPolicy.Status.choices)

    class Meta:
        model = SharingPolicy
        fields = ["pilot", "status"]


class PilotStepFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    owner = IdFilter(field_name="owner_id")
    done = filters.BooleanFilter(method="filter_done", label="Done")

    class Meta:
        model = PilotStep
        fields = ["pilot", "owner", "done"]

    def filter_done(self, queryset: QuerySet[PilotStep], name: str, value: bool | None) -> QuerySet[PilotStep]:
        if value is None:
            return queryset
        return queryset.filter(done_at__isnull=not value)
