"""Pages for what running the program costs and what it is compared with: program costs per
pilot (with their CSV), the sponsors' legacy cost baselines and the assist value scale.

Who may do what (metrics.access and metrics.services hold the rules; these views only ask them):
- Program costs: read by whoever may see the pilot; written by HR leads only.
- Baselines: seen by HR leads and the managers of their sponsor (can_see_baselines); HR leads write.
- The assist value scale: HR leads only.
Templates get the answers as flags (can_edit), never the role.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.access import hr_lead_required
from accounts.web import AuthedRequest
from core.web import as_pk, delete_page, filter_by, form_status, paginate, submit
from programs.models import Pilot

from .. import services
from ..access import (
    baseline_sponsors,
    can_manage_costs,
    can_see_baselines,
    get_baseline_for_user,
    get_row_for_user,
    report_pilots,
    visible_baselines,
    visible_rows,
)
from ..forms.costs import AssistTypeForm, BaselineFilterForm, BaselineForm, CostFilterForm, ProgramCostForm
from ..forms.ledger import LEDGER_FILTERS
from ..models import AssistType, ProgramCost
from ..selectors import assist_scale_with_usage, cost_totals
from .common import Column, base_context, csv_download, filtered, money_header, settings_crumbs

# The list each settings form belongs to: (template, list url name, list label).
FORM_PAGES = {
    "cost": ("metrics/cost_form.html", "metrics:cost_list", "Program costs"),
    "baseline": ("metrics/baseline_form.html", "metrics:baseline_list", "Legacy cost baselines"),
    "assist_type": ("metrics/assist_type_form.html", "metrics:assist_type_list", "Assist value scale"),
}


def _settings_form_page(
    request: AuthedRequest, area: str, form: Any, *, title: str, submit: str, **extra: Any
) -> HttpResponse:
    """A cost, baseline or assist-type form: 400 while it carries errors, cancel back to its list."""
    template, list_name, list_label = FORM_PAGES[area]
    context = {
        **base_context(),
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": reverse(list_name),
        "breadcrumbs": settings_crumbs(request.user, (list_label, reverse(list_name))),
        **extra,
    }
    return render(request, template, context, status=form_status(form))


# --- program costs ----------------------------------------------------------------------------


COST_FILTERS = ("pilot", "stage", "category", "date_from", "date_to")


def _filtered_costs(request: AuthedRequest) -> tuple[CostFilterForm, Any]:
    user = request.user
    filters = CostFilterForm(request.GET or None, pilots=report_pilots(user).order_by("name"))
    costs = visible_rows(user, ProgramCost).select_related("pilot")
    if filters.is_valid():
        costs = filter_by(costs, filters.cleaned_data, {**LEDGER_FILTERS, "category": "category"})
    return filters, costs


@login_required
def cost_list(request: AuthedRequest) -> HttpResponse:
    filters, costs = _filtered_costs(request)
    by_category, total = cost_totals(costs)
    page_obj, query_string = paginate(request, costs)
    return render(
        request,
        "metrics/cost_list.html",
        {
            **base_context(),
            "filters": filters,
            "page_obj": page_obj,
            "costs": page_obj.object_list,
            "query_string": query_string,
            "by_category": by_category,
            "total": total,
            "filtered": filtered(request, *COST_FILTERS),
            "can_edit": can_manage_costs(request.user),
            "breadcrumbs": settings_crumbs(request.user),
        },
    )


COST_COLUMNS = [
    Column("Date", lambda c: c.date),
    Column("Pilot", lambda c: c.pilot.name),
    Column("Stage", lambda c: c.stage),
    Column("Category", lambda c: c.get_category_display()),
    Column("Description", lambda c: c.description),
    Column("Hours", lambda c: c.hours),
    Column(money_header("Hourly rate"), lambda c: c.hour_rate),
    Column(money_header("Amount"), lambda c: c.amount),
]


@login_required
@require_safe
def cost_csv(request: AuthedRequest) -> StreamingHttpResponse:
    """The program costs of the list (its filters, every page) as CSV. They name no one."""
    filters, costs = _filtered_costs(request)
    chosen = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    return csv_download(request, rows=costs, columns=COST_COLUMNS, name="program-costs", filters=chosen)


@hr_lead_required
@require_http_methods(["GET", "POST"])
def cost_create(request: AuthedRequest) -> HttpResponse:
    pilots = Pilot.objects.select_related("sponsor").order_by("name")
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if (pilot_pk := as_pk(request.GET.get("pilot"))) is not None:
        initial["pilot"] = pilot_pk
    form = ProgramCostForm(request.POST or None, initial=initial, pilots=pilots)
    cost = submit(request, form, lambda data: services.program_cost_record(actor=request.user, **data))
    if cost is not None:
        messages.success(request, f"Cost “{cost.description}” recorded for {cost.pilot.name}.")
        return redirect(f"{reverse('metrics:cost_list')}?pilot={cost.pilot_id}")
    return _settings_form_page(request, "cost", form, title="Record a program cost", submit="Record cost")


@hr_lead_required
@require_http_methods(["GET", "POST"])
def cost_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    cost = get_row_for_user(request.user, ProgramCost, pk)
    pilots = Pilot.objects.select_related("sponsor").order_by("name")
    initial = {
        "pilot": cost.pilot_id,
        "category": cost.category,
        "description": cost.description,
        "date": cost.date,
        "amount": cost.amount if cost.hours is None else None,
        "hours": cost.hours,
        "hour_rate": cost.hour_rate,
    }
    form = ProgramCostForm(request.POST or None, initial=initial, pilots=pilots)
    if submit(request, form, lambda data: services.program_cost_update(actor=request.user, cost=cost, **data)):
        messages.success(request, f"Cost “{cost.description}” saved.")
        return redirect(f"{reverse('metrics:cost_list')}?pilot={cost.pilot_id}")
    return _settings_form_page(request, "cost", form, title=f"Edit the cost “{cost.description}”", submit="Save cost")


@hr_lead_required
@require_http_methods(["GET", "POST"])
def cost_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    cost = get_row_for_user(request.user, ProgramCost, pk)
    return delete_page(
        request,
        thing=cost,
        kind="program cost",
        delete=lambda: services.program_cost_delete(actor=request.user, cost=cost),
        done=f"Cost “{cost.description}” deleted.",
        list_url=reverse("metrics:cost_list"),
        list_label="Program costs",
        template="metrics/cost_confirm_delete.html",
    )


# --- legacy cost baselines --------------------------------------------------------------------


@login_required
def baseline_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not can_see_baselines(user):
        raise PermissionDenied
    filters = BaselineFilterForm(request.GET or None, sponsors=baseline_sponsors(user))
    baselines = visible_baselines(user)
    if filters.is_valid() and filters.cleaned_data["sponsor"]:
        baselines = baselines.filter(sponsor=filters.cleaned_data["sponsor"])
    page_obj, query_string = paginate(request, baselines)
    return render(
        request,
        "metrics/baseline_list.html",
        {
            **base_context(),
            "filters": filters,
            "page_obj": page_obj,
            "baselines": page_obj.object_list,
            "query_string": query_string,
            "filtered": filtered(request, "sponsor"),
            "can_edit": can_manage_costs(user),
            "breadcrumbs": settings_crumbs(request.user),
        },
    )


BASELINE_INITIAL = services.BASELINE_FIELDS


@hr_lead_required
@require_http_methods(["GET", "POST"])
def baseline_create(request: AuthedRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    if (sponsor_pk := as_pk(request.GET.get("sponsor"))) is not None:
        initial["sponsor"] = sponsor_pk
    form = BaselineForm(request.POST or None, initial=initial)
    baseline = submit(request, form, lambda data: services.baseline_save(actor=request.user, **data))
    if baseline is not None:
        messages.success(request, f"Baseline saved: {baseline}.")
        return redirect("metrics:baseline_list")
    return _settings_form_page(
        request, "baseline", form, title="New legacy cost baseline", submit="Save baseline", baseline=None
    )


@hr_lead_required
@require_http_methods(["GET", "POST"])
def baseline_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    baseline = get_baseline_for_user(request.user, pk)
    initial = {name: getattr(baseline, name) for name in BASELINE_INITIAL}
    initial["sponsor"] = baseline.sponsor_id
    form = BaselineForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.baseline_save(actor=request.user, baseline=baseline, **data)):
        messages.success(request, f"Baseline saved: {baseline}.")
        return redirect("metrics:baseline_list")
    return _settings_form_page(
        request, "baseline", form, title="Edit the legacy cost baseline", submit="Save baseline", baseline=baseline
    )


@hr_lead_required
@require_http_methods(["GET", "POST"])
def baseline_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    baseline = get_baseline_for_user(request.user, pk)
    return delete_page(
        request,
        thing=baseline,
        kind="baseline",
        delete=lambda: services.baseline_delete(actor=request.user, baseline=baseline),
        done=f"Baseline deleted: {baseline}.",
        list_url=reverse("metrics:baseline_list"),
        list_label="Legacy cost baselines",
        template="metrics/baseline_confirm_delete.html",
    )


# --- the assist value scale -------------------------------------------------------------------


@hr_lead_required
def assist_type_list(request: AuthedRequest) -> HttpResponse:
    types = assist_scale_with_usage()
    page_obj, query_string = paginate(request, types)
    return render(
        request,
        "metrics/assist_type_list.html",
        {
            "page_obj": page_obj,
            "types": page_obj.object_list,
            "query_string": query_string,
            "active_count": AssistType.objects.filter(is_active=True).count(),
            "breadcrumbs": settings_crumbs(request.user),
        },
    )


@hr_lead_required
@require_http_methods(["GET", "POST"])
def assist_type_create(request: AuthedRequest) -> HttpResponse:
    form = AssistTypeForm(request.POST or None, initial={"is_active": True})
    kind = submit(request, form, lambda data: services.assist_type_save(actor=request.user, **data))
    if kind is not None:
        messages.success(request, f"“{kind.name}” added to the scale at {kind.points} points.")
        return redirect("metrics:assist_type_list")
    return _settings_form_page(request, "assist_type", form, title="Add an assist type", submit="Add type")


@hr_lead_required
@require_http_methods(["GET", "POST"])
def assist_type_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Rename, re-point, retire or bring back a type. POST action=retire|reactivate (the list's
    buttons) changes only whether it is in use."""
    kind = get_object_or_404(AssistType, pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ("retire", "reactivate"):
        services.assist_type_save(
            actor=request.user, assist_type=kind, name=kind.name, points=kind.points, is_active=action == "reactivate"
        )
        if action == "retire":
            messages.success(request, f"“{kind.name}” is retired: nobody can log new assists of it.")
        else:
            messages.success(request, f"“{kind.name}” is in use again.")
        return redirect("metrics:assist_type_list")
    initial = {"name": kind.name, "points": kind.points, "is_active": kind.is_active}
    form = AssistTypeForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.assist_type_save(actor=request.user, assist_type=kind, **data)):
        messages.success(request, f"“{kind.name}” saved at {kind.points} points. Past assists keep their points.")
        return redirect("metrics:assist_type_list")
    return _settings_form_page(request, "assist_type", form, title=f"Edit “{kind.name}”", submit="Save type")


urlpatterns: list[URLPattern] = [
    path("costs/", cost_list, name="cost_list"),
    path("costs.csv", cost_csv, name="cost_csv"),
    path("costs/new/", cost_create, name="cost_create"),
    path("costs/<int:pk>/edit/", cost_edit, name="cost_edit"),
    path("costs/<int:pk>/delete/", cost_delete, name="cost_delete"),
    path("baselines/", baseline_list, name="baseline_list"),
    path("baselines/new/", baseline_create, name="baseline_create"),
    path("baselines/<int:pk>/edit/", baseline_edit, name="baseline_edit"),
    path("baselines/<int:pk>/delete/", baseline_delete, name="baseline_delete"),
    path("assist-types/", assist_type_list, name="assist_type_list"),
    path("assist-types/new/", assist_type_create, name="assist_type_create"),
    path("assist-types/<int:pk>/edit/", assist_type_edit, name="assist_type_edit"),
]
