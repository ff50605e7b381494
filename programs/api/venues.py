"""Social venues."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.access import HasRole, IsHRLead
from accounts.api import AuthedRequest
from accounts.models import Role
from core.api import ReadViewSet, error_responses, merged

from .. import services
from ..models import Venue


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["id", "name", "kind", "visibility", "url", "description", "created_at"]


class VenueInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=Venue.Kind.choices)
    visibility = serializers.ChoiceField(choices=Venue.Visibility.choices, default=Venue.Visibility.PUBLIC)
    url = serializers.URLField(allow_blank=True, required=False, default="")
    description = serializers.CharField(allow_blank=True, required=False, default="")


@extend_schema_view(
    list=extend_schema(responses={200: VenueSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: VenueSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["venues"])
class VenueViewSet(ReadViewSet):
    """Social venues: HR leads and contributors read them; HR leads change them."""

    serializer_class = VenueSerializer
    queryset = Venue.objects.all()
    search_fields = ["name"]
    filterset_fields = ["kind", "visibility"]
    ordering_fields = ["name", "created_at"]

    def get_permissions(self) -> Sequence[Any]:
        if self.action in ("list", "retrieve"):
            return [HasRole.of(Role.HR_LEAD, Role.CONTRIBUTOR)()]
        return [IsHRLead()]

    @extend_schema(request=VenueInputSerializer, responses={201: VenueSerializer, **error_responses(400, 403, 409)})
    def create(self, request: AuthedRequest) -> Response:
        data = VenueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        venue = services.venue_save(actor=request.user, **data.validated_data)
        return Response(VenueSerializer(venue).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=VenueInputSerializer, responses={200: VenueSerializer, **error_responses(400, 403, 404, 409)}
    )
    def update(self, request: AuthedRequest, pk: int, partial: bool = False) -> Response:
        venue = self.get_object()
        data = VenueInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, venue, ["name", "kind", "visibility", "url", "description"])
        venue = services.venue_save(actor=request.user, venue=venue, **values)
        return Response(VenueSerializer(venue).data)

    @extend_schema(
        request=VenueInputSerializer, responses={200: VenueSerializer, **error_responses(400, 403, 404, 409)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(responses={204: None, **error_responses(403, 404, 409)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        venue = self.get_object()
        services.venue_delete(actor=request.user, venue=venue)
        return Response(status=status.HTTP_204_NO_CONTENT)
