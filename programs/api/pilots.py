"""Pilots: list, create, edit, status transitions and scaling."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.access import IsHRLead
from accounts.api import AuthedRequest
from core.api import ReadViewSet, error_responses, merged

from .. import services
from ..access import get_pilot_for_user, visible_pilots
from ..filters import PilotFilter
from ..models import Pilot, SponsorOrganization, Stage
from ..progress import measures_for
from .common import fake, request_user
from .goals import MeasureSerializer


class PilotSerializer(serializers.ModelSerializer):
    sponsor_name = serializers.CharField(source="sponsor.name", read_only=True)
    stage_label = serializers.CharField(read_only=True)
    allowed_transitions = serializers.ListField(
        child=serializers.ChoiceField(choices=Pilot.Status.choices),
        read_only=True,
        help_text="Statuses this pilot may move to next.",
    )

    class Meta:
        model = Pilot
        fields = [
            "id",
            "name",
            "stage",
            "stage_label",
            "sponsor",
            "sponsor_name",
            "description",
            "status",
            "allowed_transitions",
            "start_date",
            "end_date",
            "scaled_from",
            "created_at",
        ]


class PilotCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    stage = serializers.ChoiceField(choices=Stage.choices)
    sponsor = serializers.PrimaryKeyRelatedField(queryset=SponsorOrganization.objects.all())
    description = serializers.CharField(allow_blank=True, required=False, default="")
    start_date = serializers.DateField(allow_null=True, required=False, default=None)
    end_date = serializers.DateField(allow_null=True, required=False, default=None)


class PilotUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    description = serializers.CharField(allow_blank=True, required=False)
    start_date = serializers.DateField(allow_null=True, required=False)
    end_date = serializers.DateField(allow_null=True, required=False)


class PilotTransitionInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Pilot.Status.choices)


class PilotScaleInputSerializer(serializers.Serializer):
    sponsor = serializers.PrimaryKeyRelatedField(
        queryset=SponsorOrganization.objects.all(), help_text="The sponsor the new pilot serves."
    )
    name = serializers.CharField(max_length=150)


@extend_schema_view(
    list=extend_schema(responses={200: PilotSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: PilotSerializer, **error_responses(404)}),
)
@extend_schema(tags=["pilots"])
class PilotViewSet(ReadViewSet):
    """Pilots the user may see: HR leads all, managers their sponsors', contributors their own."""

    serializer_class = PilotSerializer
    filterset_class = PilotFilter
    search_fields = ["name"]
    ordering_fields = ["name", "stage", "status", "start_date", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> Sequence[Any]:
        if self.action == "create":
            return [IsHRLead()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Pilot]:
        if fake(self):
            return Pilot.objects.none()
        return visible_pilots(request_user(self))

    def _respond(self, pilot: Pilot, code: int = status.HTTP_200_OK) -> Response:
        return Response(PilotSerializer(self.get_queryset().get(pk=pilot.pk)).data, status=code)

    @extend_schema(
        request=PilotCreateInputSerializer, responses={201: PilotSerializer, **error_responses(400, 403, 409)}
    )
    def create(self, request: AuthedRequest) -> Response:
        data = PilotCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pilot = services.pilot_create(actor=request.user, **data.validated_data)
        return self._respond(pilot, status.HTTP_201_CREATED)

    @extend_schema(
        request=PilotUpdateInputSerializer, responses={200: PilotSerializer, **error_responses(400, 403, 404, 409)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        pilot = get_pilot_for_user(request.user, pk, write=True)
        data = PilotUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, pilot, ["name", "description", "start_date", "end_date"])
        services.pilot_update(actor=request.user, pilot=pilot, **values)
        return self._respond(pilot)

    @extend_schema(
        request=PilotTransitionInputSerializer,
        responses={200: PilotSerializer, **error_responses(400, 403, 404, 409)},
        description=(
            "Move the pilot to another status. A Stage 2 pilot cannot become active without an "
            'approved sharing policy (400 with code "policy_required").'
        ),
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: AuthedRequest, pk: int) -> Response:
        pilot = get_pilot_for_user(request.user, pk, write=True)
        data = PilotTransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pilot_transition(actor=request.user, pilot=pilot, status=data.validated_data["status"])
        return self._respond(pilot)

    @extend_schema(
        request=PilotScaleInputSerializer,
        responses={201: PilotSerializer, **error_responses(400, 403, 404, 409)},
        description="Start a new pilot for another sponsor with this pilot's setup; answers with the new pilot.",
    )
    @action(detail=True, methods=["post"])
    def scale(self, request: AuthedRequest, pk: int) -> Response:
        pilot = get_pilot_for_user(request.user, pk, write=True)
        data = PilotScaleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.pilot_scale(actor=request.user, pilot=pilot, **data.validated_data)
        return self._respond(new, status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: MeasureSerializer(many=True), **error_responses(404)},
        description=(
            "The measures a goal of this pilot may choose (its goals' `measure` field): the ledger's figures "
            "and the registered figures of the pilot's stage. Not paginated."
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def measures(self, request: AuthedRequest, pk: int) -> Response:
        pilot = get_pilot_for_user(request.user, pk)
        offered = measures_for(pilot, request.user, today=timezone.localdate())
        return Response(MeasureSerializer(offered, many=True).data)
