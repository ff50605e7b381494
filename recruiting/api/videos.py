"""Recruiting videos in the API (the three to five videos of key people talking about their work)
and the candidates pointed to them (``/recruiting/video-pointers/``) with their reaction. HR leads
add, change and delete videos; the pilot's contributors read them and point candidates
(recruiting.services.videos). A candidate pointed to the same video twice is a 409."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import VisibleField, error_responses

from .. import services
from ..access import visible_candidates
from ..models import RecruitingVideo, VideoPointer, VideoReaction
from ..selectors.interviews import video_rows, visible_videos
from ..services.interviews import LINK_MAX
from ..services.videos import LENGTH_MAX, LENGTH_MIN, MSG_HR_ONLY, MSG_LENGTH, MSG_NOTE_LONG
from .common import RecruitingViewSet, given, require_manager, schema_only, user_of
from .filters import PointerFilter, VideoFilter
from .interviews import candidate_field
from .profiles import pilot_field

MSG_VIDEO = "No such recruiting video among those you may see; choose one of /api/v1/recruiting/videos/."


class VideoSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    url = serializers.CharField(read_only=True, help_text="The video's address.")
    pointed = serializers.IntegerField(read_only=True, help_text="Candidates pointed to it.")
    positive = serializers.IntegerField(read_only=True, help_text="Of those, who liked it.")
    neutral = serializers.IntegerField(read_only=True)
    negative = serializers.IntegerField(read_only=True)

    class Meta:
        model = RecruitingVideo
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "speaker",
            "topic",
            "url",
            "length_seconds",
            "pointed",
            "positive",
            "neutral",
            "negative",
            "created_at",
        ]
        read_only_fields = fields


class VideoUpdateSerializer(serializers.Serializer):
    speaker = serializers.CharField(max_length=150, help_text="Who talks in it.")
    topic = serializers.CharField(max_length=200)
    url = serializers.CharField(max_length=LINK_MAX, help_text="An http(s) address.")
    length_seconds = serializers.IntegerField(
        min_value=LENGTH_MIN,
        max_value=LENGTH_MAX,
        error_messages={"min_value": MSG_LENGTH, "max_value": MSG_LENGTH, "invalid": MSG_LENGTH},
        help_text="1 second to 2 hours.",
    )


class VideoInputSerializer(VideoUpdateSerializer):
    pilot = pilot_field()


VIDEO_FIELDS = ["speaker", "topic", "url", "length_seconds"]


@extend_schema_view(
    list=extend_schema(responses={200: VideoSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: VideoSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["recruiting"])
class VideoViewSet(RecruitingViewSet):
    """Recruiting videos of the pilots you work in, with how many candidates were pointed to each."""

    serializer_class = VideoSerializer
    filterset_class = VideoFilter
    search_fields = ["speaker", "topic"]
    ordering_fields = ["topic", "speaker", "length_seconds", "created_at"]

    def get_queryset(self) -> QuerySet[RecruitingVideo]:
        if schema_only(self):
            return RecruitingVideo.objects.none()
        return video_rows(visible_videos(user_of(self)))

    def _respond(self, video: RecruitingVideo, code: int = status.HTTP_200_OK) -> Response:
        return Response(VideoSerializer(self.get_queryset().get(pk=video.pk)).data, status=code)

    @extend_schema(
        request=VideoInputSerializer,
        responses={201: VideoSerializer, **error_responses(400, 403)},
        description="Add a recruiting video (HR leads). More than five per pilot is allowed; 3–5 short ones "
        "are recommended.",
    )
    def create(self, request: AuthedRequest) -> Response:
        require_manager(request.user, MSG_HR_ONLY)
        data = VideoInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        video = services.video_record(actor=request.user, **data.validated_data)
        return self._respond(video, status.HTTP_201_CREATED)

    @extend_schema(
        request=VideoUpdateSerializer,
        responses={200: VideoSerializer, **error_responses(400, 403, 404)},
        description="Correct a video (HR leads); the fields left out keep their values.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        video = self.get_object()
        require_manager(request.user, MSG_HR_ONLY)
        data = VideoUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.video_update(actor=request.user, video=video, **given(data.validated_data, VIDEO_FIELDS))
        return self._respond(video)

    @extend_schema(
        responses={204: None, **error_responses(403, 404)},
        description="Delete a video and the record of who was pointed to it (HR leads).",
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        video = self.get_object()
        require_manager(request.user, MSG_HR_ONLY)
        services.video_delete(actor=request.user, video=video)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- pointers ------------------------------------------------------------------------------------


class PointerSerializer(serializers.ModelSerializer):
    video_topic = serializers.CharField(source="video.topic", read_only=True)

    class Meta:
        model = VideoPointer
        fields = ["id", "video", "video_topic", "candidate", "pointed_at", "pointed_by", "reaction", "reaction_note"]
        read_only_fields = fields


class PointerUpdateSerializer(serializers.Serializer):
    reaction = serializers.ChoiceField(
        choices=VideoReaction.choices, required=False, default="", help_text="Empty: not known yet."
    )
    reaction_note = serializers.CharField(
        max_length=500, allow_blank=True, required=False, default="", error_messages={"max_length": MSG_NOTE_LONG}
    )


class PointerInputSerializer(PointerUpdateSerializer):
    candidate = candidate_field(help_text="A candidate of one of your pilots.")
    video = VisibleField(
        model=RecruitingVideo, visible=visible_videos, message=MSG_VIDEO, help_text="A video of the candidate's pilot."
    )


POINTER_FIELDS = ["reaction", "reaction_note"]


@extend_schema_view(
    list=extend_schema(responses={200: PointerSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: PointerSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["recruiting"])
class VideoPointerViewSet(RecruitingViewSet):
    """Which candidates of your pilots were pointed to which video, and their reaction."""

    serializer_class = PointerSerializer
    filterset_class = PointerFilter
    ordering_fields = ["pointed_at"]

    def get_queryset(self) -> QuerySet[VideoPointer]:
        if schema_only(self):
            return VideoPointer.objects.none()
        return (
            VideoPointer.objects.filter(candidate__in=visible_candidates(user_of(self)).values("pk"))
            .select_related("video", "candidate")
            .order_by("-pointed_at", "-id")
        )

    def _respond(self, pointer: VideoPointer, code: int = status.HTTP_200_OK) -> Response:
        return Response(PointerSerializer(self.get_queryset().get(pk=pointer.pk)).data, status=code)

    @extend_schema(
        request=PointerInputSerializer,
        responses={201: PointerSerializer, **error_responses(400, 403, 409)},
        description="Note that a candidate was pointed to a video of their opening's pilot, with their reaction "
        "when known. The same candidate and video again is a 409 (code pointed_twice): change that reaction instead.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = PointerInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        pointer = services.pointer_record(actor=request.user, **data.validated_data)
        return self._respond(pointer, status.HTTP_201_CREATED)

    @extend_schema(
        request=PointerUpdateSerializer,
        responses={200: PointerSerializer, **error_responses(400, 403, 404)},
        description="Note or correct the candidate's reaction.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        pointer = self.get_object()
        data = PointerUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.pointer_update(actor=request.user, pointer=pointer, **given(data.validated_data, POINTER_FIELDS))
        return self._respond(pointer)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.pointer_delete(actor=request.user, pointer=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
