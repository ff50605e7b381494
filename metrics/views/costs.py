"""Pages for what things cost: hires (with their actual costs), program costs per pilot, the
sponsors' legacy cost baselines and the assist value scale.

Who may do what (metrics.access and metrics.services hold the rules; these views only ask them):
- Hires: read by whoever may see the pilot; logged by HR leads and the pilot's contributors, who
  correct only the hires they logged.
- Program costs: read like hires; written by HR leads only.
- Baselines: HR leads write; managers read their sponsors'; contributors get 403.
- The assist value scale: HR leads only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, QuerySet, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import hr_lead_required, role_required
from accounts.models import Role, User
from accounts.web import AuthedRequest
from core.web import as_pk, delete_page, filter_by, form_status, paginate, submit
from people.access import can_use_directory
from people.models import Person
from programs.access import workable_pilots
from programs.models import Pilot, SponsorOrganization

from .. import services
from ..access import (
    can_edit_row,
    get_baseline_for_user,
    get_row_for_user,
    report_pilots,
    visible_baselines,
    visible_rows,
)
from ..forms.costs import (
    PERSON_MATCHES,
    AssistTypeForm,
    BaselineFilterForm,
    BaselineForm,
    CostFilterForm,
    HireFilterForm,
    HireForm,
    PersonSearchForm,
    ProgramCostForm,
)
from ..forms.ledger import LEDGER_FILTERS
from ..models import AssistType, CostCategory, Hire, ProgramCost

# --- helpers ----------------------------------------------------------------------------------


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Reports" (when the report page is mounted)."""
    try:
        root = [("Reports", reverse("metrics:index"))]
    except NoReverseMatch:
        root = []
    return [*root, *pairs]


def _base_context() -> dict[str, Any]:
    return {"currency": settings.PROGRAM_CURRENCY}


def _sponsors_of(pilots: QuerySet[Pilot], user: User) -> QuerySet[SponsorOrganization]:
    if user.is_hr_lead:
        return SponsorOrganization.objects.order_by("name")
    return SponsorOrganization.objects.filter(pk__in=pilots.values("sponsor_id")).order_by("name")


def _filtered(request: AuthedRequest, *names: str) -> bool:
    return any(request.GET.get(name) for name in names)


# --- hires ------------------------------------------------------------------------------------


def _hire_for_edit(user: User, pk: int) -> Hire:
    hire = get_row_for_user(user, Hire, pk)
    if not can_edit_row(user, hire):
        raise PermissionDenied(services.MSG_EDIT_OWN)
    return hire


