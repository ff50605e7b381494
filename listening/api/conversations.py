"""The conversations inbox in the API: list, triage, assign, link to a person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.models import User
from accounts.services import audit_record
from core.api import ReadViewSet, error_responses, listing_audit_data
from core.errors import ForbiddenError
from core.web import as_pk
from people.access import can_use_directory
from people.models import Person

from .. import selectors, services
from ..access import (
    assignable_users,
    get_conversation_for_user,
    visible_conversations,
)
from ..filters import ConversationFilter
from ..models import (
    Conversation,
    ConversationMatch,
)
from .common import Readers, request_user, schema_only

MAX_ID = 2**63 - 1
MAX_IDS = 500
MSG_NOT_VISIBLE = "Some of these conversations do not exist or are not yours to change; nothing was changed."
MSG_NO_DIRECTORY = "Linking a conversation to a person needs access to the people directory."
SPANS_HELP = (
    "[start, end) character offsets of the matched words in the match text: the title, two line "
    'breaks and the text when there is a title ("title\\n\\ntext"), otherwise the text alone.'
)


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
    # A missing id and one of somebody who may not be assigned read the same.
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=assignable_users(),
        allow_null=True,
        help_text="An HR lead or contributor; null: nobody.",
        error_messages={"does_not_exist": services.MSG_ASSIGNEE, "incorrect_type": services.MSG_ASSIGNEE},
    )


class LinkInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), allow_null=True, help_text="The person to link; null unlinks."
    )


class BulkResultSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Conversations changed.")
    ids = serializers.ListField(child=serializers.IntegerField())


AUDIT_LISTED = "conversations.api_listed"
AUDIT_VIEWED = "conversation.api_viewed"


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


def _bulk(
    request: AuthedRequest,
    input_class: type[serializers.Serializer],
    change: Callable[[list[Conversation], dict[str, Any]], int],
) -> Response:
    """A bulk action: validate the input, take every conversation named (a 404 for the whole
    request if one is not visible), ``change`` them through a service, answer with the count."""
    data = input_class(data=request.data)
    data.is_valid(raise_exception=True)
    chosen = _chosen(request.user, data.validated_data["ids"])
    count = change(chosen, data.validated_data)
    return Response(BulkResultSerializer({"count": count, "ids": sorted(c.pk for c in chosen)}).data)


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
        if schema_only(self):
            return Conversation.objects.none()
        # when_at is annotated by _conversations (the plugin cannot see annotations).
        return _conversations(request_user(self)).order_by("-when_at", "-id")  # type: ignore[misc]

    @extend_schema(
        description="Each list request is audited once (who, the filters, how many rows): conversations name "
        "their authors. With ``person``, the event is about that person."
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        if response.status_code == status.HTTP_200_OK:
            audit_record(
                actor=request_user(self),
                verb=AUDIT_LISTED,
                data=listing_audit_data(request, response.data.get("count")),
                person_id=as_pk(request.query_params.get("person", "")),
            )
        return response

    @extend_schema(description="Reading one conversation is audited (about its linked person, if any).")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        conversation = self.get_object()
        audit_record(actor=request_user(self), verb=AUDIT_VIEWED, target=conversation, person_id=conversation.person_id)
        return Response(self.get_serializer(conversation).data)

    def _respond(self, conversation: Conversation) -> Response:
        return Response(ConversationSerializer(_conversations(request_user(self)).get(pk=conversation.pk)).data)

    @extend_schema(
        request=TriageInputSerializer,
        responses={200: BulkResultSerializer, **error_responses(400, 403, 404)},
        description="Set the triage status of one or many conversations. Any id you may not see: 404, nothing changed.",
    )
    @action(detail=False, methods=["post"])
    def triage(self, request: AuthedRequest) -> Response:
        return _bulk(
            request,
            TriageInputSerializer,
            lambda chosen, data: services.conversations_triage(
                actor=request.user, conversations=chosen, status=data["status"]
            ),
        )

    @extend_schema(
        request=AssignInputSerializer,
        responses={200: BulkResultSerializer, **error_responses(400, 403, 404)},
        description="Assign one or many conversations to a colleague (or nobody). Any id you may not see: 404.",
    )
    @action(detail=False, methods=["post"])
    def assign(self, request: AuthedRequest) -> Response:
        return _bulk(
            request,
            AssignInputSerializer,
            lambda chosen, data: services.conversations_assign(
                actor=request.user, conversations=chosen, assignee=data["assignee"]
            ),
        )

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
