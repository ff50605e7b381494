"""The members of one pilot (/pilots/{pilot_pk}/members/)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import error_responses

from .. import services
from ..access import MSG_NOT_A_WORKER, pilot_workers
from ..models import Membership
from .common import PilotChildViewSet, fake


class MembershipSerializer(serializers.ModelSerializer):
    user_email = serializers.EmailField(source="user.email", read_only=True)
    user_full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "pilot", "user", "user_email", "user_full_name", "role", "joined_at"]


class MembershipInputSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=pilot_workers(),
        error_messages={"does_not_exist": MSG_NOT_A_WORKER, "incorrect_type": MSG_NOT_A_WORKER},
        help_text="An active contributor or HR lead.",
    )
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.CONTRIBUTOR)


@extend_schema(tags=["pilots"])
class MembershipViewSet(mixins.ListModelMixin, PilotChildViewSet):
    """The members of one pilot (champions and contributors)."""

    serializer_class = MembershipSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        if fake(self):
            return Membership.objects.none()
        return Membership.objects.filter(pilot=self.get_pilot()).select_related("user")

    @extend_schema(responses={200: MembershipSerializer(many=True), **error_responses(404)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=MembershipInputSerializer,
        responses={201: MembershipSerializer, **error_responses(400, 403, 404, 409)},
        description="Add a user to the pilot (HR leads). Adding someone who is already a member is a 409.",
    )
    def create(self, request: AuthedRequest, pilot_pk: int) -> Response:
        pilot = self.get_pilot(write=True)
        data = MembershipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_add(actor=request.user, pilot=pilot, **data.validated_data)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pilot_pk: int, pk: int) -> Response:
        pilot = self.get_pilot(write=True)
        membership = get_object_or_404(Membership.objects.filter(pilot=pilot).select_related("pilot"), pk=pk)
        services.membership_remove(actor=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)
