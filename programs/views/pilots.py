"""Pilot pages: the list, creation, the pilot page, edits, status changes and scaling."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import hr_lead_required
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import filter_by, paginate, submit

from .. import selectors, services
from ..access import (
    can_manage_pilots,
    can_read_venues,
    can_work_in,
    get_pilot_for_user,
    pilot_empty_hint,
    visible_sponsors,
)
from ..forms import MemberAddForm, PilotCreateForm, PilotEditForm, PilotFilterForm, ScaleForm
from ..models import Membership, Pilot, SharingPolicy, Stage
from ..progress import pilot_results_view
from .common import detail_url, form_page, pilot_crumbs
from .goals import goal_form
from .members import members_section

STATUS_ACTIONS: dict[str, str] = {
    Pilot.Status.PLANNING: "Back to planning",
    Pilot.Status.ACTIVE: "Make active",
    Pilot.Status.REVIEW: "Start review",
    Pilot.Status.SCALED: "Mark scaled",
    Pilot.Status.CLOSED: "Close pilot",
}


@login_required
def pilot_list(request: AuthedRequest) -> HttpResponse:
    filters = PilotFilterForm(request.GET or None, sponsors=visible_sponsors(request.user))
    pilots = selectors.pilots_with_progress(request.user).order_by("stage", "name")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            pilots = pilots.filter(Q(name__icontains=data["q"]) | Q(description__icontains=data["q"]))
        pilots = filter_by(pilots, data, {"stage": "stage", "status": "status", "sponsor": "sponsor"})
    page_obj, query_string = paginate(request, pilots)
    return render(
        request,
        "programs/pilot_list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "pilots": page_obj.object_list,
            "query_string": query_string,
            "filtered": any(request.GET.get(k) for k in ("q", "stage", "status", "sponsor")),
            "can_manage": can_manage_pilots(request.user),
            "can_read_venues": can_read_venues(request.user),
            "empty_hint": pilot_empty_hint(request.user),
        },
    )


@hr_lead_required
def pilot_create(request: AuthedRequest) -> HttpResponse:
    sponsors = visible_sponsors(request.user)
    form = PilotCreateForm(request.POST or None, initial={"sponsor": request.GET.get("sponsor")}, sponsors=sponsors)
    pilot = submit(request, form, lambda data: services.pilot_create(actor=request.user, **data))
    if pilot is not None:
        messages.success(request, f"Pilot “{pilot.name}” created with its Stage {pilot.stage} playbook checklist.")
        return redirect("programs:pilot_detail", pk=pilot.pk)
    return render(
        request,
        "programs/pilot_form.html",
        {"form": form, "pilot": None, "no_sponsors": not sponsors.exists()},
        status=400 if form.is_bound else 200,
    )


@login_required
def pilot_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk)
    user = request.user
    data = selectors.pilot_detail(pilot, request.user)
    can_manage = can_manage_pilots(user)
    my_membership = next((m for m in data["memberships"] if m.user_id == user.pk), None)
    current = data["current_policy"]
    context: dict[str, Any] = {
        "pilot": pilot,
        **data,
        "can_manage": can_manage,
        "can_work": can_work_in(user, pilot),
        "my_membership": my_membership,
        "needs_ack": current is not None and my_membership is not None and user.pk not in data["acknowledged_ids"],
        "champions": [m for m in data["memberships"] if m.role == Membership.Role.CHAMPION],
        "contributors": [m for m in data["memberships"] if m.role == Membership.Role.CONTRIBUTOR],
        "drafts": [p for p in data["policies"] if p.status == SharingPolicy.Status.DRAFT],
        "earlier_policies": [p for p in data["policies"] if p.status == SharingPolicy.Status.SUPERSEDED],
        "steps_done": sum(1 for s in data["steps"] + data["goal_steps"] if s.done),
        "steps_total": len(data["steps"]) + len(data["goal_steps"]),
        "role_choices": Membership.Role.choices,
        "results": pilot_results_view(pilot, data["goals"], user, today=timezone.localdate()),
    }
    if current is not None:
        context["acknowledged_members"] = [m for m in data["memberships"] if m.user_id in data["acknowledged_ids"]]
        context["pending_members"] = [m for m in data["memberships"] if m.user_id not in data["acknowledged_ids"]]
    if can_manage:
        context["transitions"] = [(s, STATUS_ACTIONS[s]) for s in pilot.allowed_transitions()]
        # The Stage 2 policy gate, said before the click (the service still enforces it).
        context["policy_gate"] = pilot.stage == Stage.ALUMNI and data["current_policy"] is None
        context["goal_form"] = goal_form(None, pilot, user, auto_id="id_goal_%s")
        context["member_form"] = MemberAddForm(pilot=pilot, auto_id="id_member_%s")
        context.update(members_section(pilot))
        context["scale_form"] = ScaleForm(pilot=pilot, sponsors=visible_sponsors(user), auto_id="id_scale_%s")
    return render(request, "programs/pilot_detail.html", context)


@login_required
def pilot_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk, write=True)
    initial = {f: getattr(pilot, f) for f in ("name", "description", "start_date", "end_date")}
    form = PilotEditForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.pilot_update(actor=request.user, pilot=pilot, **data)) is not None:
        messages.success(request, "Pilot saved.")
        return redirect("programs:pilot_detail", pk=pilot.pk)
    return render(
        request, "programs/pilot_form.html", {"form": form, "pilot": pilot}, status=400 if form.is_bound else 200
    )


@login_required
@require_POST
def pilot_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk, write=True)
    status = request.POST.get("status", "")
    try:
        services.pilot_transition(actor=request.user, pilot=pilot, status=status)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"“{pilot.name}” is now {pilot.get_status_display().lower()}.")
    return redirect("programs:pilot_detail", pk=pilot.pk)


@login_required
def pilot_scale(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk, write=True)
    form = ScaleForm(request.POST or None, pilot=pilot, sponsors=visible_sponsors(request.user))
    new = submit(request, form, lambda data: services.pilot_scale(actor=request.user, pilot=pilot, **data))
    if new is not None:
        messages.success(
            request,
            f"“{new.name}” starts from “{pilot.name}”: same stage, goals and checklist, "
            "and the sharing policy as a draft to review.",
        )
        return redirect("programs:pilot_detail", pk=new.pk)
    return form_page(
        request,
        form,
        title=f"Scale “{pilot.name}”",
        intro="Start a new pilot for another sponsor organization with this pilot's stage, goals, "
        "checklist and sharing policy (as a draft).",
        submit="Scale this pilot",
        cancel_url=detail_url(pilot.pk, "scale"),
        breadcrumbs=pilot_crumbs(pilot),
        status=400 if form.is_bound else 200,
    )
