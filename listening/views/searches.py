"""Search pages: list and detail for readers; create, edit, delete and Run now for HR leads; each
reader's digest opt-in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from accounts.access import hr_lead_required
from accounts.web import AuthedRequest
from core.errors import ConflictError, DomainError
from core.web import add_domain_error, delete_page, filter_by, form_status, paginate, raise_if_forbidden

from .. import query as q
from .. import services
from ..access import can_set_up, get_search_for_user, visible_searches
from ..forms.setup import SearchFilterForm, SearchForm
from ..models import KeywordFamily, Search, SearchRun, Source
from .common import crumbs, kind_label, reader_required, searches_crumb, url_or_none
from .runs import with_run_totals

RECENT_RUNS = 10
FAMILY_REF_RE = re.compile(r"@([A-Za-z0-9][A-Za-z0-9_.\-]*)")


@dataclass(frozen=True)
class FamilyRefLink:
    name: str
    known: bool  # False: no keyword family has that name (the query will be refused)
    url: str | None  # the family's page, for those who may edit it


def _family_ref_links(query_text: str, *, linkable: bool) -> list[FamilyRefLink]:
    """The @family references written in a query, in order, each linked to its family."""
    names = list(dict.fromkeys(FAMILY_REF_RE.findall(query_text or "")))
    known = dict(KeywordFamily.objects.filter(name__in=names).values_list("name", "pk")) if names else {}
    return [
        FamilyRefLink(
            name=name,
            known=name in known,
            url=reverse("listening:family_edit", args=[known[name]]) if name in known and linkable else None,
        )
        for name in names
    ]


@dataclass(frozen=True)
class QueryPointer:
    """Where a refused query went wrong: the line shown in a <pre> with a caret under the column."""

    line: str
    caret: str
    line_number: int
    multiline: bool


def _query_pointer(text: str, position: int) -> QueryPointer:
    lines = text.split("\n")
    start = 0
    for number, line in enumerate(lines, start=1):
        if position <= start + len(line) or number == len(lines):
            column = max(0, min(position - start, len(line)))
            # Keep tabs so the caret lines up under tabbed text; everything else becomes a space.
            pad = "".join("\t" if ch == "\t" else " " for ch in line[:column])
            return QueryPointer(line=line, caret=f"{pad}^", line_number=number, multiline=len(lines) > 1)
        start += len(line) + 1
    return QueryPointer(line=text, caret="^", line_number=1, multiline=False)  # pragma: no cover


# --- searches ---------------------------------------------------------------------------------


@reader_required
def search_list(request: AuthedRequest) -> HttpResponse:
    filters = SearchFilterForm(request.GET or None)
    searches = (
        visible_searches(request.user)
        .annotate(
            conversation_count=Count("matches", distinct=True),
            # A search never run on its own still gets matches from runs of other searches that
            # read the same sources: the list says so, with the latest one, not "Never run".
            last_matched_at=Max("matches__matched_at"),
            last_run_id=Subquery(SearchRun.objects.filter(search=OuterRef("pk")).values("pk")[:1]),
        )
        .prefetch_related("sources")
        .order_by("name")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            searches = searches.filter(Q(name__icontains=data["q"]) | Q(query__icontains=data["q"]))
        searches = filter_by(searches, data, {"purpose": "purpose"})
    page_obj, query_string = paginate(request, searches)
    run_ids = [s.last_run_id for s in page_obj if s.last_run_id]
    runs = {r.pk: r for r in with_run_totals(SearchRun.objects.filter(pk__in=run_ids))}
    rows = [{"search": s, "last_run": runs.get(s.last_run_id)} for s in page_obj]
    return render(
        request,
        "listening/search_list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(k) for k in ("q", "purpose")),
            "can_setup": can_set_up(request.user),
            "page_obj": page_obj,
            "rows": rows,
            "query_string": query_string,
        },
    )


@reader_required
def search_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    search = get_search_for_user(request.user, pk)
    sources = list(search.sources.select_related("venue").order_by("name"))
    runs = list(with_run_totals(search.runs.all())[:RECENT_RUNS])
    inbox = url_or_none("listening:index")
    return render(
        request,
        "listening/search_detail.html",
        {
            "search": search,
            "sources": [{"source": s, "kind_label": kind_label(s.kind)} for s in sources],
            "runs": runs,
            "running": next((r for r in runs if r.status == SearchRun.Status.RUNNING), None),
            "conversation_count": search.matches.count(),
            "inbox_url": f"{inbox}?search={search.pk}" if inbox else None,
            "family_refs": _family_ref_links(search.query, linkable=can_set_up(request.user)),
            "can_setup": can_set_up(request.user),
            "digest_on": search.digest_opt_in.filter(pk=request.user.pk).exists(),
            "breadcrumbs": crumbs(searches_crumb()),
        },
    )


def _search_form_page(
    request: AuthedRequest,
    form: SearchForm,
    *,
    search: Search | None,
    pointer: QueryPointer | None = None,
) -> HttpResponse:
    query_text = form.data.get("query", "") if form.is_bound else form.initial.get("query", "")
    trail = [searches_crumb()]
    if search is not None:
        trail.append((search.name, reverse("listening:search_detail", args=[search.pk])))
    return render(
        request,
        "listening/search_form.html",
        {
            "form": form,
            "search": search,
            "title": f"Edit “{search.name}”" if search else "New search",
            "submit": "Save search" if search else "Create search",
            "cancel_url": reverse("listening:search_detail", args=[search.pk])
            if search
            else reverse("listening:search_list"),
            "breadcrumbs": crumbs(*trail),
            "pointer": pointer,
            "family_refs": _family_ref_links(str(query_text), linkable=True),
            "families": KeywordFamily.objects.order_by("name").only("pk", "name", "terms"),
            "no_sources": not Source.objects.exists(),
        },
        status=form_status(form),
    )


def _save_search(request: AuthedRequest, form: SearchForm, search: Search | None) -> tuple[Search | None, Any]:
    """Save through the service. Returns (search, None) or (None, QueryPointer | None) on refusal."""
    data = form.cleaned_data
    try:
        saved = services.search_save(
            actor=request.user,
            search=search,
            name=data["name"],
            query=data["query"],
            sources=list(data["sources"]),
            purpose=data["purpose"],
            pilot=data["pilot"],
            is_active=data["is_active"],
            schedule_hours=data["schedule_hours"],
        )
    except q.QuerySyntaxError as e:
        pointer = _query_pointer(data["query"], e.position)
        form.add_error("query", e.message)  # (this drops "query" from cleaned_data)
        return None, pointer
    except DomainError as e:
        raise_if_forbidden(e)
        add_domain_error(form, e)
        return None, None
    # The digest is each reader's own choice (a preference, not a search setting).
    services.search_digest_set(search=saved, user=request.user, opt_in=bool(data["digest"]))
    return saved, None


@hr_lead_required
def search_create(request: AuthedRequest) -> HttpResponse:
    active = list(Source.objects.filter(is_active=True).values_list("pk", flat=True)[:2])
    # One source: preselect it. Several: choose on purpose.
    initial = {"is_active": True, "sources": active if len(active) == 1 else []}
    form = SearchForm(request.POST or None, initial=initial)
    pointer = None
    if request.method == "POST" and form.is_valid():
        search, pointer = _save_search(request, form, None)
        if search is not None:
            messages.success(request, f"Search “{search.name}” created. Run it now to see what it finds.")
            return redirect("listening:search_detail", pk=search.pk)
    return _search_form_page(request, form, search=None, pointer=pointer)


@hr_lead_required
def search_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    search = get_search_for_user(request.user, pk)
    initial = {
        "name": search.name,
        "purpose": search.purpose,
        "query": search.query,
        "sources": list(search.sources.values_list("pk", flat=True)),
        "pilot": search.pilot_id,
        "schedule_hours": search.schedule_hours,
        "is_active": search.is_active,
        "digest": search.digest_opt_in.filter(pk=request.user.pk).exists(),
    }
    form = SearchForm(request.POST or None, initial=initial)
    pointer = None
    if request.method == "POST" and form.is_valid():
        saved, pointer = _save_search(request, form, search)
        if saved is not None:
            messages.success(request, f"Search “{saved.name}” saved.")
            return redirect("listening:search_detail", pk=saved.pk)
    return _search_form_page(request, form, search=search, pointer=pointer)


@hr_lead_required
def search_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    search = get_search_for_user(request.user, pk)
    detail_url = reverse("listening:search_detail", args=[search.pk])
    return delete_page(
        request,
        thing=search,
        kind="search",
        delete=lambda: services.search_delete(actor=request.user, search=search),
        done=f"Search “{search.name}” deleted.",
        list_url=reverse("listening:search_list"),
        list_label="Searches",
        template="listening/search_confirm_delete.html",
        refused_url=detail_url,
        cancel_url=detail_url,
        conversation_count=search.matches.count() if request.method != "POST" else 0,
    )


@hr_lead_required
@require_POST
def search_run(request: AuthedRequest, pk: int) -> HttpResponse:
    """Run now: record the run and its per-source rows, enqueue the fetches, show the progress page."""
    search = get_search_for_user(request.user, pk)
    try:
        run = services.run_start(search=search, actor=request.user)
    except ConflictError as e:
        messages.warning(request, e.message)
        running = search.runs.filter(status=SearchRun.Status.RUNNING).first()
        if running is not None:
            return redirect("listening:run_detail", pk=running.pk)
        return redirect("listening:search_detail", pk=search.pk)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
        return redirect("listening:search_detail", pk=search.pk)
    messages.success(request, f"Search “{search.name}” started.")
    return redirect("listening:run_detail", pk=run.pk)


@reader_required
@require_POST
def search_digest(request: AuthedRequest, pk: int) -> HttpResponse:
    """Opt in to (or out of) the digest email of a search one may see: one's own preference."""
    search = get_search_for_user(request.user, pk)
    opt_in = request.POST.get("digest") == "on"
    services.search_digest_set(search=search, user=request.user, opt_in=opt_in)
    if opt_in:
        messages.success(request, f"You will get an email with new relevant conversations from “{search.name}”.")
    else:
        messages.success(request, f"You will no longer get digest emails for “{search.name}”.")
    return redirect("listening:search_detail", pk=search.pk)


urlpatterns: list[URLPattern] = [
    path("searches/", search_list, name="search_list"),
    path("searches/new/", search_create, name="search_create"),
    path("searches/<int:pk>/", search_detail, name="search_detail"),
    path("searches/<int:pk>/edit/", search_edit, name="search_edit"),
    path("searches/<int:pk>/delete/", search_delete, name="search_delete"),
    path("searches/<int:pk>/run/", search_run, name="search_run"),
    path("searches/<int:pk>/digest/", search_digest, name="search_digest"),
]
