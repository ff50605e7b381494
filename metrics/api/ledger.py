"""The ledger's introductions and assists in the API: list and read the rows of the pilots you
may see (each list request is audited: the rows name people), log, correct, delete, confirm."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import error_responses

from .. import services
from ..filters import AssistFilter, IntroductionFilter
from ..models import Assist, AssistDirection, AssistType, Introduction, IntroductionKind, IntroductionPurpose
from .common import LedgerViewSet, LedgerWrites, company_field, employee_field, person_field, pilot_field

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
    pilot = pilot_field(required=False, help_text="Defaults to your pilot when you work in exactly one.")
    on_behalf_of = person_field(help_text="The person introduced (usually an alumnus).")
    on_behalf_kind = serializers.ChoiceField(choices=IntroductionKind.choices, default=IntroductionKind.ALUMNUS)
    to_person = person_field(allow_null=True, required=False, default=None)
    to_company = company_field(allow_null=True, required=False, default=None)
    purpose = serializers.ChoiceField(choices=IntroductionPurpose.choices, default=IntroductionPurpose.JOB)
    made_by = employee_field("The employee who made it; defaults to you.")
    date = serializers.DateField(required=False, help_text="Defaults to today.")
    outcome = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    contact_override = serializers.CharField(
        max_length=500,
        allow_blank=True,
        required=False,
        help_text="Why the introduction goes ahead although the person introduced (or the person they are "
        "introduced to) asked not to be contacted. Refused without it (400 on contact_override); recorded "
        "in the audit log with it.",
    )


class IntroductionConfirmInputSerializer(serializers.Serializer):
    meaningful = serializers.BooleanField(
        default=True, help_text="True: it led somewhere for the person introduced. False takes that back."
    )


@extend_schema_view(
    list=extend_schema(responses={200: IntroductionSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: IntroductionSerializer, **error_responses(404)}),
    create=extend_schema(
        request=IntroductionInputSerializer,
        responses={201: IntroductionSerializer, **error_responses(400, 403)},
        description="Log an introduction in one of your pilots (HR leads: any pilot).",
    ),
    partial_update=extend_schema(
        request=IntroductionInputSerializer,
        responses={200: IntroductionSerializer, **error_responses(400, 403, 404)},
        description="Correct an introduction you logged (HR leads: any).",
    ),
    destroy=extend_schema(responses={204: None, **error_responses(403, 404)}),
)
@extend_schema(tags=["introductions"])
class IntroductionViewSet(LedgerViewSet):
    """Introductions made by employees in the pilots you may see."""

    model = Introduction
    audit_verb = "introductions.api_listed"
    serializer_class = IntroductionSerializer
    filterset_class = IntroductionFilter
    writes = LedgerWrites(
        input=IntroductionInputSerializer,
        record=services.introduction_record,
        update=services.introduction_update,
        delete=services.introduction_delete,
        row="introduction",
        employee="made_by",
    )

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
    pilot = pilot_field(required=False, help_text="Defaults to your pilot when you work in exactly one.")
    person = person_field(help_text="The alumnus or contact on the other side.")
    assist_type = serializers.CharField(
        max_length=50, help_text="A step of the value scale, by key (e.g. 'insight') or id. See /api/v1/assist-types/."
    )
    direction = serializers.ChoiceField(choices=AssistDirection.choices)
    employee = employee_field("The employee who gave or received the help; defaults to you.")
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
    create=extend_schema(
        request=AssistInputSerializer,
        responses={201: AssistSerializer, **error_responses(400, 403)},
        description="Log an assist in one of your pilots; the type's current points are copied onto it.",
    ),
    partial_update=extend_schema(
        request=AssistInputSerializer,
        responses={200: AssistSerializer, **error_responses(400, 403, 404)},
        description="Correct an assist you logged (HR leads: any). A new type re-prices it.",
    ),
    destroy=extend_schema(responses={204: None, **error_responses(403, 404)}),
)
@extend_schema(tags=["assists"])
class AssistViewSet(LedgerViewSet):
    """Help given to or received from people outside the firm, priced on the value scale."""

    model = Assist
    audit_verb = "assists.api_listed"
    serializer_class = AssistSerializer
    filterset_class = AssistFilter
    ordering_fields = ["date", "created_at", "points"]
    writes = LedgerWrites(
        input=AssistInputSerializer,
        record=services.assist_record,
        update=services.assist_update,
        delete=services.assist_delete,
        row="assist",
        employee="employee",
    )
