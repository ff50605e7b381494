"""Outplacement pages: the list (status filter, counts by status), opening a case for an employee
whose job is eliminated, its page (the alumni at the target companies, surfaced automatically, and
the introductions made for them), editing, closing or reopening, and deleting it.

Who (alumni.selectors.outplacement): HR leads see and do everything; a contributor sees the cases
they own in their pilots, and edits, closes and reopens those; anyone else gets a 404 (managers
included: a case names someone whose job is being eliminated). Every read of a case is audited.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import delete_page, filter_by, form_status, paginate, raise_if_forbidden, submit
from metrics.forms.ledger import PickerError
from metrics.models import IntroductionKind
from people.services import DuplicatePersonError
from programs.access import can_log
from recruiting.views.candidates import keep_error, looking_up, people_picker

from ..access import can_manage, stage_pilots, work_pilots
from ..forms.outplacement import (
    CloseForm,
    OutplacementEditForm,
    OutplacementFilterForm,
    OutplacementForm,
    pilot_members,
)
from ..models import OutplacementCase
from ..selectors.outplacement import (
    alumni_at_targets,
    can_edit_case,
    can_see_outplacement,
    case_introductions,
    get_case,
    status_counts,
    visible_cases,
)
from ..services import outplacement as services

FILTERS = ("status", "pilot")
PICKER_HELP = "The employee, if they are in the directory: type part of their name, then pick them."


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Stage 2", reverse("alumni:index")), ("Outplacement", reverse("alumni:outplacement_list")), *pairs]


def _case_crumbs(case: OutplacementCase) -> list[tuple[str, str]]:
    return _crumbs((str(case.person), reverse("alumni:outplacement_detail", args=[case.pk])))


def _require_list(request: AuthedRequest) -> None:
    if not can_see_outplacement(request.user):
        raise Http404


def _editable_case(request: AuthedRequest, pk: int) -> OutplacementCase:
    case = get_case(request.user, pk)
    if not can_edit_case(request.user, case):
        raise PermissionDenied(services.MSG_EDIT)
    return case


@login_required
@require_safe
def outplacement_list(request: AuthedRequest) -> HttpResponse:
    _require_list(request)
    user = request.user
    pilots = work_pilots(user).filter(pk__in=visible_cases(user).values("pilot_id")).order_by("name")
    filters = OutplacementFilterForm(request.GET or None, pilots=pilots)
    cases = visible_cases(user)
    counted = cases
    if filters.is_valid():
        counted = filter_by(cases, filters.cleaned_data, {"pilot": "pilot"})
        cases = filter_by(cases, filters.cleaned_data, {name: name for name in FILTERS})
    cases = cases.prefetch_related("target_companies")
    page_obj, query_string = paginate(request, cases)
    services.outplacement_listed(
        actor=user,
        data={"filters": {k: request.GET.get(k, "")[:50] for k in FILTERS}, "rows": page_obj.paginator.count},
    )
    return render(
        request,
        "alumni/outplacement/list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in FILTERS),
            "counts": status_counts(counted),
            "pilot_query": urlencode({"pilot": request.GET["pilot"][:20]}) if request.GET.get("pilot") else "",
            "page_obj": page_obj,
            "cases": page_obj.object_list,
            "query_string": query_string,
            "can_manage": can_manage(user),
            "breadcrumbs": _crumbs()[:-1],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def outplacement_create(request: AuthedRequest) -> HttpResponse:
    _require_list(request)
    user = request.user
    if not can_manage(user):
        raise PermissionDenied(services.MSG_MANAGE)
    pilots = stage_pilots(user).order_by("name")
    picker = people_picker(
        request, label="Employee", help=PICKER_HELP, required=False, nobody="Someone new: give their details below"
    )
    initial: dict[str, Any] = {"eliminated_on": timezone.localdate()}
    if len(only := list(pilots[:2])) == 1:
        initial["pilot"] = only[0].pk
    kwargs: dict[str, Any] = {"pilots": pilots, "owners": pilot_members(pilots)}
    if looking_up(request):
        form = OutplacementForm(initial={**initial, **request.POST.dict()}, **kwargs)
    else:
        form = OutplacementForm(request.POST or None, initial=initial, **kwargs)
    caught: dict[str, Any] = {}

    def save(data: dict[str, Any]) -> OutplacementCase:
        return services.outplacement_create(
            actor=user,
            pilot=data["pilot"],
            person=data["person"],
            new_person=form.new_person(),
            allow_same_name=data["confirm"],
            **form.case_values(),
        )

    case = None if looking_up(request) else submit(request, form, keep_error(caught, save))
    if case is not None:
        messages.success(request, f"Outplacement case opened for {case.person}.")
        return redirect("alumni:outplacement_detail", pk=case.pk)
    if form.is_bound and not looking_up(request):
        picker.errors = [PickerError(str(e)) for e in form.errors.get("person", [])]
    error = caught.get("error")
    return render(
        request,
        "alumni/outplacement/form.html",
        {
            "form": form,
            "picker": picker,
            "title": "Open an outplacement case",
            "case": None,
            "duplicates": error.matches if isinstance(error, DuplicatePersonError) else [],
            "show_confirm": isinstance(error, DuplicatePersonError) and not error.matches,
            "cancel_url": reverse("alumni:outplacement_list"),
            "breadcrumbs": _crumbs(),
        },
        status=200 if looking_up(request) else form_status(form),
    )


def _introduction_url(case: OutplacementCase) -> str:
    """The ledger's quick log, prefilled with the employee, and back to the case afterwards (its
    ``?pilot=`` makes the log default to the case's pilot: metrics.forms.ledger.pilot_of_page)."""
    back = f"{reverse('alumni:outplacement_detail', args=[case.pk])}?{urlencode({'pilot': case.pilot_id})}"
    query = {"on_behalf_of": case.person_id, "on_behalf_kind": IntroductionKind.EMPLOYEE, "next": back}
    return f"{reverse('metrics:introduction_create')}?{urlencode(query)}"


