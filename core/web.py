"""What every HTML view shares: pagination, ids from URLs, "next" links, and the submit /
confirm-then-delete / filter steps that show a service's refusal on the form. (core is the
bottom layer: every app may import it, and it imports no app.)"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError, ForbiddenError

PAGE_SIZE = 25
T = TypeVar("T")


def paginate(request: HttpRequest, queryset: Any, *, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page and the query string without ``page``, for the page links to keep
    the filters. A bad or out-of-range page number gives the nearest page, never an error."""
    page_obj = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page_obj, params.urlencode()


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on the fields it names when the form has them,
    otherwise on the form as a whole."""
    placed = False
    for field, errors in (error.fields or {}).items():
        if field in form.fields:
            for message in errors if isinstance(errors, list | tuple) else [errors]:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, error.message)


def target_label(target_type: str) -> str:
    """ "programs.pilot" -> "Pilot": the model's own name for people, the code as a fallback."""
    try:
        return str(apps.get_model(target_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return target_type


def as_pk(value: object) -> int | None:
    """A primary key from a query string or form value: 1 to 18 ASCII digits, else None.

    str.isdigit() alone is not enough: it accepts "²", which int() refuses (a 500), and very long
    numbers overflow the database's bigint."""
    text = str(value or "").strip()
    if 0 < len(text) <= 18 and text.isascii() and text.isdigit():
        return int(text)
    return None


def raise_if_forbidden(error: DomainError) -> None:
    """A service's ForbiddenError is the 403 page; any other DomainError is the caller's to show."""
    if isinstance(error, ForbiddenError):
        raise PermissionDenied(error.message)


def form_status(form: Any) -> int:
    """400 for a form re-rendered with what the user posted (it carries errors), else 200."""
    return 400 if form.is_bound else 200


def safe_next(request: HttpRequest, value: str | None = None) -> str:
    """Where to go back to: ``value`` (default: the request's ``next``) if it is on this site, else ""."""
    url = value if value is not None else (request.POST.get("next") or request.GET.get("next") or "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def link_url(url: str) -> str:
    """Only http(s) addresses become links; anything else (javascript:, data:) stays text."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def delete_page(
    request: HttpRequest,
    *,
    thing: Any,
    delete: Callable[[], object],
    done: str,
    list_url: str,
    list_label: str = "",
    template: str = "confirm_delete.html",
    refused_url: str | None = None,
    **context: Any,
) -> HttpResponse:
    """The confirm-then-delete page every app uses. GET: the confirmation (it works without
    JavaScript). POST: ``delete()`` (a service call), then back to the list with ``done``. A
    refusal (DomainError) is shown as a message on ``refused_url`` (default: the list); a
    ForbiddenError is the 403 page."""
    if request.method == "POST":
        try:
            delete()
        except DomainError as e:
            raise_if_forbidden(e)
            messages.error(request, e.message)
            return redirect(refused_url or list_url)
        messages.success(request, done)
        return redirect(list_url)
    return render(request, template, {"thing": thing, "list_url": list_url, "list_label": list_label, **context})


def filter_by(qs: QuerySet[Any], data: Mapping[str, Any], lookups: Mapping[str, str]) -> QuerySet[Any]:
    """Narrow ``qs`` by each filter the user filled in: ``lookups`` maps a form field to the ORM
    lookup it drives, e.g. {"stage": "stage", "date_from": "date__gte"}. Empty fields are skipped."""
    for field, lookup in lookups.items():
        value = data.get(field)
        if value:
            qs = qs.filter(**{lookup: value})
    return qs


def submit(request: HttpRequest, form: forms.Form, save: Callable[[dict[str, Any]], T]) -> T | None:
    """On a POST whose form is valid, ``save(form.cleaned_data)`` (a service call) and return what
    it returned. A refusal (DomainError) goes onto the form, a ForbiddenError is the 403 page, and
    None means "render the form again" (a GET, invalid input, or a refusal)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except DomainError as e:
        raise_if_forbidden(e)
        add_domain_error(form, e)
        return None
