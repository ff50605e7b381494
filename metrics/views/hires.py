"""Hire pages: the list (with its CSV), a hire's page, recording, correcting and deleting a hire.

Read by whoever may see the pilot; logged by HR leads and the pilot's contributors, who correct
only the hires they logged (metrics.access, metrics.services). A hire with warnings (no costs, a
pilot still in planning, the same opening again: metrics.services.hire_warnings) is saved only
once the user has confirmed them on the form.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from core.web import as_pk, delete_page, filter_by, form_status, paginate, submit
from people.access import can_use_directory
from people.models import Person
from programs.access import can_log, visible_sponsors, workable_pilots

from .. import services
from ..access import can_edit_row, get_row_for_user, report_pilots, visible_rows
from ..forms.hires import PERSON_MATCHES, HireFilterForm, HireForm, PersonSearchForm
from ..forms.ledger import LEDGER_FILTERS, picked_object, picker_matches
from ..models import Hire
from ..report import NO_COSTS
from ..selectors import hire_totals
from .common import Column, base_context, crumbs, csv_download, filtered, money_header

FILTERS = ("pilot", "stage", "sponsor", "source", "date_from", "date_to", "no_costs")
HIRE_LOOKUPS = {**LEDGER_FILTERS, "sponsor": "sponsor", "source": "source"}


def _hire_for_edit(user: User, pk: int) -> Hire:
    hire = get_row_for_user(user, Hire, pk)
    if not can_edit_row(user, hire):
        raise PermissionDenied(services.MSG_EDIT_OWN)
    return hire


def _filtered_hires(request: AuthedRequest) -> tuple[HireFilterForm, Any]:
    user = request.user
    pilots = report_pilots(user).order_by("name")
    filters = HireFilterForm(request.GET or None, pilots=pilots, sponsors=visible_sponsors(user))
    hires = visible_rows(user, Hire).select_related("person", "pilot", "sponsor")
    if filters.is_valid():
        hires = filter_by(hires, filters.cleaned_data, HIRE_LOOKUPS)
        if filters.cleaned_data["no_costs"]:
            hires = hires.filter(NO_COSTS)  # the report's "N hires have no costs recorded" links here
    return filters, hires


@login_required
def hire_list(request: AuthedRequest) -> HttpResponse:
    filters, hires = _filtered_hires(request)
    page_obj, query_string = paginate(request, hires)
    return render(
        request,
        "metrics/hire_list.html",
        {
            **base_context(),
            "filters": filters,
            "page_obj": page_obj,
            "hires": page_obj.object_list,
            "query_string": query_string,
            "totals": hire_totals(hires),
            "filtered": filtered(request, *FILTERS),
            "can_log": can_log(request.user),
            "breadcrumbs": crumbs(),
        },
    )


HIRE_COLUMNS = [
    Column("Hired on", lambda h: h.date),
    Column("Person", lambda h: h.person.full_name),
    Column("Opening", lambda h: h.opening_title),
    Column("Pilot", lambda h: h.pilot.name),
    Column("Stage", lambda h: h.stage),
    Column("Sponsor", lambda h: h.sponsor.name),
    Column("Source", lambda h: h.get_source_display()),
    Column("First contact", lambda h: h.first_contact_date),
    Column("Time to hire (days)", lambda h: h.time_to_hire_days),
    Column(money_header("Travel"), lambda h: h.cost_travel),
    Column(money_header("Recruiter fee"), lambda h: h.cost_recruiter_fee),
    Column(money_header("Job ads"), lambda h: h.cost_job_ads),
    Column(money_header("Video and tooling"), lambda h: h.cost_video_tooling),
    Column("Staff hours", lambda h: h.staff_hours),
    Column(money_header("Hourly rate"), lambda h: h.staff_hour_rate),
    Column(money_header("Staff cost"), lambda h: h.staff_cost),
    Column(money_header("Total cost"), lambda h: h.total_cost),
]


@login_required
@require_safe
def hire_csv(request: AuthedRequest) -> StreamingHttpResponse:
    """The hires of the list (its filters, every page) as CSV; audited: it names people."""
    filters, hires = _filtered_hires(request)
    return csv_download(
        request,
        rows=hires,
        columns=HIRE_COLUMNS,
        name="hires",
        filters=filters.cleaned_data if filters.is_bound and filters.is_valid() else {},
        audit_verb="hires.csv_exported",
    )


@login_required
def hire_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    hire = get_row_for_user(request.user, Hire, pk)
    return render(
        request,
        "metrics/hire_detail.html",
        {
            **base_context(),
            "hire": hire,
            "can_edit": can_edit_row(request.user, hire),
            "can_see_person": can_use_directory(request.user),
            "breadcrumbs": crumbs(("Hires", reverse("metrics:hire_list"))),
        },
    )


def _person_matches(request: AuthedRequest, search: PersonSearchForm, *, keep: Person | None) -> list[Person]:
    """The short list the hire form offers, through the ledger forms' picker (picker_matches): the
    person already chosen (posted, ?person=, or the hire's), then up to PERSON_MATCHES people
    matching the search."""
    wanted = picked_object("person", request.POST.get("person") or request.GET.get("person"))
    chosen = [p for p in (wanted, keep) if p is not None]
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    matches, _more = picker_matches("person", q.strip(), picked=chosen, limit=PERSON_MATCHES)
    return matches


def _hire_form_page(request: AuthedRequest, context: dict[str, Any], *, status: int) -> HttpResponse:
    return render(request, "metrics/hire_form.html", {**base_context(), **context}, status=status)


def _saved_message(hire: Hire) -> str:
    text = (
        f"Hire recorded: {hire.person} as {hire.opening_title}, "
        f"{hire.total_cost} {settings.PROGRAM_CURRENCY} in all, {hire.time_to_hire_days} days to hire."
    )
    if not hire.total_cost:
        text += " No costs are recorded for it: add them when they are known."
    return text


@login_required
@require_http_methods(["GET", "POST"])
def hire_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not can_log(user):
        raise PermissionDenied(services.MSG_PILOT)
    pilots = workable_pilots(user).order_by("name")
    pilot_list = list(pilots[:2])
    search = PersonSearchForm(request.GET)
    matches = _person_matches(request, search, keep=None)
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if len(pilot_list) == 1:
        initial["pilot"] = pilot_list[0]
    if as_pk(request.GET.get("person")) is not None and matches:
        initial["person"] = matches[0].pk
    form = HireForm(
        request.POST or None, initial=initial, pilots=pilots, sponsors=visible_sponsors(user), matches=matches
    )
    hire = submit(request, form, lambda _: services.hire_record(actor=user, **form.values()))
    if hire is not None:
        messages.success(request, _saved_message(hire))
        return redirect("metrics:hire_detail", pk=hire.pk)
    return _hire_form_page(
        request,
        {
            "form": form,
            "search": search,
            "hire": None,
            "title": "Record a hire",
            "cancel_url": reverse("metrics:hire_list"),
            "breadcrumbs": crumbs(("Hires", reverse("metrics:hire_list"))),
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
    form = HireForm(
        request.POST or None, initial=initial, pilots=pilots, sponsors=visible_sponsors(user), matches=matches
    )
    if submit(request, form, lambda _: services.hire_update(actor=user, hire=hire, **form.values())):
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
            "breadcrumbs": crumbs(
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


urlpatterns: list[URLPattern] = [
    path("hires/", hire_list, name="hire_list"),
    path("hires.csv", hire_csv, name="hire_csv"),
    path("hires/new/", hire_create, name="hire_create"),
    path("hires/<int:pk>/", hire_detail, name="hire_detail"),
    path("hires/<int:pk>/edit/", hire_edit, name="hire_edit"),
    path("hires/<int:pk>/delete/", hire_delete, name="hire_delete"),
]
