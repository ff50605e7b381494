"""Sources in the API, and uploads of exported posts into an upload source."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.access import IsHRLead
from accounts.api import AuthedRequest
from core.api import ReadViewSet, error_responses, merged
from core.errors import DomainError, ForbiddenError
from programs.models import Venue

from .. import services
from ..connectors import connector_choices
from ..models import (
    Source,
)
from .common import NO_INPUT, no_input

MSG_NOT_UPLOAD = "“{name}” is not an upload source: it is read by search runs."


class SourceSerializer(serializers.ModelSerializer):
    config = serializers.DictField(read_only=True, help_text="The connector's settings (see the kind's docs).")
    venue_name = serializers.CharField(source="venue.name", read_only=True, default=None, allow_null=True)
    health_label = serializers.CharField(
        read_only=True,
        help_text='The health in the pages\' words: "Not fetched yet" until a run reads the source, then "Working", '
        '"Failing" or "Paused after repeated failures"; "Filled by uploads" for an upload source.',
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "kind",
            "config",
            "venue",
            "venue_name",
            "is_active",
            "health",
            "health_label",
            "consecutive_failures",
            "last_error",
            "last_fetched_at",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "health": {
                "help_text": "ok: no failure since the last read, or not read yet (last_fetched_at is null); "
                "failing: the last read failed; paused: it failed repeatedly and runs skip it until resumed."
            },
            "last_fetched_at": {"help_text": "When a run last read the source; null: not fetched yet."},
        }


class SourceInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=connector_choices(), help_text="The connector that reads this source.")
    config = serializers.DictField(
        required=False,
        default=dict,
        help_text='The connector\'s settings, e.g. {"feed": "talent-and-alumni"} for "bundled". '
        'Errors come back under fields "config.<key>".',
    )
    venue = serializers.PrimaryKeyRelatedField(
        queryset=Venue.objects.all(), allow_null=True, required=False, default=None
    )
    is_active = serializers.BooleanField(default=True)


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An export of posts as CSV or JSON (see docs/listening-sources.md).")

    def validate_file(self, upload: Any) -> Any:
        limit = settings.LISTENING_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise serializers.ValidationError(f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes.")
        return upload


class UploadResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Rows read from the file.")
    matched = serializers.IntegerField(
        help_text="Rows that match an active search reading this source, including rows already in the inbox."
    )
    stored = serializers.IntegerField(
        help_text="Matched rows that were not in the inbox yet, added to it now as conversations "
        "(matched rows already in the inbox are not added again)."
    )


SOURCE_FIELDS = ["name", "kind", "config", "venue", "is_active"]


def _save(request: AuthedRequest, source: Source | None, values: dict[str, Any]) -> Source:
    """source_save with the validated values (a partial update's completed from the source)."""
    return services.source_save(
        actor=request.user,
        source=source,
        name=values["name"],
        kind=values["kind"],
        config=values["config"],
        venue=values["venue"],
        is_active=values["is_active"],
    )


@extend_schema_view(
    list=extend_schema(responses={200: SourceSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: SourceSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["sources"])
class SourceViewSet(ReadViewSet):
    """Where searches read posts: feeds, Mastodon, Bluesky, Reddit, Hacker News, YouTube, the
    feed shipped with the app, and upload sources filled with exports. HR leads only."""

    serializer_class = SourceSerializer
    queryset = Source.objects.select_related("venue")
    permission_classes = [IsHRLead]
    filterset_fields = ["kind", "health", "is_active"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at", "last_fetched_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _respond(self, source: Source, code: int = status.HTTP_200_OK) -> Response:
        return Response(SourceSerializer(Source.objects.select_related("venue").get(pk=source.pk)).data, status=code)

    @extend_schema(request=SourceInputSerializer, responses={201: SourceSerializer, **error_responses(400, 403)})
    def create(self, request: AuthedRequest) -> Response:
        data = SourceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source = _save(request, None, data.validated_data)
        return self._respond(source, status.HTTP_201_CREATED)

    @extend_schema(
        request=SourceInputSerializer,
        responses={200: SourceSerializer, **error_responses(400, 403, 404)},
        description="Change a source. A new kind or config starts afresh (no stale ETag or cursor).",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        source = self.get_object()
        data = SourceInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        _save(request, source, merged(data.validated_data, source, SOURCE_FIELDS))
        return self._respond(source)

    @extend_schema(
        responses={204: None, **error_responses(403, 404, 409)},
        description=(
            "Delete a source and the conversations found in it that nobody kept. 409 while a run reads it, "
            "or while conversations from it were marked relevant or engaged or linked to a person "
            "(deactivate the source instead)."
        ),
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.source_delete(actor=request.user, source=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=NO_INPUT,
        responses={200: SourceSerializer, **error_responses(400, 403, 404)},
        description="Take a source paused after repeated failures back into the runs (failure count reset).",
    )
    @action(detail=True, methods=["post"])
    def resume(self, request: AuthedRequest, pk: int) -> Response:
        source = self.get_object()
        no_input(request)
        services.source_resume(actor=request.user, source=source)
        return self._respond(source)

    @extend_schema(
        request={"multipart/form-data": UploadInputSerializer},
        responses={200: UploadResultSerializer, **error_responses(400, 403, 404)},
        description=(
            "Import an exported CSV/JSON into an upload source. Every row is checked first: if any "
            "is bad, nothing is stored and the 400 lists each bad row under fields.file."
        ),
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request: AuthedRequest, pk: int) -> Response:
        source = get_object_or_404(Source, pk=pk)
        data = UploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if source.kind != "upload":
            message = MSG_NOT_UPLOAD.format(name=source.name)
            raise services.ListeningError(message, fields={"file": [message]})
        upload = data.validated_data["file"]
        try:
            rows, matched, stored = services.upload_import(
                actor=request.user, source=source, data=upload.read(), filename=upload.name or ""
            )
        except ForbiddenError:
            raise
        except DomainError as e:
            summary, *problems = [line for line in e.message.split("\n") if line.strip()] or [e.message]
            raise services.ListeningError(summary, code=e.code, fields={"file": problems or [summary]}) from e
        body = {"rows": rows, "matched": matched, "stored": stored}
        return Response(UploadResultSerializer(body).data)
