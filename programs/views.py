"""Pages of the program spine: pilots, their goals, members, sharing policies and playbook
checklists; sponsor organizations; venues.

Each view: decorator (role) -> access helper (which object) -> form -> service -> redirect with a
message. A DomainError from a service becomes a form error and the page is shown again with 400.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import hr_lead_required, role_required
from accounts.models import Role, User
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import add_domain_error, delete_page, filter_by, paginate, raise_if_forbidden, submit

from . import selectors, services
from .access import can_work_in, get_pilot_for_user, get_pilot_step_for_user, get_policy_for_user, visible_pilots
from .forms import (
    GoalForm,
    MemberAddForm,
    MemberRoleForm,
    PilotCreateForm,
    PilotEditForm,
    PilotFilterForm,
    PolicyForm,
    ScaleForm,
    SponsorForm,
    StepForm,
    VenueFilterForm,
    VenueForm,
)
from .models import Membership, Pilot, PilotGoal, PilotStep, SharingPolicy, SponsorOrganization, Stage, Venue

STATUS_ACTIONS: dict[str, str] = {
    Pilot.Status.PLANNING: "Back to planning",
    Pilot.Status.ACTIVE: "Make active",
    Pilot.Status.REVIEW: "Start review",
    Pilot.Status.SCALED: "Mark scaled",
    Pilot.Status.CLOSED: "Close pilot",
}


# --- helpers ----------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    submit: str,
    cancel_url: str,
    intro: str = "",
    breadcrumbs: list[tuple[str, str]] | None = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": cancel_url,
        "intro": intro,
        "breadcrumbs": breadcrumbs or [],
        **(extra or {}),
    }
    return render(request, "programs/form_page.html", context, status=status)


def _pilot_crumbs(pilot: Pilot) -> list[tuple[str, str]]:
    return [("Pilots", reverse("programs:pilot_list")), (pilot.name, reverse("programs:pilot_detail", args=[pilot.pk]))]


def _detail_url(pilot_id: int, anchor: str = "") -> str:
    url = reverse("programs:pilot_detail", args=[pilot_id])
    return f"{url}#{anchor}" if anchor else url


# --- pilots -----------------------------------------------------------------------------------


@login_required
def pilot_list(request: AuthedRequest) -> HttpResponse:
    sponsors = (
        SponsorOrganization.objects.all()
        if request.user.is_hr_lead
        else SponsorOrganization.objects.filter(pk__in=visible_pilots(request.user).values("sponsor_id"))
    )
    filters = PilotFilterForm(request.GET or None, sponsors=sponsors)
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
            "filtered": bool(
                request.GET.get("q")
                or request.GET.get("stage")
                or request.GET.get("status")
                or request.GET.get("sponsor")
            ),
        },
    )


@hr_lead_required
def pilot_create(request: AuthedRequest) -> HttpResponse:
    form = PilotCreateForm(request.POST or None, initial={"sponsor": request.GET.get("sponsor")})
    pilot = submit(request, form, lambda data: services.pilot_create(actor=request.user, **data))
    if pilot is not None:
        messages.success(request, f"Pilot “{pilot.name}” created with its Stage {pilot.stage} playbook checklist.")
        return redirect("programs:pilot_detail", pk=pilot.pk)
    return render(
        request,
        "programs/pilot_form.html",
        {"form": form, "pilot": None, "no_sponsors": not SponsorOrganization.objects.exists()},
        status=400 if form.is_bound else 200,
    )


@login_required
def pilot_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk)
    user = request.user
    data = selectors.pilot_detail(pilot, request.user)
    is_hr = user.is_hr_lead
    my_membership = next((m for m in data["memberships"] if m.user_id == user.pk), None)
    current = data["current_policy"]
    context: dict[str, Any] = {
        "pilot": pilot,
        **data,
        "is_hr": is_hr,
        "can_work": is_hr or (user.is_contributor and my_membership is not None),
        "my_membership": my_membership,
        "needs_ack": current is not None and my_membership is not None and user.pk not in data["acknowledged_ids"],
        "champions": [m for m in data["memberships"] if m.role == Membership.Role.CHAMPION],
        "contributors": [m for m in data["memberships"] if m.role == Membership.Role.CONTRIBUTOR],
        "drafts": [p for p in data["policies"] if p.status == SharingPolicy.Status.DRAFT],
        "earlier_policies": [p for p in data["policies"] if p.status == SharingPolicy.Status.SUPERSEDED],
        "steps_done": sum(1 for s in data["steps"] + data["goal_steps"] if s.done),
        "steps_total": len(data["steps"]) + len(data["goal_steps"]),
        "role_choices": Membership.Role.choices,
    }
    if current is not None:
        context["acknowledged_members"] = [m for m in data["memberships"] if m.user_id in data["acknowledged_ids"]]
        context["pending_members"] = [m for m in data["memberships"] if m.user_id not in data["acknowledged_ids"]]
    if is_hr:
        context["transitions"] = [(s, STATUS_ACTIONS[s]) for s in pilot.allowed_transitions()]
        # The Stage 2 policy gate, said before the click (the service still enforces it).
        context["policy_gate"] = pilot.stage == Stage.ALUMNI and data["current_policy"] is None
        context["goal_form"] = GoalForm(auto_id="id_goal_%s")
        context["member_form"] = MemberAddForm(pilot=pilot, auto_id="id_member_%s")
        context["scale_form"] = ScaleForm(pilot=pilot, auto_id="id_scale_%s")
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
    form = ScaleForm(request.POST or None, pilot=pilot)
    new = submit(request, form, lambda data: services.pilot_scale(actor=request.user, pilot=pilot, **data))
    if new is not None:
        messages.success(
            request,
            f"“{new.name}” starts from “{pilot.name}”: same stage, goals and checklist, "
            "and the sharing policy as a draft to review.",
        )
        return redirect("programs:pilot_detail", pk=new.pk)
    return _form_page(
        request,
        form,
        title=f"Scale “{pilot.name}”",
        intro="Start a new pilot for another sponsor organization with this pilot's stage, goals, "
        "checklist and sharing policy (as a draft).",
        submit="Scale this pilot",
        cancel_url=_detail_url(pilot.pk, "scale"),
        breadcrumbs=_pilot_crumbs(pilot),
        status=400 if form.is_bound else 200,
    )


# --- goals ------------------------------------------------------------------------------------


def _goal_for_user(user: User, pk: int) -> PilotGoal:
    goal = get_object_or_404(PilotGoal, pk=pk)
    goal.pilot = get_pilot_for_user(user, goal.pilot_id, write=True)
    return goal


@login_required
def goal_add(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk, write=True)
    form = GoalForm(request.POST or None)
    if submit(request, form, lambda data: services.goal_save(actor=request.user, pilot=pilot, **data)) is not None:
        messages.success(request, "Goal added.")
        return redirect(_detail_url(pilot.pk, "goals"))
    return _form_page(
        request, form, title=f"Add a goal to “{pilot.name}”", submit="Add goal",
        cancel_url=_detail_url(pilot.pk, "goals"), breadcrumbs=_pilot_crumbs(pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
def goal_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    goal = _goal_for_user(request.user, pk)
    initial = {"name": goal.name, "target": goal.target, "unit": goal.unit, "due_date": goal.due_date}
    form = GoalForm(request.POST or None, initial=initial)
    if (
        submit(request, form, lambda data: services.goal_save(actor=request.user, pilot=goal.pilot, goal=goal, **data))
        is not None
    ):
        messages.success(request, "Goal saved.")
        return redirect(_detail_url(goal.pilot_id, "goals"))
    return _form_page(
        request, form, title=f"Edit goal “{goal.name}”", submit="Save goal",
        cancel_url=_detail_url(goal.pilot_id, "goals"), breadcrumbs=_pilot_crumbs(goal.pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_POST
def goal_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    goal = _goal_for_user(request.user, pk)
    services.goal_delete(actor=request.user, goal=goal)
    messages.success(request, f"Goal “{goal.name}” removed.")
    return redirect(_detail_url(goal.pilot.pk, "goals"))


# --- members ----------------------------------------------------------------------------------


def _membership_for_user(user: User, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    membership.pilot = get_pilot_for_user(user, membership.pilot_id, write=True)
    return membership


@login_required
def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk, write=True)
    form = MemberAddForm(request.POST or None, pilot=pilot)
    membership = submit(request, form, lambda data: services.membership_add(actor=request.user, pilot=pilot, **data))
    if membership is not None:
        messages.success(request, f"{membership.user} joined as {membership.get_role_display().lower()}.")
        return redirect(_detail_url(pilot.pk, "members"))
    return _form_page(
        request, form, title=f"Add a member to “{pilot.name}”", submit="Add member",
        intro="Contributors and HR leads can work in a pilot; managers read its reports instead.",
        cancel_url=_detail_url(pilot.pk, "members"), breadcrumbs=_pilot_crumbs(pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_POST
def member_role(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = _membership_for_user(request.user, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose champion or contributor.")
    else:
        services.membership_change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        messages.success(request, f"{membership.user} is now a {membership.get_role_display().lower()}.")
    return redirect(_detail_url(membership.pilot.pk, "members"))


@login_required
@require_POST
def member_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = _membership_for_user(request.user, pk)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, f"{membership.user} was removed from the pilot.")
    return redirect(_detail_url(membership.pilot.pk, "members"))


# --- sharing policies -------------------------------------------------------------------------


def _draft_for_user(user: User, pk: int) -> SharingPolicy:
    policy = get_policy_for_user(user, pk)
    policy.pilot = get_pilot_for_user(user, policy.pilot_id, write=True)
    return policy


@login_required
def policy_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = get_policy_for_user(request.user, pk)
    user = request.user
    is_member = Membership.objects.filter(pilot_id=policy.pilot_id, user=user).exists()
    acknowledged = policy.acknowledgements.filter(user=user).first()
    return render(
        request,
        "programs/policy_detail.html",
        {
            "policy": policy,
            "pilot": policy.pilot,
            "is_hr": user.is_hr_lead,
            "acknowledgement": acknowledged,
            "needs_ack": policy.status == SharingPolicy.Status.APPROVED and is_member and acknowledged is None,
        },
    )


@login_required
def policy_create(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk, write=True)
    current = services.current_policy(pilot)
    initial = {"may_share": current.may_share, "may_not_share": current.may_not_share} if current else {}
    form = PolicyForm(request.POST or None, initial=initial)
    policy = submit(request, form, lambda data: services.policy_draft_save(actor=request.user, pilot=pilot, **data))
    if policy is not None:
        messages.success(request, f"Draft version {policy.version} saved. Approve it to make it the current policy.")
        return redirect(_detail_url(pilot.pk, "policy"))
    return _form_page(
        request, form, title=f"New sharing policy draft for “{pilot.name}”", submit="Save draft",
        intro="A draft is not in force until an HR lead approves it; then every member is asked to acknowledge it.",
        cancel_url=_detail_url(pilot.pk, "policy"), breadcrumbs=_pilot_crumbs(pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
def policy_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = _draft_for_user(request.user, pk)
    if policy.status != SharingPolicy.Status.DRAFT:
        messages.error(request, services.MSG_POLICY_NOT_DRAFT)
        return redirect("programs:policy_detail", pk=policy.pk)
    form = PolicyForm(
        request.POST or None, initial={"may_share": policy.may_share, "may_not_share": policy.may_not_share}
    )
    if (
        submit(
            request,
            form,
            lambda data: services.policy_draft_save(actor=request.user, pilot=policy.pilot, policy=policy, **data),
        )
        is not None
    ):
        messages.success(request, f"Draft version {policy.version} saved.")
        return redirect(_detail_url(policy.pilot.pk, "policy"))
    return _form_page(
        request, form, title=f"Edit draft version {policy.version}", submit="Save draft",
        cancel_url=_detail_url(policy.pilot.pk, "policy"), breadcrumbs=_pilot_crumbs(policy.pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_POST
def policy_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = _draft_for_user(request.user, pk)
    try:
        services.policy_approve(actor=request.user, policy=policy)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, f"Version {policy.version} is now the current policy; members will be asked to acknowledge it."
        )
    return redirect(_detail_url(policy.pilot.pk, "policy"))


@login_required
@require_POST
def policy_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = get_policy_for_user(request.user, pk)
    try:
        services.policy_acknowledge(user=request.user, policy=policy)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, f"Thank you: you accepted the sharing policy of “{policy.pilot.name}”.")
    return redirect(_detail_url(policy.pilot_id, "policy"))


# --- checklist --------------------------------------------------------------------------------


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
        return redirect(_detail_url(step.pilot_id, f"step-{step.pk}"))
    status = 400 if form.is_bound else 200
    template = "programs/step_edit.html#step_form" if request.htmx else "programs/step_edit.html"
    context = {"s": step, "form": form, "pilot": step.pilot, "inline": bool(request.htmx)}
    return render(request, template, context, status=status)


@login_required
def step_row(request: AuthedRequest, pk: int) -> HttpResponse:
    """One checklist row (htmx "cancel"); a plain request goes to the pilot page."""
    step = get_pilot_step_for_user(request.user, pk)
    if not request.htmx:
        return redirect(_detail_url(step.pilot_id, f"step-{step.pk}"))
    return render(
        request, "programs/pilot_detail.html#step_row", {"s": step, "can_work": can_work_in(request.user, step.pilot)}
    )


# --- sponsors ---------------------------------------------------------------------------------


@hr_lead_required
def sponsor_list(request: AuthedRequest) -> HttpResponse:
    sponsors = (
        SponsorOrganization.objects.annotate(pilot_count=Count("pilots", distinct=True))
        .order_by("name")
        .prefetch_related(Prefetch("managers", queryset=User.objects.order_by("full_name", "email")))
    )
    q = request.GET.get("q", "").strip()
    if q:
        sponsors = sponsors.filter(name__icontains=q)
    page_obj, query_string = paginate(request, sponsors)
    return render(
        request,
        "programs/sponsor_list.html",
        {"page_obj": page_obj, "sponsors": page_obj.object_list, "query_string": query_string, "q": q},
    )


@hr_lead_required
def sponsor_create(request: AuthedRequest) -> HttpResponse:
    form = SponsorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sponsor = services.sponsor_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                managers=list(form.cleaned_data["managers"]),
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, f"Sponsor organization “{sponsor.name}” created.")
            next_url = request.POST.get("next") or request.GET.get("next")
            if next_url == "pilot_create":
                return redirect(f"{reverse('programs:pilot_create')}?sponsor={sponsor.pk}")
            return redirect("programs:sponsor_list")
    return _form_page(
        request, form, title="New sponsor organization", submit="Create sponsor",
        intro="The department or group a pilot serves, and the managers who read its reports.",
        cancel_url=reverse("programs:sponsor_list"),
        breadcrumbs=[("Sponsor organizations", reverse("programs:sponsor_list"))],
        status=400 if form.is_bound else 200,
        extra={"next": request.GET.get("next") or request.POST.get("next", "")},
    )  # fmt: skip


@hr_lead_required
def sponsor_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    sponsor = get_object_or_404(SponsorOrganization, pk=pk)
    initial = {"name": sponsor.name, "description": sponsor.description, "managers": list(sponsor.managers.all())}
    form = SponsorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sponsor_update(
                actor=request.user,
                sponsor=sponsor,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                managers=list(form.cleaned_data["managers"]),
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, f"Sponsor organization “{sponsor.name}” saved.")
            return redirect("programs:sponsor_list")
    return _form_page(
        request, form, title=f"Edit “{sponsor.name}”", submit="Save sponsor",
        cancel_url=reverse("programs:sponsor_list"),
        breadcrumbs=[("Sponsor organizations", reverse("programs:sponsor_list"))],
        status=400 if form.is_bound else 200,
    )  # fmt: skip


# --- venues -----------------------------------------------------------------------------------


@role_required(Role.HR_LEAD, Role.CONTRIBUTOR)
def venue_list(request: AuthedRequest) -> HttpResponse:
    filters = VenueFilterForm(request.GET or None)
    venues = Venue.objects.all()
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            venues = venues.filter(Q(name__icontains=data["q"]) | Q(description__icontains=data["q"]))
        venues = filter_by(venues, data, {"kind": "kind", "visibility": "visibility"})
    page_obj, query_string = paginate(request, venues)
    return render(
        request,
        "programs/venue_list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "venues": page_obj.object_list,
            "query_string": query_string,
            "filtered": any(request.GET.get(k) for k in ("q", "kind", "visibility")),
        },
    )


def _venue_crumbs() -> list[tuple[str, str]]:
    return [("Venues", reverse("programs:venue_list"))]


@hr_lead_required
def venue_create(request: AuthedRequest) -> HttpResponse:
    form = VenueForm(request.POST or None)
    venue = submit(request, form, lambda data: services.venue_save(actor=request.user, **data))
    if venue is not None:
        messages.success(request, f"Venue “{venue.name}” added.")
        return redirect("programs:venue_list")
    return _form_page(
        request, form, title="New venue", submit="Add venue", cancel_url=reverse("programs:venue_list"),
        breadcrumbs=_venue_crumbs(), status=400 if form.is_bound else 200,
    )  # fmt: skip


@hr_lead_required
def venue_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    venue = get_object_or_404(Venue, pk=pk)
    initial = {f: getattr(venue, f) for f in ("name", "kind", "visibility", "url", "description")}
    form = VenueForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.venue_save(actor=request.user, venue=venue, **data)) is not None:
        messages.success(request, f"Venue “{venue.name}” saved.")
        return redirect("programs:venue_list")
    return _form_page(
        request, form, title=f"Edit venue “{venue.name}”", submit="Save venue",
        cancel_url=reverse("programs:venue_list"), breadcrumbs=_venue_crumbs(),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@hr_lead_required
def venue_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: ask to confirm (works without JavaScript). POST: delete."""
    venue = get_object_or_404(Venue, pk=pk)
    return delete_page(
        request,
        thing=venue,
        kind="venue",
        delete=lambda: services.venue_delete(actor=request.user, venue=venue),
        done=f"Venue “{venue.name}” deleted.",
        list_url=reverse("programs:venue_list"),
        list_label="Venues",
    )


@hr_lead_required
def sponsor_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: ask to confirm. POST: delete (refused while the sponsor still has pilots)."""
    sponsor = get_object_or_404(SponsorOrganization, pk=pk)
    return delete_page(
        request,
        thing=sponsor,
        kind="sponsor organization",
        delete=lambda: services.sponsor_delete(actor=request.user, sponsor=sponsor),
        done=f"Sponsor organization “{sponsor.name}” deleted.",
        list_url=reverse("programs:sponsor_list"),
        list_label="Sponsor organizations",
    )
