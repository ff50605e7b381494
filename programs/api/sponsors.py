"""Sponsor organizations: HR leads change them; others read those of their pilots or that they manage."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.access import IsHRLeadOrReadOnly
from accounts.api import AuthedRequest
from accounts.models import Role, User
from core.api import ReadViewSet, error_responses, merged

from .. import services
from ..access import visible_sponsors
from ..models import SponsorOrganization
from .common import fake, request_user


class SponsorSerializer(serializers.ModelSerializer):
    managers: serializers.Field = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SponsorOrganization
        fields = ["id", "name", "description", "managers", "created_at"]


class SponsorInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    managers = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=User.objects.filter(role=Role.MANAGER, is_active=True)
    )


@extend_schema_view(
    list=extend_schema(responses={200: SponsorSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: SponsorSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["sponsors"])
class SponsorViewSet(ReadViewSet):
    """Sponsor organizations: HR leads see all; others see those of their pilots or that they manage."""

    serializer_class = SponsorSerializer
    permission_classes = [IsHRLeadOrReadOnly]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self) -> QuerySet[SponsorOrganization]:
        if fake(self):
            return SponsorOrganization.objects.none()
        return visible_sponsors(request_user(self)).prefetch_related("managers")

    @extend_schema(request=SponsorInputSerializer, responses={201: SponsorSerializer, **error_responses(400, 403, 409)})
    def create(self, request: AuthedRequest) -> Response:
        data = SponsorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sponsor = services.sponsor_create(actor=request.user, **data.validated_data)
        return Response(SponsorSerializer(self.get_queryset().get(pk=sponsor.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SponsorInputSerializer, responses={200: SponsorSerializer, **error_responses(400, 403, 404, 409)}
    )
    def update(self, request: AuthedRequest, pk: int, partial: bool = False) -> Response:
        sponsor = self.get_object()
        data = SponsorInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, sponsor, ["name", "description"])
        services.sponsor_update(
            actor=request.user, sponsor=sponsor, managers=data.validated_data.get("managers"), **values
        )
        return Response(SponsorSerializer(self.get_queryset().get(pk=sponsor.pk)).data)

    @extend_schema(
        request=SponsorInputSerializer, responses={200: SponsorSerializer, **error_responses(400, 403, 404, 409)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(responses={204: None, **error_responses(403, 404, 409)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        sponsor = self.get_object()
        services.sponsor_delete(actor=request.user, sponsor=sponsor)
        return Response(status=status.HTTP_204_NO_CONTENT)
