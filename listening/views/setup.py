"""Setup pages of listening: keyword families, searches (with Run now and the run's progress) and
sources (with uploads). listening/urls.py joins these urlpatterns with the inbox's.

Who may do what (listening.access and listening.services hold the rules):
- HR leads set up families, searches and sources, run searches and upload exports.
- Contributors read the searches they may see (listening.access.visible_searches) and their runs,
  and opt in to a search's digest; every write is a 403.
- Managers have no listening pages (403). Anonymous users are sent to log in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import hr_lead_required, role_required
from accounts.models import Role
from accounts.web import AuthedRequest
from core.errors import ConflictError, DomainError
from core.web import add_domain_error, delete_page, filter_by, form_status, paginate, raise_if_forbidden

from .. import query as q
from .. import selectors, services
from ..access import get_search_for_user, visible_searches
from ..connectors import CONNECTORS
from ..forms.setup import FamilyForm, SearchFilterForm, SearchForm, SourceForm, UploadForm
from ..models import KeywordFamily, Search, SearchRun, SearchRunSource, Source

reader_required = role_required(Role.HR_LEAD, Role.CONTRIBUTOR)

RECENT_RUNS = 10
POLL_SECONDS = 2
# A run whose sources are all still waiting after this long probably has no worker (or no broker).
WAITING_NOTE_AFTER_SECONDS = 30
FAMILY_REF_RE = re.compile(r"@([A-Za-z0-9][A-Za-z0-9_.\-]*)")


# --- helpers ----------------------------------------------------------------------------------


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Listening" (the inbox), when it is mounted."""
    inbox = _url_or_none("listening:index")
    return [*([("Listening", inbox)] if inbox else []), *pairs]


def _families_crumb() -> tuple[str, str]:
    return ("Keyword families", reverse("listening:family_list"))


def _searches_crumb() -> tuple[str, str]:
    return ("Searches", reverse("listening:search_list"))


def _sources_crumb() -> tuple[str, str]:
    return ("Sources", reverse("listening:source_list"))


def _kind_label(kind: str) -> str:
    connector = CONNECTORS.get(kind)
    return connector.LABEL if connector else kind


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


def _with_run_totals(runs: QuerySet[SearchRun]) -> QuerySet[SearchRun]:
    return runs.select_related("triggered_by").annotate(
        total_fetched=Sum("results__fetched"),
        total_matched=Sum("results__matched"),
        total_stored=Sum("results__stored"),
        source_count=Count("results"),
    )


def _get_run_for_user(user: Any, pk: int) -> SearchRun:
    try:
        return SearchRun.objects.select_related("search", "triggered_by").get(
            pk=pk, search__in=visible_searches(user).values("pk")
        )
    except SearchRun.DoesNotExist as exc:
        raise Http404 from exc


# --- keyword families -------------------------------------------------------------------------


@hr_lead_required
def family_list(request: AuthedRequest) -> HttpResponse:
    families = KeywordFamily.objects.select_related("pilot").order_by("name")
    text = request.GET.get("q", "").strip()
    if text:
        families = families.filter(Q(name__icontains=text.lstrip("@")) | Q(description__icontains=text))
    page_obj, query_string = paginate(request, families)
    users = selectors.searches_by_family()
    rows = [{"family": f, "term_count": len(f.terms or []), "searches": users.get(f.name, [])} for f in page_obj]
    return render(
        request,
        "listening/family_list.html",
        {"page_obj": page_obj, "rows": rows, "query_string": query_string, "q": text},
    )


def _family_form_page(request: AuthedRequest, form: FamilyForm, *, family: KeywordFamily | None) -> HttpResponse:
    title = f"Edit @{family.name}" if family else "New keyword family"
    return render(
        request,
        "listening/family_form.html",
        {
            "form": form,
            "family": family,
            "title": title,
            "submit": "Save family" if family else "Create family",
            "cancel_url": reverse("listening:family_list"),
            "breadcrumbs": _crumbs(_families_crumb()),
            "searches_using": selectors.searches_using_family(family.name) if family else [],
        },
        status=form_status(form),
    )


