"""Alumni segments in the API, under /api/v1/alumni/segments/: the ranked segments of the pilots
you work in, with their size and definition (alumni.segments documents its filters).

HR leads add (``POST``), correct (``PATCH``), delete (``DELETE``), move a segment up or down
(``POST {id}/move/``) and reassign a pilot's alumni to their best-ranked matching segment
(``POST assign/`` with the pilot). Contributors of the pilot read; managers and contributors of
no pilot get 403, a segment of another pilot 404. Every write is one alumni.services.segments
function. Segments hold no personal data: reads are not audited.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import IdFilter, ReadViewSet, VisibleField, error_responses
from programs.models import Pilot
from recruiting.api.common import require_manager, schema_only, user_of

from ..access import can_work, visible_segments, work_pilots
from ..models import AlumniSegment
from ..segments import describe
from ..services import segments as services

MSG_NO_ACCESS = "Only HR leads and contributors in a pilot work with alumni."
MSG_PILOT = "Choose one of the pilots you work in."
MAX_RANK = services.MAX_RANK


class CanWork(permissions.BasePermission):
    """HR leads and contributors in at least one pilot (alumni.access.can_work)."""

    message = MSG_NO_ACCESS

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_work(request.user))


def pilot_field(**kwargs: Any) -> VisibleField:
    return VisibleField(model=Pilot, visible=work_pilots, message=MSG_PILOT, **kwargs)


class SegmentSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    size = serializers.IntegerField(read_only=True, help_text="Alumni in the segment now.")
    definition = serializers.DictField(
        read_only=True, help_text="Filters over the alumni fields (see the segment input's description)."
    )
    definition_text = serializers.SerializerMethodField(help_text="The definition in words, one line per filter.")

    class Meta:
        model = AlumniSegment
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "name",
            "description",
            "rank",
            "definition",
            "definition_text",
            "size",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_definition_text(self, segment: AlumniSegment) -> list[str]:
        return describe(segment.definition)


DEFINITION_HELP = (
    "A JSON object of filters, all optional, all of which an alumnus must match: former_departments "
    "(list of names, case ignored), exit_types (voluntary, eliminated, retired, other), countries (ISO "
    "codes), company_relationships (customer, prospect, partner, supplier, competitor, other), "
    "rehire_eligible (true or false), left_after and left_before (YYYY-MM-DD, inclusive), goodwill_levels "
    "(loves, positive, neutral, negative, hostile, unknown). {} matches every alumnus of the pilot."
)


class SegmentUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    rank = serializers.IntegerField(
        min_value=1,
        max_value=MAX_RANK,
        required=False,
        allow_null=True,
        default=None,
        help_text="1 matters most; the others move to make room. Left out on creation: after the others.",
    )
    definition = serializers.JSONField(required=False, default=dict, help_text=DEFINITION_HELP)


class SegmentCreateSerializer(SegmentUpdateSerializer):
    pilot = pilot_field(help_text="The Stage 2 pilot whose alumni it groups (cannot change later).")


# The settings may name this choice set (ENUM_NAME_OVERRIDES: "SegmentMoveDirectionEnum": MOVE_DIRECTIONS).
MOVE_DIRECTIONS = [(services.UP, "Up (towards rank 1)"), (services.DOWN, "Down")]


class SegmentMoveInputSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=MOVE_DIRECTIONS)


class SegmentAssignInputSerializer(serializers.Serializer):
    pilot = pilot_field(help_text="The pilot whose alumni are put in their segments.")


class SegmentAssignResultSerializer(serializers.Serializer):
    per_segment = serializers.DictField(
        child=serializers.IntegerField(), help_text="Alumni per segment id (every segment of the pilot)."
    )
    unassigned = serializers.IntegerField(help_text="Alumni in no segment.")
    total = serializers.IntegerField(help_text="Alumni of the pilot.")


UPDATE_FIELDS = ["name", "description", "rank", "definition"]


class SegmentFilter(django_filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id", help_text="Only this pilot's segments.")

    class Meta:
        model = AlumniSegment
        fields = ["pilot"]


@extend_schema_view(
    list=extend_schema(responses={200: SegmentSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: SegmentSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["alumni"])
class SegmentViewSet(mixins.DestroyModelMixin, ReadViewSet):
    """Segments of the pilots you work in, by pilot and rank, with their sizes."""

    permission_classes = [CanWork]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    serializer_class = SegmentSerializer
    filterset_class = SegmentFilter

    def get_queryset(self) -> QuerySet[AlumniSegment]:
        if schema_only(self):
            return AlumniSegment.objects.none()
        return (
            visible_segments(user_of(self))
            .annotate(size=Count("alumni"))
            .order_by("pilot__name", "pilot_id", "rank", "name", "id")
        )

    def _respond(self, segment: AlumniSegment, code: int = status.HTTP_200_OK) -> Response:
        return Response(SegmentSerializer(self.get_queryset().get(pk=segment.pk)).data, status=code)

    @extend_schema(
        request=SegmentCreateSerializer,
        responses={201: SegmentSerializer, **error_responses(400, 403, 409)},
        description="Add a segment (HR leads); the pilot's alumni are put in their best-ranked matching segment. "
        "A bad definition is a 400 whose fields name the filter at fault.",
    )
    def create(self, request: AuthedRequest) -> Response:
        require_manager(request.user, services.MSG_MANAGE)
        data = SegmentCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        segment = services.segment_create(actor=request.user, **data.validated_data)
        return self._respond(segment, status.HTTP_201_CREATED)

    @extend_schema(
        request=SegmentUpdateSerializer,
        responses={200: SegmentSerializer, **error_responses(400, 403, 404, 409)},
        description="Correct a segment (HR leads); the fields left out keep their values. A new definition or "
        "rank reassigns the pilot's alumni.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        segment = self.get_object()
        require_manager(request.user, services.MSG_MANAGE)
        data = SegmentUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        given = {name: data.validated_data[name] for name in UPDATE_FIELDS if name in data.validated_data}
        services.segment_update(actor=request.user, segment=segment, **given)
        return self._respond(segment)

    @extend_schema(
        responses={204: None, **error_responses(403, 404)},
        description="Delete a segment (HR leads): the ranks close up and its alumni go to the next segment they match.",
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:  # type: ignore[override]
        segment = self.get_object()
        require_manager(request.user, services.MSG_MANAGE)
        services.segment_delete(actor=request.user, segment=segment)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=SegmentMoveInputSerializer,
        responses={200: SegmentSerializer, **error_responses(400, 403, 404)},
        description="Swap the segment's rank with its neighbour's (HR leads) and reassign the pilot's alumni. "
        "Moving the first segment up or the last down is a 400.",
    )
    @action(detail=True, methods=["post"], url_path="move")
    def move(self, request: AuthedRequest, pk: int) -> Response:
        segment = self.get_object()
        require_manager(request.user, services.MSG_MANAGE)
        data = SegmentMoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.segment_move(actor=request.user, segment=segment, direction=data.validated_data["direction"])
        return self._respond(segment)

    @extend_schema(
        request=SegmentAssignInputSerializer,
        responses={200: SegmentAssignResultSerializer, **error_responses(400, 403)},
        description="Put each alumnus of the pilot in the best-ranked segment they match, else in none (HR leads).",
    )
    @action(detail=False, methods=["post"], url_path="assign")
    def assign(self, request: AuthedRequest) -> Response:
        require_manager(request.user, services.MSG_MANAGE)
        data = SegmentAssignInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        result = services.segments_assign(actor=request.user, pilot=data.validated_data["pilot"])
        body = {
            "per_segment": {str(k): v for k, v in result.per_segment.items()},
            "unassigned": result.unassigned,
            "total": result.total,
        }
        return Response(SegmentAssignResultSerializer(body).data)


ROUTES: list[tuple[str, Any, str]] = [("segments", SegmentViewSet, "api-alumni-segment")]
