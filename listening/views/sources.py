"""Source pages (HR leads only): list, create (the kind's settings swap in with htmx), edit, delete,
resume a paused one, and upload an export into an upload source."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from accounts.access import hr_lead_required
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import delete_page, form_status, paginate, raise_if_forbidden

from .. import services
from ..access import can_set_up
from ..forms.setup import SourceForm, TextSearchForm, UploadForm
from ..models import Search, Source
from ..selectors import upload_summary
from .common import crumbs, kind_label, sources_crumb

# --- sources ----------------------------------------------------------------------------------


@hr_lead_required
def source_list(request: AuthedRequest) -> HttpResponse:
    sources = (
        Source.objects.select_related("venue")
        .annotate(conversation_count=Count("conversations", distinct=True))
        .order_by("name")
    )
    search = TextSearchForm(request.GET or None, label="Name contains")
    text = search.text()
    if text:
        sources = sources.filter(name__icontains=text)
    page_obj, query_string = paginate(request, sources)
    rows = [{"source": s, "kind_label": kind_label(s.kind)} for s in page_obj]
    return render(
        request,
        "listening/source_list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "query_string": query_string,
            "q": text,
            "search": search,
            "can_setup": can_set_up(request.user),
        },
    )


def _add_source_error(form: SourceForm, error: DomainError, kind: str) -> None:
    """Put the service's errors on the form: "config.<key>" on that kind's field."""
    placed = False
    for field, errors in (error.fields or {}).items():
        name: str | None = field
        if field.startswith("config."):
            name = form.config_field(kind, field.removeprefix("config."))
        for message in errors if isinstance(errors, list | tuple) else [errors]:
            if name is not None and name in form.fields:
                form.add_error(name, str(message))
            else:
                form.add_error(None, f"{field.removeprefix('config.')}: {message}")
            placed = True
    if not placed:
        form.add_error(None, error.message)


def _source_form_page(request: AuthedRequest, form: SourceForm, *, source: Source | None) -> HttpResponse:
    if request.htmx and request.method == "GET" and "kind" in request.GET:
        # The kind changed: only the chosen kind's settings, for the page to swap in.
        return render(
            request,
            "listening/partials/setup_source_config.html",
            {"form": form, "fieldsets": form.fieldsets(only_selected=True), "enhance": False},
        )
    trail = [sources_crumb()]
    return render(
        request,
        "listening/source_form.html",
        {
            "form": form,
            "source": source,
            "title": f"Edit source “{source.name}”" if source else "New source",
            "submit": "Save source" if source else "Add source",
            "cancel_url": reverse("listening:source_list"),
            "breadcrumbs": crumbs(*trail),
            "fieldsets": form.fieldsets(),
            "enhance": not form.is_bound,
        },
        status=form_status(form),
    )


def _save_source(request: AuthedRequest, form: SourceForm, source: Source | None) -> Source | None:
    kind = form.cleaned_data["kind"]
    try:
        return services.source_save(
            actor=request.user,
            source=source,
            name=form.cleaned_data["name"],
            kind=kind,
            config=form.config(),
            venue=form.cleaned_data["venue"],
            is_active=form.cleaned_data["is_active"],
        )
    except DomainError as e:
        raise_if_forbidden(e)
        _add_source_error(form, e, kind)
        return None


def _htmx_initial(request: HttpRequest, initial: dict[str, Any]) -> dict[str, Any]:
    """On a kind change (htmx GET) the form's current values come in the query string."""
    if getattr(request, "htmx", False) and request.method == "GET" and "kind" in request.GET:
        return {**initial, **request.GET.dict()}
    return initial


@hr_lead_required
def source_create(request: AuthedRequest) -> HttpResponse:
    initial = _htmx_initial(request, {"is_active": True, "kind": request.GET.get("kind", "rss")})
    form = SourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        source = _save_source(request, form, None)
        if source is not None:
            messages.success(request, f"Source “{source.name}” added.")
            if source.kind == "upload":
                return redirect("listening:source_upload", pk=source.pk)
            return redirect("listening:source_list")
    return _source_form_page(request, form, source=None)


@hr_lead_required
def source_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    form = SourceForm(request.POST or None, initial=_htmx_initial(request, SourceForm.initial_for(source)))
    if request.method == "POST" and form.is_valid():
        saved = _save_source(request, form, source)
        if saved is not None:
            messages.success(request, f"Source “{saved.name}” saved.")
            return redirect("listening:source_list")
    return _source_form_page(request, form, source=source)


@hr_lead_required
def source_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    return delete_page(
        request,
        thing=source,
        kind="source",
        delete=lambda: services.source_delete(actor=request.user, source=source),
        done=f"Source “{source.name}” deleted.",
        list_url=reverse("listening:source_list"),
        list_label="Sources",
        template="listening/source_confirm_delete.html",
        conversation_count=source.conversations.count() if request.method != "POST" else 0,
    )


@hr_lead_required
@require_POST
def source_resume(request: AuthedRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    try:
        services.source_resume(actor=request.user, source=source)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, f"Source “{source.name}” resumed: the next run reads it again.")
    return redirect("listening:source_list")


@hr_lead_required
def source_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    """Import an exported CSV/JSON into an upload source: all rows good, or nothing stored."""
    source = get_object_or_404(Source, pk=pk)
    if source.kind != "upload":
        messages.error(request, f"“{source.name}” is not an upload source: it is read by search runs.")
        return redirect("listening:source_list")
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, matched, stored = services.upload_import(
                actor=request.user, source=source, data=upload.read(), filename=upload.name or ""
            )
        except DomainError as e:
            raise_if_forbidden(e)
            summary, *problems = [line for line in e.message.split("\n") if line.strip()]
            form.add_error("file", summary)
        else:
            summary = upload_summary(rows=rows, matched=matched, stored=stored, filename=upload.name or "the file")
            messages.success(request, summary)
            return redirect("listening:source_list")
    searches = list(Search.objects.filter(sources=source).order_by("name").only("pk", "name", "is_active"))
    return render(
        request,
        "listening/source_upload.html",
        {
            "form": form,
            "source": source,
            "problems": problems,
            "searches": searches,
            "active_searches": [s for s in searches if s.is_active],
            "can_setup": can_set_up(request.user),
            "breadcrumbs": crumbs(sources_crumb()),
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("sources/", source_list, name="source_list"),
    path("sources/new/", source_create, name="source_create"),
    path("sources/<int:pk>/edit/", source_edit, name="source_edit"),
    path("sources/<int:pk>/delete/", source_delete, name="source_delete"),
    path("sources/<int:pk>/resume/", source_resume, name="source_resume"),
    path("sources/<int:pk>/upload/", source_upload, name="source_upload"),
]
