"""Ledger pages of metrics (see metrics/urls.py): introductions and assists, their quick log,
correction, deletion and confirmation, and the person/company lookups of the log forms.

Each view: log-in -> metrics.access (which row) -> form -> metrics.services -> redirect with a
message. A service's refusal re-renders the form with status 400 and everything typed; a refusal
on grounds of role or authorship (ForbiddenError) is the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import add_domain_error, as_pk, delete_page, paginate, raise_if_forbidden, safe_next
from people.access import can_use_directory
from programs.access import can_log

from .. import services
from ..access import can_confirm_introduction, can_edit_row, get_row_for_user, visible_rows
from ..forms.ledger import (
    PICKERS,
    AssistFilterForm,
    AssistForm,
    IntroductionFilterForm,
    IntroductionForm,
    LedgerFilterForm,
    LedgerForm,
    build_picker,
    quick_defaults,
)
from ..models import Assist, Introduction, IntroductionKind
from ..selectors import assist_totals, introduction_totals
from .common import Column, csv_download

# --- access and helpers ----------------------------------------------------------------------


def require_logger(user: User) -> None:
    """The log forms are for those who may log (programs.access.can_log); anyone else gets 403."""
    if not can_log(user):
        raise PermissionDenied


def row_label(row: Introduction | Assist) -> str:
    """What names a ledger row in breadcrumbs and titles: the model's text with the date as the
    site writes dates ("26 Nov 2026", the formats module), not ISO."""
    day = date_format(row.date)
    if isinstance(row, Introduction):
        return f"Introduction of {row.on_behalf_of} to {row.target_label} on {day}"
    return f"{row.assist_type.name} {row.get_direction_display().lower()} on {day}"


def _searches(request: HttpRequest) -> dict[str, str]:
    return {name: str(request.POST.get(f"{name}_search", ""))[:200] for name in PICKERS}


@dataclass(frozen=True)
class Kind:
    """What differs between the introduction and the assist pages."""

    model: type[Model]
    form: type[LedgerForm]
    filter_form: type[LedgerFilterForm]
    noun: str  # "introduction"
    record: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    row_arg: str  # the services' keyword for the row: "introduction" / "assist"

    def url(self, page: str, *args: Any) -> str:
        return reverse(f"metrics:{self.noun}_{page}", args=args)

    @property
    def title(self) -> str:
        return self.noun.capitalize()


INTRO = Kind(
    Introduction,
    IntroductionForm,
    IntroductionFilterForm,
    "introduction",
    services.introduction_record,
    services.introduction_update,
    services.introduction_delete,
    "introduction",
)
ASSIST = Kind(
    Assist,
    AssistForm,
    AssistFilterForm,
    "assist",
    services.assist_record,
    services.assist_update,
    services.assist_delete,
    "assist",
)


def _form(kind: Kind, request: AuthedRequest, data: Any = None, **kwargs: Any) -> LedgerForm:
    if kind is ASSIST and "row" in kwargs:
        kwargs["current"] = kwargs.pop("row").assist_type
    kwargs.pop("row", None)
    return kind.form(data, user=request.user, **kwargs)


def _form_page(
    request: AuthedRequest, kind: Kind, form: LedgerForm, *, row: Any = None, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "pickers": form.pickers(),
        "row": row,
        "row_label": row_label(row) if row is not None else "",
        "next_url": safe_next(request),
        "list_url": kind.url("list"),
        "cancel_url": safe_next(request) or (kind.url("detail", row.pk) if row else kind.url("list")),
    }
    return render(request, f"metrics/{kind.noun}_form.html", context, status=status)


def _lookup_only(request: AuthedRequest, kind: Kind, *, row: Any = None) -> HttpResponse:
    """The no-JavaScript "Find" button: show the matches for what was typed, save nothing."""
    form = _form(kind, request, initial=request.POST.dict(), searches=_searches(request), row=row)
    return _form_page(request, kind, form, row=row)


# --- the quick log -----------------------------------------------------------------------------


def _create(request: AuthedRequest, kind: Kind) -> HttpResponse:
    require_logger(request.user)
    if request.method != "POST":
        initial = quick_defaults(request.user, kind.form, came_from=safe_next(request))
        for name in kind.form.picker_names:  # e.g. ?on_behalf_of=12 from a person's page
            if (picked := as_pk(request.GET.get(name))) is not None:
                initial[name] = picked
        # ?on_behalf_kind=employee from an outplacement case: the kind of person introduced.
        if "on_behalf_kind" in kind.form.base_fields and request.GET.get("on_behalf_kind") in IntroductionKind.values:
            initial["on_behalf_kind"] = request.GET["on_behalf_kind"]
        return _form_page(request, kind, _form(kind, request, initial=initial))
    if "_lookup" in request.POST:
        return _lookup_only(request, kind)
    form = _form(kind, request, request.POST)
    if not form.is_valid():
        return _form_page(request, kind, form, status=400)
    try:
        row = kind.record(actor=request.user, **form.values())
    except DomainError as e:
        raise_if_forbidden(e)
        add_domain_error(form, e)
        return _form_page(request, kind, form, status=400)
    messages.success(
        request,
        format_html(
            '{} logged. <a href="{}">Undo</a> · <a href="{}">Correct it</a>',
            kind.title,
            kind.url("delete", row.pk),
            kind.url("edit", row.pk),
        ),
    )
    return redirect(safe_next(request) or kind.url("list"))


@login_required
@require_http_methods(["GET", "POST"])
def introduction_create(request: AuthedRequest) -> HttpResponse:
    return _create(request, INTRO)


@login_required
@require_http_methods(["GET", "POST"])
def assist_create(request: AuthedRequest) -> HttpResponse:
    return _create(request, ASSIST)


@login_required
@require_GET
def person_lookup(request: AuthedRequest) -> HttpResponse:
    """Up to 20 people matching ``q`` as radio buttons, for the pickers (an htmx fragment)."""
    return _lookup(request, "person")


@login_required
@require_GET
def company_lookup(request: AuthedRequest) -> HttpResponse:
    return _lookup(request, "company")


def _lookup(request: AuthedRequest, kind: str) -> HttpResponse:
    require_logger(request.user)
    name = request.GET.get("field", "")
    if name not in PICKERS or PICKERS[name].kind != kind:
        name = "person" if kind == "person" else "to_company"
    query = request.GET.get("q") or request.GET.get(f"{name}_search", "")
    picker = build_picker(name, query=query, selected=request.GET.get(name, ""))
    return render(request, "metrics/partials/ledger_picker_results.html", {"picker": picker})


# --- correction and deletion -----------------------------------------------------------------


def _edit(request: AuthedRequest, kind: Kind, pk: int) -> HttpResponse:
    row: Any = get_row_for_user(request.user, kind.model, pk)
    if not can_edit_row(request.user, row):
        raise PermissionDenied(services.MSG_EDIT_OWN)
    if request.method != "POST":
        form = _form(kind, request, initial=kind.form.initial_for(row), row=row)  # type: ignore[attr-defined]
        return _form_page(request, kind, form, row=row)
    if "_lookup" in request.POST:
        return _lookup_only(request, kind, row=row)
    form = _form(kind, request, request.POST, row=row)
    if not form.is_valid():
        return _form_page(request, kind, form, row=row, status=400)
    values = form.values()
    if values["pilot"].pk == row.pilot_id:
        # Passing the same pilot would re-copy its *current* stage onto an old row.
        values.pop("pilot")
    try:
        kind.update(actor=request.user, **{kind.row_arg: row}, **values)
    except DomainError as e:
        raise_if_forbidden(e)
        add_domain_error(form, e)
        row = get_row_for_user(request.user, kind.model, pk)  # the service changed it in memory
        return _form_page(request, kind, form, row=row, status=400)
    messages.success(request, f"{kind.title} corrected.")
    return redirect(safe_next(request) or kind.url("detail", row.pk))


@login_required
@require_http_methods(["GET", "POST"])
def introduction_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _edit(request, INTRO, pk)


@login_required
@require_http_methods(["GET", "POST"])
def assist_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _edit(request, ASSIST, pk)


def _delete(request: AuthedRequest, kind: Kind, pk: int) -> HttpResponse:
    row: Any = get_row_for_user(request.user, kind.model, pk)
    if not can_edit_row(request.user, row):
        raise PermissionDenied(services.MSG_EDIT_OWN)
    return delete_page(
        request,
        thing=row,
        kind=kind.noun,
        delete=lambda: kind.delete(actor=request.user, **{kind.row_arg: row}),
        done=f"{kind.title} deleted.",
        list_url=kind.url("list"),
        list_label=f"{kind.title}s",
        template=f"metrics/{kind.noun}_confirm_delete.html",
        refused_url=kind.url("detail", pk),
        cancel_url=kind.url("detail", row.pk),
        label=row_label(row),
    )


@login_required
@require_http_methods(["GET", "POST"])
def introduction_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    return _delete(request, INTRO, pk)


@login_required
@require_http_methods(["GET", "POST"])
def assist_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    return _delete(request, ASSIST, pk)


@login_required
@require_POST
def introduction_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark meaningful (meaningful=1) or take it back (meaningful=0): HR leads and champions."""
    row = get_row_for_user(request.user, Introduction, pk)
    meaningful = request.POST.get("meaningful", "1") != "0"
    try:
        services.introduction_confirm(actor=request.user, introduction=row, meaningful=meaningful)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
        return redirect("metrics:introduction_detail", pk=pk)
    messages.success(request, "Confirmed as meaningful." if meaningful else "No longer marked meaningful.")
    return redirect("metrics:introduction_detail", pk=pk)


