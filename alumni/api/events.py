"""Networking events and alumni density in the API.

- ``events``: the events of the pilots you work in; create, correct (PATCH), delete; ``POST
  {id}/introductions/`` links a ledger introduction of the event's pilot. Every write is one
  alumni.services.events function. Events name the alumni who recommended them: each list
  request is audited once. Access as on the pages: HR leads and contributors in a pilot (403 for
  managers and contributors without a pilot); another pilot's event is a 404.
- ``density``: alumni per country and city with the events held there and the introductions
  exchanged (counts, no names): managers read it too, for their sponsors' pilots.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api import IdFilter, ReadViewSet, error_responses
from core.api import VisibleField as _Visible
from core.web import as_pk
from metrics.models import Introduction
from programs.models import Pilot
from recruiting.api.common import audit_listing

from ..access import stage_pilots, visible_alumni, work_pilots
from ..models import Alumnus, NetworkingEvent
from ..selectors.events import alumni_density, can_read_density, density_pilots, visible_events
from ..services import events as services
from .introductions import CanWork, schema_only, user_of

AUDIT_LISTED = services.AUDIT_LISTED
MSG_ALUMNUS = "No such alumnus; choose among /api/v1/alumni/ alumni you may see."
MSG_MEMBER = "No such user among your pilots' members."
MSG_INTRO = "No such introduction among your pilots' introductions."
MSG_PILOT = services.MSG_PILOT
MAX_ID = 2**63 - 1


def _members(user: User) -> QuerySet[User]:
    return User.objects.filter(memberships__pilot__in=work_pilots(user)).distinct()


class NetworkingEventSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    recommended_by: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Alumni ids.")
    attendees: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="User ids.")
    introductions = serializers.SerializerMethodField(help_text="Ids of the ledger introductions exchanged there.")
    url = serializers.CharField(read_only=True, help_text="The event's page, or an empty string.")

    class Meta:
        model = NetworkingEvent
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "name",
            "city",
            "country",
            "starts_on",
            "url",
            "notes",
            "recommended_by",
            "attendees",
            "introductions",
            "created_at",
        ]
        read_only_fields = fields

    def get_introductions(self, event: NetworkingEvent) -> list[int]:
        return [link.introduction_id for link in event.event_introductions.all()]


class NetworkingEventInputSerializer(serializers.Serializer):
    pilot = _Visible(queryset=Pilot.objects.all(), visible=stage_pilots, message=MSG_PILOT)
    name = serializers.CharField(max_length=200)
    city = serializers.CharField(max_length=120)
    country = serializers.CharField(max_length=60, help_text="ISO 3166 two-letter code (or the country's name).")
    starts_on = serializers.DateField()
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    recommended_by = _Visible(
        queryset=Alumnus.objects.all(), visible=visible_alumni, message=MSG_ALUMNUS, many=True, required=False
    )
    attendees = _Visible(queryset=User.objects.all(), visible=_members, message=MSG_MEMBER, many=True, required=False)


class EventLinkInputSerializer(serializers.Serializer):
    introduction = _Visible(
        queryset=Introduction.objects.all(),
        visible=lambda user: Introduction.objects.filter(pilot__in=work_pilots(user)),
        message=MSG_INTRO,
    )


class EventFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    city = filters.CharFilter(field_name="city", lookup_expr="iexact")
    country = filters.CharFilter(field_name="country", lookup_expr="iexact", max_length=2)
    starts_from = filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_to = filters.DateFilter(field_name="starts_on", lookup_expr="lte")

    class Meta:
        model = NetworkingEvent
        fields = ["pilot", "city", "country", "starts_from", "starts_to"]


@extend_schema_view(
    list=extend_schema(
        responses={200: NetworkingEventSerializer(many=True), **error_responses(400, 403, 404)},
        description="Networking events of your pilots, latest first. Each list request is audited once.",
    ),
    retrieve=extend_schema(responses={200: NetworkingEventSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["alumni"])
class EventViewSet(ReadViewSet):
    serializer_class = NetworkingEventSerializer
    permission_classes = [CanWork]
    filterset_class = EventFilter
    search_fields = ["name", "city"]
    ordering_fields = ["starts_on", "created_at", "name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[NetworkingEvent]:
        if schema_only(self):
            return NetworkingEvent.objects.none()
        return (
            NetworkingEvent.objects.filter(pk__in=visible_events(user_of(self)).values("pk"))
            .select_related("pilot")
            .prefetch_related("recommended_by", "attendees", "event_introductions")
            .order_by("-starts_on", "-id")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        audit_listing(request, AUDIT_LISTED, response)
        return response

    def _respond(self, event: NetworkingEvent, code: int = status.HTTP_200_OK) -> Response:
        return Response(NetworkingEventSerializer(self.get_queryset().get(pk=event.pk)).data, status=code)

    @extend_schema(
        request=NetworkingEventInputSerializer,
        responses={201: NetworkingEventSerializer, **error_responses(400, 403)},
        description="Record an event in one of your Stage 2 pilots: attendees must be members of the pilot, "
        "recommenders alumni of the pilot.",
    )
    def create(self, request: Request) -> Response:
        data = NetworkingEventInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        event = services.event_create(actor=user_of(self), **data.validated_data)
        return self._respond(event, status.HTTP_201_CREATED)

    @extend_schema(
        request=NetworkingEventInputSerializer(partial=True),
        responses={200: NetworkingEventSerializer, **error_responses(400, 403, 404)},
        description="Correct an event; the fields left out keep their values (lists sent replace the lists).",
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        event = self.get_object()
        data = NetworkingEventInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.event_update(actor=user_of(self), event=event, **data.validated_data)
        return self._respond(event)

    @extend_schema(
        responses={204: None, **error_responses(403, 404)},
        description="Delete an event (HR leads and whoever recorded it); its introductions stay in the ledger.",
    )
    def destroy(self, request: Request, pk: int) -> Response:
        event = self.get_object()
        services.event_delete(actor=user_of(self), event=event)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=EventLinkInputSerializer,
        responses={200: NetworkingEventSerializer, **error_responses(400, 403, 404, 409)},
        description="Link a ledger introduction of the event's pilot, exchanged there. One already linked to "
        "an event is a 409.",
    )
    @action(detail=True, methods=["post"], url_path="introductions")
    def introductions(self, request: Request, pk: int) -> Response:
        event = self.get_object()
        data = EventLinkInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.event_link_introduction(
            actor=user_of(self), event=event, introduction=data.validated_data["introduction"]
        )
        return self._respond(event)


class AlumniDensitySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[("country", "Country"), ("city", "City")])
    country = serializers.CharField(help_text="ISO 3166 code; empty when not known.")
    country_name = serializers.CharField()
    city = serializers.CharField(help_text="Empty on a country's row and for alumni without a city.")
    alumni = serializers.IntegerField()
    events = serializers.IntegerField()
    introductions = serializers.IntegerField(help_text="Introductions exchanged at those events.")


class CanReadDensity(permissions.BasePermission):
    message = "Only HR leads, contributors in a pilot and managers of a sponsor read the alumni density."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_read_density(request.user))


@extend_schema(tags=["alumni"])
class DensityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Alumni per country and city, most alumni first (countries, then cities)."""

    serializer_class = AlumniDensitySerializer
    permission_classes = [CanReadDensity]
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[OpenApiParameter("pilot", int, description="Only this pilot's alumni.")],
        responses={200: AlumniDensitySerializer(many=True), **error_responses(400, 403)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pilots = density_pilots(user_of(self))
        if "pilot" in request.query_params:
            pk = as_pk(request.query_params["pilot"])
            if pk is None:
                raise serializers.ValidationError({"pilot": ["Enter a pilot id."]})
            pilots = pilots.filter(pk=pk)
        table = alumni_density(pilots)
        rows = [
            {
                "level": level,
                "country": r.country,
                "country_name": r.country_name,
                "city": r.city,
                "alumni": r.alumni,
                "events": r.events,
                "introductions": r.introductions,
            }
            for level, part in (("country", table.countries), ("city", table.cities))
            for r in part
        ]
        return Response(AlumniDensitySerializer(rows, many=True).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("events", EventViewSet, "api-alumni-event"),
    ("density", DensityViewSet, "api-alumni-density"),
]
