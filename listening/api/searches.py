"""Searches in the API, and running one."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.models import User
from core.api import error_responses, merged
from programs.models import Pilot

from .. import services
from ..access import (
    get_search_for_user,
    visible_searches,
)
from ..filters import SearchFilter
from ..models import (
    Purpose,
    Search,
    SearchRun,
    Source,
)
from .common import NO_INPUT, ReadersReadHRLeadsWrite, no_input, request_user, schema_only
from .runs import RunSerializer, runs_for


class SearchSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True, default=None, allow_null=True)
    sources: serializers.Field = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    last_run = serializers.IntegerField(read_only=True, allow_null=True, default=None, help_text="Id of the last run.")
    last_run_status = serializers.ChoiceField(
        choices=SearchRun.Status.choices, read_only=True, allow_null=True, default=None
    )
    last_run_at = serializers.DateTimeField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Search
        fields = [
            "id",
            "name",
            "purpose",
            "query",
            "sources",
            "pilot",
            "pilot_name",
            "is_active",
            "schedule_hours",
            "last_run",
            "last_run_status",
            "last_run_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SearchInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    query = serializers.CharField(
        allow_blank=True,
        help_text=(
            '"exact phrases", AND, OR, NOT (and -term), parentheses, NEAR/n, prefix* and @family. '
            "A query that does not parse is a 400 with code query_syntax or unknown_family and the column."
        ),
    )
    sources = serializers.PrimaryKeyRelatedField(many=True, queryset=Source.objects.all(), allow_empty=True)
    purpose = serializers.ChoiceField(choices=Purpose.choices, default=Purpose.PROFILE)
    pilot = serializers.PrimaryKeyRelatedField(
        queryset=Pilot.objects.all(),
        allow_null=True,
        required=False,
        default=None,
        help_text="Empty: the whole program's contributors see its conversations; else that pilot's.",
    )
    is_active = serializers.BooleanField(default=True)
    schedule_hours = serializers.IntegerField(
        min_value=1,
        max_value=720,
        allow_null=True,
        required=False,
        default=None,
        error_messages={"min_value": services.MSG_SCHEDULE, "max_value": services.MSG_SCHEDULE},
        help_text="Run every this many hours; null: only when run by hand.",
    )


def _searches(user: User) -> QuerySet[Search]:
    last = SearchRun.objects.filter(search=OuterRef("pk")).order_by("-started_at", "-id")
    return (
        visible_searches(user)
        .prefetch_related("sources")
        .annotate(
            last_run=Subquery(last.values("pk")[:1]),
            last_run_status=Subquery(last.values("status")[:1]),
            last_run_at=Subquery(last.values("started_at")[:1]),
        )
    )


SEARCH_FIELDS = ["name", "query", "purpose", "pilot", "is_active", "schedule_hours"]


def _save(request: AuthedRequest, search: Search | None, values: dict[str, Any], sources: list[Source]) -> Search:
    """search_save with the validated values (a partial update's completed from the search)."""
    return services.search_save(
        actor=request.user,
        search=search,
        name=values["name"],
        query=values["query"],
        sources=sources,
        purpose=values["purpose"],
        pilot=values["pilot"],
        is_active=values["is_active"],
        schedule_hours=values["schedule_hours"],
    )


@extend_schema_view(
    list=extend_schema(responses={200: SearchSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: SearchSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["searches"])
class SearchViewSet(ReadersReadHRLeadsWrite):
    """Boolean searches over sources. Contributors see the whole program's searches and their
    pilots'; HR leads see and change all, and run them."""

    serializer_class = SearchSerializer
    filterset_class = SearchFilter
    search_fields = ["name", "query"]
    ordering_fields = ["name", "updated_at", "created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Search]:
        if schema_only(self):
            return Search.objects.none()
        return _searches(request_user(self))

    def _respond(self, search: Search, code: int = status.HTTP_200_OK) -> Response:
        return Response(SearchSerializer(_searches(request_user(self)).get(pk=search.pk)).data, status=code)

    @extend_schema(
        request=SearchInputSerializer,
        responses={201: SearchSerializer, **error_responses(400, 403)},
        description="Create a search. A query that does not parse is refused with its column.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = SearchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        search = _save(request, None, data.validated_data, list(data.validated_data["sources"]))
        return self._respond(search, status.HTTP_201_CREATED)

    @extend_schema(
        request=SearchInputSerializer,
        responses={200: SearchSerializer, **error_responses(400, 403, 404)},
        description="Change a search (its schedule follows). A query that does not parse is refused with its column.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        search = get_search_for_user(request.user, pk)
        data = SearchInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        sources = data.validated_data.get("sources")
        if sources is None:
            sources = list(search.sources.all())
        _save(request, search, merged(data.validated_data, search, SEARCH_FIELDS), list(sources))
        return self._respond(search)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.search_delete(actor=request.user, search=get_search_for_user(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=NO_INPUT,
        responses={202: RunSerializer, **error_responses(400, 403, 404, 409)},
        description=(
            "Run the search now over its sources. Answers at once (202) with the run, its sources "
            "pending; poll the run's url for progress. 409 while a run of this search is still going; "
            "400 when none of its sources is active."
        ),
    )
    @action(detail=True, methods=["post"])
    def run(self, request: AuthedRequest, pk: int) -> Response:
        search = get_search_for_user(request.user, pk)
        no_input(request)
        run = services.run_start(search=search, actor=request.user)
        body = RunSerializer(runs_for(request.user).get(pk=run.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})
