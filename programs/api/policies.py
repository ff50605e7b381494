"""Sharing policies: every version, drafts, approval and acknowledgement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.access import IsHRLead
from accounts.api import AuthedRequest
from core.api import ReadViewSet, error_responses, merged

from .. import services
from ..access import get_policy_for_user, visible_pilots
from ..filters import PolicyFilter
from ..models import Pilot, PolicyAcknowledgement, SharingPolicy
from .common import fake, request_user


class PolicySerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    acknowledged_by_me = serializers.BooleanField(
        read_only=True, help_text="Whether the requesting user has acknowledged this version."
    )

    class Meta:
        model = SharingPolicy
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "version",
            "status",
            "may_share",
            "may_not_share",
            "created_by",
            "created_at",
            "approved_by",
            "approved_at",
            "acknowledged_by_me",
        ]


class PolicyCreateInputSerializer(serializers.Serializer):
    pilot = serializers.PrimaryKeyRelatedField(queryset=Pilot.objects.all())
    may_share = serializers.CharField()
    may_not_share = serializers.CharField()


class PolicyUpdateInputSerializer(serializers.Serializer):
    may_share = serializers.CharField(required=False)
    may_not_share = serializers.CharField(required=False)


class AcknowledgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyAcknowledgement
        fields = ["id", "policy", "user", "acknowledged_at"]


@extend_schema_view(
    list=extend_schema(responses={200: PolicySerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: PolicySerializer, **error_responses(404)}),
)
@extend_schema(tags=["policies"])
class PolicyViewSet(ReadViewSet):
    """Sharing policies (every version) of the pilots the user may see."""

    serializer_class = PolicySerializer
    filterset_class = PolicyFilter
    ordering_fields = ["version", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> Sequence[Any]:
        if self.action == "create":
            return [IsHRLead()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[SharingPolicy]:
        if fake(self):
            return SharingPolicy.objects.none()
        user = request_user(self)
        acknowledged = PolicyAcknowledgement.objects.filter(policy=OuterRef("pk"), user=user)
        return (
            SharingPolicy.objects.filter(pilot__in=visible_pilots(user))
            .select_related("pilot")
            .annotate(acknowledged_by_me=Exists(acknowledged))
        )

    def _respond(self, policy: SharingPolicy, code: int = status.HTTP_200_OK) -> Response:
        return Response(PolicySerializer(self.get_queryset().get(pk=policy.pk)).data, status=code)

    @extend_schema(
        request=PolicyCreateInputSerializer,
        responses={201: PolicySerializer, **error_responses(400, 403)},
        description="Write a new draft version of a pilot's policy (HR leads).",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = PolicyCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        policy = services.policy_draft_save(actor=request.user, **data.validated_data)
        return self._respond(policy, status.HTTP_201_CREATED)

    @extend_schema(
        request=PolicyUpdateInputSerializer,
        responses={200: PolicySerializer, **error_responses(400, 403, 404)},
        description="Edit a draft (HR leads). Approved and superseded versions cannot change.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        policy = get_policy_for_user(request.user, pk)
        data = PolicyUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, policy, ["may_share", "may_not_share"])
        services.policy_draft_save(actor=request.user, pilot=policy.pilot, policy=policy, **values)
        return self._respond(policy)

    @extend_schema(
        request=None,
        responses={200: PolicySerializer, **error_responses(400, 403, 404)},
        description="Make this draft the pilot's current policy (HR leads); the previous one is superseded.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: AuthedRequest, pk: int) -> Response:
        policy = get_policy_for_user(request.user, pk)
        services.policy_approve(actor=request.user, policy=policy)
        return self._respond(policy)

    @extend_schema(
        request=None,
        responses={200: AcknowledgementSerializer, **error_responses(400, 403, 404)},
        description="Record that you (a member of the pilot) have read its current policy. Repeating it is harmless.",
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: AuthedRequest, pk: int) -> Response:
        policy = get_policy_for_user(request.user, pk)
        ack = services.policy_acknowledge(user=request.user, policy=policy)
        return Response(AcknowledgementSerializer(ack).data)
