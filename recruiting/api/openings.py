"""Openings in the API: the jobs of the pilots you work in, with their pipeline counts and current
description. HR leads create them (with the first description), correct them, change their status
(``POST {id}/status/``), revise the description (``POST {id}/revisions/``; every version is kept,
``GET {id}/revisions/``) and ask the pilot's contributors for suggestions (``POST {id}/ask/``).
Every write is one recruiting.services.openings function."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import VisibleField, error_responses

from .. import services
from ..access import work_pilots
from ..models import CandidateProfile, JobOpening, OpeningRevision, OpeningStatus
from ..selectors.openings import opening_revisions, opening_rows
from ..services.openings import MAX_DESCRIPTION, MSG_DESCRIPTION_LONG, MSG_MANAGE
from .common import NO_INPUT, RecruitingViewSet, given, no_input, require_manager, schema_only, user_of
from .filters import OpeningFilter
from .profiles import pilot_field

MSG_PROFILE = "No such profile; choose one of /api/v1/recruiting/profiles/."


def profile_field(**kwargs: Any) -> VisibleField:
    return VisibleField(
        model=CandidateProfile,
        visible=lambda user: CandidateProfile.objects.filter(pilot__in=work_pilots(user)),
        message=MSG_PROFILE,
        **kwargs,
    )


class OpeningSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    profile_name = serializers.CharField(source="profile.name", read_only=True, default=None, allow_null=True)
    description = serializers.CharField(
        read_only=True, allow_null=True, help_text="The latest revision's text (plain text)."
    )
    revision = serializers.IntegerField(read_only=True, allow_null=True, help_text="The latest revision's number.")
    candidate_count = serializers.IntegerField(read_only=True, help_text="Every candidate, ended or not.")
    pipeline = serializers.IntegerField(read_only=True, help_text="Candidates not declined, withdrawn or rejected.")
    pending_feedback = serializers.IntegerField(read_only=True, help_text="Feedback not decided yet.")
    next_statuses = serializers.SerializerMethodField(help_text="The statuses it may move to.")

    class Meta:
        model = JobOpening
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "profile",
            "profile_name",
            "title",
            "location",
            "status",
            "next_statuses",
            "opened_at",
            "closed_at",
            "description",
            "revision",
            "candidate_count",
            "pipeline",
            "pending_feedback",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=OpeningStatus.choices)))
    def get_next_statuses(self, opening: JobOpening) -> list[str]:
        return list(services.allowed_statuses(opening.status))


class RevisionSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.full_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = OpeningRevision
        fields = ["id", "number", "text", "note", "author", "author_name", "created_at"]
        read_only_fields = fields


def _description(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=MAX_DESCRIPTION,
        trim_whitespace=False,
        error_messages={"max_length": MSG_DESCRIPTION_LONG},
        **kwargs,
    )


class OpeningUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    location = serializers.CharField(max_length=150, allow_blank=True, required=False, default="")
    profile = profile_field(allow_null=True, required=False, default=None, help_text="A profile of the same pilot.")


class OpeningCreateSerializer(OpeningUpdateSerializer):
    pilot = pilot_field()
    description = _description(help_text="The first version of the description (revision 1).")
    # The metaclass moves declared fields off the class, so this does not shadow anything.
    status = serializers.ChoiceField(
        choices=OpeningStatus.choices,
        default=OpeningStatus.EMERGING,
        help_text="A new opening is emerging or open; open asks the pilot's contributors for suggestions.",
    )
    note = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class StatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OpeningStatus.choices)


class ReviseInputSerializer(serializers.Serializer):
    text = _description(help_text="The whole new description; the same text as the latest is refused.")
    note = serializers.CharField(
        max_length=300, allow_blank=True, required=False, default="", help_text="What changed and why."
    )


class AskResultSerializer(serializers.Serializer):
    members = serializers.IntegerField(help_text="Members of the pilot; those asked before are not asked twice.")


def _openings(queryset: QuerySet[JobOpening]) -> QuerySet[JobOpening]:
    latest = OpeningRevision.objects.filter(opening=OuterRef("pk")).order_by("-number")
    return queryset.annotate(
        description=Subquery(latest.values("text")[:1]), revision=Subquery(latest.values("number")[:1])
    )


OPENING_FIELDS = ["title", "location", "profile"]


@extend_schema_view(
    list=extend_schema(responses={200: OpeningSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: OpeningSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["recruiting"])
class OpeningViewSet(RecruitingViewSet):
    """Openings of the pilots you work in, newest first, with their pipeline counts."""

    serializer_class = OpeningSerializer
    filterset_class = OpeningFilter
    search_fields = ["title", "location"]
    ordering_fields = ["created_at", "updated_at", "title", "opened_at"]

    def get_queryset(self) -> QuerySet[JobOpening]:
        if schema_only(self):
            return JobOpening.objects.none()
        return _openings(opening_rows(user_of(self)))

    def _respond(self, opening: JobOpening, code: int = status.HTTP_200_OK) -> Response:
        return Response(OpeningSerializer(self.get_queryset().get(pk=opening.pk)).data, status=code)

    @extend_schema(
        request=OpeningCreateSerializer,
        responses={201: OpeningSerializer, **error_responses(400, 403)},
        description="Create an opening (HR leads) with its description as revision 1. Created open, "
        "the pilot's contributors are asked for suggestions by email.",
    )
    def create(self, request: AuthedRequest) -> Response:
        require_manager(request.user, MSG_MANAGE)
        data = OpeningCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        opening = services.opening_create(actor=request.user, **data.validated_data)
        return self._respond(opening, status.HTTP_201_CREATED)

    @extend_schema(
        request=OpeningUpdateSerializer,
        responses={200: OpeningSerializer, **error_responses(400, 403, 404)},
        description="Correct the title, location or profile (HR leads). The status and the description "
        "change through their own actions.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        opening = self.get_object()
        require_manager(request.user, MSG_MANAGE)
        data = OpeningUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.opening_update(actor=request.user, opening=opening, **given(data.validated_data, OPENING_FIELDS))
        return self._respond(opening)

    @extend_schema(
        request=StatusInputSerializer,
        responses={200: OpeningSerializer, **error_responses(400, 403, 404, 409)},
        description="Change the status (HR leads): emerging → open or closed; open → filled or closed; "
        "filled or closed → open. A move the rules forbid is a 400 (code opening_status) saying which are "
        "allowed; someone else changing it at the same moment is a 409.",
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: AuthedRequest, pk: int) -> Response:
        opening = self.get_object()
        require_manager(request.user, MSG_MANAGE)
        data = StatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.opening_set_status(actor=request.user, opening=opening, status=data.validated_data["status"])
        return self._respond(opening)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: RevisionSerializer(many=True), **error_responses(403, 404)},
        description="Every version of the description, newest first.",
    )
    @extend_schema(
        methods=["POST"],
        request=ReviseInputSerializer,
        responses={201: RevisionSerializer, **error_responses(400, 403, 404)},
        description="Revise the description (HR leads): adds revision n + 1. The same text as the latest "
        "revision is a 400 (code unchanged).",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def revisions(self, request: AuthedRequest, pk: int) -> Response:
        opening = self.get_object()
        if request.method == "GET":
            return Response(RevisionSerializer(opening_revisions(opening), many=True).data)
        require_manager(request.user, MSG_MANAGE)
        data = ReviseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        revision = services.opening_revise(actor=request.user, opening=opening, **data.validated_data)
        fresh = OpeningRevision.objects.select_related("author").get(pk=revision.pk)
        return Response(RevisionSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=NO_INPUT,
        responses={200: AskResultSerializer, **error_responses(400, 403, 404)},
        description="Ask the pilot's contributors (again) for suggestions and feedback by email (HR leads). "
        "Those asked before are not asked twice. A filled or closed opening is a 400 (code opening_closed).",
    )
    @action(detail=True, methods=["post"])
    def ask(self, request: AuthedRequest, pk: int) -> Response:
        opening = self.get_object()
        require_manager(request.user, MSG_MANAGE)
        no_input(request)
        members = services.opening_ask(actor=request.user, opening=opening)
        return Response(AskResultSerializer({"members": members}).data)
