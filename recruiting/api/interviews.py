"""Video-first interviews in the API: schedule one with a candidate of your pilots, correct it or
note its outcome, delete it. One that replaced a trip records the travel avoided from the sponsor's
cost baseline valid on its date (recruiting.services.interviews). Scheduling does not move the
candidate. Interviews carry the candidate's id, not their name: read the candidate (audited) for that."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.models import User
from core.api import VisibleField, error_responses

from .. import services
from ..access import visible_candidates
from ..models import Candidate, InterviewOutcome, VideoInterview
from ..selectors.interviews import visible_interviews
from ..services.interviews import LINK_MAX, MSG_CANDIDATE, MSG_INTERVIEWERS, MSG_NOTES_LONG, NOTES_MAX
from .common import RecruitingViewSet, given, schema_only, user_of
from .filters import InterviewFilter

MAX_INTERVIEWERS = 20


def candidate_field(**kwargs: object) -> VisibleField:
    return VisibleField(model=Candidate, visible=visible_candidates, message=MSG_CANDIDATE, **kwargs)


class InterviewSerializer(serializers.ModelSerializer):
    opening = serializers.IntegerField(source="candidate.opening_id", read_only=True)
    opening_title = serializers.CharField(source="candidate.opening.title", read_only=True)
    link = serializers.CharField(read_only=True, help_text="The video call's address, or an empty string.")
    interviewers: serializers.Field = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = VideoInterview
        fields = [
            "id",
            "candidate",
            "opening",
            "opening_title",
            "scheduled_at",
            "link",
            "interviewers",
            "outcome",
            "notes",
            "replaced_trip",
            "travel_avoided",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "travel_avoided": {
                "help_text": "The sponsor's travel per hire on the interview's date, when it replaced a trip."
            }
        }


class InterviewUpdateSerializer(serializers.Serializer):
    scheduled_at = serializers.DateTimeField(help_text="Not before 2000, nor more than two years ahead.")
    link = serializers.CharField(
        max_length=LINK_MAX, allow_blank=True, required=False, default="", help_text="An http(s) address."
    )
    interviewers = serializers.ListField(
        child=VisibleField(model=User, visible=lambda user: User.objects.all(), message=MSG_INTERVIEWERS),
        max_length=MAX_INTERVIEWERS,
        required=False,
        default=list,
        help_text="User ids: the pilot's members and HR leads.",
    )
    replaced_trip = serializers.BooleanField(
        required=False, default=False, help_text="It replaced a trip: the travel avoided is taken from the baseline."
    )
    notes = serializers.CharField(
        max_length=NOTES_MAX,
        allow_blank=True,
        required=False,
        default="",
        error_messages={"max_length": MSG_NOTES_LONG},
    )
    outcome = serializers.ChoiceField(choices=InterviewOutcome.choices, required=False)


class InterviewInputSerializer(InterviewUpdateSerializer):
    candidate = candidate_field(help_text="A candidate of one of your pilots.")
    outcome = None  # type: ignore[assignment]


INTERVIEW_FIELDS = ["scheduled_at", "link", "interviewers", "replaced_trip", "notes", "outcome"]


@extend_schema_view(
    list=extend_schema(responses={200: InterviewSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: InterviewSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["recruiting"])
class InterviewViewSet(RecruitingViewSet):
    """Video interviews with the candidates of the pilots you work in, the latest first."""

    serializer_class = InterviewSerializer
    filterset_class = InterviewFilter
    ordering_fields = ["scheduled_at", "created_at"]

    def get_queryset(self) -> QuerySet[VideoInterview]:
        if schema_only(self):
            return VideoInterview.objects.none()
        return visible_interviews(user_of(self)).prefetch_related("interviewers").order_by("-scheduled_at", "-id")

    def _respond(self, interview: VideoInterview, code: int = status.HTTP_200_OK) -> Response:
        return Response(InterviewSerializer(self.get_queryset().get(pk=interview.pk)).data, status=code)

    @extend_schema(
        request=InterviewInputSerializer,
        responses={201: InterviewSerializer, **error_responses(400, 403)},
        description="Schedule a video interview. With replaced_trip, a sponsor without a cost baseline "
        "covering the date is a 400 (code no_baseline): an HR lead adds the baseline first.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = InterviewInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        interview = services.interview_schedule(actor=request.user, **data.validated_data)
        return self._respond(interview, status.HTTP_201_CREATED)

    @extend_schema(
        request=InterviewUpdateSerializer,
        responses={200: InterviewSerializer, **error_responses(400, 403, 404)},
        description="Correct an interview or note its outcome; the fields left out keep their values. The "
        "travel avoided is recomputed when the date or replaced_trip changes.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        interview = self.get_object()
        data = InterviewUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.interview_update(
            actor=request.user, interview=interview, **given(data.validated_data, INTERVIEW_FIELDS)
        )
        return self._respond(interview)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.interview_delete(actor=request.user, interview=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
