"""The playbook checklists of the pilots the user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.models import User
from core.api import ReadViewSet, error_responses, merged

from .. import services
from ..access import MSG_NOT_AN_OWNER, can_work_in, get_pilot_step_for_user, step_owner_candidates, visible_pilots
from ..filters import PilotStepFilter
from ..models import PilotStep
from .common import fake, request_user


class PilotStepSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    key = serializers.CharField(source="step.key", read_only=True)
    stage = serializers.IntegerField(source="step.stage", read_only=True)
    kind = serializers.CharField(source="step.kind", read_only=True)
    order = serializers.IntegerField(source="step.order", read_only=True)
    title = serializers.CharField(source="step.title", read_only=True)
    guidance = serializers.CharField(source="step.guidance", read_only=True)
    done = serializers.BooleanField(read_only=True)

    class Meta:
        model = PilotStep
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "key",
            "stage",
            "kind",
            "order",
            "title",
            "guidance",
            "owner",
            "due_date",
            "done",
            "done_at",
            "done_by",
            "note",
        ]


class StepOwnerField(serializers.PrimaryKeyRelatedField):
    """A step's owner: one of ``step_owner_candidates`` of the pilot in the serializer's context.
    Anyone else, and an id that names nobody, get the same message."""

    default_error_messages = {"does_not_exist": MSG_NOT_AN_OWNER, "incorrect_type": MSG_NOT_AN_OWNER}

    def get_queryset(self) -> QuerySet[User]:
        pilot = self.context.get("pilot")
        return step_owner_candidates(pilot) if pilot is not None else User.objects.none()


class PilotStepInputSerializer(serializers.Serializer):
    owner = StepOwnerField(queryset=User.objects.all(), allow_null=True, required=False)
    due_date = serializers.DateField(allow_null=True, required=False)
    done = serializers.BooleanField(required=False)
    note = serializers.CharField(allow_blank=True, required=False)


@extend_schema_view(
    list=extend_schema(responses={200: PilotStepSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: PilotStepSerializer, **error_responses(404)}),
)
@extend_schema(tags=["playbook"])
class PilotStepViewSet(ReadViewSet):
    """The playbook checklists of the pilots the user may see."""

    serializer_class = PilotStepSerializer
    filterset_class = PilotStepFilter
    ordering_fields = ["due_date", "done_at"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[PilotStep]:
        if fake(self):
            return PilotStep.objects.none()
        return PilotStep.objects.filter(pilot__in=visible_pilots(request_user(self))).select_related("pilot", "step")

    @extend_schema(
        request=PilotStepInputSerializer,
        responses={200: PilotStepSerializer, **error_responses(400, 403, 404)},
        description="Update one step (HR leads and the pilot's members).",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        step = get_pilot_step_for_user(request.user, pk)
        # Who may not work in the pilot is refused before their input is read (403, not a 400
        # about the owner they named).
        if not can_work_in(request.user, step.pilot):
            raise PermissionDenied(services.MSG_STEP_FORBIDDEN)
        data = PilotStepInputSerializer(data=request.data, context={"pilot": step.pilot})
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, step, ["owner", "due_date", "done", "note"])
        services.pilot_step_update(actor=request.user, pilot_step=step, **values)
        return Response(PilotStepSerializer(self.get_queryset().get(pk=step.pk)).data)
