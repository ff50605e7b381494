"""API for the signed-in user: who am I, and my personal tokens; and the signed-in request type
of API views (the error format and shared pieces live in core.api)."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ReadViewSet, error_responses

from .access import IsHRLead
from .models import ApiToken, Role, User
from .services import api_token_create, api_token_revoke, user_update_role


class AuthedRequest(Request):
    """What a view method receives once its permission checks required a signed-in user."""

    user: User


MSG_TOKEN_BY_TOKEN = "Tokens are created from a signed-in session (your profile page), not with another token."


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
    status = serializers.SerializerMethodField(help_text="active, expired or revoked")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "read_only", "created_at", "expires_at", "last_used_at", "revoked_at", "status"]

    def get_status(self, token: ApiToken) -> str:
        return token.status()


class ApiTokenCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="When it stops working; empty: until revoked."
    )
    read_only = serializers.BooleanField(required=False, default=False, help_text="Only reads (GET) allowed.")


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
            ApiToken.objects.filter(user=self.request.user)
            if self.request.user.is_authenticated
            else ApiToken.objects.none()
        )

    @extend_schema(responses={200: ApiTokenSerializer(many=True), **error_responses(404)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ApiTokenCreateInputSerializer,
        responses={201: ApiTokenCreatedSerializer, **error_responses(400, 403)},
    )
    def post(self, request: AuthedRequest) -> Response:
        """Create a token, from a signed-in session only: a request made with a token is refused
        (403), so a leaked token cannot mint others."""
        if isinstance(request.auth, ApiToken):
            raise exceptions.PermissionDenied(MSG_TOKEN_BY_TOKEN)
        data = ApiTokenCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = api_token_create(user=request.user, **data.validated_data)
        token.key = key  # type: ignore[attr-defined]
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class TokenRevokeView(APIView):
    @extend_schema(responses={204: None, **error_responses(403, 404)}, tags=["tokens"])
    def delete(self, request: AuthedRequest, pk: int) -> Response:
        """Revoke one of your tokens; anyone else's is a 404."""
        token = generics.get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
        api_token_revoke(user=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Users (HR leads) -------------------------------------------------------------------------


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "title", "role", "is_active", "is_staff", "last_login"]


class UserUpdateInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class UserFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = User
        fields = ["role", "is_active"]


@extend_schema_view(
    list=extend_schema(responses={200: UserSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: UserSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["users"])
class UserViewSet(ReadViewSet):
    """Everyone with an account, for HR leads: role and status change here as on Team → Users.

    Anyone else gets 403 before any lookup, so an existing and a missing id read the same."""

    serializer_class = UserSerializer
    permission_classes = [IsHRLead]
    http_method_names = ["get", "patch", "head", "options"]
    filterset_class = UserFilter
    search_fields = ["email", "full_name"]
    ordering_fields = ["email", "full_name", "last_login"]
    queryset = User.objects.order_by("full_name", "email")

    @extend_schema(
        request=UserUpdateInputSerializer, responses={200: UserSerializer, **error_responses(400, 403, 404)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        user = self.get_object()
        data = UserUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user_update_role(
            actor=request.user, user=user, role=values.get("role", user.role), is_active=values.get("is_active")
        )
        return Response(UserSerializer(user).data)
