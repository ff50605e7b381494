"""Alumni referrals in the API: openings (or calls for contractors and consultants) shared with a
segment, and the recommendations alumni make. Every write is one alumni.services.referrals
function, as on the pages: creating an email share sends it (after the commit, once per alumnus,
only to those who consented); a group post is refused without the pilot's approved policy.

Who: HR leads and contributors in a pilot (alumni.access.can_work); lists hold what the reader
may see; another pilot's share or recommendation is a 404. Reads name alumni and the people they
recommend: each list or retrieve request is audited once."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.services import audit_record
from core.api import IdFilter, ReadViewSet, VisibleField
from core.api import error_responses as errors
from core.errors import ForbiddenError
from recruiting.api.common import audit_listing, schema_only, user_of
from recruiting.models import JobOpening, Step

from ..access import can_work, visible_alumni
from ..models import AlumniRecommendation, AlumniSegment, Alumnus, OpeningShare, RecommendationKind, ShareChannel
from ..selectors.referrals import can_share, share_openings, share_segments, visible_recommendations, visible_shares
from ..services import referrals as services

MSG_NO_ACCESS = "Only HR leads and contributors in a pilot work with alumni."
MSG_OPENING = "No emerging or open opening of yours has this id."
MSG_SEGMENT = "No segment of a Stage 2 pilot of yours has this id."
MSG_ALUMNUS = "No alumnus of your pilots has this id."
MSG_SHARE = "No share of yours has this id."
AUDIT_SHARES_LISTED = "alumni.shares_listed"
AUDIT_RECOMMENDATIONS_LISTED = "alumni.recommendations_listed"


class CanWork(permissions.BasePermission):
    message = MSG_NO_ACCESS

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_work(request.user))


def _require_share(user: Any) -> None:
    if not can_share(user):
        raise ForbiddenError(services.MSG_SHARE_FORBIDDEN)


# --- shares ----------------------------------------------------------------------------------


class ShareSerializer(serializers.ModelSerializer):
    opening_title = serializers.CharField(source="opening.title", read_only=True, default=None, allow_null=True)
    segment_name = serializers.CharField(source="segment.name", read_only=True)
    pilot = serializers.IntegerField(source="segment.pilot_id", read_only=True)
    channel = serializers.ChoiceField(choices=ShareChannel.choices, read_only=True)
    recommendations = serializers.IntegerField(
        source="recommendation_count", read_only=True, help_text="Recommendations received through it."
    )
    shared_by_name = serializers.CharField(source="shared_by.full_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = OpeningShare
        fields = [
            "id",
            "opening",
            "opening_title",
            "segment",
            "segment_name",
            "pilot",
            "channel",
            "message",
            "recipients",
            "recommendations",
            "shared_by",
            "shared_by_name",
            "shared_at",
        ]
        read_only_fields = fields


class ShareInputSerializer(serializers.Serializer):
    opening = VisibleField(
        model=JobOpening,
        visible=share_openings,
        message=MSG_OPENING,
        allow_null=True,
        required=False,
        default=None,
        help_text="An emerging or open opening of your pilots; null asks for contractors and consultants.",
    )
    segment = VisibleField(model=AlumniSegment, visible=share_segments, message=MSG_SEGMENT)
    channel = serializers.ChoiceField(choices=ShareChannel.choices)
    message = serializers.CharField(max_length=services.MESSAGE_MAX, help_text="The challenge and the opportunity.")
    policy_confirmed = serializers.BooleanField(
        required=False, default=False, help_text="Group post: keep a draft that names a “never share” item."
    )


class ShareFilter(filters.FilterSet):
    opening = IdFilter(field_name="opening_id")
    segment = IdFilter(field_name="segment_id")
    channel = filters.ChoiceFilter(choices=ShareChannel.choices)

    class Meta:
        model = OpeningShare
        fields = ["opening", "segment", "channel"]


@extend_schema_view(
    list=extend_schema(
        responses={200: ShareSerializer(many=True), **errors(400, 403, 404)},
        description="Shares of the segments of your pilots, newest first, with their recommendation counts.",
    ),
    retrieve=extend_schema(responses={200: ShareSerializer, **errors(403, 404)}),
)
@extend_schema(tags=["alumni"])
class ShareViewSet(ReadViewSet):
    serializer_class = ShareSerializer
    permission_classes = [CanWork]
    filterset_class = ShareFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[OpeningShare]:
        if schema_only(self):
            return OpeningShare.objects.none()
        return visible_shares(user_of(self))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        audit_listing(request, AUDIT_SHARES_LISTED, response)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        share = self.get_object()
        services.share_viewed(actor=user_of(self), share=share, via="api")
        return Response(self.get_serializer(share).data)

    @extend_schema(
        request=ShareInputSerializer,
        responses={201: ShareSerializer, **errors(400, 403)},
        description="Share an opening (or, with ``opening`` null, a call for contractors and consultants) with a "
        "segment. ``email``: sent after the commit to the segment's alumni who consented, are not marked do not "
        "contact and have an email, once each. ``group_post``: a draft for the private group, refused without "
        "the pilot's approved sharing policy (code no_policy) or when it names a “never share” item (code policy).",
    )
    def create(self, request: AuthedRequest) -> Response:
        _require_share(request.user)
        data = ShareInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        share = services.share_create(
            actor=request.user,
            segment=values["segment"],
            channel=values["channel"],
            message=values["message"],
            opening=values["opening"],
            policy_confirmed=values["policy_confirmed"],
        )
        return Response(ShareSerializer(self.get_queryset().get(pk=share.pk)).data, status=status.HTTP_201_CREATED)


# --- recommendations -------------------------------------------------------------------------


class RecommendationSerializer(serializers.ModelSerializer):
    alumnus_name = serializers.CharField(source="alumnus.person.full_name", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    kind = serializers.ChoiceField(choices=RecommendationKind.choices, read_only=True)
    opening_title = serializers.CharField(source="opening.title", read_only=True, default=None, allow_null=True)
    step = serializers.ChoiceField(
        source="candidate.step",
        choices=Step.choices,
        read_only=True,
        default=None,
        allow_null=True,
        help_text="Where the candidate is now (null: no candidacy linked).",
    )
    hired = serializers.SerializerMethodField(help_text="Whether the candidate was hired.")

    class Meta:
        model = AlumniRecommendation
        fields = [
            "id",
            "alumnus",
            "alumnus_name",
            "share",
            "kind",
            "opening",
            "opening_title",
            "person",
            "person_name",
            "candidate",
            "step",
            "hired",
            "why",
            "via_link",
            "created_at",
        ]
        read_only_fields = fields

    def get_hired(self, recommendation: AlumniRecommendation) -> bool:
        candidate = recommendation.candidate
        return bool(candidate is not None and candidate.step == Step.HIRED)


class RecommendationInputSerializer(serializers.Serializer):
    alumnus = VisibleField(model=Alumnus, visible=visible_alumni, message=MSG_ALUMNUS)
    opening = VisibleField(
        model=JobOpening,
        visible=share_openings,
        message=MSG_OPENING,
        allow_null=True,
        required=False,
        default=None,
        help_text="For an opening (kind employee); null for a contractor or consultant.",
    )
    share = VisibleField(
        model=OpeningShare,
        visible=visible_shares,
        message=MSG_SHARE,
        allow_null=True,
        required=False,
        default=None,
        help_text="The share it answers, if any.",
    )
    kind = serializers.ChoiceField(choices=RecommendationKind.choices)
    name = serializers.CharField(max_length=services.NAME_MAX, allow_blank=True, required=False, default="")
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False, default="")
    profile_url = serializers.URLField(max_length=500, allow_blank=True, required=False, default="")
    why = serializers.CharField(max_length=services.WHY_MAX)
    allow_same_name = serializers.BooleanField(required=False, default=False)


class RecommendationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=RecommendationKind.choices)
    opening = IdFilter(field_name="opening_id")
    alumnus = IdFilter(field_name="alumnus_id")
    share = IdFilter(field_name="share_id")
    created_after = filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = AlumniRecommendation
        fields = ["kind", "opening", "alumnus", "share", "created_after", "created_before"]


@extend_schema_view(
    list=extend_schema(
        responses={200: RecommendationSerializer(many=True), **errors(400, 403, 404)},
        description="Recommendations by the alumni of your pilots, newest first, with what became of them. "
        "Each list request is audited once.",
    ),
    retrieve=extend_schema(responses={200: RecommendationSerializer, **errors(403, 404)}),
)
@extend_schema(tags=["alumni"])
class RecommendationViewSet(ReadViewSet):
    serializer_class = RecommendationSerializer
    permission_classes = [CanWork]
    filterset_class = RecommendationFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[AlumniRecommendation]:
        if schema_only(self):
            return AlumniRecommendation.objects.none()
        return visible_recommendations(user_of(self))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        audit_listing(request, AUDIT_RECOMMENDATIONS_LISTED, response)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        recommendation = self.get_object()
        audit_record(
            actor=user_of(self),
            verb="alumni.recommendation_viewed",
            target=recommendation,
            person_id=recommendation.alumnus.person_id,
            data={"via": "api"},
        )
        return Response(self.get_serializer(recommendation).data)

    @extend_schema(
        request=RecommendationInputSerializer,
        responses={201: RecommendationSerializer, **errors(400, 403, 409)},
        description="Record that an alumnus recommended someone: found by ``email``, then ``profile_url``, else "
        "created from ``name``. For an opening they become a candidate with source alumni_referral and the "
        "alumnus as referrer (someone already a candidate there is linked); contractors and consultants are "
        "kept as recommendations.",
    )
    def create(self, request: AuthedRequest) -> Response:
        _require_share(request.user)
        data = RecommendationInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = services.recommendation_create(
            actor=request.user,
            alumnus=values["alumnus"],
            kind=values["kind"],
            why=values["why"],
            recommended=services.Recommended(
                name=values["name"], email=values["email"], profile_url=values["profile_url"]
            ),
            opening=values["opening"],
            share=values["share"],
            allow_same_name=values["allow_same_name"],
        )
        row = self.get_queryset().get(pk=result.recommendation.pk)
        return Response(RecommendationSerializer(row).data, status=status.HTTP_201_CREATED)


ROUTES: list[tuple[str, Any, str]] = [
    ("shares", ShareViewSet, "api-alumni-share"),
    ("recommendations", RecommendationViewSet, "api-alumni-recommendation"),
]
