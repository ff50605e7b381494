"""A pilot's goals: add, edit, remove (HR leads)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.web import AuthedRequest
from core.web import submit

from .. import services
from ..access import get_pilot_for_user
from ..forms import GoalForm
from ..models import Pilot, PilotGoal
from ..progress import measures_for
from .common import detail_url, form_page, pilot_crumbs


def _goal_for_user(user: User, pk: int) -> PilotGoal:
    goal = get_object_or_404(PilotGoal, pk=pk)
    goal.pilot = get_pilot_for_user(user, goal.pilot_id, write=True)
    return goal


def goal_form(data: Any, pilot: Pilot, viewer: User, goal: PilotGoal | None = None, **kwargs: Any) -> GoalForm:
    """The goal form with the measures offered for ``pilot`` (and the goal's own, if gone since)."""
    measures = measures_for(pilot, viewer, today=timezone.localdate())
    return GoalForm(data, measures=measures, current=goal.measure if goal is not None else "", **kwargs)


@login_required
def goal_add(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk, write=True)
    form = goal_form(request.POST or None, pilot, request.user)
    if submit(request, form, lambda data: services.goal_save(actor=request.user, pilot=pilot, **data)) is not None:
        messages.success(request, "Goal added.")
        return redirect(detail_url(pilot.pk, "goals"))
    return form_page(
        request, form, title=f"Add a goal to “{pilot.name}”", submit="Add goal",
        cancel_url=detail_url(pilot.pk, "goals"), breadcrumbs=pilot_crumbs(pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
def goal_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    goal = _goal_for_user(request.user, pk)
    initial = {f: getattr(goal, f) for f in ("name", "measure", "target", "unit", "due_date")}
    form = goal_form(request.POST or None, goal.pilot, request.user, goal, initial=initial)
    if (
        submit(request, form, lambda data: services.goal_save(actor=request.user, pilot=goal.pilot, goal=goal, **data))
        is not None
    ):
        messages.success(request, "Goal saved.")
        return redirect(detail_url(goal.pilot_id, "goals"))
    return form_page(
        request, form, title=f"Edit goal “{goal.name}”", submit="Save goal",
        cancel_url=detail_url(goal.pilot_id, "goals"), breadcrumbs=pilot_crumbs(goal.pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_POST
def goal_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    goal = _goal_for_user(request.user, pk)
    services.goal_delete(actor=request.user, goal=goal)
    messages.success(request, f"Goal “{goal.name}” removed.")
    return redirect(detail_url(goal.pilot.pk, "goals"))
