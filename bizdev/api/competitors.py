"""The prospects' competitors in the API: ``/api/v1/bizdev/competitors/`` lists, adds and removes
the prospect ↔ competitor pairs the conflict-of-interest rule reads. HR leads only (403 for
everyone else); the rules are bizdev.services.competitors'."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import IdFilter, ReadViewSet, VisibleField, error_responses
from people.models import Company

from ..access import can_manage
from ..models import ProspectCompetitor
from ..selectors.competitors import competitor_pairs
from ..services import competitors as services
from .opportunities import schema_only, user_of

MSG_COMPANY = "No such company; choose one of /api/v1/people/companies/ or send its name."


class IsHrLead(permissions.BasePermission):
    message = services.MSG_HR_ONLY

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_manage(request.user))


class CompetitorPairSerializer(serializers.ModelSerializer):
    prospect_name = serializers.CharField(source="prospect.name", read_only=True)
    competitor_name = serializers.CharField(source="competitor.name", read_only=True)

    class Meta:
        model = ProspectCompetitor
        fields = ["id", "prospect", "prospect_name", "competitor", "competitor_name", "note", "created_at"]
        read_only_fields = fields


class CompetitorPairInputSerializer(serializers.Serializer):
    prospect = VisibleField(queryset=Company.objects.all(), message=MSG_COMPANY, required=False, allow_null=True)
    new_prospect = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    competitor = VisibleField(queryset=Company.objects.all(), message=MSG_COMPANY, required=False, allow_null=True)
    new_competitor = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PairFilter(filters.FilterSet):
    prospect = IdFilter(field_name="prospect_id")
    competitor = IdFilter(field_name="competitor_id")

    class Meta:
        model = ProspectCompetitor
        fields = ["prospect", "competitor"]


@extend_schema_view(
    list=extend_schema(
        responses={200: CompetitorPairSerializer(many=True), **error_responses(400, 403, 404)},
        description="Every prospect ↔ competitor pair, by prospect.",
    ),
    retrieve=extend_schema(responses={200: CompetitorPairSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["bizdev"])
class CompetitorPairViewSet(ReadViewSet):
    serializer_class = CompetitorPairSerializer
    permission_classes = [IsHrLead]
    filterset_class = PairFilter
    search_fields = ["prospect__name", "competitor__name"]
    ordering_fields = ["created_at"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[ProspectCompetitor]:
        if schema_only(self):
            return ProspectCompetitor.objects.none()
        return competitor_pairs()

    @extend_schema(
        request=CompetitorPairInputSerializer,
        responses={201: CompetitorPairSerializer, **error_responses(400, 403, 409)},
        description="List a competitor of a prospect: each company by id, or by name (an existing company of that "
        "name is reused, else created). The same pair twice is a 409.",
    )
    def create(self, request: Request) -> Response:
        data = CompetitorPairInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        pair = services.competitor_pair_add(actor=user_of(self), **data.validated_data)
        return Response(CompetitorPairSerializer(pair).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **error_responses(403, 404)}, description="Remove a pair.")
    def destroy(self, request: Request, pk: int) -> Response:
        services.competitor_pair_remove(actor=user_of(self), pair=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES: list[tuple[str, Any, str]] = [
    ("competitors", CompetitorPairViewSet, "api-bizdev-competitor"),
]
