"""Introductions on behalf of alumni in the API: the Stage 2 ledger rows whose person introduced
is an alumnus the reader may see, with their confirmation status, and ``POST
{id}/ask-confirmation/`` (e-mail the alumnus the signed link, at most once per 7 days).

Access as on the pages: HR leads and contributors in a pilot (managers and contributors without a
pilot: 403); another pilot's introduction is a 404. Each list request is audited once."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api import IdFilter, ReadViewSet, error_responses
from metrics.models import Introduction, IntroductionPurpose
from recruiting.api.common import NO_INPUT, audit_listing

from ..access import can_work
from ..selectors.introductions import STATUS_CHOICES, alumni_introductions, filter_by_status, status_of
from ..services.introductions import AUDIT_LISTED, introduction_ask_confirmation

MSG_NO_ACCESS = "Only HR leads and contributors in a pilot work with alumni."


class CanWork(permissions.BasePermission):
    """HR leads and contributors in at least one pilot (alumni.access.can_work)."""

    message = MSG_NO_ACCESS

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_work(request.user))


def schema_only(view: Any) -> bool:
    return getattr(view, "swagger_fake_view", False)


def user_of(view: Any) -> User:
    return cast(User, view.request.user)


class AlumniIntroductionSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    alumnus = serializers.SerializerMethodField(help_text="The alumnus's id (/api/v1/alumni/…).")
    alumnus_person = serializers.IntegerField(source="on_behalf_of_id", read_only=True)
    alumnus_name = serializers.CharField(source="on_behalf_of.full_name", read_only=True)
    segment = serializers.SerializerMethodField(help_text="The alumnus's segment, if any.")
    to_person_name = serializers.CharField(source="to_person.full_name", read_only=True, default=None, allow_null=True)
    to_company_name = serializers.CharField(source="to_company.name", read_only=True, default=None, allow_null=True)
    purpose = serializers.ChoiceField(choices=IntroductionPurpose.choices, read_only=True)
    made_by_name = serializers.CharField(source="made_by.full_name", read_only=True)
    confirmation = serializers.SerializerMethodField(
        help_text="meaningful, not_useful (the alumnus said “not really”), asked (confirmation requested) "
        "or unconfirmed."
    )
    confirmation_asked_at = serializers.DateTimeField(
        source="asked_at", read_only=True, allow_null=True, help_text="When the alumnus was last asked."
    )

    class Meta:
        model = Introduction
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "alumnus",
            "alumnus_person",
            "alumnus_name",
            "segment",
            "to_person",
            "to_person_name",
            "to_company",
            "to_company_name",
            "purpose",
            "date",
            "made_by",
            "made_by_name",
            "meaningful",
            "confirmed_at",
            "confirmation",
            "confirmation_asked_at",
            "outcome",
        ]
        read_only_fields = fields

    def get_alumnus(self, intro: Introduction) -> int | None:
        alumnus = getattr(intro.on_behalf_of, "alumnus", None)
        return alumnus.pk if alumnus is not None else None

    def get_segment(self, intro: Introduction) -> str | None:
        alumnus = getattr(intro.on_behalf_of, "alumnus", None)
        return alumnus.segment.name if alumnus is not None and alumnus.segment is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=STATUS_CHOICES))
    def get_confirmation(self, intro: Introduction) -> str:
        return status_of(intro)


class AlumniIntroductionFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    made_by = IdFilter(field_name="made_by_id")
    segment = IdFilter(field_name="on_behalf_of__alumnus__segment_id")
    alumnus = IdFilter(field_name="on_behalf_of__alumnus__id")
    confirmation = filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_confirmation")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Introduction
        fields = ["pilot", "made_by", "segment", "alumnus", "confirmation", "date_from", "date_to"]

    def filter_confirmation(self, queryset: QuerySet[Introduction], name: str, value: str) -> QuerySet[Introduction]:
        return filter_by_status(queryset, value)


@extend_schema_view(
    list=extend_schema(
        responses={200: AlumniIntroductionSerializer(many=True), **error_responses(400, 403, 404)},
        description="Stage 2 introductions on behalf of the alumni you may see, newest first, with their "
        "confirmation status. Each list request is audited once.",
    ),
    retrieve=extend_schema(responses={200: AlumniIntroductionSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["alumni"])
class AlumniIntroductionViewSet(ReadViewSet):
    serializer_class = AlumniIntroductionSerializer
    permission_classes = [CanWork]
    filterset_class = AlumniIntroductionFilter
    ordering_fields = ["date", "created_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Introduction]:
        if schema_only(self):
            return Introduction.objects.none()
        return alumni_introductions(user_of(self))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        audit_listing(request, AUDIT_LISTED, response)
        return response

    @extend_schema(
        request=NO_INPUT,
        responses={200: AlumniIntroductionSerializer, **error_responses(400, 403, 404, 409)},
        description="E-mail the alumnus a signed link asking whether the introduction was meaningful to them "
        "(its maker, HR leads and the pilot's champions). Refused (400) without consent, for someone marked "
        "do-not-contact, without an e-mail address or for an introduction already meaningful; a second request "
        "within 7 days is a 409.",
    )
    @action(detail=True, methods=["post"], url_path="ask-confirmation")
    def ask_confirmation(self, request: Request, pk: int) -> Response:
        intro = self.get_object()
        introduction_ask_confirmation(actor=user_of(self), introduction=intro)
        return Response(self.get_serializer(self.get_queryset().get(pk=intro.pk)).data)


ROUTES: list[tuple[str, Any, str]] = [("introductions", AlumniIntroductionViewSet, "api-alumni-introduction")]
