"""Runs: starting one (a SearchRunSource row per source and one fetch task each), fetching one
source of a run, closing the run once every source has finished, and sweeping runs left behind.

A run fans out one Celery task per source, enqueued by name ("listening.fetch_source"), so this
module never imports listening.tasks (which calls it). Each task calls ``run_fetch_source``: it
fetches through the source's connector, matches the posts against every active search that reads
the source (compiled together: listening.matcher), stores matched posts once per (source,
external id) and records what happened on the run's SearchRunSource row. It is safe to run twice:
a finished row is left alone and conversations are inserted with ON CONFLICT DO NOTHING.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import User
from accounts.services import audit_record
from core.errors import ConflictError, ForbiddenError

from ..access import can_set_up
from ..connectors import ConnectorConfigError, FetchError, FetchResult, UnknownConnectorError, get_connector
from ..http import HttpClient
from ..models import Search, SearchRun, SearchRunSource, Source
from .common import MSG_HR_ONLY, ListeningError
from .store import posts_store

logger = logging.getLogger(__name__)

FETCH_SOURCE_TASK = "listening.fetch_source"  # listening.tasks.fetch_source
PAUSE_AFTER_FAILURES = 5

MSG_NO_ACTIVE_SOURCE = "This search has no active source to read: add one or resume a paused one."
MSG_RUN_RUNNING = "This search is already running; wait for it to finish."
MSG_UNEXPECTED = "Unexpected error while reading this source; the details are in the server log."
MSG_BROKER_DOWN = "The background worker could not be reached; the run is recorded and will be retried."
MSG_NOT_RETRIED_IN_PROCESS = "Not retried now: without a background worker, the next run reads this source again."
MSG_PAUSED = "Source paused after repeated failures"
MSG_INACTIVE = "Source inactive"


class RetryLater(Exception):
    """A transient fetch error: the task retries with backoff (it carries the message)."""


@transaction.atomic
def run_start(*, search: Search, actor: User | None = None, now: dt.datetime | None = None) -> SearchRun:
    """Start a run: one SearchRunSource per source, and one fetch task each once this commits.

    Returns at once; the page polls the run for progress. Paused or inactive sources are
    recorded as skipped, so the run says why they were not read."""
    if actor is not None and not can_set_up(actor):
        raise ForbiddenError(MSG_HR_ONLY)
    Search.objects.select_for_update().filter(pk=search.pk).first()
    if search.runs.filter(status=SearchRun.Status.RUNNING).exists():
        raise ConflictError(MSG_RUN_RUNNING)
    sources = list(search.sources.all())
    readable = [s for s in sources if s.is_active and s.health != Source.Health.PAUSED]
    if not readable:
        raise ListeningError(MSG_NO_ACTIVE_SOURCE)
    now = now or timezone.now()
    run = SearchRun.objects.create(search=search, triggered_by=actor, started_at=now)
    results = SearchRunSource.objects.bulk_create(
        SearchRunSource(
            run=run,
            source=s,
            status=SearchRunSource.Status.PENDING if s in readable else SearchRunSource.Status.SKIPPED,
            finished_at=None if s in readable else now,
            error="" if s in readable else (MSG_PAUSED if s.is_active else MSG_INACTIVE),
        )
        for s in sources
    )
    if actor is not None:
        audit_record(actor=actor, verb="search.run_started", target=search, now=now)
    pending = [r.pk for r in results if r.status == SearchRunSource.Status.PENDING]
    transaction.on_commit(lambda: _enqueue(pending))
    return run


def _enqueue(result_ids: list[int]) -> None:
    """One fetch task per result, by the task's name. A broker outage leaves the row pending with
    the reason; run_resume_stale (beat) enqueues it again."""
    fetch = current_app.signature(FETCH_SOURCE_TASK)
    for result_id in result_ids:
        try:
            fetch.clone(args=(result_id,)).delay()
        except OperationalError:
            logger.warning("broker unreachable; search run result %s left pending", result_id)
            SearchRunSource.objects.filter(pk=result_id, status=SearchRunSource.Status.PENDING).update(
                error=MSG_BROKER_DOWN
            )


def _finish_run(run_id: int, now: dt.datetime) -> None:
    """Close the run once every source has finished (conditional update: exactly once).

    Called inside the transaction that finished a source. The run row is locked first: two
    sources finishing at once then take turns, and the second one's status read (a new snapshot
    under READ COMMITTED) sees the first one's commit, so one of them always closes the run."""
    SearchRun.objects.select_for_update().filter(pk=run_id).first()
    results = list(SearchRunSource.objects.filter(run_id=run_id).values_list("status", flat=True))
    if any(status not in SearchRunSource.FINISHED for status in results):
        return
    failed = sum(1 for s in results if s == SearchRunSource.Status.FAILED)
    ok = sum(1 for s in results if s in (SearchRunSource.Status.DONE, SearchRunSource.Status.NOT_MODIFIED))
    status = SearchRun.Status.DONE if not failed else (SearchRun.Status.PARTIAL if ok else SearchRun.Status.FAILED)
    SearchRun.objects.filter(pk=run_id, status=SearchRun.Status.RUNNING).update(status=status, finished_at=now)


