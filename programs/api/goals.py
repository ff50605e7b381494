"""The goals of one pilot (/pilots/{pilot_pk}/goals/)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import error_responses, merged

from .. import services
from ..models import PilotGoal
from .common import PilotChildViewSet, fake


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = PilotGoal
        fields = ["id", "pilot", "name", "target", "unit", "due_date"]


class GoalInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    target = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit = serializers.CharField(max_length=40, allow_blank=True, required=False, default="")
    due_date = serializers.DateField(allow_null=True, required=False, default=None)


@extend_schema(tags=["pilots"])
class GoalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PilotChildViewSet):
    """The goals of one pilot, each with a target number."""

    serializer_class = GoalSerializer

    def get_queryset(self) -> QuerySet[PilotGoal]:
        if fake(self):
            return PilotGoal.objects.none()
        return PilotGoal.objects.filter(pilot=self.get_pilot())

    def _goal_for_write(self, pk: int) -> PilotGoal:
        pilot = self.get_pilot(write=True)
        return get_object_or_404(PilotGoal.objects.filter(pilot=pilot).select_related("pilot"), pk=pk)

    @extend_schema(responses={200: GoalSerializer(many=True), **error_responses(404)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: GoalSerializer, **error_responses(404)})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=GoalInputSerializer, responses={201: GoalSerializer, **error_responses(400, 403, 404)})
    def create(self, request: AuthedRequest, pilot_pk: int) -> Response:
        pilot = self.get_pilot(write=True)
        data = GoalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = services.goal_save(actor=request.user, pilot=pilot, **data.validated_data)
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GoalInputSerializer, responses={200: GoalSerializer, **error_responses(400, 403, 404)})
    def partial_update(self, request: AuthedRequest, pilot_pk: int, pk: int) -> Response:
        goal = self._goal_for_write(pk)
        data = GoalInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, goal, ["name", "target", "unit", "due_date"])
        goal = services.goal_save(actor=request.user, pilot=goal.pilot, goal=goal, **values)
        return Response(GoalSerializer(goal).data)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pilot_pk: int, pk: int) -> Response:
        goal = self._goal_for_write(pk)
        services.goal_delete(actor=request.user, goal=goal)
        return Response(status=status.HTTP_204_NO_CONTENT)
