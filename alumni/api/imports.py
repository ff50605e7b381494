"""Alumni imports in the API (HR leads only; everyone else gets 403): the history with each
import's progress, an upload that previews a file (``POST`` multipart: pilot, kind, file), the
start of a previewed import (``POST {id}/confirm/``), its doubtful rows (``GET {id}/matches/``)
and the decision on one (``POST {id}/matches/{row}/resolve/``). Every write is one
alumni.services.imports function; the rules are the pages' (docs/alumni-imports.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.services import audit_record
from core.api import ReadViewSet, VisibleField, error_responses
from programs.models import Pilot
from recruiting.api.common import NO_INPUT, no_input, schema_only, user_of

from ..access import can_manage, stage_pilots
from ..imports import read_upload
from ..imports.reading import ImportFileError, check_size
from ..models import AlumniImport, ImportKind, ImportMatch, MatchResolution
from ..selectors.imports import visible_imports
from ..services import imports as services

MSG_HR_ONLY = "Only HR leads import alumni."
MSG_PILOT = "No such pilot; choose a Stage 2 pilot of /api/v1/pilots/."
MAX_MATCHES = 1000
MSG_NO_MATCH = "This import has no doubtful row with that number."
RESOLUTIONS = [
    (MatchResolution.MERGED, "Merge into the likely person"),
    (MatchResolution.NEW, "Add as a new person"),
    (MatchResolution.SKIPPED, "Skip the row"),
]


class IsHRLead(permissions.BasePermission):
    message = MSG_HR_ONLY

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_manage(request.user))


class ImportRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="The row as a spreadsheet numbers it (null: a summary).")
    column = serializers.CharField(allow_blank=True, help_text="The column's name in the file.")
    message = serializers.CharField()


class ImportSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    percent = serializers.IntegerField(read_only=True, help_text="Share of the rows processed, 0 to 100.")
    pending_matches = serializers.IntegerField(
        source="pending", read_only=True, default=0, help_text="Doubtful rows waiting for a decision."
    )
    # The metaclass moves declared fields off the class, so these do not shadow Serializer.errors/.data.
    errors = ImportRowErrorSerializer(  # type: ignore[assignment]
        many=True, read_only=True, help_text="Every bad row; any makes the file unimportable."
    )
    created_by_name = serializers.CharField(
        source="created_by.full_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = AlumniImport
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "kind",
            "file_name",
            "sha256",
            "status",
            "total_rows",
            "processed_rows",
            "percent",
            "created_count",
            "updated_count",
            "unchanged_count",
            "doubtful_count",
            "pending_matches",
            "errors",
            "failure",
            "created_by",
            "created_by_name",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    pilot = VisibleField(model=Pilot, visible=stage_pilots, message=MSG_PILOT, help_text="A Stage 2 pilot.")
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = serializers.FileField(help_text="The CSV file (UTF-8).")

    def validate_file(self, upload: Any) -> Any:
        try:
            check_size(upload.size)
        except ImportFileError as exc:
            raise serializers.ValidationError(exc.message) from exc
        return upload


class ImportMatchSerializer(serializers.ModelSerializer):
    row = serializers.IntegerField(source="row_number", read_only=True)
    data = serializers.DictField(  # type: ignore[assignment]
        read_only=True, help_text="The row as read from the file."
    )
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    resolution = serializers.ChoiceField(choices=MatchResolution.choices, read_only=True)

    class Meta:
        model = ImportMatch
        fields = ["row", "data", "person", "person_name", "reason", "resolution", "resolved_by", "resolved_at"]
        read_only_fields = fields


class ImportResolveInputSerializer(serializers.Serializer):
    resolution = serializers.ChoiceField(choices=RESOLUTIONS)


@extend_schema_view(
    list=extend_schema(responses={200: ImportSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: ImportSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["alumni"])
class ImportViewSet(ReadViewSet):
    """Alumni imports, newest first, with their progress."""

    permission_classes = [IsHRLead]
    serializer_class = ImportSerializer
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["created_at"]
    filterset_fields = ["status", "kind", "pilot"]

    def get_queryset(self) -> QuerySet[AlumniImport]:
        if schema_only(self):
            return AlumniImport.objects.none()
        return visible_imports(user_of(self)).order_by("-created_at", "-id")

    def _respond(self, imp: AlumniImport, code: int = status.HTTP_200_OK) -> Response:
        return Response(ImportSerializer(self.get_queryset().get(pk=imp.pk)).data, status=code)

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportSerializer, **error_responses(400, 403, 409)},
        description="Upload a file and preview it: every row is checked (``errors`` lists each bad row by "
        "number and column) and the counts say what importing would do. Nothing else is written. The same "
        "file already imported for the pilot is a 409 (code already_imported; ``error.fields.earlier``).",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = ImportUploadSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        upload = values["file"]
        imp = services.alumni_import_preview(
            actor=request.user,
            pilot=values["pilot"],
            kind=values["kind"],
            file_name=upload.name or "",
            data=read_upload(upload),
        )
        return self._respond(imp, status.HTTP_201_CREATED)

    @extend_schema(
        request=NO_INPUT,
        responses={200: ImportSerializer, **error_responses(400, 403, 404, 409)},
        description="Import a previewed file without bad rows: a small file at once (status done), a large one "
        "in the background (status queued, then running; follow ``percent``).",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: AuthedRequest, pk: int) -> Response:
        imp = self.get_object()
        no_input(request)
        imp = services.alumni_import_confirm(actor=request.user, alumni_import=imp)
        return self._respond(imp)

    @extend_schema(
        parameters=[OpenApiParameter("all", bool, description="true: the decided rows too.")],
        responses={200: ImportMatchSerializer(many=True), **error_responses(403, 404)},
        description=f"The doubtful rows of an import that wait for a decision, in row order (at most {MAX_MATCHES:,}). "
        "Audited once per request.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def matches(self, request: Request, pk: int) -> Response:
        imp = self.get_object()
        qs = imp.matches.select_related("person")
        if str(request.query_params.get("all", "")).lower() != "true":
            qs = qs.filter(resolution=MatchResolution.PENDING)
        matches = list(qs[:MAX_MATCHES])
        audit_record(actor=user_of(self), verb="imports.matches_viewed", target=imp, data={"rows": len(matches)})
        return Response(ImportMatchSerializer(matches, many=True).data)

    @extend_schema(
        request=ImportResolveInputSerializer,
        responses={200: ImportMatchSerializer, **error_responses(400, 403, 404, 409)},
        description="Merge the row into the likely person, add it as a new person, or skip it. "
        "A row already decided is a 409.",
    )
    @action(detail=True, methods=["post"], url_path="matches/<int:row>/resolve")
    def resolve(self, request: AuthedRequest, pk: int, row: int) -> Response:
        imp = self.get_object()
        data = ImportResolveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        match = imp.matches.select_related("person", "alumni_import").filter(row_number=row).first()
        if match is None:
            raise Http404(MSG_NO_MATCH)
        match = services.import_match_resolve(
            actor=request.user, match=match, resolution=data.validated_data["resolution"]
        )
        return Response(ImportMatchSerializer(match).data)


ROUTES: list[tuple[str, Any, str]] = [("imports", ImportViewSet, "api-alumni-import")]
