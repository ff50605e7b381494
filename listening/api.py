"""API for listening: keyword families, searches (and running them), sources (with uploads of
exported posts), runs and their per-source progress, and the conversations inbox with triage.

Who may do what (listening.access and listening.services hold the rules):
- HR leads set up families, searches and sources, run searches and upload exports.
- Contributors read families, the searches listening.access.visible_searches gives them, their
  runs, and the conversations listening.access.visible_conversations gives them; they triage,
  assign and (with the people directory) link conversations. Every setup write is a 403.
- Managers have no listening access: 403 everywhere.
A search, run or conversation the user may not see is a 404; a bulk action naming one is refused
as a whole (404, nothing changed).

A query the parser refuses is a 400 with code ``query_syntax`` (or ``unknown_family`` for an
``@name`` no family has), a message giving the column ("unexpected ')' at column 17") and the same
message under ``fields.query``. Harvested text is returned as plain text with match spans; clients
escape it and highlight the spans themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.access import HasRole, IsHRLead
from accounts.api import AuthedRequest
from accounts.models import Role, User
from core.api import ReadViewSet, error_responses, merged
from core.errors import DomainError, ForbiddenError
from people.access import can_use_directory
from people.models import Person
from programs.models import Pilot, Venue

from . import selectors, services
from .access import get_conversation_for_user, get_search_for_user, visible_conversations, visible_searches
from .connectors import connector_choices
from .filters import ConversationFilter, RunFilter, SearchFilter
from .models import (
    Conversation,
    ConversationMatch,
    KeywordFamily,
    Purpose,
    Search,
    SearchRun,
    SearchRunSource,
    Source,
)

MAX_ID = 2**63 - 1
MAX_IDS = 500
MSG_NOT_VISIBLE = "Some of these conversations do not exist or are not yours to change; nothing was changed."
MSG_NOT_UPLOAD = "“{name}” is not an upload source: it is read by search runs."
MSG_NO_DIRECTORY = "Linking a conversation to a person needs access to the people directory."
SPANS_HELP = (
    "[start, end) character offsets of the matched words in the match text: the title, two line "
    'breaks and the text when there is a title ("title\\n\\ntext"), otherwise the text alone.'
)

Readers = HasRole.of(Role.HR_LEAD, Role.CONTRIBUTOR)


def _fake(view: Any) -> bool:
    """True while drf-spectacular builds the schema (no real user, no URL kwargs)."""
    return getattr(view, "swagger_fake_view", False)


def _user(view: Any) -> User:
    return cast(User, view.request.user)


class ReadersReadHRLeadsWrite(ReadViewSet):
    """HR leads and contributors read; only HR leads write (managers: 403 on everything)."""

    def get_permissions(self) -> Sequence[Any]:
        if self.action in ("list", "retrieve"):
            return [Readers()]
        return [IsHRLead()]


# An action that takes no parameters: the body may be left out or be a JSON object (ignored).
# Documented as an object so clients know to send JSON; malformed JSON is still a 400.
NO_INPUT = {"application/json": OpenApiTypes.OBJECT}


def _no_input(request: AuthedRequest) -> None:
    if request.data and not isinstance(request.data, dict):
        raise serializers.ValidationError({"non_field_errors": ["Send an empty JSON object, or no body."]})


# --- Keyword families -------------------------------------------------------------------------


class FamilySerializer(serializers.ModelSerializer):
    terms = serializers.ListField(child=serializers.CharField(), read_only=True)
    pilot_name = serializers.CharField(source="pilot.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = KeywordFamily
        fields = ["id", "name", "purpose", "description", "terms", "pilot", "pilot_name", "created_at", "updated_at"]
        read_only_fields = fields


class FamilyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, help_text="Written @name in searches: letters, digits, - and _.")
    terms = serializers.ListField(
        child=serializers.CharField(max_length=200),
        max_length=500,
        help_text='One entry per term: a word, a "quoted phrase" or a prefix*. Synonyms are more terms.',
    )
    purpose = serializers.ChoiceField(choices=Purpose.choices, default=Purpose.PROFILE)
    description = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    pilot = serializers.PrimaryKeyRelatedField(
        queryset=Pilot.objects.all(), allow_null=True, required=False, default=None
    )


@extend_schema_view(
    list=extend_schema(responses={200: FamilySerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: FamilySerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["keyword-families"])
class KeywordFamilyViewSet(ReadersReadHRLeadsWrite):
    """Named lists of terms, referenced in search queries as @name."""

    serializer_class = FamilySerializer
    queryset = KeywordFamily.objects.select_related("pilot")
    search_fields = ["name", "description"]
    ordering_fields = ["name", "updated_at"]
    filterset_fields = ["purpose"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=FamilyInputSerializer, responses={201: FamilySerializer, **error_responses(400, 403)})
    def create(self, request: AuthedRequest) -> Response:
        data = FamilyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        family = services.family_save(actor=request.user, **data.validated_data)
        return Response(FamilySerializer(family).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=FamilyInputSerializer,
        responses={200: FamilySerializer, **error_responses(400, 403, 404, 409)},
        description="Change a family. Renaming one that searches use is a 409 naming those searches.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        family = self.get_object()
        data = FamilyInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, family, ["name", "terms", "purpose", "description", "pilot"])
        family = services.family_save(actor=request.user, family=family, **values)
        return Response(FamilySerializer(family).data)

    @extend_schema(
        responses={204: None, **error_responses(403, 404, 409)},
        description="Delete a family. One that searches use is a 409 naming those searches.",
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.family_delete(actor=request.user, family=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Runs (serializers first: a search's run action answers with one) ------------------------


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


def _runs(user: User) -> QuerySet[SearchRun]:
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
        if _fake(self):
            return SearchRun.objects.none()
        return _runs(_user(self))


# --- Searches ---------------------------------------------------------------------------------


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
        if _fake(self):
            return Search.objects.none()
        return _searches(_user(self))

    def _respond(self, search: Search, code: int = status.HTTP_200_OK) -> Response:
        return Response(SearchSerializer(_searches(_user(self)).get(pk=search.pk)).data, status=code)

    @extend_schema(
        request=SearchInputSerializer,
        responses={201: SearchSerializer, **error_responses(400, 403)},
        description="Create a search. A query that does not parse is refused with its column.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = SearchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        search = services.search_save(actor=request.user, sources=values.pop("sources"), **values)
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
        values = merged(data.validated_data, search, SEARCH_FIELDS)
        sources = data.validated_data.get("sources")
        if sources is None:
            sources = list(search.sources.all())
        services.search_save(actor=request.user, search=search, sources=sources, **values)
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
        _no_input(request)
        run = services.run_start(search=search, actor=request.user)
        body = RunSerializer(_runs(request.user).get(pk=run.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


# --- Sources ----------------------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    config = serializers.DictField(read_only=True, help_text="The connector's settings (see the kind's docs).")
    venue_name = serializers.CharField(source="venue.name", read_only=True, default=None, allow_null=True)

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
            "consecutive_failures",
            "last_error",
            "last_fetched_at",
            "created_at",
        ]
        read_only_fields = fields


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
    matched = serializers.IntegerField(help_text="Rows that matched an active search reading this source.")
    stored = serializers.IntegerField(help_text="New conversations stored (rows seen before are not stored twice).")


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
        source = services.source_save(actor=request.user, **data.validated_data)
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
        values = merged(data.validated_data, source, ["name", "kind", "config", "venue", "is_active"])
        services.source_save(actor=request.user, source=source, **values)
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
        _no_input(request)
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


# --- Conversations ----------------------------------------------------------------------------


class MatchSerializer(serializers.ModelSerializer):
    search_name = serializers.CharField(source="search.name", read_only=True)
    spans = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        read_only=True,
        help_text=SPANS_HELP,
    )

    class Meta:
        model = ConversationMatch
        fields = ["search", "search_name", "spans", "matched_at"]
        read_only_fields = fields


class ConversationSerializer(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True, default=None, allow_null=True)
    assignee_name = serializers.CharField(source="assignee.full_name", read_only=True, default=None, allow_null=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True, default=None, allow_null=True)
    # Untrusted addresses, "" when unknown (so plain strings, not "uri" in the schema): only make
    # links of those starting with http:// or https://.
    url = serializers.CharField(read_only=True, help_text="The post's address, or an empty string.")
    author_url = serializers.CharField(read_only=True, help_text="The author's profile address, or an empty string.")
    matches = MatchSerializer(
        many=True,
        read_only=True,
        help_text="The searches you may see that found it, with the spans to highlight. " + SPANS_HELP,
    )

    class Meta:
        model = Conversation
        fields = [
            "id",
            "source",
            "source_name",
            "external_id",
            "venue",
            "venue_name",
            "url",
            "title",
            "text",
            "author",
            "author_handle",
            "author_url",
            "published_at",
            "found_at",
            "status",
            "assignee",
            "assignee_name",
            "person",
            "person_name",
            "triaged_by",
            "triaged_at",
            "matches",
        ]
        read_only_fields = fields


class ConversationIdsField(serializers.ListField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.IntegerField(min_value=1, max_value=MAX_ID))
        kwargs.setdefault("min_length", 1)
        kwargs.setdefault("max_length", MAX_IDS)
        kwargs.setdefault("help_text", "The conversations to change; any you may not see refuses the whole request.")
        super().__init__(**kwargs)


class TriageInputSerializer(serializers.Serializer):
    ids = ConversationIdsField()
    status = serializers.ChoiceField(choices=Conversation.Status.choices)


class AssignInputSerializer(serializers.Serializer):
    ids = ConversationIdsField()
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, help_text="An HR lead or contributor; null: nobody."
    )


class LinkInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), allow_null=True, help_text="The person to link; null unlinks."
    )


class BulkResultSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Conversations changed.")
    ids = serializers.ListField(child=serializers.IntegerField())


def _conversations(user: User) -> QuerySet[Conversation]:
    return (
        selectors.conversations_with_matches(user)
        .select_related("triaged_by")
        .annotate(when_at=selectors.conversation_when())
    )


def _chosen(user: User, ids: list[int]) -> list[Conversation]:
    """Every conversation named, or a 404 for the whole request if the user may not see one."""
    wanted = set(ids)
    found = list(visible_conversations(user).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise exceptions.NotFound(MSG_NOT_VISIBLE)
    return found


@extend_schema_view(
    list=extend_schema(responses={200: ConversationSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: ConversationSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["conversations"])
class ConversationViewSet(ReadViewSet):
    """The inbox: conversations found by the searches you may see, newest first (by when they were
    posted, or found). Text is plain, untrusted text: escape it, then highlight the spans."""

    serializer_class = ConversationSerializer
    filterset_class = ConversationFilter
    permission_classes = [Readers]
    ordering_fields = ["when_at", "found_at", "published_at"]
    ordering = ["-when_at", "-id"]

    def get_queryset(self) -> QuerySet[Conversation]:
        if _fake(self):
            return Conversation.objects.none()
        # when_at is annotated by _conversations (the plugin cannot see annotations).
        return _conversations(_user(self)).order_by("-when_at", "-id")  # type: ignore[misc]

    def _respond(self, conversation: Conversation) -> Response:
        return Response(ConversationSerializer(_conversations(_user(self)).get(pk=conversation.pk)).data)

    @extend_schema(
        request=TriageInputSerializer,
        responses={200: BulkResultSerializer, **error_responses(400, 403, 404)},
        description="Set the triage status of one or many conversations. Any id you may not see: 404, nothing changed.",
    )
    @action(detail=False, methods=["post"])
    def triage(self, request: AuthedRequest) -> Response:
        data = TriageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = _chosen(request.user, data.validated_data["ids"])
        count = services.conversations_triage(
            actor=request.user, conversations=chosen, status=data.validated_data["status"]
        )
        return Response(BulkResultSerializer({"count": count, "ids": sorted(c.pk for c in chosen)}).data)

    @extend_schema(
        request=AssignInputSerializer,
        responses={200: BulkResultSerializer, **error_responses(400, 403, 404)},
        description="Assign one or many conversations to a colleague (or nobody). Any id you may not see: 404.",
    )
    @action(detail=False, methods=["post"])
    def assign(self, request: AuthedRequest) -> Response:
        data = AssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = _chosen(request.user, data.validated_data["ids"])
        count = services.conversations_assign(
            actor=request.user, conversations=chosen, assignee=data.validated_data["assignee"]
        )
        return Response(BulkResultSerializer({"count": count, "ids": sorted(c.pk for c in chosen)}).data)

    @extend_schema(
        request=LinkInputSerializer,
        responses={200: ConversationSerializer, **error_responses(400, 403, 404)},
        description=(
            "Link the conversation to a person in the directory, or unlink it (person: null). Needs "
            "access to the people directory (403 without). Create the person first with POST /api/v1/people/."
        ),
    )
    @action(detail=True, methods=["post"])
    def link(self, request: AuthedRequest, pk: int) -> Response:
        conversation = get_conversation_for_user(request.user, pk)
        if not can_use_directory(request.user):
            raise ForbiddenError(MSG_NO_DIRECTORY)
        data = LinkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.conversation_link_person(
            actor=request.user, conversation=conversation, person=data.validated_data["person"]
        )
        return self._respond(conversation)