def _save_family(request: AuthedRequest, form: FamilyForm, family: KeywordFamily | None) -> KeywordFamily | None:
    try:
        return services.family_save(
            actor=request.user,
            family=family,
            name=form.cleaned_data["name"],
            terms=form.terms_list(),
            purpose=form.cleaned_data["purpose"],
            description=form.cleaned_data["description"],
            pilot=form.cleaned_data["pilot"],
        )
    except DomainError as e:
        raise_if_forbidden(e)
        add_domain_error(form, e)
        return None


@hr_lead_required
def family_create(request: AuthedRequest) -> HttpResponse:
    form = FamilyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        family = _save_family(request, form, None)
        if family is not None:
            messages.success(request, f"Keyword family @{family.name} created.")
            return redirect("listening:family_list")
    return _family_form_page(request, form, family=None)


@hr_lead_required
def family_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    family = get_object_or_404(KeywordFamily, pk=pk)
    initial = {
        "name": family.name,
        "purpose": family.purpose,
        "description": family.description,
        "terms": "\n".join(family.terms or []),
        "pilot": family.pilot_id,
    }
    form = FamilyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_family(request, form, family)
        if saved is not None:
            messages.success(request, f"Keyword family @{saved.name} saved.")
            return redirect("listening:family_list")
    return _family_form_page(request, form, family=family)


@hr_lead_required
def family_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: confirm (or say which searches still use it). POST: delete, refused while in use."""
    family = get_object_or_404(KeywordFamily, pk=pk)
    return delete_page(
        request,
        thing=family,
        kind="keyword family",
        delete=lambda: services.family_delete(actor=request.user, family=family),
        done=f"Keyword family @{family.name} deleted.",
        list_url=reverse("listening:family_list"),
        list_label="Keyword families",
        template="listening/family_confirm_delete.html",
        searches_using=selectors.searches_using_family(family.name) if request.method != "POST" else [],
    )


# --- searches ---------------------------------------------------------------------------------


@reader_required
def search_list(request: AuthedRequest) -> HttpResponse:
    filters = SearchFilterForm(request.GET or None)
    searches = (
        visible_searches(request.user)
        .annotate(
            conversation_count=Count("matches", distinct=True),
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
    runs = {r.pk: r for r in _with_run_totals(SearchRun.objects.filter(pk__in=run_ids))}
    rows = [{"search": s, "last_run": runs.get(s.last_run_id)} for s in page_obj]
    return render(
        request,
        "listening/search_list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(k) for k in ("q", "purpose")),
            "page_obj": page_obj,
            "rows": rows,
            "query_string": query_string,
        },
    )


@reader_required
def search_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    search = get_search_for_user(request.user, pk)
    sources = list(search.sources.select_related("venue").order_by("name"))
    runs = list(_with_run_totals(search.runs.all())[:RECENT_RUNS])
    inbox = _url_or_none("listening:index")
    return render(
        request,
        "listening/search_detail.html",
        {
            "search": search,
            "sources": [{"source": s, "kind_label": _kind_label(s.kind)} for s in sources],
            "runs": runs,
            "running": next((r for r in runs if r.status == SearchRun.Status.RUNNING), None),
            "conversation_count": search.matches.count(),
            "inbox_url": f"{inbox}?search={search.pk}" if inbox else None,
            "family_refs": _family_ref_links(search.query, linkable=request.user.is_hr_lead),
            "digest_on": search.digest_opt_in.filter(pk=request.user.pk).exists(),
            "breadcrumbs": _crumbs(_searches_crumb()),
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
    crumbs = [_searches_crumb()]
    if search is not None:
        crumbs.append((search.name, reverse("listening:search_detail", args=[search.pk])))
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
            "breadcrumbs": _crumbs(*crumbs),
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


# --- runs -------------------------------------------------------------------------------------


def _run_context(run: SearchRun) -> dict[str, Any]:
    results = list(run.results.select_related("source").order_by("source__name"))
    finished = run.status != SearchRun.Status.RUNNING
    waiting = (
        not finished
        and bool(results)
        and all(r.status == SearchRunSource.Status.PENDING for r in results if r.status != "skipped")
        and (timezone.now() - run.started_at).total_seconds() > WAITING_NOTE_AFTER_SECONDS
    )
    return {
        "run": run,
        "results": results,
        "finished": finished,
        "waiting_for_worker": waiting,
        "totals": {key: sum(getattr(r, key) for r in results) for key in ("fetched", "new", "matched", "stored")},
        "poll_seconds": POLL_SECONDS,
    }


@reader_required
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _get_run_for_user(request.user, pk)
    inbox = _url_or_none("listening:index")
    context = _run_context(run)
    context.update(
        {
            "search": run.search,
            "inbox_url": f"{inbox}?search={run.search_id}" if inbox else None,
            "breadcrumbs": _crumbs(
                _searches_crumb(), (run.search.name, reverse("listening:search_detail", args=[run.search_id]))
            ),
        }
    )
    return render(request, "listening/run_detail.html", context)


@reader_required
def run_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """The run's progress fragment; it polls itself every 2 s until the run has finished."""
    run = _get_run_for_user(request.user, pk)
    return render(request, "listening/partials/setup_run_status.html", _run_context(run))