# --- lists, their CSV, and details -------------------------------------------------------------


def _filtered(request: AuthedRequest, kind: Kind) -> tuple[LedgerFilterForm, QuerySet[Any]]:
    form = kind.filter_form(request.GET or None, user=request.user)
    return form, form.apply(visible_rows(request.user, kind.model))


def _csv(request: AuthedRequest, kind: Kind, columns: list[Column]) -> StreamingHttpResponse:
    """The rows of the list (its filters, every page) as CSV; audited once: they name people."""
    form, rows = _filtered(request, kind)
    return csv_download(
        request,
        rows=rows,
        columns=columns,
        name=f"{kind.noun}s",
        filters=form.data_clean(),
        audit_verb=f"{kind.noun}s.csv_exported",
    )


INTRODUCTION_COLUMNS = [
    Column("Date", lambda r: r.date),
    Column("Introduced", lambda r: r.on_behalf_of.full_name),
    Column("They are", lambda r: r.get_on_behalf_kind_display()),
    Column("To person", lambda r: r.to_person.full_name if r.to_person else ""),
    Column("To company", lambda r: r.to_company.name if r.to_company else ""),
    Column("Purpose", lambda r: r.get_purpose_display()),
    Column("By", lambda r: r.made_by.full_name),
    Column("Pilot", lambda r: r.pilot.name),
    Column("Stage", lambda r: r.stage),
    Column("Meaningful", lambda r: r.meaningful),
    Column("Outcome", lambda r: r.outcome),
]
ASSIST_COLUMNS = [
    Column("Date", lambda r: r.date),
    Column("Direction", lambda r: r.get_direction_display()),
    Column("Employee", lambda r: r.employee.full_name),
    Column("With", lambda r: r.person.full_name),
    Column("Kind of help", lambda r: r.assist_type.name),
    Column("Points", lambda r: r.points),
    Column("Pilot", lambda r: r.pilot.name),
    Column("Stage", lambda r: r.stage),
    Column("Reference", lambda r: r.reference_label),
    Column("Note", lambda r: r.note),
]


