"""Keyword families in the API: contributors read those of the whole program and of their pilots."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import error_responses, merged
from programs.models import Pilot

from .. import services
from ..access import visible_families
from ..models import (
    KeywordFamily,
    Purpose,
)
from .common import ReadersReadHRLeadsWrite, request_user, schema_only


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


FAMILY_FIELDS = ["name", "terms", "purpose", "description", "pilot"]


def _save(request: AuthedRequest, family: KeywordFamily | None, values: dict[str, Any]) -> KeywordFamily:
    """family_save with the validated values (a partial update's completed from the family)."""
    return services.family_save(
        actor=request.user,
        family=family,
        name=values["name"],
        terms=values["terms"],
        purpose=values["purpose"],
        description=values["description"],
        pilot=values["pilot"],
    )


@extend_schema_view(
    list=extend_schema(responses={200: FamilySerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: FamilySerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["keyword-families"])
class KeywordFamilyViewSet(ReadersReadHRLeadsWrite):
    """Named lists of terms, referenced in search queries as @name. Contributors read those of the
    whole program and of their pilots (listening.access.visible_families); HR leads all, and change them."""

    serializer_class = FamilySerializer
    search_fields = ["name", "description"]
    ordering_fields = ["name", "updated_at"]
    filterset_fields = ["purpose"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[KeywordFamily]:
        if schema_only(self):
            return KeywordFamily.objects.none()
        return visible_families(request_user(self))

    @extend_schema(request=FamilyInputSerializer, responses={201: FamilySerializer, **error_responses(400, 403)})
    def create(self, request: AuthedRequest) -> Response:
        data = FamilyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        family = _save(request, None, data.validated_data)
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
        family = _save(request, family, merged(data.validated_data, family, FAMILY_FIELDS))
        return Response(FamilySerializer(family).data)

    @extend_schema(
        responses={204: None, **error_responses(403, 404, 409)},
        description="Delete a family. One that searches use is a 409 naming those searches.",
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.family_delete(actor=request.user, family=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
