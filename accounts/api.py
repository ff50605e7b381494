"""API for the signed-in user: who am I, and my personal tokens. Also what every API view shares.

Shared pieces (used by programs.api and people.api):
- Services refuse on grounds of role with ``ForbiddenError``, which the shared exception handler
  renders as 403; token authentication comes first in the settings, so a missing or revoked
  token answers 401 with ``WWW-Authenticate: Token``.
- ``error_responses(...)``: the one error body, documented for the schema.
"""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Model
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import ApiToken, User
from .services import api_token_create, api_token_revoke

# --- Shared -----------------------------------------------------------------------------------


class AuthedRequest(Request):
    """What a view method receives once its permission checks required a signed-in user."""

    user: User  # type: ignore[assignment]


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and retrieve; subclasses add write actions that call services."""

    lookup_value_converter = "int"


def merged(data: dict[str, Any], instance: Model, names: list[str]) -> dict[str, Any]:
    """The validated fields of a partial update, completed with the instance's current values."""
    return {name: data[name] if name in data else getattr(instance, name) for name in names}


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable: invalid, not_found, permission_denied, conflict…")
    message = serializers.CharField(help_text="Written for the user.")
    # The metaclass moves declared fields off the class, so this does not shadow Serializer.fields.
    fields = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="Per-field messages, when the error is about specific fields."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_ERROR_TEXT = {
    400: "Invalid input, or a rule refused the change.",
    401: "Not signed in, or the token is invalid or revoked.",
    403: "Signed in, but not allowed to do this.",
    404: "Not found, or not visible to you.",
    409: "Conflicts with existing data.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the error statuses an endpoint may answer (401 is always added)."""
    return {code: OpenApiResponse(ErrorSerializer, description=_ERROR_TEXT[code]) for code in sorted({401, *codes})}


# --- Me ---------------------------------------------------------------------------------------


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role"]


class MeView(APIView):
    @extend_schema(operation_id="me_retrieve", responses={200: MeSerializer, **error_responses()}, tags=["me"])
    def get(self, request: AuthedRequest) -> Response:
        return Response(MeSerializer(request.user).data)


# --- Tokens -----------------------------------------------------------------------------------


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]


class ApiTokenCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(help_text="The secret, shown only in this response. Send it as `Token <key>`.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


@extend_schema(tags=["tokens"])
class TokenListCreateView(generics.ListAPIView):
    """Your personal API tokens (revoked ones included, with their revocation time)."""

    serializer_class = ApiTokenSerializer
    filter_backends: list = []

    def get_queryset(self) -> Any:
        return (
            ApiToken.objects.filter(user=cast(User, self.request.user))
            if self.request.user.is_authenticated
            else ApiToken.objects.none()
        )

    @extend_schema(responses={200: ApiTokenSerializer(many=True), **error_responses(404)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ApiTokenCreateInputSerializer,
        responses={201: ApiTokenCreatedSerializer, **error_responses(400)},
    )
    def post(self, request: AuthedRequest) -> Response:
        data = ApiTokenCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = api_token_create(user=request.user, name=data.validated_data["name"])
        token.key = key  # type: ignore[attr-defined]
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class TokenRevokeView(APIView):
    @extend_schema(responses={204: None, **error_responses(404)}, tags=["tokens"])
    def delete(self, request: AuthedRequest, pk: int) -> Response:
        """Revoke one of your tokens; anyone else's is a 404."""
        token = generics.get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
        api_token_revoke(user=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IdFilter(django_filters.NumberFilter):
    """A filter on a primary key: a whole number within the database's range, or a 400.

    A plain NumberFilter accepts 1e30 or 20-digit numbers, which SQLite cannot bind (500).
    """

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)
