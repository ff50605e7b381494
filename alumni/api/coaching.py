"""Coaching in the API: sessions where a pilot member coached another (list, read, log, correct,
delete) and marking a follow-up done (``POST {id}/follow-up-done/``). Every write is one
alumni.services.coaching function.

Who, as on the pages: HR leads and contributors in a pilot see the sessions of the pilots they
work in (another pilot's session is a 404); whoever logged a session and HR leads correct or
delete it, the coach, the coachee and HR leads mark its follow-up done (403 for other members).
Managers and contributors without a pilot get 403 on every endpoint.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.models import User
from core.api import IdFilter, ReadViewSet, VisibleField, error_responses, merged
from programs.models import Pilot
from recruiting.api.common import NO_INPUT, no_input, schema_only, user_of

from ..access import stage_pilots, work_pilots
from ..forms.outplacement import pilot_members
from ..models import CoachingSession, CoachingTopic
from ..selectors.coaching import FollowUp, follow_up_q, visible_sessions
from ..services import coaching as services
from .outplacement import CanWork

MSG_MEMBER = "Unknown user: choose a member of one of your pilots."
UPDATABLE = ["coach", "coachee", "topic", "held_on", "notes", "follow_up_on"]


class CoachingSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    coach_name = serializers.CharField(source="coach", read_only=True)
    coachee_name = serializers.CharField(source="coachee", read_only=True)
    follow_up_state = serializers.ChoiceField(
        choices=FollowUp.choices, read_only=True, help_text="Today: due, overdue, done, or none planned."
    )

    class Meta:
        model = CoachingSession
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "coach",
            "coach_name",
            "coachee",
            "coachee_name",
            "topic",
            "held_on",
            "notes",
            "follow_up_on",
            "follow_up_done",
            "follow_up_state",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


def _member_field(**kwargs: Any) -> VisibleField:
    return VisibleField(model=User, visible=lambda user: pilot_members(work_pilots(user)), message=MSG_MEMBER, **kwargs)


class CoachingUpdateSerializer(serializers.Serializer):
    coach = _member_field(required=False)
    coachee = _member_field(required=False)
    topic = serializers.ChoiceField(choices=CoachingTopic.choices, required=False)
    held_on = serializers.DateField(required=False)
    notes = serializers.CharField(max_length=services.NOTES_MAX, allow_blank=True, required=False)
    follow_up_on = serializers.DateField(required=False, allow_null=True)


class CoachingInputSerializer(serializers.Serializer):
    pilot = VisibleField(model=Pilot, visible=stage_pilots, message=services.MSG_PILOT)
    coach = _member_field()
    coachee = _member_field()
    topic = serializers.ChoiceField(choices=CoachingTopic.choices)
    held_on = serializers.DateField()
    notes = serializers.CharField(max_length=services.NOTES_MAX, allow_blank=True, required=False, default="")
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)


class CoachingFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    coach = IdFilter(field_name="coach_id")
    coachee = IdFilter(field_name="coachee_id")
    topic = filters.ChoiceFilter(choices=CoachingTopic.choices)
    follow_up = filters.ChoiceFilter(choices=FollowUp.choices, method="filter_follow_up", label="Follow-up state")

    class Meta:
        model = CoachingSession
        fields = ["pilot", "coach", "coachee", "topic", "follow_up"]

    def filter_follow_up(self, queryset: QuerySet[CoachingSession], name: str, value: str) -> QuerySet:
        return queryset.filter(follow_up_q(value, timezone.localdate())) if value else queryset


@extend_schema_view(
    list=extend_schema(responses={200: CoachingSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: CoachingSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["alumni"])
class CoachingViewSet(ReadViewSet):
    """Coaching sessions of the pilots you work in, newest first."""

    permission_classes = [CanWork]
    serializer_class = CoachingSerializer
    filterset_class = CoachingFilter
    ordering_fields = ["held_on", "follow_up_on"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[CoachingSession]:
        if schema_only(self):
            return CoachingSession.objects.none()
        return visible_sessions(user_of(self)).order_by("-held_on", "-id")

    def _respond(self, session: CoachingSession, code: int = status.HTTP_200_OK) -> Response:
        return Response(CoachingSerializer(self.get_queryset().get(pk=session.pk)).data, status=code)

    @extend_schema(
        request=CoachingInputSerializer,
        responses={201: CoachingSerializer, **error_responses(400, 403)},
        description="Log a session: coach and coachee are two members of the pilot; not in the future; "
        "the follow-up on or after the session.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = CoachingInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        session = services.coaching_create(actor=request.user, **data.validated_data)
        return self._respond(session, status.HTTP_201_CREATED)

    @extend_schema(
        request=CoachingUpdateSerializer,
        responses={200: CoachingSerializer, **error_responses(400, 403, 404)},
        description="Correct a session (whoever logged it, HR leads); fields left out keep their value.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        session = self.get_object()
        data = CoachingUpdateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.coaching_update(actor=request.user, session=session, **merged(data.validated_data, session, UPDATABLE))
        return self._respond(session)

    @extend_schema(responses={204: None, **error_responses(403, 404)}, description="Delete a session.")
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        session = self.get_object()
        services.coaching_delete(actor=request.user, session=session)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=NO_INPUT,
        responses={200: CoachingSerializer, **error_responses(400, 403, 404, 409)},
        description="Mark the follow-up done (the coach, the coachee, HR leads). No follow-up planned, "
        "or already done: 409.",
    )
    @action(detail=True, methods=["post"], url_path="follow-up-done")
    def follow_up_done(self, request: AuthedRequest, pk: int) -> Response:
        session = self.get_object()
        no_input(request)
        services.coaching_follow_up_done(actor=request.user, session=session)
        return self._respond(session)


ROUTES: list[tuple[str, Any, str]] = [("coaching", CoachingViewSet, "api-alumni-coaching")]
