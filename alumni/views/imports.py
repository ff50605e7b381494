"""Alumni import pages (HR leads only; anyone else gets a 404): the history, the upload form, an
import's page (its preview, its progress while it runs, its result), the merge screen for
doubtful rows, and the POSTs that confirm, cancel, resume and resolve.

The progress fragment polls itself every 2 s with htmx while the import is queued or running and
comes back without the trigger once it is done; without JavaScript the page has a Refresh link.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.services import audit_record
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import add_domain_error, form_status, paginate, raise_if_forbidden

from ..access import stage_pilots
from ..forms.imports import ImportUploadForm, MatchResolveForm
from ..imports import read_upload
from ..imports.formats import HRIS_COLUMNS, HRIS_REQUIRED, LINKEDIN_HEADER
from ..models import AlumniImport, ImportMatch, ImportStatus, MatchResolution
from ..selectors.imports import get_import, require_imports, visible_imports
from ..services import imports as services
from ..services.import_batches import snapshots

POLL_SECONDS = 2
MATCHES_PER_PAGE = 10


def crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Stage 2", reverse("alumni:index")), ("Imports", reverse("alumni:import_list")), *pairs]


def _detail_url(imp: AlumniImport) -> str:
    return reverse("alumni:import_detail", args=[imp.pk])


@login_required
def import_list(request: AuthedRequest) -> HttpResponse:
    require_imports(request.user)
    page_obj, query = paginate(request, visible_imports(request.user))
    return render(
        request,
        "alumni/imports/import_list.html",
        {
            "page_obj": page_obj,
            "imports": page_obj.object_list,
            "query_string": query,
            "breadcrumbs": [("Stage 2", reverse("alumni:index"))],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_imports(user)
    pilots = stage_pilots(user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, pilots=pilots)
    earlier = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imp = services.alumni_import_preview(
                actor=user,
                pilot=form.cleaned_data["pilot"],
                kind=form.cleaned_data["kind"],
                file_name=upload.name or "",
                data=read_upload(upload),
            )
        except services.AlreadyImportedError as exc:
            earlier = exc.earlier
            form.add_error("file", exc.message)
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            return redirect(_detail_url(imp))
    return render(
        request,
        "alumni/imports/import_form.html",
        {
            "form": form,
            "earlier": earlier,
            "has_pilots": pilots.exists(),
            "hris_columns": HRIS_COLUMNS,
            "hris_required": HRIS_REQUIRED,
            "linkedin_header": ",".join(LINKEDIN_HEADER),
            "breadcrumbs": crumbs(),
        },
        status=form_status(form) if request.method == "POST" else 200,
    )


def _progress_context(imp: AlumniImport) -> dict[str, object]:
    running = imp.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return {
        "imp": imp,
        "running": running,
        "poll_seconds": POLL_SECONDS,
        "can_resume": services.can_resume(imp) if running or imp.status == ImportStatus.FAILED else False,
        "pending": services.pending_matches(imp).count(),
    }


@login_required
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    imp = get_import(request.user, pk)
    previewed = imp.status == ImportStatus.PREVIEWED
    context = {
        **_progress_context(imp),
        "previewed": previewed,
        "plans": services.preview_plans(imp) if previewed else [],
        "would_run_in_background": imp.total_rows > services.background_rows(),
        "breadcrumbs": crumbs(),
    }
    return render(request, "alumni/imports/import_detail.html", context)


@login_required
def import_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """The progress fragment (htmx polls it while the import runs)."""
    imp = get_import(request.user, pk)
    return render(request, "alumni/imports/partials/import_progress.html", _progress_context(imp))


def _post_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    imp = get_import(request.user, pk)
    try:
        if action == "confirm":
            imp = services.alumni_import_confirm(actor=request.user, alumni_import=imp)
            done = (
                "The import is done."
                if imp.status == ImportStatus.DONE
                else "The import runs in the background: you can leave this page and come back."
            )
        elif action == "cancel":
            services.alumni_import_cancel(actor=request.user, alumni_import=imp)
            done = "The preview is cancelled; nothing was imported."
        else:
            services.alumni_import_resume(actor=request.user, alumni_import=imp)
            done = "The import continues where it stopped."
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
        return redirect(_detail_url(imp))
    messages.success(request, done)
    return redirect(_detail_url(imp))


@login_required
@require_POST
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, "confirm")


@login_required
@require_POST
def import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, "cancel")


@login_required
@require_POST
def import_resume(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, "resume")


@login_required
def import_matches(request: AuthedRequest, pk: int) -> HttpResponse:
    """The merge screen: each doubtful row beside the person it may be."""
    imp = get_import(request.user, pk)
    pending = services.pending_matches(imp).select_related("person", "person__company")
    page_obj, query = paginate(request, pending, per_page=MATCHES_PER_PAGE)
    matches: list[ImportMatch] = list(page_obj.object_list)
    snaps = snapshots(m.person_id for m in matches)
    rows = [{"match": m, "row": m.data, "person": m.person, "snap": snaps.get(m.person_id)} for m in matches]
    audit_record(
        actor=request.user,
        verb="imports.matches_viewed",
        target=imp,
        data={"rows": len(rows), "page": page_obj.number},
    )
    resolved = imp.matches.exclude(resolution=MatchResolution.PENDING).count()
    return render(
        request,
        "alumni/imports/import_matches.html",
        {
            "imp": imp,
            "rows": rows,
            "page_obj": page_obj,
            "query_string": query,
            "resolved": resolved,
            "breadcrumbs": crumbs((imp.file_name, _detail_url(imp))),
        },
    )


@login_required
@require_POST
def import_match_resolve(request: AuthedRequest, pk: int, row: int) -> HttpResponse:
    imp = get_import(request.user, pk)
    match = get_object_or_404(
        ImportMatch.objects.select_related("person", "alumni_import"), alumni_import=imp, row_number=row
    )
    back = reverse("alumni:import_matches", args=[imp.pk])
    form = MatchResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        match = services.import_match_resolve(
            actor=request.user, match=match, resolution=form.cleaned_data["resolution"]
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, f"Row {match.row_number}: {match.get_resolution_display().lower()}.")
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("imports/", import_list, name="import_list"),
    path("imports/new/", import_create, name="import_create"),
    path("imports/<int:pk>/", import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", import_progress, name="import_progress"),
    path("imports/<int:pk>/confirm/", import_confirm, name="import_confirm"),
    path("imports/<int:pk>/cancel/", import_cancel, name="import_cancel"),
    path("imports/<int:pk>/resume/", import_resume, name="import_resume"),
    path("imports/<int:pk>/matches/", import_matches, name="import_matches"),
    path("imports/<int:pk>/matches/<int:row>/resolve/", import_match_resolve, name="import_match_resolve"),
]
