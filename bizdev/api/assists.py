"""Stage 3 assists in the API: ``/api/v1/bizdev/assists/``.

- ``GET``: the ledger's Stage 3 assists linked to a deal or help request, of the pilots you work
  in, latest first (they name the alumni who helped: each list request is audited once).
- ``POST``: log an assist on a deal (``opportunity``) or a help request (``request``): the person
  on the other side, the kind of help (``assist_type``: the value scale's key or id), direction
  (received by default), date, note. Written through bizdev.services.assists.assist_log, so the
  ledger's rules and the "no assist without a giver" rule apply.

Access as on the pages: HR leads and contributors in a pilot (403 for managers and contributors
without a pilot); a deal or request of another pilot is refused as unknown.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import IdFilter, ReadViewSet, VisibleField, error_responses
from metrics.models import Assist, AssistDirection
from people.models import Person
from recruiting.api.common import audit_listing

from ..access import visible_opportunities, visible_requests
from ..models import HelpRequest, Opportunity
from ..selectors.assists import reference_ids, visible_linked_assists
from ..services.assists import assist_log
from .opportunities import CanWork, schema_only, user_of

AUDIT_LISTED = "bizdev_assists.api_listed"
MSG_OPPORTUNITY = "No such deal among your pilots' opportunities."
MSG_REQUEST = "No such help request among your pilots' requests."
MSG_PERSON = "No such person; choose one of /api/v1/people/."
MSG_ONE_TARGET = "Send either opportunity or request: the deal or the help request the assist is about."


class LinkedAssistSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    assist_type = serializers.CharField(source="assist_type.key", read_only=True)
    assist_type_name = serializers.CharField(source="assist_type.name", read_only=True)
    direction = serializers.ChoiceField(choices=AssistDirection.choices, read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    employee_name = serializers.SerializerMethodField()
    opportunity = serializers.SerializerMethodField(help_text="The deal's id, when linked to a deal.")
    request = serializers.SerializerMethodField(help_text="The help request's id, when linked to a request.")

    class Meta:
        model = Assist
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "direction",
            "assist_type",
            "assist_type_name",
            "points",
            "person",
            "person_name",
            "employee",
            "employee_name",
            "date",
            "note",
            "reference_kind",
            "reference_id",
            "reference_label",
            "opportunity",
            "request",
            "created_at",
        ]
        read_only_fields = fields

    def get_employee_name(self, obj: Assist) -> str:
        return obj.employee.full_name or obj.employee.email

    def get_opportunity(self, obj: Assist) -> int | None:
        return reference_ids(obj)[0]

    def get_request(self, obj: Assist) -> int | None:
        return reference_ids(obj)[1]


class LinkedAssistInputSerializer(serializers.Serializer):
    opportunity = VisibleField(
        queryset=Opportunity.objects.all(), visible=visible_opportunities, message=MSG_OPPORTUNITY, required=False
    )
    request = VisibleField(
        queryset=HelpRequest.objects.all(), visible=visible_requests, message=MSG_REQUEST, required=False
    )
    person = VisibleField(
        queryset=Person.objects.all(),
        message=MSG_PERSON,
        required=False,
        allow_null=True,
        help_text="Who gave the help (received) or received it (given).",
    )
    assist_type = serializers.CharField(max_length=50, help_text="The value scale's key (or id).")
    direction = serializers.ChoiceField(choices=AssistDirection.choices, default=AssistDirection.RECEIVED)
    date = serializers.DateField(required=False, help_text="Today by default; never in the future.")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("opportunity")) == bool(attrs.get("request")):
            raise serializers.ValidationError({"opportunity": [MSG_ONE_TARGET]})
        return attrs


class LinkedAssistFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    direction = filters.ChoiceFilter(choices=AssistDirection.choices)
    reference_kind = filters.ChoiceFilter(
        choices=[("opportunity", "Linked to a deal"), ("help_request", "Linked to a help request")]
    )
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Assist
        fields = ["pilot", "direction", "reference_kind", "date_from", "date_to"]


@extend_schema_view(
    list=extend_schema(
        responses={200: LinkedAssistSerializer(many=True), **error_responses(400, 403, 404)},
        description="Stage 3 assists linked to a deal or help request, of your pilots, latest first. Each list "
        "request is audited once.",
    ),
    retrieve=extend_schema(responses={200: LinkedAssistSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["bizdev"])
class LinkedAssistViewSet(ReadViewSet):
    serializer_class = LinkedAssistSerializer
    permission_classes = [CanWork]
    filterset_class = LinkedAssistFilter
    search_fields = ["reference_label"]
    ordering_fields = ["date", "points", "created_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Assist]:
        if schema_only(self):
            return Assist.objects.none()
        return visible_linked_assists(user_of(self))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        audit_listing(request, AUDIT_LISTED, response)
        return response

    @extend_schema(
        request=LinkedAssistInputSerializer,
        responses={201: LinkedAssistSerializer, **error_responses(400, 403)},
        description="Log an assist on a deal or a help request of your pilots. A received assist needs the person "
        "who gave it; an unknown or retired assist type, a future date are a 400 naming the field.",
    )
    def create(self, request: Request) -> Response:
        data = LinkedAssistInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        target = values.pop("opportunity", None) or values.pop("request", None)
        values.pop("request", None)
        row = assist_log(actor=user_of(self), target=target, person=values.pop("person", None), **values)
        return Response(LinkedAssistSerializer(self.get_queryset().get(pk=row.pk)).data, status=status.HTTP_201_CREATED)


ROUTES: list[tuple[str, Any, str]] = [
    ("assists", LinkedAssistViewSet, "api-bizdev-assist"),
]
