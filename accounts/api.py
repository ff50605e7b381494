"""API for the signed-in user: who am I, and my personal tokens; and the signed-in request type
of API views (the error format and shared pieces live in core.api)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_filters.rest_framework
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import IdFilter, ReadViewSet, error_responses

from . import selectors
from .access import IsHRLead
from .audit import KIND_CHOICES, KIND_LABELS, describe, kind_of
from .audit_details import details_for_page
from .models import ApiToken, AuditEvent, Role, User
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
        fields = [
            "id",
            "name",
            "prefix",
            "read_only",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "status",
        ]

    def get_status(self, token: ApiToken) -> str:
        return token.status()


class ApiTokenCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="When it stops working; empty: until revoked."
    )
    # The metaclass moves declared fields off the class, so this does not shadow Field.read_only.
    read_only = serializers.BooleanField(  # type: ignore[assignment]
        required=False, default=False, help_text="Only reads (GET) allowed."
    )


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

    @extend_schema(request=UserUpdateInputSerializer, responses={200: UserSerializer, **error_responses(400, 403, 404)})
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        user = self.get_object()
        data = UserUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user_update_role(
            actor=request.user, user=user, role=values.get("role", user.role), is_active=values.get("is_active")
        )
        return Response(UserSerializer(user).data)


# --- Audit events (HR leads) --------------------------------------------------------------------


class AuditDetailSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.label
    value = serializers.CharField()


class AuditEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField(help_text="Who did it; empty for the system.")
    kind = serializers.SerializerMethodField(help_text="read, export, change, erasure or login-security")
    kind_label = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField(help_text='The event as a sentence: "Goal added to … by …".')
    details = serializers.SerializerMethodField(help_text="The event's data in words: field labels and names.")

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_name",
            "verb",
            "kind",
            "kind_label",
            "description",
            "target_type",
            "target_id",
            "target_repr",
            "person_id",
            "details",
            "data",
        ]

    def get_actor_name(self, event: AuditEvent) -> str:
        return str(event.actor) if event.actor is not None else ""

    def get_kind(self, event: AuditEvent) -> str:
        return kind_of(event.verb)

    def get_kind_label(self, event: AuditEvent) -> str:
        return KIND_LABELS[kind_of(event.verb)]

    def get_description(self, event: AuditEvent) -> str:
        return describe(event)

    @extend_schema_field(AuditDetailSerializer(many=True))
    def get_details(self, event: AuditEvent) -> list[dict[str, str]]:
        pairs = self.context.get("details", {}).get(event.pk)
        if pairs is None:
            pairs = details_for_page([event])[event.pk]
        return [{"label": label, "value": value} for label, value in pairs]


class AuditEventFilter(django_filters.FilterSet):
    """The audit log page's filters (accounts.selectors.audit_events), as query parameters."""

    actor = IdFilter(help_text="The user who did it.")
    person = IdFilter(help_text="The person the event is about (AuditEvent.person_id).")
    person_name = django_filters.CharFilter(help_text="Part of the name the person's events were recorded under.")
    kind = django_filters.ChoiceFilter(choices=KIND_CHOICES)
    verb = django_filters.CharFilter(help_text="The action code starts with this, e.g. pilot.")
    target_type = django_filters.CharFilter(help_text="e.g. people.person")
    date_from = django_filters.DateFilter()
    date_to = django_filters.DateFilter()

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_queryset(self, queryset: Any) -> Any:
        data = self.form.cleaned_data
        filters = selectors.AuditFilters(
            actor_id=data.get("actor"),
            person_id=data.get("person"),
            person_name=data.get("person_name") or "",
            kind=data.get("kind") or "",
            verb=(data.get("verb") or "")[:64],
            target_type=(data.get("target_type") or "")[:64],
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
        return selectors.audit_events(filters, queryset)


@extend_schema_view(
    list=extend_schema(responses={200: AuditEventSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: AuditEventSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["audit"])
class AuditEventViewSet(ReadViewSet):
    """The audit log, for HR leads: newest first, with the same filters as Team → Audit log."""

    serializer_class = AuditEventSerializer
    permission_classes = [IsHRLead]
    filterset_class = AuditEventFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    queryset = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        events = list(page) if page is not None else list(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "details": details_for_page(events)}
        data = AuditEventSerializer(events, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)
