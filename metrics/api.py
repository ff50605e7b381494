"""API for the metrics ledger (introductions, assists, hires), the assist value scale, program
costs and legacy cost baselines.

Reads go through ``metrics.access``: a row of a pilot the user cannot see is a 404 and absent from
lists. Every write validates an input serializer, calls one ``metrics.services`` function and
answers with the output serializer. The services decide who may log where: a contributor naming
another pilot gets a 400 on ``pilot``, correcting someone else's row a 403. Managers only read
(403 on any write); program costs, baselines and the scale are written by HR leads.

Amounts are decimal strings in the program's one currency (settings.PROGRAM_CURRENCY).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.access import HasRole, IsHRLead, IsHRLeadOrReadOnly
from accounts.api import AuthedRequest
from accounts.models import Role, User
from core.api import ReadViewSet, error_responses, merged
from people.models import Company, Person
from programs.access import workable_pilots
from programs.models import Pilot, SponsorOrganization

from . import services
from .access import get_baseline_for_user, get_row_for_user, visible_baselines, visible_rows
from .filters import AssistFilter, BaselineFilter, HireFilter, IntroductionFilter, ProgramCostFilter
from .models import (
    Assist,
    AssistDirection,
    AssistType,
    CostCategory,
    Hire,
    HireSource,
    Introduction,
    IntroductionKind,
    IntroductionPurpose,
    LegacyCostBaseline,
    ProgramCost,
)

MSG_SEVERAL_PILOTS = "You work in several pilots; say which one this is for."
MSG_TOO_LARGE = "The costs add up to more than 9,999,999,999.99; check the figures."
MONEY_LIMIT = Decimal("1e10")
INT_MAX = 2_147_483_647


def _fake(view: Any) -> bool:
    """True while drf-spectacular builds the schema (no real user, no URL kwargs)."""
    return getattr(view, "swagger_fake_view", False)


def _user(view: Any) -> User:
    return cast(User, view.request.user)


class CanLogOrReadOnly(permissions.BasePermission):
    """Anyone signed in reads (rows are filtered by pilot); HR leads and contributors write."""

    message = "Managers read the ledger; only HR leads and pilot contributors log and correct it."

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or request.user.role in (Role.HR_LEAD, Role.CONTRIBUTOR)


# --- Shared input fields ----------------------------------------------------------------------


def _pilot_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    # One message whether the pilot does not exist or is not yours: ids of other pilots stay unrevealed.
    return serializers.PrimaryKeyRelatedField(
        queryset=Pilot.objects.select_related("sponsor"),
        error_messages={"does_not_exist": services.MSG_PILOT},
        **kwargs,
    )


def _money_field(max_digits: int = 12, **kwargs: Any) -> serializers.DecimalField:
    kwargs.setdefault("required", False)
    return serializers.DecimalField(
        max_digits=max_digits,
        decimal_places=2,
        min_value=Decimal("0"),
        error_messages={"min_value": services.MSG_NEGATIVE, "invalid": services.MSG_NOT_A_NUMBER},
        **kwargs,
    )


def _days_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=INT_MAX, allow_null=True, required=False, default=None)


def _person_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), **kwargs)


def _employee_field(help_text: str) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, help_text=help_text
    )


def _with_pilot(user: User, values: dict[str, Any]) -> dict[str, Any]:
    """The values with ``pilot`` filled in from the user's only workable pilot when omitted."""
    if values.get("pilot") is not None:
        return values
    pilots = list(workable_pilots(user)[:2])
    if len(pilots) != 1:
        message = services.MSG_PILOT if not pilots else MSG_SEVERAL_PILOTS
        raise serializers.ValidationError({"pilot": [message]})
    return {**values, "pilot": pilots[0]}


