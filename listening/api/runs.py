"""Runs in the API, with each source's progress (a search's run action answers with one)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from accounts.models import User
from core.api import ReadViewSet, error_responses

from ..access import (
    visible_searches,
)
from ..filters import RunFilter
from ..models import (
    SearchRun,
    SearchRunSource,
)
from .common import Readers, request_user, schema_only


class RunSourceSerializer(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)

    class Meta:
        model = SearchRunSource
        fields = [
            "source",
            "source_name",
            "status",
            "fetched",
            "new",
            "matched",
            "stored",
            "attempts",
            "duration_ms",
            "error",
            "finished_at",
        ]
        read_only_fields = fields


class RunSerializer(serializers.ModelSerializer):
    search_name = serializers.CharField(source="search.name", read_only=True)
    url = serializers.SerializerMethodField(help_text="This run's resource: poll it until status is not running.")
    results = RunSourceSerializer(many=True, read_only=True, help_text="What each source did, by source name.")

    class Meta:
        model = SearchRun
        fields = [
            "id",
            "search",
            "search_name",
            "status",
            "triggered_by",
            "started_at",
            "finished_at",
            "url",
            "results",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, run: SearchRun) -> str:
        path = reverse("api-run-detail", args=[run.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


def runs_for(user: User) -> QuerySet[SearchRun]:
    results = SearchRunSource.objects.select_related("source").order_by("source__name", "pk")
    return (
        SearchRun.objects.filter(search__in=visible_searches(user).values("pk"))
        .select_related("search")
        .prefetch_related(Prefetch("results", queryset=results))
    )


@extend_schema_view(
    list=extend_schema(responses={200: RunSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: RunSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["runs"])
class RunViewSet(ReadViewSet):
    """Runs of the searches you may see, newest first, with each source's progress: poll a run
    until its status is no longer ``running``."""

    serializer_class = RunSerializer
    filterset_class = RunFilter
    permission_classes = [Readers]
    ordering_fields = ["started_at"]

    def get_queryset(self) -> QuerySet[SearchRun]:
        if schema_only(self):
            return SearchRun.objects.none()
        return runs_for(request_user(self))
