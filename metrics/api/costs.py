"""The settings behind the figures in the API: the assist value scale (everyone reads, HR leads
change), program costs (read with the pilot, written by HR leads) and legacy cost baselines
(metrics.access.can_see_baselines: HR leads and the sponsor's managers read, HR leads write)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.response import Response

from accounts.access import IsHRLead, IsHRLeadOrReadOnly
from accounts.api import AuthedRequest
from core.api import ReadViewSet, error_responses, merged
from programs.models import SponsorOrganization

from .. import services
from ..access import can_see_baselines, get_baseline_for_user, visible_baselines
from ..filters import BaselineFilter, ProgramCostFilter
from ..models import AssistType, CostCategory, LegacyCostBaseline, ProgramCost
from .common import (
    MONEY_LIMIT,
    MSG_TOO_LARGE,
    LedgerViewSet,
    LedgerWrites,
    days_field,
    fake,
    money_field,
    pilot_field,
    user_of,
)

# --- The assist value scale -------------------------------------------------------------------


class AssistTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssistType
        fields = ["id", "key", "name", "points", "is_active", "position"]
        read_only_fields = fields


class AssistTypeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    points = serializers.IntegerField(min_value=1, max_value=1_000_000)
    is_active = serializers.BooleanField(default=True)
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False)


@extend_schema_view(
    list=extend_schema(responses={200: AssistTypeSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: AssistTypeSerializer, **error_responses(404)}),
)
@extend_schema(tags=["assist-types"])
class AssistTypeViewSet(ReadViewSet):
    """The value scale of assists: everyone signed in reads it, HR leads change it. Past assists
    keep the points they were logged with."""

    serializer_class = AssistTypeSerializer
    queryset = AssistType.objects.all()
    permission_classes = [IsHRLeadOrReadOnly]
    filterset_fields = ["is_active"]
    ordering_fields = ["position", "points", "name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        request=AssistTypeInputSerializer, responses={201: AssistTypeSerializer, **error_responses(400, 403)}
    )
    def create(self, request: AuthedRequest) -> Response:
        data = AssistTypeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.assist_type_save(actor=request.user, **data.validated_data)
        return Response(AssistTypeSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AssistTypeInputSerializer, responses={200: AssistTypeSerializer, **error_responses(400, 403, 404)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        row = self.get_object()
        data = AssistTypeInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, row, ["name", "points", "is_active"])
        row = services.assist_type_save(
            actor=request.user, assist_type=row, position=data.validated_data.get("position"), **values
        )
        return Response(AssistTypeSerializer(row).data)


# --- Program costs ----------------------------------------------------------------------------


class ProgramCostSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)

    class Meta:
        model = ProgramCost
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "stage",
            "date",
            "category",
            "description",
            "hours",
            "hour_rate",
            "amount",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class ProgramCostInputSerializer(serializers.Serializer):
    pilot = pilot_field()
    category = serializers.ChoiceField(choices=CostCategory.choices)
    description = serializers.CharField(max_length=200)
    amount = money_field(allow_null=True, help_text="Required unless hours and hour_rate are both given.")
    hours = money_field(max_digits=8, allow_null=True)
    hour_rate = money_field(max_digits=8, allow_null=True, help_text="With hours, sets the amount.")
    date = serializers.DateField(required=False, help_text="Defaults to today.")


def _check_cost_product(values: dict[str, Any]) -> None:
    hours, rate = values.get("hours"), values.get("hour_rate")
    if hours is not None and rate is not None and hours * rate >= MONEY_LIMIT:
        raise serializers.ValidationError({"amount": [MSG_TOO_LARGE]})


@extend_schema_view(
    list=extend_schema(responses={200: ProgramCostSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: ProgramCostSerializer, **error_responses(404)}),
    create=extend_schema(
        request=ProgramCostInputSerializer, responses={201: ProgramCostSerializer, **error_responses(400, 403)}
    ),
    partial_update=extend_schema(
        request=ProgramCostInputSerializer,
        responses={200: ProgramCostSerializer, **error_responses(400, 403, 404)},
    ),
    destroy=extend_schema(responses={204: None, **error_responses(403, 404)}),
)
@extend_schema(tags=["program-costs"])
class ProgramCostViewSet(LedgerViewSet):
    """What running each pilot cost: read with the pilot, written by HR leads."""

    model = ProgramCost
    serializer_class = ProgramCostSerializer
    filterset_class = ProgramCostFilter
    permission_classes = [IsHRLeadOrReadOnly]
    ordering_fields = ["date", "created_at", "amount"]
    writes = LedgerWrites(
        input=ProgramCostInputSerializer,
        record=services.program_cost_record,
        update=services.program_cost_update,
        delete=services.program_cost_delete,
        row="cost",
        fills_pilot=False,
    )

    def check(self, values: dict[str, Any], row: ProgramCost | None) -> None:
        _check_cost_product(values if row is None else merged(values, row, ["hours", "hour_rate"]))


# --- Legacy cost baselines --------------------------------------------------------------------


class BaselineSerializer(serializers.ModelSerializer):
    sponsor_name = serializers.CharField(source="sponsor.name", read_only=True)
    cost_per_hire = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, help_text="The sum of the four per-hire costs."
    )

    class Meta:
        model = LegacyCostBaseline
        fields = [
            "id",
            "sponsor",
            "sponsor_name",
            "valid_from",
            "valid_to",
            "travel_per_hire",
            "recruiter_fees_per_hire",
            "job_ads_per_hire",
            "other_per_hire",
            "cost_per_hire",
            "time_to_hire_days",
            "sales_cycle_days",
            "sales_cycle_day_value",
            "point_value",
            "source_note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class BaselineInputSerializer(serializers.Serializer):
    sponsor = serializers.PrimaryKeyRelatedField(queryset=SponsorOrganization.objects.all())
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    travel_per_hire = money_field(default=Decimal("0"))
    recruiter_fees_per_hire = money_field(default=Decimal("0"))
    job_ads_per_hire = money_field(default=Decimal("0"))
    other_per_hire = money_field(default=Decimal("0"))
    time_to_hire_days = days_field()
    sales_cycle_days = days_field()
    sales_cycle_day_value = money_field(
        allow_null=True,
        default=None,
        help_text="What one day less of sales cycle is worth to the firm; null when not known (Stage 3 then "
        "reports days saved in days only).",
    )
    point_value = money_field(
        max_digits=10, default=Decimal("0"), help_text="What one assist point received is worth to the firm."
    )
    source_note = serializers.CharField(max_length=500, help_text="Where the figures come from.")


class CanSeeBaselines(permissions.BasePermission):
    """Baselines are read by whoever may see some (metrics.access.can_see_baselines); the rows are
    then narrowed to the sponsors they may see."""

    message = "Baselines are read by HR leads and the managers of their sponsor."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_see_baselines(request.user))


@extend_schema_view(
    list=extend_schema(responses={200: BaselineSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: BaselineSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["baselines"])
class BaselineViewSet(ReadViewSet):
    """What a hire cost each sponsor the old way, per period: HR leads see and change all,
    managers read their sponsors'."""

    serializer_class = BaselineSerializer
    filterset_class = BaselineFilter
    ordering_fields = ["valid_from", "valid_to"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self) -> Sequence[Any]:
        if self.action in ("list", "retrieve"):
            return [CanSeeBaselines()]
        return [IsHRLead()]

    def get_queryset(self) -> QuerySet[LegacyCostBaseline]:
        if fake(self):
            return LegacyCostBaseline.objects.none()
        return visible_baselines(user_of(self))

    def _respond(self, row: LegacyCostBaseline, code: int = status.HTTP_200_OK) -> Response:
        return Response(BaselineSerializer(self.get_queryset().get(pk=row.pk)).data, status=code)

    @extend_schema(request=BaselineInputSerializer, responses={201: BaselineSerializer, **error_responses(400, 403)})
    def create(self, request: AuthedRequest) -> Response:
        data = BaselineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.baseline_save(actor=request.user, **data.validated_data)
        return self._respond(row, status.HTTP_201_CREATED)

    @extend_schema(
        request=BaselineInputSerializer, responses={200: BaselineSerializer, **error_responses(400, 403, 404)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        row = get_baseline_for_user(request.user, pk)
        data = BaselineInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.baseline_save(actor=request.user, baseline=row, **data.validated_data)
        return self._respond(row)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.baseline_delete(actor=request.user, baseline=get_baseline_for_user(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
