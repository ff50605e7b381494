"""Reference conversations in the API: ``/api/v1/bizdev/references/``.

List (``q``: every word must match, accent- and case-insensitive; filters ``pilot``, ``topic``,
``client_kind``), create, retrieve, partial update and delete. Every write is one
bizdev.services.references function. Access as on the pages: HR leads and contributors in a pilot
(managers and contributors without a pilot: 403); another pilot's reference is a 404; changing or
deleting one added by someone else is a 403 (HR leads excepted).
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api import IdFilter, ReadViewSet, error_responses
from core.api import VisibleField as _Visible
from listening.access import visible_conversations
from listening.models import Conversation
from people.search import MAX_SEARCH_LENGTH, validate_search
from programs.models import Pilot

from ..access import can_work, stage_pilots, visible_references
from ..models import ReferenceConversation
from ..selectors.references import url_host, with_words
from ..services import references as services

MSG_NO_ACCESS = "Only HR leads and contributors in a pilot work with reference conversations."
MSG_PILOT = services.MSG_PILOT
MSG_CONVERSATION = services.MSG_CONVERSATION


class CanWork(permissions.BasePermission):
    """HR leads and contributors in at least one pilot (bizdev.access.can_work)."""

    message = MSG_NO_ACCESS

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_work(request.user))


def _user(view: Any) -> User:
    return cast(User, view.request.user)


class ReferenceSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    host = serializers.SerializerMethodField(help_text="The site the discussion lives on, e.g. www.linkedin.com.")
    created_by_name = serializers.SerializerMethodField(help_text="Who added it, if still known.")
    cited_by = serializers.SerializerMethodField(help_text="Ids of the help requests you may see that cite it.")

    class Meta:
        model = ReferenceConversation
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "url",
            "host",
            "title",
            "summary",
            "topic",
            "value_proposition",
            "client_kind",
            "conversation",
            "created_by",
            "created_by_name",
            "cited_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_host(self, reference: ReferenceConversation) -> str:
        return url_host(reference.url)

    def get_created_by_name(self, reference: ReferenceConversation) -> str:
        return str(reference.created_by) if reference.created_by else ""

    def get_cited_by(self, reference: ReferenceConversation) -> list[int]:
        return sorted(r.pk for r in reference.help_requests.all())


class ReferenceInputSerializer(serializers.Serializer):
    pilot = _Visible(queryset=Pilot.objects.all(), visible=stage_pilots, message=MSG_PILOT)
    url = serializers.URLField(
        max_length=services.LIMITS["url"], help_text="The in-group discussion's http(s) address."
    )
    title = serializers.CharField(max_length=services.LIMITS["title"])
    summary = serializers.CharField(max_length=services.LIMITS["summary"])
    topic = serializers.CharField(max_length=services.LIMITS["topic"], required=False, allow_blank=True, default="")
    value_proposition = serializers.CharField(
        max_length=services.LIMITS["value_proposition"], required=False, allow_blank=True, default=""
    )
    client_kind = serializers.CharField(
        max_length=services.LIMITS["client_kind"], required=False, allow_blank=True, default=""
    )
    conversation = _Visible(
        queryset=Conversation.objects.all(),
        visible=visible_conversations,
        message=MSG_CONVERSATION,
        required=False,
        allow_null=True,
        default=None,
        help_text="The harvested conversation it came from (/api/v1/conversations/), if any.",
    )


class ReferenceFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="search",
        max_length=MAX_SEARCH_LENGTH,
        validators=[validate_search],
        help_text="Words to look for in the title, summary, topic, value proposition and kind of client; each "
        "must match, ignoring accents and case.",
    )
    pilot = IdFilter(field_name="pilot_id")
    topic = filters.CharFilter(field_name="topic", lookup_expr="iexact", max_length=services.LIMITS["topic"])
    client_kind = filters.CharFilter(
        field_name="client_kind", lookup_expr="iexact", max_length=services.LIMITS["client_kind"]
    )

    class Meta:
        model = ReferenceConversation
        fields = ["q", "pilot", "topic", "client_kind"]

    def search(self, queryset: QuerySet[ReferenceConversation], name: str, value: str) -> Any:
        return with_words(queryset, value)


@extend_schema_view(
    list=extend_schema(
        responses={200: ReferenceSerializer(many=True), **error_responses(400, 403, 404)},
        description="Reference conversations of your pilots, newest first.",
    ),
    retrieve=extend_schema(responses={200: ReferenceSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["bizdev"])
class ReferenceViewSet(ReadViewSet):
    serializer_class = ReferenceSerializer
    permission_classes = [CanWork]
    filterset_class = ReferenceFilter
    ordering_fields = ["created_at", "title"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[ReferenceConversation]:
        if getattr(self, "swagger_fake_view", False):
            return ReferenceConversation.objects.none()
        return visible_references(_user(self)).prefetch_related("help_requests").order_by("-created_at", "-id")

    def _respond(self, reference: ReferenceConversation, code: int = status.HTTP_200_OK) -> Response:
        return Response(ReferenceSerializer(self.get_queryset().get(pk=reference.pk)).data, status=code)

    @extend_schema(
        request=ReferenceInputSerializer,
        responses={201: ReferenceSerializer, **error_responses(400, 403)},
        description="Add a reference conversation to one of your Stage 3 pilots: an http(s) address, a title "
        "and a summary.",
    )
    def create(self, request: Request) -> Response:
        data = ReferenceInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        reference = services.reference_create(actor=_user(self), **data.validated_data)
        return self._respond(reference, status.HTTP_201_CREATED)

    @extend_schema(
        request=ReferenceInputSerializer(partial=True),
        responses={200: ReferenceSerializer, **error_responses(400, 403, 404)},
        description="Correct a reference (HR leads and whoever added it); the fields left out keep their values.",
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        reference = self.get_object()
        data = ReferenceInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.reference_update(actor=_user(self), reference=reference, **data.validated_data)
        return self._respond(reference)

    @extend_schema(
        responses={204: None, **error_responses(403, 404)},
        description="Delete a reference (HR leads and whoever added it); the requests citing it stay.",
    )
    def destroy(self, request: Request, pk: int) -> Response:
        reference = self.get_object()
        services.reference_delete(actor=_user(self), reference=reference)
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES: list[tuple[str, Any, str]] = [("references", ReferenceViewSet, "api-bizdev-reference")]
