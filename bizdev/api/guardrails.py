"""The guardrail's sensitive terms in the API: ``/api/v1/bizdev/guardrail-terms/``. HR leads list,
add, correct (PATCH; ``is_active`` false deactivates) and delete them; everyone else gets a 403.
Every write is one bizdev.services.guardrails function (a duplicate term is a 409)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from alumni.api.introductions import schema_only, user_of
from core.api import ReadViewSet, error_responses

from ..access import can_manage
from ..models import GuardrailTerm
from ..services import guardrails as services


class IsHrLead(permissions.BasePermission):
    message = services.MSG_FORBIDDEN

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_manage(request.user))


class GuardrailTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = GuardrailTerm
        fields = ["id", "term", "note", "is_active", "created_at"]
        read_only_fields = fields


class GuardrailTermInputSerializer(serializers.Serializer):
    term = serializers.CharField(max_length=100)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(required=False, default=True)


@extend_schema_view(
    list=extend_schema(
        responses={200: GuardrailTermSerializer(many=True), **error_responses(400, 403, 404)},
        description="The guardrail's terms, active first (HR leads).",
    ),
    retrieve=extend_schema(responses={200: GuardrailTermSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["bizdev"])
class GuardrailTermViewSet(ReadViewSet):
    serializer_class = GuardrailTermSerializer
    permission_classes = [IsHrLead]
    search_fields = ["term"]
    ordering_fields = ["term", "created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[GuardrailTerm]:
        if schema_only(self):
            return GuardrailTerm.objects.none()
        return GuardrailTerm.objects.order_by("-is_active", "term", "id")

    @extend_schema(
        request=GuardrailTermInputSerializer,
        responses={201: GuardrailTermSerializer, **error_responses(400, 403, 409)},
        description="Add a term; one equal to another ignoring case and accents is a 409.",
    )
    def create(self, request: Request) -> Response:
        data = GuardrailTermInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.guardrail_term_create(actor=user_of(self), **data.validated_data)
        return Response(GuardrailTermSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=GuardrailTermInputSerializer(partial=True),
        responses={200: GuardrailTermSerializer, **error_responses(400, 403, 404, 409)},
        description="Correct, deactivate (is_active false) or reactivate a term.",
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        row = self.get_object()
        data = GuardrailTermInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.guardrail_term_update(actor=user_of(self), term_row=row, **data.validated_data)
        return Response(GuardrailTermSerializer(row).data)

    @extend_schema(responses={204: None, **error_responses(403, 404)}, description="Delete a term.")
    def destroy(self, request: Request, pk: int) -> Response:
        row = self.get_object()
        services.guardrail_term_delete(actor=user_of(self), term_row=row)
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES: list[tuple[str, Any, str]] = [("guardrail-terms", GuardrailTermViewSet, "api-bizdev-guardrail-term")]