# --- sources ----------------------------------------------------------------------------------


@hr_lead_required
def source_list(request: AuthedRequest) -> HttpResponse:
    sources = (
        Source.objects.select_related("venue")
        .annotate(conversation_count=Count("conversations", distinct=True))
        .order_by("name")
    )
    text = request.GET.get("q", "").strip()
    if text:
        sources = sources.filter(name__icontains=text)
    page_obj, query_string = paginate(request, sources)
    rows = [{"source": s, "kind_label": _kind_label(s.kind)} for s in page_obj]
    return render(
        request,
        "listening/source_list.html",
        {"page_obj": page_obj, "rows": rows, "query_string": query_string, "q": text},
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
    crumbs = [_sources_crumb()]
    return render(
        request,
        "listening/source_form.html",
        {
            "form": form,
            "source": source,
            "title": f"Edit source “{source.name}”" if source else "New source",
            "submit": "Save source" if source else "Add source",
            "cancel_url": reverse("listening:source_list"),
            "breadcrumbs": _crumbs(*crumbs),
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
            read = f"Read {rows} row{'s' if rows != 1 else ''}"
            messages.success(
                request,
                f"{read} from {upload.name}: {matched} matched an active search, {stored} new conversation"
                f"{'s' if stored != 1 else ''} stored.",
            )
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
            "breadcrumbs": _crumbs(_sources_crumb()),
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("families/", family_list, name="family_list"),
    path("families/new/", family_create, name="family_create"),
    path("families/<int:pk>/edit/", family_edit, name="family_edit"),
    path("families/<int:pk>/delete/", family_delete, name="family_delete"),
    path("searches/", search_list, name="search_list"),
    path("searches/new/", search_create, name="search_create"),
    path("searches/<int:pk>/", search_detail, name="search_detail"),
    path("searches/<int:pk>/edit/", search_edit, name="search_edit"),
    path("searches/<int:pk>/delete/", search_delete, name="search_delete"),
    path("searches/<int:pk>/run/", search_run, name="search_run"),
    path("searches/<int:pk>/digest/", search_digest, name="search_digest"),
    path("runs/<int:pk>/", run_detail, name="run_detail"),
    path("runs/<int:pk>/status/", run_status, name="run_status"),
    path("sources/", source_list, name="source_list"),
    path("sources/new/", source_create, name="source_create"),
    path("sources/<int:pk>/edit/", source_edit, name="source_edit"),
    path("sources/<int:pk>/delete/", source_delete, name="source_delete"),
    path("sources/<int:pk>/resume/", source_resume, name="source_resume"),
    path("sources/<int:pk>/upload/", source_upload, name="source_upload"),
]
