"""Shared posts in the API: what contributors shared, where and when, and how it did; the people
who responded to them (``/recruiting/post-responses/``); and engagement uploads
(``POST /recruiting/posts/upload/``, a CSV of counts). Every write is one
recruiting.services.posts function.

Contributors log their own posts in their pilots and correct only those; HR leads any. Responses
name people: each list request of them is audited once ("post_responses.api_listed")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.services import audit_record
from core.api import VisibleField, error_responses
from core.errors import ForbiddenError
from people.services import DuplicatePersonError
from programs.models import Venue

from .. import services
from ..access import can_edit_post, visible_openings, visible_posts
from ..models import JobOpening, PostKind, PostResponse, SharedPost
from ..services.posts import MAX_COUNT, MSG_COUNT, MSG_DELETE_RESPONSE, MSG_EDIT_OWN, EngagementUploadError
from .candidates import MSG_OPENING, MSG_POST, person_field
from .common import RecruitingViewSet, audit_listing, given, schema_only, user_of
from .filters import PostFilter, ResponseFilter
from .openings import profile_field
from .profiles import pilot_field

AUDIT_RESPONSES_LISTED = "post_responses.api_listed"
AUDIT_RESPONSE_VIEWED = "post_response.api_viewed"
MSG_VENUE = "No such venue; choose one of /api/v1/venues/."


def count_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0,
        max_value=MAX_COUNT,
        default=0,
        error_messages={"min_value": MSG_COUNT, "max_value": MSG_COUNT, "invalid": MSG_COUNT},
    )


class PostSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    author_name = serializers.CharField(source="author.full_name", read_only=True, default=None, allow_null=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    opening_title = serializers.CharField(source="opening.title", read_only=True, default=None, allow_null=True)
    # Typed by people, "" when none (a plain string, not "uri"): only make links of http(s) ones.
    url = serializers.CharField(read_only=True, help_text="The post's address, or an empty string.")
    response_count = serializers.IntegerField(read_only=True, help_text="People who responded to it.")

    class Meta:
        model = SharedPost
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "author",
            "author_name",
            "venue",
            "venue_name",
            "kind",
            "shared_on",
            "url",
            "summary",
            "likes",
            "comments",
            "shares",
            "clicks",
            "opening",
            "opening_title",
            "response_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PostInputSerializer(serializers.Serializer):
    pilot = pilot_field(help_text="One of your pilots.")
    venue = VisibleField(model=Venue, visible=lambda user: Venue.objects.all(), message=MSG_VENUE)
    kind = serializers.ChoiceField(choices=PostKind.choices)
    shared_on = serializers.DateField(help_text="Not in the future, nor before 2000.")
    summary = serializers.CharField(max_length=300, help_text="What the post was about, in a few words.")
    url = serializers.CharField(
        max_length=2000, allow_blank=True, required=False, default="", help_text="An http(s) address."
    )
    likes = count_field()
    comments = count_field()
    shares = count_field()
    clicks = count_field()
    opening = VisibleField(
        model=JobOpening,
        visible=visible_openings,
        message=MSG_OPENING,
        allow_null=True,
        required=False,
        default=None,
        help_text="The opening it advertises, of the same pilot.",
    )


class EngagementUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A CSV with a post_id or url column and any of likes, comments, shares, clicks."
    )

    def validate_file(self, upload: Any) -> Any:
        limit = settings.LISTENING_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise serializers.ValidationError(f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes.")
        return upload


class EngagementUploadResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Rows read from the file.")
    updated = serializers.IntegerField(help_text="Posts whose counts changed.")
    unchanged = serializers.IntegerField(help_text="Posts whose counts were already these.")


POST_FIELDS = list(PostInputSerializer._declared_fields)


def _posts(queryset: QuerySet[SharedPost]) -> QuerySet[SharedPost]:
    return queryset.select_related("opening").annotate(response_count=Count("responses")).order_by("-shared_on", "-id")


@extend_schema_view(
    list=extend_schema(responses={200: PostSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: PostSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["recruiting"])
class PostViewSet(RecruitingViewSet):
    """Shared posts of the pilots you work in, the latest shared first."""

    serializer_class = PostSerializer
    filterset_class = PostFilter
    search_fields = ["summary"]
    ordering_fields = ["shared_on", "likes", "comments", "shares", "clicks", "created_at"]

    def get_queryset(self) -> QuerySet[SharedPost]:
        if schema_only(self):
            return SharedPost.objects.none()
        return _posts(visible_posts(user_of(self)))

    def _respond(self, post: SharedPost, code: int = status.HTTP_200_OK) -> Response:
        return Response(PostSerializer(self.get_queryset().get(pk=post.pk)).data, status=code)

    def _editable(self) -> SharedPost:
        post = self.get_object()
        if not can_edit_post(user_of(self), post):
            raise ForbiddenError(MSG_EDIT_OWN)
        return post

    @extend_schema(
        request=PostInputSerializer,
        responses={201: PostSerializer, **error_responses(400, 403)},
        description="Log a post you shared (you are its author) in one of your pilots.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = PostInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        post = services.post_record(actor=request.user, **data.validated_data)
        return self._respond(post, status.HTTP_201_CREATED)

    @extend_schema(
        request=PostInputSerializer,
        responses={200: PostSerializer, **error_responses(400, 403, 404)},
        description="Correct a post you logged (HR leads: any); the fields left out keep their values.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        post = self._editable()
        data = PostInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.post_update(actor=request.user, post=post, **given(data.validated_data, POST_FIELDS))
        return self._respond(post)

    @extend_schema(
        responses={204: None, **error_responses(403, 404)},
        description="Delete a post you logged (HR leads: any), with its responses.",
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.post_delete(actor=request.user, post=self._editable())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": EngagementUploadInputSerializer},
        responses={200: EngagementUploadResultSerializer, **error_responses(400, 403)},
        description="Set the counts of your posts from a CSV (post_id or url; likes, comments, shares, clicks; "
        "an empty cell keeps the count). Every row is checked first: if any is bad, nothing changes and the "
        "400 lists each bad row, by number and column, under fields.file.",
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request: AuthedRequest) -> Response:
        data = EngagementUploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            result = services.post_engagement_upload(actor=request.user, data=upload.read(), filename=upload.name or "")
        except EngagementUploadError as exc:
            exc.fields = {"file": exc.problems or [exc.summary]}
            exc.message = exc.summary
            raise
        return Response(EngagementUploadResultSerializer(result._asdict()).data)


# --- responses ---------------------------------------------------------------------------------


class ResponseSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    profile_name = serializers.CharField(source="profile.name", read_only=True, default=None, allow_null=True)
    post_summary = serializers.CharField(source="post.summary", read_only=True)

    class Meta:
        model = PostResponse
        fields = [
            "id",
            "post",
            "post_summary",
            "person",
            "person_name",
            "profile",
            "profile_name",
            "responded_on",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class ResponseInputSerializer(serializers.Serializer):
    post = VisibleField(model=SharedPost, visible=visible_posts, message=MSG_POST)
    person = person_field(
        allow_null=True, required=False, default=None, help_text="Someone in the directory; or give first_name."
    )
    first_name = serializers.CharField(
        max_length=100, allow_blank=True, required=False, default="", help_text="A new person's first name."
    )
    last_name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False, default="")
    confirm_duplicate_name = serializers.BooleanField(
        required=False, default=False, help_text="Create the new person even though people with the same name exist."
    )
    profile = profile_field(
        allow_null=True, required=False, default=None, help_text="The profile they fit, of the post's pilot."
    )
    responded_on = serializers.DateField(help_text="Not before the post was shared, nor in the future.")
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


@extend_schema_view(
    list=extend_schema(
        responses={200: ResponseSerializer(many=True), **error_responses(400, 403, 404)},
        description="People who responded to the posts you may see. Each list request is audited once "
        "(about the person, with ``person``).",
    ),
    retrieve=extend_schema(responses={200: ResponseSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["recruiting"])
class PostResponseViewSet(RecruitingViewSet):
    """Responses to shared posts, the latest first."""

    serializer_class = ResponseSerializer
    filterset_class = ResponseFilter
    ordering_fields = ["responded_on", "created_at"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[PostResponse]:
        if schema_only(self):
            return PostResponse.objects.none()
        return (
            PostResponse.objects.filter(post__in=visible_posts(user_of(self)).values("pk"))
            .select_related("post", "person", "profile")
            .order_by("-responded_on", "-id")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        audit_listing(request, AUDIT_RESPONSES_LISTED, response, person_param="person")
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        answer = self.get_object()
        audit_record(actor=user_of(self), verb=AUDIT_RESPONSE_VIEWED, target=answer, person_id=answer.person_id)
        return Response(self.get_serializer(answer).data)

    @extend_schema(
        request=ResponseInputSerializer,
        responses={201: ResponseSerializer, **error_responses(400, 403, 409)},
        description="Record that someone responded to a post: ``person`` from the directory, or a new person "
        "(first_name, last_name, email). Someone who already responded to the post is a 409; a new person "
        "whose name or email someone has is a 409 whose ``error.fields.matches`` lists them.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = ResponseInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["allow_same_name"] = values.pop("confirm_duplicate_name")
        try:
            response = services.response_record(actor=request.user, **values)
        except DuplicatePersonError as exc:
            exc.fields = {**exc.fields, "matches": [p.pk for p in exc.matches]}
            raise
        fresh = self.get_queryset().get(pk=response.pk)
        return Response(ResponseSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={204: None, **error_responses(403, 404)},
        description="Delete a response you recorded, or one to a post you may correct.",
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        response = self.get_object()
        if not services.can_delete_response(user_of(self), response):
            raise ForbiddenError(MSG_DELETE_RESPONSE)
        services.response_delete(actor=request.user, response=response)
        return Response(status=status.HTTP_204_NO_CONTENT)
