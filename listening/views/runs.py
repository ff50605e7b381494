"""A run's page and its progress fragment, which polls itself until the run has finished."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from accounts.web import AuthedRequest

from ..access import visible_searches
from ..models import SearchRun, SearchRunSource
from ..selectors import RunCounts
from .common import crumbs, reader_required, searches_crumb, url_or_none

POLL_SECONDS = 2
# A run whose sources are all still waiting after this long probably has no worker (or no broker).
WAITING_NOTE_AFTER_SECONDS = 30


def with_run_totals(runs: QuerySet[SearchRun]) -> QuerySet[SearchRun]:
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
        "totals": RunCounts.of(results),
        "poll_seconds": POLL_SECONDS,
    }


@reader_required
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _get_run_for_user(request.user, pk)
    inbox = url_or_none("listening:index")
    context = _run_context(run)
    context.update(
        {
            "search": run.search,
            "inbox_url": f"{inbox}?search={run.search_id}" if inbox else None,
            "breadcrumbs": crumbs(
                searches_crumb(), (run.search.name, reverse("listening:search_detail", args=[run.search_id]))
            ),
        }
    )
    return render(request, "listening/run_detail.html", context)


@reader_required
def run_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """The run's progress fragment; it polls itself every 2 s until the run has finished."""
    run = _get_run_for_user(request.user, pk)
    return render(request, "listening/partials/setup_run_status.html", _run_context(run))


urlpatterns: list[URLPattern] = [
    path("runs/<int:pk>/", run_detail, name="run_detail"),
    path("runs/<int:pk>/status/", run_status, name="run_status"),
]
