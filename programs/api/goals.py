"""The goals of one pilot (/pilots/{pilot_pk}/goals/), each with the measure that tracks it and
its progress over the pilot's own slice (programs.progress: the same figures as the pilot page)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import error_responses, merged

from .. import services
from ..models import Pilot, PilotGoal
from ..progress import GoalProgress, goals_progress, number_text
from .common import PilotChildViewSet, fake, request_user

STATES = ["free", "gone", "withheld", "not_started", "measured"]
STATUSES = ["", "reached", "on_track", "behind", "missed", "open", "no_cases"]


class GoalProgressSerializer(serializers.Serializer):
    """A goal's progress as the pilot page shows it: the figures rounded once, half-up, to the
    measure's places (strings, so no float rounds them again)."""

    state = serializers.ChoiceField(
        choices=STATES,
        help_text="free: not measured; gone: its measure is no longer available; withheld: the figure "
        "rests on a baseline you may not see; not_started: the pilot starts later; measured.",
    )
    status = serializers.ChoiceField(choices=STATUSES, help_text="Empty unless measured.")
    status_label = serializers.CharField()
    actual = serializers.CharField(allow_null=True, help_text="The measure's value over the pilot's slice.")
    expected = serializers.CharField(
        allow_null=True, help_text="Expected by today = target x elapsed share of the pilot's start to the due date."
    )
    percent = serializers.IntegerField(help_text="How much of the target is done, 0 to 100.")
    text = serializers.CharField(help_text='As the page writes it: "4 of 6 hires".')
    pace = serializers.CharField(help_text='"expected 3 hires by today, actual 4 hires", or empty.')
    note = serializers.CharField(help_text="What an unmeasured goal says instead of progress.")
    explanation = serializers.CharField(help_text="The formula with its inputs, and how the expected value is found.")

    @staticmethod
    def of(p: GoalProgress) -> dict[str, Any]:
        def text(value: Any) -> str | None:
            return None if value is None else number_text(value, p.places).replace(",", "")

        return {
            "state": p.state,
            "status": p.status,
            "status_label": p.status_label,
            "actual": text(p.actual),
            "expected": text(p.expected),
            "percent": p.percent,
            "text": p.figure_text if p.measured else p.target_text,
            "pace": p.pace_text,
            "note": p.note,
            "explanation": p.explanation,
        }


class GoalSerializer(serializers.ModelSerializer):
    measure_label = serializers.SerializerMethodField(
        help_text="The measure's name; null for a goal that is not measured or whose measure is gone."
    )
    progress = serializers.SerializerMethodField()

    class Meta:
        model = PilotGoal
        fields = ["id", "pilot", "name", "measure", "measure_label", "target", "unit", "due_date", "progress"]

    def _progress(self, goal: PilotGoal) -> GoalProgress | None:
        return self.context.get("progress", {}).get(goal.pk)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_measure_label(self, goal: PilotGoal) -> str | None:
        p = self._progress(goal)
        return p.measure.label if p is not None and p.measure is not None else None

    @extend_schema_field(GoalProgressSerializer(allow_null=True))
    def get_progress(self, goal: PilotGoal) -> dict[str, Any] | None:
        p = self._progress(goal)
        return None if p is None else GoalProgressSerializer.of(p)


class GoalInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    measure = serializers.CharField(
        max_length=80,
        allow_blank=True,
        required=False,
        default="",
        help_text="The key of one of the pilot's measures (GET /api/v1/pilots/{id}/measures/), or empty for a "
        "goal that is not measured. A measured goal takes its measure's unit.",
    )
    target = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit = serializers.CharField(max_length=40, allow_blank=True, required=False, default="")
    due_date = serializers.DateField(allow_null=True, required=False, default=None)


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="What a goal's measure field takes.")
    # The metaclass moves declared fields off the class, so this does not shadow Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    unit = serializers.CharField()
    group = serializers.CharField(help_text="Ledger figures, or the stage's registered figures.")
    places = serializers.IntegerField(help_text="Decimals the figure is shown with (rounded half-up).")
    paced = serializers.BooleanField(
        help_text="Counts up over the pilot: a goal on it has an expected value by today (target x elapsed share)."
    )
    at_most = serializers.BooleanField(help_text="Lower is better: the target is a ceiling.")


def progress_context(pilot: Pilot, goals: list[PilotGoal], view: Any) -> dict[str, Any]:
    """The serializer context with every goal's progress, from one read of the measures."""
    found = goals_progress(pilot, goals, request_user(view), today=timezone.localdate())
    return {"progress": {p.goal.pk: p for p in found}}


@extend_schema(tags=["pilots"])
class GoalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PilotChildViewSet):
    """The goals of one pilot, each with a target number and, when measured, its progress."""

    serializer_class = GoalSerializer

    def get_queryset(self) -> QuerySet[PilotGoal]:
        if fake(self):
            return PilotGoal.objects.none()
        return PilotGoal.objects.filter(pilot=self.get_pilot())

    def _goal_for_write(self, pk: int) -> PilotGoal:
        pilot = self.get_pilot(write=True)
        return get_object_or_404(PilotGoal.objects.filter(pilot=pilot).select_related("pilot"), pk=pk)

    def _respond(self, pilot: Pilot, goal: PilotGoal, code: int = status.HTTP_200_OK) -> Response:
        return Response(GoalSerializer(goal, context=progress_context(pilot, [goal], self)).data, status=code)

    @extend_schema(responses={200: GoalSerializer(many=True), **error_responses(404)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pilot = self.get_pilot()
        page = self.paginate_queryset(self.get_queryset())
        goals = list(page if page is not None else self.get_queryset())
        context = progress_context(pilot, goals, self)
        data = GoalSerializer(goals, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(responses={200: GoalSerializer, **error_responses(404)})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        goal = self.get_object()
        return self._respond(self.get_pilot(), goal)

    @extend_schema(request=GoalInputSerializer, responses={201: GoalSerializer, **error_responses(400, 403, 404)})
    def create(self, request: AuthedRequest, pilot_pk: int) -> Response:
        pilot = self.get_pilot(write=True)
        data = GoalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = services.goal_save(actor=request.user, pilot=pilot, **data.validated_data)
        return self._respond(pilot, goal, status.HTTP_201_CREATED)

    @extend_schema(request=GoalInputSerializer, responses={200: GoalSerializer, **error_responses(400, 403, 404)})
    def partial_update(self, request: AuthedRequest, pilot_pk: int, pk: int) -> Response:
        goal = self._goal_for_write(pk)
        data = GoalInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, goal, ["name", "measure", "target", "unit", "due_date"])
        goal = services.goal_save(actor=request.user, pilot=goal.pilot, goal=goal, **values)
        return self._respond(goal.pilot, goal)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pilot_pk: int, pk: int) -> Response:
        goal = self._goal_for_write(pk)
        services.goal_delete(actor=request.user, goal=goal)
        return Response(status=status.HTTP_204_NO_CONTENT)
