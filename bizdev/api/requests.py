"""Help requests in the API: ``/api/v1/bizdev/requests/``.

List (filters: direction, status, kind, pilot, opportunity, alumnus; ``preset=alumni_open`` for
alumni's asks still open, oldest first), create, retrieve, partial update, and the POST actions
``{id}/responses/``, ``{id}/answered/``, ``{id}/close/``, ``{id}/reopen/``. Every write is one
bizdev.services.requests function, so the rules are the pages': a guardrail hit without
``confirm_guardrail`` is a 400 with code ``guardrail_unconfirmed`` and the hits in
``error.fields.hits``; a conflict without a ``disclosure`` is a 400 with code
``conflict_undisclosed`` and ``error.fields.conflicts``.

Access as on the pages: HR leads and contributors in a pilot (403 for managers and anyone else);
another pilot's request is a 404; editing, closing and reopening another's request is a 403.
Requests name alumni: each list request is audited once, each retrieve too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from alumni.api.introductions import schema_only, user_of
from alumni.models import AlumniSegment, Alumnus
from core.api import IdFilter, ReadViewSet, error_responses, listing_audit_data
from core.api import VisibleField as Visible
from programs.models import Pilot, Venue, VenueVisibility
from recruiting.api.common import NO_INPUT, no_input

from ..access import (
    can_work,
    reachable_alumni,
    reachable_segments,
    stage_pilots,
    visible_opportunities,
    visible_references,
)
from ..models import (
    HelpRequest,
    HelpResponse,
    Opportunity,
    ReferenceConversation,
    RequestAudience,
    RequestDirection,
    RequestKind,
    RequestStatus,
)
from ..selectors.requests import alumni_asks_open, request_rows, time_to_answer
from ..services import request_answers
from ..services import requests as services

MSG_NO_ACCESS = "Only HR leads and contributors in a pilot work with help requests."
MSG_PILOT = services.MSG_PILOT
MSG_ALUMNUS = "No such alumnus among the alumni you may see."
MSG_SEGMENT = "No such segment among your pilots' segments."
MSG_VENUE = "No such private group."
MSG_OPPORTUNITY = "No such deal among your pilots' deals."
MSG_REFERENCE = "No such reference conversation among your pilots'."


class CanWork(permissions.BasePermission):
    """HR leads and contributors in at least one pilot (bizdev.access.can_work)."""

    message = MSG_NO_ACCESS

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_work(request.user))


def _private_venues(user: User) -> QuerySet[Venue]:
    return Venue.objects.filter(visibility=VenueVisibility.PRIVATE)


# --- output -----------------------------------------------------------------------------------


class GuardrailHitSerializer(serializers.Serializer):
    term = serializers.CharField()
    note = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    alumnus_id = serializers.IntegerField()
    alumnus_name = serializers.CharField()
    company = serializers.CharField()
    reason = serializers.CharField()


class HelpResponseSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.full_name", read_only=True, default=None, allow_null=True)
    alumnus_name = serializers.CharField(
        source="alumnus.person.full_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = HelpResponse
        fields = ["id", "author", "author_name", "alumnus", "alumnus_name", "body", "created_at"]
        read_only_fields = fields


class HelpRequestSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    alumnus_name = serializers.CharField(
        source="alumnus.person.full_name", read_only=True, default=None, allow_null=True
    )
    chosen_alumni: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Alumni ids.")
    references: Any = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Reference conversation ids."
    )
    guardrail_hits = serializers.SerializerMethodField(help_text="What the guardrail found when last checked.")
    conflicts = serializers.SerializerMethodField(help_text="The conflicts of interest found when last checked.")
    days_to_answer = serializers.SerializerMethodField(help_text="From creation to first marked answered.")
    responses = HelpResponseSerializer(many=True, read_only=True)
    audience = serializers.ChoiceField(choices=RequestAudience.choices, allow_blank=True, read_only=True)

    class Meta:
        model = HelpRequest
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "direction",
            "kind",
            "title",
            "body",
            "audience",
            "segment",
            "chosen_alumni",
            "venue",
            "alumnus",
            "alumnus_name",
            "via_link",
            "opportunity",
            "references",
            "asked_by",
            "status",
            "answered_at",
            "closed_at",
            "days_to_answer",
            "guardrail_hits",
            "guardrail_confirmed_by",
            "guardrail_confirmed_at",
            "conflicts",
            "disclosure",
            "disclosed_by",
            "disclosed_at",
            "responses",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(GuardrailHitSerializer(many=True))
    def get_guardrail_hits(self, obj: HelpRequest) -> list[dict[str, Any]]:
        return [
            {"term": str(h.get("term", "")), "note": str(h.get("note", ""))}
            for h in obj.guardrail_hits
            if isinstance(h, dict)
        ]

    @extend_schema_field(ConflictSerializer(many=True))
    def get_conflicts(self, obj: HelpRequest) -> list[dict[str, Any]]:
        return [
            {
                "alumnus_id": int(c.get("alumnus_id") or 0),
                "alumnus_name": str(c.get("alumnus_name", "")),
                "company": str(c.get("company", "")),
                "reason": str(c.get("reason", "")),
            }
            for c in obj.conflicts
            if isinstance(c, dict)
        ]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_days_to_answer(self, obj: HelpRequest) -> float | None:
        waited = time_to_answer(obj)
        return None if waited is None else round(waited.total_seconds() / 86400, 1)


# --- input ------------------------------------------------------------------------------------


class HelpRequestInputSerializer(serializers.Serializer):
    pilot = Visible(queryset=Pilot.objects.all(), visible=stage_pilots, message=MSG_PILOT)
    direction = serializers.ChoiceField(choices=RequestDirection.choices)
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=4000)
    audience = serializers.ChoiceField(
        choices=RequestAudience.choices, required=False, allow_blank=True, default="", help_text="Ours only."
    )
    segment = Visible(
        queryset=AlumniSegment.objects.all(),
        visible=reachable_segments,
        message=MSG_SEGMENT,
        required=False,
        allow_null=True,
        default=None,
    )
    chosen_alumni = Visible(
        queryset=Alumnus.objects.all(), visible=reachable_alumni, message=MSG_ALUMNUS, many=True, required=False
    )
    venue = Visible(
        queryset=Venue.objects.all(),
        visible=_private_venues,
        message=MSG_VENUE,
        required=False,
        allow_null=True,
        default=None,
        help_text="The pilot's private group (audience group).",
    )
    alumnus = Visible(
        queryset=Alumnus.objects.all(),
        visible=reachable_alumni,
        message=MSG_ALUMNUS,
        required=False,
        allow_null=True,
        default=None,
        help_text="Who asks (direction alumni).",
    )
    opportunity = Visible(
        queryset=Opportunity.objects.all(),
        visible=visible_opportunities,
        message=MSG_OPPORTUNITY,
        required=False,
        allow_null=True,
        default=None,
    )
    references = Visible(
        queryset=ReferenceConversation.objects.all(),
        visible=visible_references,
        message=MSG_REFERENCE,
        many=True,
        required=False,
    )
    confirm_guardrail = serializers.BooleanField(
        required=False, default=False, help_text="Confirm that no privileged information is asked for."
    )
    disclosure = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=f"The conflict-of-interest disclosure (at least {services.DISCLOSURE_MIN} characters when needed).",
    )


class HelpRequestUpdateSerializer(HelpRequestInputSerializer):
    """A partial update: the pilot and direction stay; left-out fields keep their values (DRF skips
    defaults in a partial update)."""

    pilot = None  # type: ignore[assignment]
    direction = None  # type: ignore[assignment]


class HelpResponseInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=4000)
    alumnus = Visible(
        queryset=Alumnus.objects.all(),
        visible=reachable_alumni,
        message=MSG_ALUMNUS,
        required=False,
        allow_null=True,
        default=None,
        help_text="The alumnus whose answer you log; none for your own.",
    )
    mark_answered = serializers.BooleanField(required=False, default=False)


class HelpRequestFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    opportunity = IdFilter(field_name="opportunity_id")
    alumnus = IdFilter(field_name="alumnus_id")
    direction = filters.ChoiceFilter(choices=RequestDirection.choices)
    status = filters.ChoiceFilter(choices=RequestStatus.choices)
    kind = filters.ChoiceFilter(choices=RequestKind.choices)

    class Meta:
        model = HelpRequest
        fields = ["pilot", "opportunity", "alumnus", "direction", "status", "kind"]


@extend_schema_view(
    list=extend_schema(
        responses={200: HelpRequestSerializer(many=True), **error_responses(400, 403, 404)},
        parameters=[
            OpenApiParameter(
                "preset", str, enum=["alumni_open"], description="alumni_open: alumni's asks still open, oldest first."
            )
        ],
        description="Help requests of your pilots, newest first. Each list request is audited once.",
    ),
    retrieve=extend_schema(responses={200: HelpRequestSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["bizdev"])
class HelpRequestViewSet(ReadViewSet):
    serializer_class = HelpRequestSerializer
    permission_classes = [CanWork]
    filterset_class = HelpRequestFilter
    search_fields = ["title"]
    ordering_fields = ["created_at", "answered_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[HelpRequest]:
        if schema_only(self):
            return HelpRequest.objects.none()
        user = user_of(self)
        preset = self.request.query_params.get("preset") if self.action == "list" else None
        rows = alumni_asks_open(user) if preset == "alumni_open" else request_rows(user)
        return rows.prefetch_related("chosen_alumni", "references", "responses__author", "responses__alumnus__person")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        preset = request.query_params.get("preset")
        if preset not in (None, "", "alumni_open"):
            raise serializers.ValidationError({"preset": ["Use alumni_open, or leave it out."]})
        response = super().list(request, *args, **kwargs)
        if response.status_code == status.HTTP_200_OK:
            data = response.data
            rows = data.get("count") if isinstance(data, dict) else len(data)
            services.help_requests_listed(actor=user_of(self), data=listing_audit_data(request, rows), api=True)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        services.help_request_viewed(actor=user_of(self), request=obj, via="api")
        return Response(self.get_serializer(obj).data)

    def _respond(self, obj: HelpRequest, code: int = status.HTTP_200_OK) -> Response:
        return Response(HelpRequestSerializer(self.get_queryset().get(pk=obj.pk)).data, status=code)

    @extend_schema(
        request=HelpRequestInputSerializer,
        responses={201: HelpRequestSerializer, **error_responses(400, 403)},
        description="Send one of ours (the guardrail and the conflict rule run first: 400 with code "
        "guardrail_unconfirmed and error.fields.hits, or conflict_undisclosed and error.fields.conflicts), "
        "or enter an alumnus's ask (direction alumni, alumnus required).",
    )
    def create(self, request: Request) -> Response:
        data = HelpRequestInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        created = services.help_request_create(actor=user_of(self), **data.validated_data)
        return self._respond(created, status.HTTP_201_CREATED)

    @extend_schema(
        request=HelpRequestUpdateSerializer,
        responses={200: HelpRequestSerializer, **error_responses(400, 403, 404)},
        description="Correct a request (whoever asked or entered it, and HR leads); the fields left out keep "
        "their values. The rules run again on a changed text or audience.",
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        obj = self.get_object()
        data = HelpRequestUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.help_request_update(actor=user_of(self), request=obj, **data.validated_data)
        return self._respond(obj)

    @extend_schema(
        request=HelpResponseInputSerializer,
        responses={201: HelpRequestSerializer, **error_responses(400, 403, 404, 409)},
        description="Add an answer (yours, or an alumnus's you log); a closed request is a 409.",
    )
    @action(detail=True, methods=["post"], url_path="responses")
    def responses(self, request: Request, pk: int) -> Response:
        obj = self.get_object()
        data = HelpResponseInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        request_answers.help_response_add(actor=user_of(self), request=obj, **data.validated_data)
        return self._respond(obj, status.HTTP_201_CREATED)

    def _status_change(self, request: Request, service: Any) -> Response:
        """answered / close / reopen: no body, the service's rules, the request as it now stands."""
        no_input(request)
        obj = self.get_object()
        service(actor=user_of(self), request=obj)
        return self._respond(obj)

    @extend_schema(
        request=NO_INPUT,
        responses={200: HelpRequestSerializer, **error_responses(400, 403, 404, 409)},
        description="Mark an open request answered (the first time sets answered_at). Not open: 409.",
    )
    @action(detail=True, methods=["post"], url_path="answered")
    def answered(self, request: Request, pk: int) -> Response:
        return self._status_change(request, request_answers.help_request_mark_answered)

    @extend_schema(
        request=NO_INPUT,
        responses={200: HelpRequestSerializer, **error_responses(400, 403, 404, 409)},
        description="Close a request (whoever asked or entered it, and HR leads). Closed already: 409.",
    )
    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request: Request, pk: int) -> Response:
        return self._status_change(request, request_answers.help_request_close)

    @extend_schema(
        request=NO_INPUT,
        responses={200: HelpRequestSerializer, **error_responses(400, 403, 404, 409)},
        description="Reopen a closed request (whoever asked or entered it, and HR leads). Not closed: 409.",
    )
    @action(detail=True, methods=["post"], url_path="reopen")
    def reopen(self, request: Request, pk: int) -> Response:
        return self._status_change(request, request_answers.help_request_reopen)


ROUTES: list[tuple[str, Any, str]] = [("requests", HelpRequestViewSet, "api-bizdev-request")]
