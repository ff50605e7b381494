"""The playbook checklist: one step edited in place (htmx) or on its own page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from accounts.access import role_required
from accounts.models import Role
from accounts.web import AuthedRequest
from core.web import submit

from .. import selectors, services
from ..access import can_work_in, get_pilot_step_for_user
from ..forms import StepForm
from ..models import PilotStep
from .common import detail_url


def _step_form(step: PilotStep, data: Any = None) -> StepForm:
    initial = {"owner": step.owner_id, "due_date": step.due_date, "done": step.done, "note": step.note}
    return StepForm(data, pilot=step.pilot, initial=initial, auto_id=f"id_step{step.pk}_%s")


@role_required(Role.HR_LEAD, Role.CONTRIBUTOR)
def step_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: the edit form (a fragment for htmx). POST: save, then the row (htmx) or a redirect."""
    step = get_pilot_step_for_user(request.user, pk, write=True)
    form = _step_form(step, request.POST if request.method == "POST" else None)
    if (
        submit(request, form, lambda data: services.pilot_step_update(actor=request.user, pilot_step=step, **data))
        is not None
    ):
        if request.htmx:
            # The saved row, plus the pilot's progress bar swapped out of band.
            step = get_pilot_step_for_user(request.user, pk, write=True)  # fresh owner/done_by
            context = {"s": step, "can_work": True, "oob": True, **selectors.checklist_progress(step.pilot)}
            row = render_to_string("programs/pilot_detail.html#step_row", context, request)
            progress = render_to_string("programs/pilot_detail.html#checklist_progress", context, request)
            return HttpResponse(row + progress)
        messages.success(request, f"Checklist step “{step.step.title}” saved.")
        return redirect(detail_url(step.pilot_id, f"step-{step.pk}"))
    status = 400 if form.is_bound else 200
    template = "programs/step_edit.html#step_form" if request.htmx else "programs/step_edit.html"
    context = {"s": step, "form": form, "pilot": step.pilot, "inline": bool(request.htmx)}
    return render(request, template, context, status=status)


@login_required
def step_row(request: AuthedRequest, pk: int) -> HttpResponse:
    """One checklist row (htmx "cancel"); a plain request goes to the pilot page."""
    step = get_pilot_step_for_user(request.user, pk)
    if not request.htmx:
        return redirect(detail_url(step.pilot_id, f"step-{step.pk}"))
    return render(
        request, "programs/pilot_detail.html#step_row", {"s": step, "can_work": can_work_in(request.user, step.pilot)}
    )
