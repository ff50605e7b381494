"""Hires in the API: list and read the hires of the pilots you may see (each list request is
audited: the rows name people), record, correct and delete them. A recorded or corrected hire
comes back with its ``warnings`` (metrics.services.hire_warnings)."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from core.api import error_responses, merged

from .. import services
from ..filters import HireFilter
from ..models import Hire, HireSource
from .common import (
    MONEY_LIMIT,
    MSG_TOO_LARGE,
    LedgerViewSet,
    LedgerWrites,
    VisibleSponsorField,
    money_field,
    person_field,
    pilot_field,
)

# --- Hires ------------------------------------------------------------------------------------


class HireSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    sponsor_name = serializers.CharField(source="sponsor.name", read_only=True)
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    staff_cost = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, help_text="staff_hours x staff_hour_rate."
    )

    class Meta:
        model = Hire
        fields = [
            "id",
            "person",
            "person_name",
            "opening_title",
            "sponsor",
            "sponsor_name",
            "pilot",
            "pilot_name",
            "stage",
            "source",
            "first_contact_date",
            "date",
            "time_to_hire_days",
            "cost_travel",
            "cost_recruiter_fee",
            "cost_job_ads",
            "cost_video_tooling",
            "staff_hours",
            "staff_hour_rate",
            "staff_cost",
            "total_cost",
            "reference_id",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class HireInputSerializer(serializers.Serializer):
    pilot = pilot_field(required=False, help_text="Defaults to your pilot when you work in exactly one.")
    person = person_field(help_text="The person hired.")
    opening_title = serializers.CharField(max_length=200)
    sponsor = VisibleSponsorField(required=False, help_text="Defaults to the pilot's sponsor.")
    # The metaclass moves declared fields off the class, so this does not shadow Field.source.
    source = serializers.ChoiceField(choices=HireSource.choices)  # type: ignore[assignment]
    first_contact_date = serializers.DateField()
    date = serializers.DateField(help_text="The hire date; not before the first contact.")
    cost_travel = money_field(default=Decimal("0"))
    cost_recruiter_fee = money_field(default=Decimal("0"))
    cost_job_ads = money_field(default=Decimal("0"))
    cost_video_tooling = money_field(default=Decimal("0"))
    staff_hours = money_field(max_digits=8, default=Decimal("0"))
    staff_hour_rate = money_field(max_digits=8, default=Decimal("0"))
    reference_id = serializers.CharField(max_length=64, allow_blank=True, required=False, default="")
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class HireWarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["no_costs", "pilot_planning", "same_opening"],
        help_text="no_costs: no cost recorded, so the report counts the whole legacy cost per hire as saved; "
        "pilot_planning: the pilot is still in planning; same_opening: the person was already hired for this "
        "opening on another day (a rehire, or a duplicate to delete).",
    )
    message = serializers.CharField(help_text="Written for the user.")


class HireWrittenSerializer(HireSerializer):
    """A hire as recorded or corrected, with what a careful person checks before relying on it."""

    warnings = HireWarningSerializer(many=True, read_only=True, help_text="Empty when nothing looks odd.")

    class Meta(HireSerializer.Meta):
        fields = [*HireSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(responses={200: HireSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: HireSerializer, **error_responses(404)}),
    create=extend_schema(
        request=HireInputSerializer,
        responses={201: HireWrittenSerializer, **error_responses(400, 403, 409)},
        description="Record a hire in one of your pilots; time to hire and total cost are computed. "
        "Refused: a hire dated before its pilot started (400 on date), the same person hired for the same "
        "opening on the same day again (409). Recorded with ``warnings``: no costs, a pilot in planning, the "
        "same opening on another day.",
    ),
    partial_update=extend_schema(
        request=HireInputSerializer,
        responses={200: HireWrittenSerializer, **error_responses(400, 403, 404, 409)},
        description="Correct a hire you recorded (HR leads: any); answers with its warnings as it now stands.",
    ),
    destroy=extend_schema(responses={204: None, **error_responses(403, 404)}),
)
@extend_schema(tags=["hires"])
class HireViewSet(LedgerViewSet):
    """Hires with their source channel, time to hire and actual costs."""

    model = Hire
    audit_verb = "hires.api_listed"
    serializer_class = HireSerializer
    filterset_class = HireFilter
    ordering_fields = ["date", "created_at", "total_cost", "time_to_hire_days"]
    writes = LedgerWrites(
        input=HireInputSerializer,
        record=services.hire_record,
        update=services.hire_update,
        delete=services.hire_delete,
        row="hire",
    )

    def check(self, values: dict[str, Any], row: Hire | None) -> None:
        """The total must fit the database column (the service does not bound the sum)."""
        if row is not None:
            values = merged(values, row, list(services.HIRE_COSTS))
        total = sum((values[name] for name in services.HIRE_COSTS[:4]), Decimal("0"))
        total += values["staff_hours"] * values["staff_hour_rate"]
        if total >= MONEY_LIMIT:
            raise serializers.ValidationError({"total_cost": [MSG_TOO_LARGE]})

    def written(self, row: Model, code: int) -> Response:
        fresh = self._fresh(row)
        fresh.warnings = [asdict(w) for w in services.hire_warnings(fresh)]
        return Response(HireWrittenSerializer(fresh).data, status=code)
