"""Opportunities in the API: ``/api/v1/bizdev/opportunities/`` lists the deals of the pilots you
work in (filters as on the list page), creates, retrieves, corrects (PATCH) and deletes them;
``POST {id}/move/`` moves one to a stage (won or lost closes it: ``closed_on`` today unless given;
an open stage clears it). Each output carries ``cycle_days`` (closed deals only) and ``assisted``.

Access as on the pages: HR leads and contributors in a pilot (403 for managers and contributors
without a pilot); another pilot's deal is a 404; a deal you may see but do not own is a 403 on a
change. Every write is one bizdev.services.opportunities function, so the rules are the pages'.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api import IdFilter, ReadViewSet, VisibleField, error_responses
from metrics.money import money_cell
from people.models import Company
from programs.models import Pilot

from ..access import can_work, stage_pilots, visible_opportunities
from ..models import CLOSED_STAGES, OPEN_STAGES, Opportunity, OpportunityStage
from ..selectors.assists import with_assisted
from ..services import opportunities as services

MSG_NO_ACCESS = "Only HR leads and contributors in a pilot work on Stage 3 deals."
MSG_COMPANY_ID = "No such company; choose one of /api/v1/people/companies/ or send new_company."
MSG_OWNER_ID = services.MSG_OWNER


class CanWork(permissions.BasePermission):
    """HR leads and contributors in at least one pilot (bizdev.access.can_work)."""

    message = MSG_NO_ACCESS

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_work(request.user))


def schema_only(view: Any) -> bool:
    return getattr(view, "swagger_fake_view", False)


def user_of(view: Any) -> User:
    return cast(User, view.request.user)


class OpportunitySerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    company_name = serializers.CharField(source="company.name", read_only=True)
    owner_name = serializers.SerializerMethodField()
    value = serializers.SerializerMethodField(
        method_name="value_text", help_text='In ``currency``, two decimals, e.g. "25000.00".'
    )
    currency = serializers.SerializerMethodField()
    stage = serializers.ChoiceField(choices=OpportunityStage.choices, read_only=True)
    cycle_days = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Closed minus opened, in days; null while the deal is open."
    )
    assisted = serializers.SerializerMethodField(
        help_text="A received assist touches the deal (directly or through a help request linked to it)."
    )

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "name",
            "company",
            "company_name",
            "value",
            "currency",
            "stage",
            "owner",
            "owner_name",
            "opened_on",
            "closed_on",
            "cycle_days",
            "assisted",
            "description",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_owner_name(self, obj: Opportunity) -> str:
        return obj.owner.full_name or obj.owner.email

    @extend_schema_field(serializers.CharField())
    def value_text(self, obj: Opportunity) -> str:
        return money_cell(obj.value)

    def get_currency(self, obj: Opportunity) -> str:
        return str(settings.PROGRAM_CURRENCY)

    def get_assisted(self, obj: Opportunity) -> bool:
        return bool(getattr(obj, "assisted", False))


class OpportunityInputSerializer(serializers.Serializer):
    pilot = VisibleField(queryset=Pilot.objects.all(), visible=stage_pilots, message=services.MSG_PILOT)
    name = serializers.CharField(max_length=200)
    company = VisibleField(
        queryset=Company.objects.all(),
        message=MSG_COMPANY_ID,
        required=False,
        allow_null=True,
        help_text="The prospect's id; or send new_company.",
    )
    new_company = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="A new prospect's name (an existing one is reused)."
    )
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, help_text="Not negative; in the program's currency."
    )
    stage = serializers.ChoiceField(choices=OpportunityStage.choices, required=False)
    owner = VisibleField(
        queryset=User.objects.all(), message=MSG_OWNER_ID, required=False, help_text="A user id; you by default."
    )
    opened_on = serializers.DateField(required=False, help_text="Today by default.")
    closed_on = serializers.DateField(
        required=False, allow_null=True, help_text="Won or lost deals only; today by default."
    )
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class OpportunityUpdateSerializer(OpportunityInputSerializer):
    pilot = None  # type: ignore[assignment]  # a deal stays in its pilot


class OpportunityMoveInputSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=OpportunityStage.choices)
    closed_on = serializers.DateField(
        required=False, allow_null=True, help_text="For won or lost; today by default (or the date it had)."
    )


class OpportunityFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    owner = IdFilter(field_name="owner_id")
    stage = filters.ChoiceFilter(choices=OpportunityStage.choices)
    status = filters.ChoiceFilter(
        choices=[("open", "Open"), ("closed", "Closed (won or lost)")], method="filter_status"
    )
    assisted = filters.BooleanFilter(field_name="assisted")
    closed_from = filters.DateFilter(field_name="closed_on", lookup_expr="gte")
    closed_to = filters.DateFilter(field_name="closed_on", lookup_expr="lte")

    class Meta:
        model = Opportunity
        fields = ["pilot", "owner", "stage", "status", "assisted", "closed_from", "closed_to"]

    def filter_status(self, qs: QuerySet[Opportunity], name: str, value: str) -> QuerySet[Opportunity]:
        if value == "open":
            return qs.filter(stage__in=OPEN_STAGES)
        if value == "closed":
            return qs.filter(stage__in=CLOSED_STAGES)
        return qs


@extend_schema_view(
    list=extend_schema(
        responses={200: OpportunitySerializer(many=True), **error_responses(400, 403, 404)},
        description="The deals of your pilots, latest opened first; ``search`` looks in the deal's and the "
        "company's names.",
    ),
    retrieve=extend_schema(responses={200: OpportunitySerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["bizdev"])
class OpportunityViewSet(ReadViewSet):
    serializer_class = OpportunitySerializer
    permission_classes = [CanWork]
    filterset_class = OpportunityFilter
    search_fields = ["name", "company__name"]
    ordering_fields = ["opened_on", "closed_on", "value", "name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Opportunity]:
        if schema_only(self):
            return Opportunity.objects.none()
        return with_assisted(visible_opportunities(user_of(self))).order_by("-opened_on", "-id")

    def _respond(self, opportunity: Opportunity, code: int = status.HTTP_200_OK) -> Response:
        return Response(OpportunitySerializer(self.get_queryset().get(pk=opportunity.pk)).data, status=code)

    @extend_schema(
        request=OpportunityInputSerializer,
        responses={201: OpportunitySerializer, **error_responses(400, 403, 409)},
        description="Record a deal in one of your Stage 3 pilots. A closed date before the opened date, a "
        "negative value, a date in the future or an owner outside the pilot is a 400 naming the field.",
    )
    def create(self, request: Request) -> Response:
        data = OpportunityInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        opportunity = services.opportunity_create(actor=user_of(self), **data.validated_data)
        return self._respond(opportunity, status.HTTP_201_CREATED)

    @extend_schema(
        request=OpportunityUpdateSerializer(partial=True),
        responses={200: OpportunitySerializer, **error_responses(400, 403, 404, 409)},
        description="Correct a deal (its owner and HR leads); the fields left out keep their values.",
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        opportunity = self.get_object()
        data = OpportunityUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.opportunity_update(actor=user_of(self), opportunity=opportunity, **data.validated_data)
        return self._respond(opportunity)

    @extend_schema(
        responses={204: None, **error_responses(403, 404, 409)},
        description="Delete a deal (its owner and HR leads). A deal the ledger's assists refer to is a 409 "
        "saying how many.",
    )
    def destroy(self, request: Request, pk: int) -> Response:
        opportunity = self.get_object()
        services.opportunity_delete(actor=user_of(self), opportunity=opportunity)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=OpportunityMoveInputSerializer,
        responses={200: OpportunitySerializer, **error_responses(400, 403, 404)},
        description="Move the deal to a stage. Won or lost sets closed_on (today unless given); an open "
        "stage clears it.",
    )
    @action(detail=True, methods=["post"], url_path="move")
    def move(self, request: Request, pk: int) -> Response:
        opportunity = self.get_object()
        data = OpportunityMoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.opportunity_move(actor=user_of(self), opportunity=opportunity, **data.validated_data)
        return self._respond(opportunity)


ROUTES: list[tuple[str, Any, str]] = [
    ("opportunities", OpportunityViewSet, "api-bizdev-opportunity"),
]