@login_required
@require_safe
def introduction_csv(request: AuthedRequest) -> StreamingHttpResponse:
    return _csv(request, INTRO, INTRODUCTION_COLUMNS)


@login_required
@require_safe
def assist_csv(request: AuthedRequest) -> StreamingHttpResponse:
    return _csv(request, ASSIST, ASSIST_COLUMNS)


@login_required
def introduction_list(request: AuthedRequest) -> HttpResponse:
    form, rows = _filtered(request, INTRO)
    totals = introduction_totals(rows)
    page, query_string = paginate(request, rows)
    return render(
        request,
        "metrics/introduction_list.html",
        {
            "form": form,
            "filtered": form.active,
            "page_obj": page,
            "introductions": page.object_list,
            "query_string": query_string,
            "totals": totals,
            "can_log": can_log(request.user),
        },
    )


@login_required
def assist_list(request: AuthedRequest) -> HttpResponse:
    form, rows = _filtered(request, ASSIST)
    totals = assist_totals(rows)
    page, query_string = paginate(request, rows)
    return render(
        request,
        "metrics/assist_list.html",
        {
            "form": form,
            "filtered": form.active,
            "page_obj": page,
            "assists": page.object_list,
            "query_string": query_string,
            "totals": totals,
            "can_log": can_log(request.user),
        },
    )


@login_required
def introduction_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    row = get_row_for_user(request.user, Introduction, pk)
    context = {
        "introduction": row,
        "row_label": row_label(row),
        "can_correct": can_edit_row(request.user, row),
        "can_confirm": can_confirm_introduction(request.user, row),
        # The person and company pages are the directory's (people.access): a manager reads names.
        "can_open_people": can_use_directory(request.user),
    }
    return render(request, "metrics/introduction_detail.html", context)


@login_required
def assist_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    row = get_row_for_user(request.user, Assist, pk)
    context = {
        "assist": row,
        "row_label": row_label(row),
        "can_correct": can_edit_row(request.user, row),
        "can_open_people": can_use_directory(request.user),
    }
    return render(request, "metrics/assist_detail.html", context)


urlpatterns: list[URLPattern] = [
    path("introductions/", introduction_list, name="introduction_list"),
    path("introductions.csv", introduction_csv, name="introduction_csv"),
    path("introductions/new/", introduction_create, name="introduction_create"),
    path("introductions/<int:pk>/", introduction_detail, name="introduction_detail"),
    path("introductions/<int:pk>/edit/", introduction_edit, name="introduction_edit"),
    path("introductions/<int:pk>/delete/", introduction_delete, name="introduction_delete"),
    path("introductions/<int:pk>/confirm/", introduction_confirm, name="introduction_confirm"),
    path("assists/", assist_list, name="assist_list"),
    path("assists.csv", assist_csv, name="assist_csv"),
    path("assists/new/", assist_create, name="assist_create"),
    path("assists/<int:pk>/", assist_detail, name="assist_detail"),
    path("assists/<int:pk>/edit/", assist_edit, name="assist_edit"),
    path("assists/<int:pk>/delete/", assist_delete, name="assist_delete"),
    path("lookup/people/", person_lookup, name="person_lookup"),
    path("lookup/companies/", company_lookup, name="company_lookup"),
]
