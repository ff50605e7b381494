"""Feedback on openings' descriptions in the API: the pilot's members (and HR leads) give it while
the opening is emerging or open; HR leads mark it used or not used (``POST {id}/decide/``), which
thanks the author the first time, either way (recruiting.services.feedback)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import VisibleField, error_responses

from .. import services
from ..access import visible_openings
from ..models import JobOpening, OpeningFeedback
from ..services.feedback import MAX_COMMENT, MSG_COMMENT_LONG, MSG_DECIDE, MSG_NOTE_LONG
from .common import RecruitingViewSet, require_manager, schema_only, user_of
from .filters import FeedbackFilter

MSG_OPENING = "Choose an opening of one of your pilots."


class FeedbackSerializer(serializers.ModelSerializer):
    opening_title = serializers.CharField(source="opening.title", read_only=True)
    revision_number = serializers.IntegerField(
        source="revision.number", read_only=True, default=None, allow_null=True, help_text="The revision commented on."
    )
    author_name = serializers.CharField(source="author.full_name", read_only=True)
    thanked = serializers.SerializerMethodField(help_text="Whether the author was thanked.")

    class Meta:
        model = OpeningFeedback
        fields = [
            "id",
            "opening",
            "opening_title",
            "revision",
            "revision_number",
            "author",
            "author_name",
            "comment",
            "status",
            "decided_by",
            "decided_at",
            "thanked",
            "thanked_at",
            "thank_note",
            "created_at",
        ]
        read_only_fields = fields

    def get_thanked(self, feedback: OpeningFeedback) -> bool:
        return feedback.thanked_at is not None


class FeedbackInputSerializer(serializers.Serializer):
    opening = VisibleField(model=JobOpening, visible=visible_openings, message=MSG_OPENING)
    comment = serializers.CharField(
        max_length=MAX_COMMENT,
        error_messages={"max_length": MSG_COMMENT_LONG},
        help_text="What you would change in the description, and why.",
    )


class DecideInputSerializer(serializers.Serializer):
    used = serializers.BooleanField(help_text="True: used; false: not used. The author is thanked either way.")
    thank_note = serializers.CharField(
        max_length=500,
        allow_blank=True,
        required=False,
        default="",
        error_messages={"max_length": MSG_NOTE_LONG},
        help_text="Sent with the thank-you (the first decision only).",
    )


class DecisionSerializer(FeedbackSerializer):
    thank_sent = serializers.BooleanField(read_only=True, help_text="A thank-you was sent by this decision.")

    class Meta(FeedbackSerializer.Meta):
        fields = [*FeedbackSerializer.Meta.fields, "thank_sent"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(responses={200: FeedbackSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: FeedbackSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["recruiting"])
class FeedbackViewSet(RecruitingViewSet):
    """Feedback on the descriptions of the openings you may see, newest first."""

    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilter
    ordering_fields = ["created_at", "decided_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[OpeningFeedback]:
        if schema_only(self):
            return OpeningFeedback.objects.none()
        return (
            OpeningFeedback.objects.filter(opening__in=visible_openings(user_of(self)).values("pk"))
            .select_related("opening", "revision", "author")
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        request=FeedbackInputSerializer,
        responses={201: FeedbackSerializer, **error_responses(400, 403)},
        description="Comment on an opening's current description (its pilot's members and HR leads), "
        "while it is emerging or open (else a 400, code opening_closed).",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = FeedbackInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        feedback = services.feedback_create(actor=request.user, **data.validated_data)
        return Response(
            FeedbackSerializer(self.get_queryset().get(pk=feedback.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=DecideInputSerializer,
        responses={200: DecisionSerializer, **error_responses(400, 403, 404, 409)},
        description="Mark the feedback used or not used (HR leads). The first decision thanks the author "
        "by email; a later one corrects the decision only. The same decision again is a 409.",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: AuthedRequest, pk: int) -> Response:
        feedback = self.get_object()
        require_manager(request.user, MSG_DECIDE)
        data = DecideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sent = services.feedback_decide(actor=request.user, feedback=feedback, **data.validated_data)
        fresh = self.get_queryset().get(pk=feedback.pk)
        fresh.thank_sent = sent  # type: ignore[attr-defined]
        return Response(DecisionSerializer(fresh).data)