@login_required
def hire_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    pilots = report_pilots(user).order_by("name")
    filters = HireFilterForm(request.GET or None, pilots=pilots, sponsors=_sponsors_of(pilots, user))
    hires = visible_rows(user, Hire).select_related("person", "pilot", "sponsor")
    if filters.is_valid():
        hires = filter_by(hires, filters.cleaned_data, {**LEDGER_FILTERS, "sponsor": "sponsor", "source": "source"})
    totals = hires.aggregate(count=Count("id"), total_cost=Sum("total_cost"), avg_days=Avg("time_to_hire_days"))
    page_obj, query_string = paginate(request, hires)
    return render(
        request,
        "metrics/hire_list.html",
        {
            **_base_context(),
            "filters": filters,
            "page_obj": page_obj,
            "hires": page_obj.object_list,
            "query_string": query_string,
            "totals": totals,
            "filtered": _filtered(request, "pilot", "stage", "sponsor", "source", "date_from", "date_to"),
            "can_log": user.is_hr_lead or (user.is_contributor and workable_pilots(user).exists()),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def hire_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    hire = get_row_for_user(request.user, Hire, pk)
    return render(
        request,
        "metrics/hire_detail.html",
        {
            **_base_context(),
            "hire": hire,
            "can_edit": can_edit_row(request.user, hire),
            "can_see_person": can_use_directory(request.user),
            "breadcrumbs": _crumbs(("Hires", reverse("metrics:hire_list"))),
        },
    )


def _person_matches(request: AuthedRequest, search: PersonSearchForm, *, keep: Person | None) -> list[Person]:
    """The short list the hire form offers: the person already chosen (posted, ?person=, or the
    hire's), then up to PERSON_MATCHES people matching the search."""
    chosen: list[Person] = []
    wanted = request.POST.get("person") or request.GET.get("person") or ""
    if (wanted_pk := as_pk(wanted)) is not None:
        found = Person.objects.select_related("company").filter(pk=wanted_pk).first()
        if found is not None:
            chosen.append(found)
    if keep is not None and all(p.pk != keep.pk for p in chosen):
        chosen.append(keep)
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    if q.strip():
        found_ids = {p.pk for p in chosen}
        for person in (
            Person.objects.search(q)
            .select_related("company")
            .order_by("last_name", "first_name", "id")[: PERSON_MATCHES + len(chosen)]
        ):
            if person.pk not in found_ids:
                chosen.append(person)
    return chosen[: PERSON_MATCHES + 2]


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
        **_base_context(),
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": reverse(list_name),
        "breadcrumbs": _crumbs((list_label, reverse(list_name))),
        **extra,
    }
    return render(request, template, context, status=form_status(form))


def _hire_form_page(request: AuthedRequest, context: dict[str, Any], *, status: int) -> HttpResponse:
    return render(request, "metrics/hire_form.html", {**_base_context(), **context}, status=status)


def _hire_values(form: HireForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if data.get("sponsor") is None:
        data["sponsor"] = data["pilot"].sponsor
    return data


@role_required(Role.HR_LEAD, Role.CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def hire_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    pilots = workable_pilots(user).order_by("name")
    pilot_list = list(pilots[:2])
    if not pilot_list:
        raise PermissionDenied(services.MSG_PILOT)
    search = PersonSearchForm(request.GET)
    matches = _person_matches(request, search, keep=None)
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if len(pilot_list) == 1:
        initial["pilot"] = pilot_list[0]
    if as_pk(request.GET.get("person")) is not None and matches:
        initial["person"] = matches[0].pk
    form = HireForm(request.POST or None, initial=initial, pilots=pilots, matches=matches)
    hire = submit(request, form, lambda _: services.hire_record(actor=user, **_hire_values(form)))
    if hire is not None:
        messages.success(
            request,
            f"Hire recorded: {hire.person} as {hire.opening_title}, "
            f"{hire.total_cost} {settings.PROGRAM_CURRENCY} in all, {hire.time_to_hire_days} days to hire.",
        )
        return redirect("metrics:hire_detail", pk=hire.pk)
    return _hire_form_page(
        request,
        {
            "form": form,
            "search": search,
            "hire": None,
            "title": "Record a hire",
            "cancel_url": reverse("metrics:hire_list"),
            "breadcrumbs": _crumbs(("Hires", reverse("metrics:hire_list"))),
        },
        status=form_status(form),
    )


HIRE_INITIAL = (
    "person",
    "opening_title",
    "pilot",
    "sponsor",
    "source",
    "first_contact_date",
    "date",
    "note",
    *HireForm.COSTS,
)


@login_required
@require_http_methods(["GET", "POST"])
def hire_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    hire = _hire_for_edit(user, pk)
    pilots = workable_pilots(user).order_by("name")
    search = PersonSearchForm(request.GET)
    matches = _person_matches(request, search, keep=hire.person)
    initial = {name: getattr(hire, name) for name in HIRE_INITIAL}
    initial["person"], initial["pilot"], initial["sponsor"] = hire.person_id, hire.pilot_id, hire.sponsor_id
    form = HireForm(request.POST or None, initial=initial, pilots=pilots, matches=matches)
    if submit(request, form, lambda _: services.hire_update(actor=user, hire=hire, **_hire_values(form))):
        messages.success(request, "Hire saved; its total cost and time to hire are recomputed.")
        return redirect("metrics:hire_detail", pk=hire.pk)
    return _hire_form_page(
        request,
        {
            "form": form,
            "search": search,
            "hire": hire,
            "title": f"Edit the hire of {hire.person}",
            "cancel_url": reverse("metrics:hire_detail", args=[hire.pk]),
            "breadcrumbs": _crumbs(
                ("Hires", reverse("metrics:hire_list")), (str(hire), reverse("metrics:hire_detail", args=[hire.pk]))
            ),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hire_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    hire = _hire_for_edit(request.user, pk)
    detail_url = reverse("metrics:hire_detail", args=[hire.pk])
    return delete_page(
        request,
        thing=hire,
        delete=lambda: services.hire_delete(actor=request.user, hire=hire),
        done=f"The hire of {hire.person} was deleted.",
        list_url=reverse("metrics:hire_list"),
        list_label="Hires",
        template="metrics/hire_confirm_delete.html",
        refused_url=detail_url,
        cancel_url=detail_url,
    )


# --- program costs ----------------------------------------------------------------------------


@login_required
def cost_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    pilots = report_pilots(user).order_by("name")
    filters = CostFilterForm(request.GET or None, pilots=pilots)
    costs = visible_rows(user, ProgramCost).select_related("pilot")
    if filters.is_valid():
        costs = filter_by(costs, filters.cleaned_data, {**LEDGER_FILTERS, "category": "category"})
    labels = dict(CostCategory.choices)
    by_category = [
        {"category": labels.get(row["category"], row["category"]), "count": row["count"], "total": row["total"]}
        for row in costs.order_by()
        .values("category")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("category")
    ]
    total = sum((row["total"] for row in by_category), start=Decimal("0"))
    page_obj, query_string = paginate(request, costs)
    return render(
        request,
        "metrics/cost_list.html",
        {
            **_base_context(),
            "filters": filters,
            "page_obj": page_obj,
            "costs": page_obj.object_list,
            "query_string": query_string,
            "by_category": by_category,
            "total": total,
            "filtered": _filtered(request, "pilot", "stage", "category", "date_from", "date_to"),
            "breadcrumbs": _crumbs(),
        },
    )


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


@role_required(Role.HR_LEAD, Role.MANAGER)
def baseline_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    sponsors = (
        SponsorOrganization.objects.order_by("name")
        if user.is_hr_lead
        else SponsorOrganization.objects.filter(managers=user).order_by("name")
    )
    filters = BaselineFilterForm(request.GET or None, sponsors=sponsors)
    baselines = visible_baselines(user)
    if filters.is_valid() and filters.cleaned_data["sponsor"]:
        baselines = baselines.filter(sponsor=filters.cleaned_data["sponsor"])
    page_obj, query_string = paginate(request, baselines)
    return render(
        request,
        "metrics/baseline_list.html",
        {
            **_base_context(),
            "filters": filters,
            "page_obj": page_obj,
            "baselines": page_obj.object_list,
            "query_string": query_string,
            "filtered": _filtered(request, "sponsor"),
            "breadcrumbs": _crumbs(),
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
    types = AssistType.objects.annotate(usage=Count("assists")).order_by("position", "-points", "name")
    page_obj, query_string = paginate(request, types)
    return render(
        request,
        "metrics/assist_type_list.html",
        {
            "page_obj": page_obj,
            "types": page_obj.object_list,
            "query_string": query_string,
            "active_count": AssistType.objects.filter(is_active=True).count(),
            "breadcrumbs": _crumbs(),
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
    path("hires/", hire_list, name="hire_list"),
    path("hires/new/", hire_create, name="hire_create"),
    path("hires/<int:pk>/", hire_detail, name="hire_detail"),
    path("hires/<int:pk>/edit/", hire_edit, name="hire_edit"),
    path("hires/<int:pk>/delete/", hire_delete, name="hire_delete"),
    path("costs/", cost_list, name="cost_list"),
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