def _claim(result_id: int) -> SearchRunSource | None:
    """The result row, marked running (one more attempt), unless it is gone or finished."""
    with transaction.atomic():
        result = (
            SearchRunSource.objects.select_for_update(of=("self",))
            .select_related("source", "run")
            .filter(pk=result_id)
            .first()
        )
        if result is None or result.status in SearchRunSource.FINISHED:
            return None
        SearchRunSource.objects.filter(pk=result_id).update(
            status=SearchRunSource.Status.RUNNING, attempts=F("attempts") + 1
        )
    return result


def run_fetch_source(
    *,
    result_id: int,
    final_attempt: bool = False,
    in_process: bool = False,
    client: HttpClient | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Fetch one source of one run and record the outcome. Safe to call twice.

    A transient error (connection refused, a timeout, a 5xx) raises RetryLater for the task to
    retry with backoff, unless this is the ``final_attempt`` or the fetch runs ``in_process``
    (embedded mode: Celery runs the task inside the web request, where a retry cannot wait). Then
    the source fails for this run and says why (in process: that the next run tries again), and the
    run goes on with its other sources."""
    result = _claim(result_id)
    if result is None:
        return
    source = result.source
    started = time.monotonic()
    try:
        connector = get_connector(source.kind)
        fetched: FetchResult = connector.fetch(source.config, state=source.state or {}, client=client or HttpClient())
    except FetchError as exc:
        if exc.transient and in_process:
            _record_failure(result, f"{exc} {MSG_NOT_RETRIED_IN_PROCESS}", started, now)
            return
        if exc.transient and not final_attempt:
            SearchRunSource.objects.filter(pk=result_id).update(
                status=SearchRunSource.Status.RETRYING, error=str(exc)[:500]
            )
            raise RetryLater(str(exc)) from exc
        _record_failure(result, str(exc), started, now)
        return
    except (UnknownConnectorError, ConnectorConfigError) as exc:
        _record_failure(result, str(exc), started, now)
        return
    except Exception:
        # A connector bug or a response nobody foresaw: the source fails for this run (and is
        # paused if it keeps failing) instead of leaving the run waiting forever.
        logger.exception("source %s failed unexpectedly in run result %s", source.pk, result_id)
        _record_failure(result, MSG_UNEXPECTED, started, now)
        return
    _record_success(result, fetched, started, now or timezone.now())


def _record_success(result: SearchRunSource, fetched: FetchResult, started: float, now: dt.datetime) -> None:
    source = result.source
    with transaction.atomic():
        matched, stored, new = posts_store(source=source, posts=fetched.posts, search_id=result.run.search_id, now=now)
        SearchRunSource.objects.filter(pk=result.pk).update(
            status=SearchRunSource.Status.NOT_MODIFIED if fetched.not_modified else SearchRunSource.Status.DONE,
            fetched=len(fetched.posts),
            new=new,
            matched=matched,
            stored=stored,
            duration_ms=int((time.monotonic() - started) * 1000),
            error="; ".join(fetched.messages)[:500],
            finished_at=now,
        )
        Source.objects.filter(pk=source.pk).update(
            state=fetched.state, last_fetched_at=now, consecutive_failures=0, last_error="", health=Source.Health.OK
        )
        _finish_run(result.run_id, now)


def _record_failure(result: SearchRunSource, message: str, started: float, now: dt.datetime | None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        SearchRunSource.objects.filter(pk=result.pk).update(
            status=SearchRunSource.Status.FAILED,
            error=message[:500],
            duration_ms=int((time.monotonic() - started) * 1000),
            finished_at=now,
        )
        Source.objects.filter(pk=result.source_id).update(
            consecutive_failures=F("consecutive_failures") + 1, last_error=message[:500], health=Source.Health.FAILING
        )
        Source.objects.filter(pk=result.source_id, consecutive_failures__gte=PAUSE_AFTER_FAILURES).update(
            health=Source.Health.PAUSED
        )
        _finish_run(result.run_id, now)


def run_resume_stale(*, now: dt.datetime | None = None, older_than: dt.timedelta = dt.timedelta(minutes=30)) -> int:
    """Re-enqueue results left pending (broker was down) or running (worker died) for too long."""
    now = now or timezone.now()
    stale = list(
        SearchRunSource.objects.filter(
            run__status=SearchRun.Status.RUNNING,
            run__started_at__lt=now - older_than,
            status__in=[
                SearchRunSource.Status.PENDING,
                SearchRunSource.Status.RUNNING,
                SearchRunSource.Status.RETRYING,
            ],
        ).values_list("pk", flat=True)
    )
    SearchRunSource.objects.filter(pk__in=stale).update(status=SearchRunSource.Status.PENDING)
    _enqueue(stale)
    # Runs whose sources have all finished (or were deleted) but that nobody closed.
    for run_id in (
        SearchRun.objects.filter(status=SearchRun.Status.RUNNING, started_at__lt=now - older_than)
        .exclude(pk__in=SearchRunSource.objects.exclude(status__in=SearchRunSource.FINISHED).values("run_id"))
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            _finish_run(run_id, now)
    return len(stale)