class LedgerViewSet(ReadViewSet):
    """List and retrieve the rows of one ledger model in the pilots the user may see."""

    model: type[Model]
    permission_classes = [CanLogOrReadOnly]
    ordering_fields = ["date", "created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        if _fake(self):
            return self.model._default_manager.none()
        return visible_rows(_user(self), self.model)

    def _row(self, pk: int) -> Any:
        return get_row_for_user(_user(self), self.model, pk)

    def _respond(self, row: Model, code: int = status.HTTP_200_OK) -> Response:
        fresh = visible_rows(_user(self), self.model).get(pk=row.pk)
        return Response(self.get_serializer(fresh).data, status=code)


# --- Introductions ----------------------------------------------------------------------------


class IntroductionSerializer(serializers.ModelSerializer):
    made_by_name = serializers.CharField(source="made_by.full_name", read_only=True)
    on_behalf_of_name = serializers.CharField(source="on_behalf_of.full_name", read_only=True)
    to_person_name = serializers.CharField(source="to_person.full_name", read_only=True, default=None, allow_null=True)
    to_company_name = serializers.CharField(source="to_company.name", read_only=True, default=None, allow_null=True)
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)

    class Meta:
        model = Introduction
        fields = [
            "id",
            "made_by",
            "made_by_name",
            "on_behalf_of",
            "on_behalf_of_name",
            "on_behalf_kind",
            "to_person",
            "to_person_name",
            "to_company",
            "to_company_name",
            "purpose",
            "pilot",
            "pilot_name",
            "stage",
            "date",
            "meaningful",
            "confirmed_by",
            "confirmed_at",
            "outcome",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class IntroductionInputSerializer(serializers.Serializer):
    pilot = _pilot_field(required=False, help_text="Defaults to your pilot when you work in exactly one.")
    on_behalf_of = _person_field(help_text="The person introduced (usually an alumnus).")
    on_behalf_kind = serializers.ChoiceField(choices=IntroductionKind.choices, default=IntroductionKind.ALUMNUS)
    to_person = _person_field(allow_null=True, required=False, default=None)
    to_company = serializers.PrimaryKeyRelatedField(
        queryset=Company.objects.all(), allow_null=True, required=False, default=None
    )
    purpose = serializers.ChoiceField(choices=IntroductionPurpose.choices, default=IntroductionPurpose.JOB)
    made_by = _employee_field("The employee who made it; defaults to you.")
    date = serializers.DateField(required=False, help_text="Defaults to today.")
    outcome = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class IntroductionConfirmInputSerializer(serializers.Serializer):
    meaningful = serializers.BooleanField(
        default=True, help_text="True: it led somewhere for the person introduced. False takes that back."
    )


@extend_schema_view(
    list=extend_schema(responses={200: IntroductionSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: IntroductionSerializer, **error_responses(404)}),
)
@extend_schema(tags=["introductions"])
class IntroductionViewSet(LedgerViewSet):
    """Introductions made by employees in the pilots you may see."""

    model = Introduction
    serializer_class = IntroductionSerializer
    filterset_class = IntroductionFilter

    @extend_schema(
        request=IntroductionInputSerializer,
        responses={201: IntroductionSerializer, **error_responses(400, 403)},
        description="Log an introduction in one of your pilots (HR leads: any pilot).",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = IntroductionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = _with_pilot(request.user, dict(data.validated_data))
        row = services.introduction_record(actor=request.user, **values)
        return self._respond(row, status.HTTP_201_CREATED)

    @extend_schema(
        request=IntroductionInputSerializer,
        responses={200: IntroductionSerializer, **error_responses(400, 403, 404)},
        description="Correct an introduction you logged (HR leads: any).",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        row = self._row(pk)
        data = IntroductionInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.introduction_update(actor=request.user, introduction=row, **data.validated_data)
        return self._respond(row)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.introduction_delete(actor=request.user, introduction=self._row(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=IntroductionConfirmInputSerializer,
        responses={200: IntroductionSerializer, **error_responses(400, 403, 404)},
        description="Confirm an introduction as meaningful, or take that back (HR leads and the pilot's champions).",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: AuthedRequest, pk: int) -> Response:
        row = self._row(pk)
        data = IntroductionConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.introduction_confirm(actor=request.user, introduction=row, **data.validated_data)
        return self._respond(row)


# --- Assists ----------------------------------------------------------------------------------


class AssistSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    assist_type_key = serializers.CharField(source="assist_type.key", read_only=True)
    assist_type_name = serializers.CharField(source="assist_type.name", read_only=True)
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)

    class Meta:
        model = Assist
        fields = [
            "id",
            "direction",
            "employee",
            "employee_name",
            "person",
            "person_name",
            "assist_type",
            "assist_type_key",
            "assist_type_name",
            "points",
            "reference_kind",
            "reference_id",
            "reference_label",
            "pilot",
            "pilot_name",
            "stage",
            "date",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class AssistInputSerializer(serializers.Serializer):
    pilot = _pilot_field(required=False, help_text="Defaults to your pilot when you work in exactly one.")
    person = _person_field(help_text="The alumnus or contact on the other side.")
    assist_type = serializers.CharField(
        max_length=50, help_text="A step of the value scale, by key (e.g. 'insight') or id. See /api/v1/assist-types/."
    )
    direction = serializers.ChoiceField(choices=AssistDirection.choices)
    employee = _employee_field("The employee who gave or received the help; defaults to you.")
    date = serializers.DateField(required=False, help_text="Defaults to today.")
    reference_kind = serializers.CharField(max_length=30, allow_blank=True, required=False, default="")
    reference_id = serializers.CharField(max_length=64, allow_blank=True, required=False, default="")
    reference_label = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")

    def validate_assist_type(self, value: str) -> AssistType:
        # Only ASCII digits are an id: str.isdigit() also accepts "²", which int() refuses.
        text = value.strip()
        if text.isdigit() and not text.isascii():
            text = f"~{text}"
        try:
            return services.resolve_assist_type(text)
        except services.MetricsError as exc:
            raise serializers.ValidationError(exc.fields.get("assist_type") or [exc.message]) from exc


@extend_schema_view(
    list=extend_schema(responses={200: AssistSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: AssistSerializer, **error_responses(404)}),
)
@extend_schema(tags=["assists"])
class AssistViewSet(LedgerViewSet):
    """Help given to or received from people outside the firm, priced on the value scale."""

    model = Assist
    serializer_class = AssistSerializer
    filterset_class = AssistFilter
    ordering_fields = ["date", "created_at", "points"]

    @extend_schema(
        request=AssistInputSerializer,
        responses={201: AssistSerializer, **error_responses(400, 403)},
        description="Log an assist in one of your pilots; the type's current points are copied onto it.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = AssistInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = _with_pilot(request.user, dict(data.validated_data))
        row = services.assist_record(actor=request.user, **values)
        return self._respond(row, status.HTTP_201_CREATED)

    @extend_schema(
        request=AssistInputSerializer,
        responses={200: AssistSerializer, **error_responses(400, 403, 404)},
        description="Correct an assist you logged (HR leads: any). A new type re-prices it.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        row = self._row(pk)
        data = AssistInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.assist_update(actor=request.user, assist=row, **data.validated_data)
        return self._respond(row)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.assist_delete(actor=request.user, assist=self._row(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
    pilot = _pilot_field(required=False, help_text="Defaults to your pilot when you work in exactly one.")
    person = _person_field(help_text="The person hired.")
    opening_title = serializers.CharField(max_length=200)
    sponsor = serializers.PrimaryKeyRelatedField(
        queryset=SponsorOrganization.objects.all(), required=False, help_text="Defaults to the pilot's sponsor."
    )
    # The metaclass moves declared fields off the class, so this does not shadow Field.source.
    source = serializers.ChoiceField(choices=HireSource.choices)  # type: ignore[assignment]
    first_contact_date = serializers.DateField()
    date = serializers.DateField(help_text="The hire date; not before the first contact.")
    cost_travel = _money_field(default=Decimal("0"))
    cost_recruiter_fee = _money_field(default=Decimal("0"))
    cost_job_ads = _money_field(default=Decimal("0"))
    cost_video_tooling = _money_field(default=Decimal("0"))
    staff_hours = _money_field(max_digits=8, default=Decimal("0"))
    staff_hour_rate = _money_field(max_digits=8, default=Decimal("0"))
    reference_id = serializers.CharField(max_length=64, allow_blank=True, required=False, default="")
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


def _check_hire_total(values: dict[str, Any]) -> None:
    """The total must fit the database column (the service does not bound the sum)."""
    total = sum((values[name] for name in services.HIRE_COSTS[:4]), Decimal("0"))
    total += values["staff_hours"] * values["staff_hour_rate"]
    if total >= MONEY_LIMIT:
        raise serializers.ValidationError({"total_cost": [MSG_TOO_LARGE]})


@extend_schema_view(
    list=extend_schema(responses={200: HireSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: HireSerializer, **error_responses(404)}),
)
@extend_schema(tags=["hires"])
class HireViewSet(LedgerViewSet):
    """Hires with their source channel, time to hire and actual costs."""

    model = Hire
    serializer_class = HireSerializer
    filterset_class = HireFilter
    ordering_fields = ["date", "created_at", "total_cost", "time_to_hire_days"]

    @extend_schema(
        request=HireInputSerializer,
        responses={201: HireSerializer, **error_responses(400, 403)},
        description="Record a hire in one of your pilots; time to hire and total cost are computed.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = HireInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = _with_pilot(request.user, dict(data.validated_data))
        _check_hire_total(values)
        row = services.hire_record(actor=request.user, **values)
        return self._respond(row, status.HTTP_201_CREATED)

    @extend_schema(
        request=HireInputSerializer,
        responses={200: HireSerializer, **error_responses(400, 403, 404)},
        description="Correct a hire you recorded (HR leads: any).",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        row = self._row(pk)
        data = HireInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        _check_hire_total(merged(data.validated_data, row, list(services.HIRE_COSTS)))
        services.hire_update(actor=request.user, hire=row, **data.validated_data)
        return self._respond(row)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.hire_delete(actor=request.user, hire=self._row(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
    pilot = _pilot_field()
    category = serializers.ChoiceField(choices=CostCategory.choices)
    description = serializers.CharField(max_length=200)
    amount = _money_field(allow_null=True, help_text="Required unless hours and hour_rate are both given.")
    hours = _money_field(max_digits=8, allow_null=True)
    hour_rate = _money_field(max_digits=8, allow_null=True, help_text="With hours, sets the amount.")
    date = serializers.DateField(required=False, help_text="Defaults to today.")


def _check_cost_product(values: dict[str, Any]) -> None:
    hours, rate = values.get("hours"), values.get("hour_rate")
    if hours is not None and rate is not None and hours * rate >= MONEY_LIMIT:
        raise serializers.ValidationError({"amount": [MSG_TOO_LARGE]})


@extend_schema_view(
    list=extend_schema(responses={200: ProgramCostSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: ProgramCostSerializer, **error_responses(404)}),
)
@extend_schema(tags=["program-costs"])
class ProgramCostViewSet(LedgerViewSet):
    """What running each pilot cost: read with the pilot, written by HR leads."""

    model = ProgramCost
    serializer_class = ProgramCostSerializer
    filterset_class = ProgramCostFilter
    permission_classes = [IsHRLeadOrReadOnly]
    ordering_fields = ["date", "created_at", "amount"]

    @extend_schema(
        request=ProgramCostInputSerializer, responses={201: ProgramCostSerializer, **error_responses(400, 403)}
    )
    def create(self, request: AuthedRequest) -> Response:
        data = ProgramCostInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _check_cost_product(data.validated_data)
        row = services.program_cost_record(actor=request.user, **data.validated_data)
        return self._respond(row, status.HTTP_201_CREATED)

    @extend_schema(
        request=ProgramCostInputSerializer,
        responses={200: ProgramCostSerializer, **error_responses(400, 403, 404)},
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        row = self._row(pk)
        data = ProgramCostInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        _check_cost_product(merged(data.validated_data, row, ["hours", "hour_rate"]))
        services.program_cost_update(actor=request.user, cost=row, **data.validated_data)
        return self._respond(row)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.program_cost_delete(actor=request.user, cost=self._row(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
    travel_per_hire = _money_field(default=Decimal("0"))
    recruiter_fees_per_hire = _money_field(default=Decimal("0"))
    job_ads_per_hire = _money_field(default=Decimal("0"))
    other_per_hire = _money_field(default=Decimal("0"))
    time_to_hire_days = _days_field()
    sales_cycle_days = _days_field()
    point_value = _money_field(
        max_digits=10, default=Decimal("0"), help_text="What one assist point received is worth to the firm."
    )
    source_note = serializers.CharField(max_length=500, help_text="Where the figures come from.")


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
            return [HasRole.of(Role.HR_LEAD, Role.MANAGER)()]
        return [IsHRLead()]

    def get_queryset(self) -> QuerySet[LegacyCostBaseline]:
        if _fake(self):
            return LegacyCostBaseline.objects.none()
        return visible_baselines(_user(self))

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