@login_required
@require_safe
def outplacement_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_case(user, pk)
    services.outplacement_viewed(actor=user, case=case)
    editable = can_edit_case(user, case)
    return render(
        request,
        "alumni/outplacement/detail.html",
        {
            "case": case,
            "companies": case.target_companies.order_by("name"),
            "alumni": alumni_at_targets(user, case),
            "introductions": case_introductions(user, case),
            "introduction_url": _introduction_url(case) if can_log(user) else "",
            "can_edit": editable,
            "can_delete": can_manage(user),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def outplacement_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _editable_case(request, pk)
    manage = can_manage(user)
    initial = {
        "current_role": case.current_role,
        "eliminated_on": case.eliminated_on,
        "target_roles": case.target_roles,
        "target_companies": "\n".join(case.target_companies.order_by("name").values_list("name", flat=True)),
        "owner": case.owner,
    }
    owners = pilot_members(work_pilots(user).filter(pk=case.pilot_id)) if manage else None
    form = OutplacementEditForm(request.POST or None, initial=initial, owners=owners)

    def save(data: dict[str, Any]) -> dict[str, Any]:
        values = form.case_values()
        values.setdefault("owner", case.owner)
        return services.outplacement_update(actor=user, case=case, **values)

    changes = submit(request, form, save)
    detail_url = reverse("alumni:outplacement_detail", args=[case.pk])
    if changes is not None:
        messages.success(request, "Case saved." if changes else "Nothing changed.")
        return redirect(detail_url)
    return render(
        request,
        "alumni/outplacement/form.html",
        {
            "form": form,
            "title": f"Edit the case of {case.person}",
            "case": case,
            "cancel_url": detail_url,
            "breadcrumbs": _case_crumbs(case),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def outplacement_close(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _editable_case(request, pk)
    initial: dict[str, Any] = {"status": case.status if case.closed_on else "", "outcome": case.outcome}
    initial["closed_on"] = case.closed_on or timezone.localdate()
    form = CloseForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.outplacement_close(actor=user, case=case, **data)):
        messages.success(request, f"Case closed: {case.get_status_display().lower()}.")
        return redirect("alumni:outplacement_detail", pk=case.pk)
    return render(
        request,
        "alumni/outplacement/close.html",
        {
            "form": form,
            "case": case,
            "cancel_url": reverse("alumni:outplacement_detail", args=[case.pk]),
            "breadcrumbs": _case_crumbs(case),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def outplacement_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    try:
        services.outplacement_reopen(actor=request.user, case=case)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, "Case reopened: they are searching again.")
    return redirect("alumni:outplacement_detail", pk=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def outplacement_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_case(user, pk)
    if not can_manage(user):
        raise PermissionDenied(services.MSG_MANAGE)
    return delete_page(
        request,
        thing=case,
        delete=lambda: services.outplacement_delete(actor=user, case=case),
        done=f"The outplacement case of {case.person} was deleted.",
        list_url=reverse("alumni:outplacement_list"),
        list_label="Outplacement",
        cancel_url=reverse("alumni:outplacement_detail", args=[case.pk]),
    )


urlpatterns: list[URLPattern] = [
    path("outplacement/", outplacement_list, name="outplacement_list"),
    path("outplacement/new/", outplacement_create, name="outplacement_create"),
    path("outplacement/<int:pk>/", outplacement_detail, name="outplacement_detail"),
    path("outplacement/<int:pk>/edit/", outplacement_edit, name="outplacement_edit"),
    path("outplacement/<int:pk>/close/", outplacement_close, name="outplacement_close"),
    path("outplacement/<int:pk>/reopen/", outplacement_reopen, name="outplacement_reopen"),
    path("outplacement/<int:pk>/delete/", outplacement_delete, name="outplacement_delete"),
]
