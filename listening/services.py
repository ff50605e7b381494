"""Writes with a rule for listening: families, searches (with their beat schedule), sources,
runs, the conversations they store, triage and retention.

A run fans out one Celery task per source (listening.tasks.fetch_source). Each task calls
``run_fetch_source``: it fetches through the source's connector, matches the posts against every
active search that reads the source (compiled together: listening.matcher), stores matched posts
once per (source, external id) and records what happened on the run's SearchRunSource row. It is
safe to run twice: a finished row is left alone and conversations are inserted with
ON CONFLICT DO NOTHING.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from people.models import Person
from programs.models import Pilot, Venue

from . import query as q
from .connectors import ConnectorConfigError, FetchError, FetchResult, Post, UnknownConnectorError, get_connector
from .http import HttpClient
from .matcher import CompiledMatcher
from .models import (
    Conversation,
    ConversationMatch,
    KeywordFamily,
    Purpose,
    Search,
    SearchRun,
    SearchRunSource,
    Source,
)

logger = logging.getLogger(__name__)


class ListeningError(DomainError):
    pass


MSG_HR_ONLY = "Only an HR lead can change searches, keyword families and sources."
MSG_TRIAGE = "Only HR leads and contributors can triage conversations."
MSG_FAMILY_NAME = "Use letters, digits, - and _ only (it is written @name in searches)."
MSG_FAMILY_EXISTS = "A keyword family called @{name} already exists."
MSG_FAMILY_EMPTY = "Give the family at least one term."
MSG_FAMILY_IN_USE = "@{name} is used by: {searches}. Change those searches first."
MSG_SEARCH_EXISTS = "A search called {name!r} already exists."
MSG_SEARCH_NO_SOURCE = "Choose at least one source to search."
MSG_SOURCE_EXISTS = "A source called {name!r} already exists."
MSG_SCHEDULE = "Run every 1 to 720 hours, or leave it empty to run only by hand."
MSG_NO_ACTIVE_SOURCE = "This search has no active source to read: add one or resume a paused one."
MSG_RUN_RUNNING = "This search is already running; wait for it to finish."
MSG_STATUS = "Unknown status {status!r}."
MSG_ASSIGNEE = "Conversations can be assigned to HR leads and contributors only."
MSG_UNEXPECTED = "Unexpected error while reading this source; the details are in the server log."
MSG_BROKER_DOWN = "The background worker could not be reached; the run is recorded and will be retried."

PAUSE_AFTER_FAILURES = 5


@contextmanager
def _unique_name(message: str) -> Iterator[None]:
    """Two people creating the same name at once: the loser gets the usual message, not a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise ListeningError(message, fields={"name": [message]}) from exc


def _require_hr(actor: User) -> None:
    if not actor.is_hr_lead:
        raise ForbiddenError(MSG_HR_ONLY)


# --- keyword families ------------------------------------------------------------------------


def _family_terms(name: str, terms: Iterable[str]) -> list[str]:
    """Each term checked with the query language's rules; duplicates dropped, order kept."""
    cleaned: list[str] = []
    for raw in terms:
        for part in str(raw).split("\n"):
            term = part.strip()
            if not term:
                continue
            q.family_term(term, family=name)  # raises QuerySyntaxError with the term named
            if term.casefold() not in {t.casefold() for t in cleaned}:
                cleaned.append(term)
    if not cleaned:
        raise ListeningError(MSG_FAMILY_EMPTY, fields={"terms": [MSG_FAMILY_EMPTY]})
    return cleaned


def searches_using_family(name: str) -> list[Search]:
    found = []
    for search in Search.objects.filter(query__contains=f"@{name}"):
        try:
            refs = q.family_refs(q.parse(search.query))
        except q.QuerySyntaxError:
            continue
        if name in refs:
            found.append(search)
    return found


@transaction.atomic
def family_save(
    *,
    actor: User,
    family: KeywordFamily | None = None,
    name: str,
    terms: Iterable[str],
    purpose: str = Purpose.PROFILE,
    description: str = "",
    pilot: Pilot | None = None,
    now: dt.datetime | None = None,
) -> KeywordFamily:
    from django.utils.text import slugify

    _require_hr(actor)
    now = now or timezone.now()
    name = name.strip().lstrip("@")
    if not name or slugify(name) != name.lower() or len(name) > 60:
        raise ListeningError(MSG_FAMILY_NAME, fields={"name": [MSG_FAMILY_NAME]})
    name = name.lower()
    try:
        cleaned = _family_terms(name, terms)
    except q.QuerySyntaxError as exc:
        raise ListeningError(exc.message, fields={"terms": [exc.message]}) from exc
    if purpose not in Purpose.values:
        raise ListeningError("Unknown purpose.", fields={"purpose": ["Unknown purpose."]})
    clash = KeywordFamily.objects.filter(name=name)
    if family is not None:
        clash = clash.exclude(pk=family.pk)
    if clash.exists():
        msg = MSG_FAMILY_EXISTS.format(name=name)
        raise ListeningError(msg, fields={"name": [msg]})
    values = {"name": name, "terms": cleaned, "purpose": purpose, "description": description.strip(), "pilot": pilot}
    if family is None:
        with _unique_name(MSG_FAMILY_EXISTS.format(name=name)):
            family = KeywordFamily.objects.create(created_by=actor, created_at=now, updated_at=now, **values)
        audit_record(actor=actor, verb="family.created", target=family, data={"terms": len(cleaned)}, now=now)
        return family
    if family.name != name:
        users = searches_using_family(family.name)
        if users:
            msg = MSG_FAMILY_IN_USE.format(name=family.name, searches=", ".join(s.name for s in users))
            raise ConflictError(msg, fields={"name": [msg]})
    changes = changed_fields(family, values)
    if changes:
        family.updated_at = now
        family.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, verb="family.changed", target=family, data={"changes": changes}, now=now)
    return family


@transaction.atomic
def family_delete(*, actor: User, family: KeywordFamily) -> None:
    _require_hr(actor)
    users = searches_using_family(family.name)
    if users:
        raise ConflictError(MSG_FAMILY_IN_USE.format(name=family.name, searches=", ".join(s.name for s in users)))
    audit_record(actor=actor, verb="family.deleted", target=family)
    family.delete()


# --- searches --------------------------------------------------------------------------------


def families_map() -> dict[str, list[str]]:
    return {name: list(terms) for name, terms in KeywordFamily.objects.values_list("name", "terms")}


def compile_query(text: str, families: dict[str, list[str]] | None = None) -> q.Node:
    """Parse and expand a query; raises QuerySyntaxError (position and reason) when it is refused."""
    node = q.parse(text)
    return q.expand(node, families if families is not None else families_map())


def _sync_schedule(search: Search) -> None:
    """Keep the search's django-celery-beat task in step with its schedule (editable in the UI)."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    wanted = search.is_active and search.schedule_hours
    task = search.periodic_task
    if not wanted:
        if task is not None:
            search.periodic_task = None
            search.save(update_fields=["periodic_task"])
            task.delete()
        return
    interval, _ = IntervalSchedule.objects.get_or_create(every=search.schedule_hours, period=IntervalSchedule.HOURS)
    if task is None:
        task = PeriodicTask.objects.create(
            name=f"listening: search {search.pk}",
            task="listening.run_search",
            interval=interval,
            args=json.dumps([search.pk]),
            enabled=True,
        )
        search.periodic_task = task
        search.save(update_fields=["periodic_task"])
    elif task.interval_id != interval.pk or not task.enabled:
        task.interval = interval
        task.enabled = True
        task.save()


@transaction.atomic
def search_save(
    *,
    actor: User,
    search: Search | None = None,
    name: str,
    query: str,
    sources: Sequence[Source],
    purpose: str = Purpose.PROFILE,
    pilot: Pilot | None = None,
    is_active: bool = True,
    schedule_hours: int | None = None,
    now: dt.datetime | None = None,
) -> Search:
    """Create or change a search. A query that does not parse is refused with position and reason."""
    _require_hr(actor)
    now = now or timezone.now()
    name = name.strip()
    compile_query(query)  # QuerySyntaxError carries fields={"query": [...]}
    if not sources:
        raise ListeningError(MSG_SEARCH_NO_SOURCE, fields={"sources": [MSG_SEARCH_NO_SOURCE]})
    if schedule_hours is not None and not 1 <= schedule_hours <= 720:
        raise ListeningError(MSG_SCHEDULE, fields={"schedule_hours": [MSG_SCHEDULE]})
    if purpose not in Purpose.values:
        raise ListeningError("Unknown purpose.", fields={"purpose": ["Unknown purpose."]})
    clash = Search.objects.filter(name__iexact=name)
    if search is not None:
        clash = clash.exclude(pk=search.pk)
    if not name or clash.exists():
        msg = MSG_SEARCH_EXISTS.format(name=name) if name else "Give the search a name."
        raise ListeningError(msg, fields={"name": [msg]})
    values = {
        "name": name,
        "query": query.strip(),
        "purpose": purpose,
        "pilot": pilot,
        "is_active": is_active,
        "schedule_hours": schedule_hours,
    }
    if search is None:
        with _unique_name(MSG_SEARCH_EXISTS.format(name=name)):
            search = Search.objects.create(created_by=actor, created_at=now, updated_at=now, **values)
        search.sources.set(sources)
        audit_record(actor=actor, verb="search.created", target=search, data={"query": search.query}, now=now)
    else:
        changes = changed_fields(search, values)
        old_sources = set(search.sources.values_list("pk", flat=True))
        new_sources = {s.pk for s in sources}
        if old_sources != new_sources:
            changes["sources"] = [sorted(old_sources), sorted(new_sources)]
            search.sources.set(sources)
        if changes:
            search.updated_at = now
            search.save(update_fields=[*(f for f in changes if f != "sources"), "updated_at"])
            audit_record(actor=actor, verb="search.changed", target=search, data={"changes": changes}, now=now)
    _sync_schedule(search)
    return search


def search_digest_set(*, search: Search, user: User, opt_in: bool) -> None:
    """Subscribe ``user`` to (or off) the digest of new relevant conversations of ``search``.
    A personal preference: anyone who may see the search may set it for themselves."""
    if opt_in:
        search.digest_opt_in.add(user)
    else:
        search.digest_opt_in.remove(user)


@transaction.atomic
def search_delete(*, actor: User, search: Search) -> None:
    _require_hr(actor)
    audit_record(actor=actor, verb="search.deleted", target=search)
    task = search.periodic_task
    search.delete()
    if task is not None:
        task.delete()


# --- sources ---------------------------------------------------------------------------------


def clean_source_config(kind: str, config: dict[str, Any]) -> dict[str, Any]:
    try:
        connector = get_connector(kind)
    except UnknownConnectorError as exc:
        raise ListeningError(exc.message, fields={"kind": [exc.message]}) from exc
    try:
        return connector.validate_config(dict(config))
    except ConnectorConfigError as exc:
        raise ListeningError(exc.message, fields={f"config.{k}": v for k, v in exc.fields.items()}) from exc


@transaction.atomic
def source_save(
    *,
    actor: User,
    source: Source | None = None,
    name: str,
    kind: str,
    config: dict[str, Any],
    venue: Venue | None = None,
    is_active: bool = True,
    now: dt.datetime | None = None,
) -> Source:
    _require_hr(actor)
    name = name.strip()
    cleaned = clean_source_config(kind, config)
    clash = Source.objects.filter(name__iexact=name)
    if source is not None:
        clash = clash.exclude(pk=source.pk)
    if not name or clash.exists():
        msg = MSG_SOURCE_EXISTS.format(name=name) if name else "Give the source a name."
        raise ListeningError(msg, fields={"name": [msg]})
    values = {"name": name, "kind": kind, "config": cleaned, "venue": venue, "is_active": is_active}
    if source is None:
        with _unique_name(MSG_SOURCE_EXISTS.format(name=name)):
            source = Source.objects.create(created_by=actor, created_at=now or timezone.now(), **values)
        audit_record(actor=actor, verb="source.created", target=source, data={"kind": kind}, now=now)
        return source
    changes = changed_fields(source, values)
    if changes:
        if "config" in changes or "kind" in changes:
            source.state = {}  # a new address starts afresh: no stale ETag or cursor
        source.save(update_fields=[*changes, "state"])
        audit_record(actor=actor, verb="source.changed", target=source, data={"changes": list(changes)}, now=now)
    return source


@transaction.atomic
def source_resume(*, actor: User, source: Source, now: dt.datetime | None = None) -> Source:
    """Take a paused source back into the runs, with its failure count reset."""
    _require_hr(actor)
    Source.objects.filter(pk=source.pk).update(health=Source.Health.OK, consecutive_failures=0, last_error="")
    source.refresh_from_db()
    audit_record(actor=actor, verb="source.resumed", target=source, now=now)
    return source


MSG_SOURCE_RUNNING = "A search is reading this source right now; delete it once the run has finished."
MSG_SOURCE_KEPT = (
    "{n} conversation(s) from this source were marked relevant or engaged, or linked to a person. "
    "Deleting the source would delete them too: deactivate it instead."
)


@transaction.atomic
def source_delete(*, actor: User, source: Source) -> None:
    """Delete a source and the conversations nobody kept. Refused while a run reads it or while
    conversations worth keeping came from it (retention promises to keep those)."""
    _require_hr(actor)
    Source.objects.select_for_update().filter(pk=source.pk).first()
    if source.run_results.filter(run__status=SearchRun.Status.RUNNING).exists():
        raise ConflictError(MSG_SOURCE_RUNNING)
    kept = source.conversations.kept().count()
    if kept:
        raise ConflictError(MSG_SOURCE_KEPT.format(n=kept))
    audit_record(actor=actor, verb="source.deleted", target=source)
    source.delete()


# --- runs ------------------------------------------------------------------------------------


@transaction.atomic
def run_start(*, search: Search, actor: User | None = None, now: dt.datetime | None = None) -> SearchRun:
    """Start a run: one SearchRunSource per source, and one fetch task each once this commits.

    Returns at once; the page polls the run for progress. Paused or inactive sources are
    recorded as skipped, so the run says why they were not read."""
    if actor is not None and not actor.is_hr_lead:
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
            error=""
            if s in readable
            else ("Source paused after repeated failures" if s.is_active else "Source inactive"),
        )
        for s in sources
    )
    if actor is not None:
        audit_record(actor=actor, verb="search.run_started", target=search, now=now)
    pending = [r.pk for r in results if r.status == SearchRunSource.Status.PENDING]
    transaction.on_commit(lambda: _enqueue(pending))
    return run


def _enqueue(result_ids: list[int]) -> None:
    from kombu.exceptions import OperationalError

    from . import tasks

    for result_id in result_ids:
        try:
            tasks.fetch_source.delay(result_id)
        except OperationalError:
            # The row stays pending and says why; run_resume_stale (beat) enqueues it again.
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


def active_matcher(source: Source) -> tuple[CompiledMatcher, dict[int, Search]]:
    """Every active search that reads ``source``, compiled together. Searches whose query no
    longer compiles (a family changed since) are left out and logged."""
    families = families_map()
    searches = {s.pk: s for s in Search.objects.filter(is_active=True, sources=source)}
    nodes = {}
    for pk, search in searches.items():
        try:
            nodes[pk] = compile_query(search.query, families)
        except q.QuerySyntaxError as exc:
            logger.warning("search %s skipped: %s", pk, exc.message)
    return CompiledMatcher(nodes), {pk: searches[pk] for pk in nodes}


def match_text(post: Post | Conversation) -> str:
    return f"{post.title}\n\n{post.text}" if post.title else post.text


class StoreResult(NamedTuple):
    matched: int  # posts matched by ``search_id`` (by any search when None)
    stored: int  # conversations created now
    new: int  # posts of this source not stored before (matched or not)


class UploadResult(NamedTuple):
    rows: int
    matched: int
    stored: int


def posts_store(
    *, source: Source, posts: Sequence[Post], search_id: int | None = None, now: dt.datetime | None = None
) -> StoreResult:
    """Store the posts that match an active search reading ``source``; link them to the searches
    they match. Returns (matched by ``search_id`` or by any search when None, newly stored)."""
    now = now or timezone.now()
    matcher, searches = active_matcher(source)
    matched_posts: list[tuple[Post, dict[int, list[tuple[int, int]]]]] = []
    for post in posts:
        found = matcher.match(match_text(post))
        if found:
            matched_posts.append((post, found))
    matched = sum(1 for _, found in matched_posts if search_id is None or search_id in found)
    all_ids = {p.external_id for p in posts}
    known = set(
        Conversation.objects.filter(source=source, external_id__in=all_ids).values_list("external_id", flat=True)
    )
    new = len(all_ids - known)
    if not matched_posts:
        return StoreResult(matched, 0, new)
    ids = [p.external_id for p, _ in matched_posts]
    existing = known & set(ids)
    Conversation.objects.bulk_create(
        [
            Conversation(
                source=source,
                external_id=post.external_id,
                venue_id=source.venue_id,
                url=post.url[:2000],
                title=post.title[:500],
                text=post.text,
                author=post.author[:200],
                author_handle=post.author_handle[:200],
                author_url=post.author_url[:2000],
                published_at=post.published_at,
                found_at=now,
            )
            for post, _ in matched_posts
            if post.external_id not in existing
        ],
        ignore_conflicts=True,
    )
    by_external = dict(Conversation.objects.filter(source=source, external_id__in=ids).values_list("external_id", "pk"))
    ConversationMatch.objects.bulk_create(
        [
            ConversationMatch(conversation_id=by_external[post.external_id], search_id=sid, spans=spans, matched_at=now)
            for post, found in matched_posts
            if post.external_id in by_external
            for sid, spans in found.items()
            if sid in searches
        ],
        ignore_conflicts=True,
    )
    stored = len(set(by_external) - existing)
    return StoreResult(matched, stored, new)


class RetryLater(Exception):
    """A transient fetch error: the task retries with backoff (it carries the message)."""


def run_fetch_source(
    *, result_id: int, final_attempt: bool = False, client: HttpClient | None = None, now: dt.datetime | None = None
) -> None:
    """Fetch one source of one run and record the outcome. Safe to call twice."""
    with transaction.atomic():
        result = (
            SearchRunSource.objects.select_for_update(of=("self",))
            .select_related("source", "run")
            .filter(pk=result_id)
            .first()
        )
        if result is None or result.status in SearchRunSource.FINISHED:
            return
        SearchRunSource.objects.filter(pk=result_id).update(
            status=SearchRunSource.Status.RUNNING, attempts=F("attempts") + 1
        )
    source = result.source
    started = time.monotonic()
    try:
        connector = get_connector(source.kind)
        fetched: FetchResult = connector.fetch(source.config, state=source.state or {}, client=client or HttpClient())
    except FetchError as exc:
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
    now = now or timezone.now()
    with transaction.atomic():
        matched, stored, new = posts_store(source=source, posts=fetched.posts, search_id=result.run.search_id, now=now)
        SearchRunSource.objects.filter(pk=result_id).update(
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


# --- uploads ---------------------------------------------------------------------------------


@transaction.atomic
def upload_import(
    *, actor: User, source: Source, data: bytes, filename: str, now: dt.datetime | None = None
) -> UploadResult:
    """Store an uploaded export (CSV/JSON) into an upload source. All rows are checked first
    (UploadError lists each bad row); nothing is stored unless every row is good."""
    from .connectors.upload import UploadError, parse_upload

    _require_hr(actor)
    try:
        posts = parse_upload(data, filename=filename)
    except UploadError as exc:
        raise ListeningError(str(exc), fields={"file": [str(exc)]}) from exc
    matched, stored, _ = posts_store(source=source, posts=posts, now=now)
    audit_record(
        actor=actor, verb="source.uploaded", target=source, data={"rows": len(posts), "stored": stored}, now=now
    )
    return UploadResult(len(posts), matched, stored)


# --- triage ----------------------------------------------------------------------------------


def _require_triager(actor: User) -> None:
    if not (actor.is_hr_lead or actor.is_contributor):
        raise ForbiddenError(MSG_TRIAGE)


@transaction.atomic
def conversations_triage(
    *, actor: User, conversations: Sequence[Conversation], status: str, now: dt.datetime | None = None
) -> int:
    """Set the triage status of one or many conversations (bulk actions use the same function)."""
    _require_triager(actor)
    if status not in Conversation.Status.values:
        raise ListeningError(MSG_STATUS.format(status=status), fields={"status": [MSG_STATUS.format(status=status)]})
    now = now or timezone.now()
    ids = [c.pk for c in conversations]
    count = Conversation.objects.filter(pk__in=ids).update(status=status, triaged_by=actor, triaged_at=now)
    audit_record(
        actor=actor,
        verb="conversation.triaged",
        target_type="listening.conversation",
        target_id=",".join(map(str, ids[:50])),
        data={"status": status, "count": count},
        now=now,
    )
    return count


@transaction.atomic
def conversations_assign(
    *, actor: User, conversations: Sequence[Conversation], assignee: User | None, now: dt.datetime | None = None
) -> int:
    _require_triager(actor)
    if assignee is not None and not (assignee.is_active and (assignee.is_hr_lead or assignee.is_contributor)):
        raise ListeningError(MSG_ASSIGNEE, fields={"assignee": [MSG_ASSIGNEE]})
    ids = [c.pk for c in conversations]
    count = Conversation.objects.filter(pk__in=ids).update(assignee=assignee)
    audit_record(
        actor=actor,
        verb="conversation.assigned",
        target_type="listening.conversation",
        target_id=",".join(map(str, ids[:50])),
        data={"assignee": assignee.pk if assignee else None, "count": count},
        now=now,
    )
    return count


@transaction.atomic
def conversation_link_person(
    *, actor: User, conversation: Conversation, person: Person | None, now: dt.datetime | None = None
) -> Conversation:
    """Link a conversation to a person (an existing one, found by handle, or one just created
    through people.services.person_create), or unlink it with person=None."""
    _require_triager(actor)
    old = conversation.person_id
    conversation.person = person
    conversation.save(update_fields=["person"])
    audit_record(
        actor=actor,
        verb="conversation.linked" if person else "conversation.unlinked",
        target=conversation,
        data={"person": [old, person.pk if person else None]},
        now=now,
    )
    return conversation


@transaction.atomic
def conversation_link_new_person(
    *,
    actor: User,
    conversation: Conversation,
    data: Any,
    allow_same_name: bool = False,
    now: dt.datetime | None = None,
) -> Person:
    """Create a person from the conversation's author (people.services.person_create, with its
    duplicate detection) and link the conversation to them, both or neither."""
    from people.services import person_create

    _require_triager(actor)
    person = person_create(actor=actor, data=data, allow_same_name=allow_same_name)
    conversation_link_person(actor=actor, conversation=conversation, person=person, now=now)
    return person


def person_matching_author(conversation: Conversation) -> Person | None:
    """A person on file whose handle or profile URL is this conversation's author, if any."""
    from people.models import SocialHandle
    from people.services import canonical_profile_url

    filters = Q()
    profile = canonical_profile_url(conversation.author_url) if conversation.author_url else None
    if profile:
        filters |= Q(profile_url__iexact=profile)
    if conversation.author_handle:
        filters |= Q(handle__iexact=conversation.author_handle.lstrip("@"))
    if not filters:
        return None
    handle = SocialHandle.objects.filter(filters).select_related("person").first()
    return handle.person if handle else None


# --- retention -------------------------------------------------------------------------------


def conversations_purge(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Delete conversations older than the retention period that nobody marked relevant or
    engaged and that are linked to no person."""
    days = days if days is not None else settings.LISTENING_RETENTION_DAYS
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    kept = Conversation.objects.kept().values("pk")
    _, per_model = Conversation.objects.filter(found_at__lt=cutoff).exclude(pk__in=kept).delete()
    return per_model.get(Conversation._meta.label, 0)


__all__ = [
    "ListeningError",
    "RetryLater",
    "compile_query",
    "conversation_link_person",
    "conversations_assign",
    "conversations_purge",
    "conversations_triage",
    "digest_send_relevant",
    "family_delete",
    "family_save",
    "posts_store",
    "run_fetch_source",
    "run_resume_stale",
    "run_start",
    "search_delete",
    "search_digest_set",
    "search_save",
    "source_resume",
    "source_save",
    "upload_import",
]


# --- the opt-in digest of relevant conversations ---------------------------------------------

DIGEST_VERB = "listening.digest_sent"
DIGEST_FIRST_WINDOW = dt.timedelta(days=1)
DIGEST_MAX_ITEMS = 50


def _digest_since(user: User, now: dt.datetime) -> dt.datetime:
    """The end of the user's last digest window (recorded on its audit event), or a day ago."""
    from accounts.models import AuditEvent

    last = (
        AuditEvent.objects.filter(verb=DIGEST_VERB, target_type="accounts.user", target_id=str(user.pk))
        .order_by("-created_at", "-id")
        .first()
    )
    if last is not None:
        try:
            return dt.datetime.fromisoformat(str(last.data["until"]))
        except (KeyError, TypeError, ValueError):
            pass
    return now - DIGEST_FIRST_WINDOW


def digest_send_relevant(*, now: dt.datetime | None = None) -> int:
    """Email each active user who opted in to a search's digest one message listing the
    conversations of those searches (that they may see) triaged relevant or engaged since their
    last digest. Each digest is recorded as an audit event whose ``until`` starts the next window,
    so running twice sends nothing twice; nobody gets an empty email. Returns the emails sent."""
    from django.core.mail import send_mail
    from django.urls import reverse

    from .access import visible_conversations

    now = now or timezone.now()
    user_ids = sorted(
        set(
            Search.objects.filter(is_active=True, digest_opt_in__is_active=True).values_list("digest_opt_in", flat=True)
        )
    )
    sent = 0
    for user_id in user_ids:
        with transaction.atomic():
            # The lock makes two overlapping runs take turns: the second sees the first's record.
            user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
            if user is None:
                continue
            since = _digest_since(user, now)
            if since >= now:
                continue
            searches = Search.objects.filter(digest_opt_in=user, is_active=True)
            conversations = list(
                visible_conversations(user)
                .filter(
                    status__in=[Conversation.Status.RELEVANT, Conversation.Status.ENGAGED],
                    triaged_at__gte=since,
                    triaged_at__lt=now,
                    pk__in=ConversationMatch.objects.filter(search__in=searches).values("conversation_id"),
                )
                .order_by("-triaged_at", "-id")[: DIGEST_MAX_ITEMS + 1]
            )
            if not conversations:
                continue
            shown = conversations[:DIGEST_MAX_ITEMS]
            lines = [
                f"- {c.title or c.text[:80]}" + (f" ({c.venue.name})" if c.venue else "") + "\n  "
                f"{settings.SITE_URL}{reverse('listening:conversation_detail', args=[c.pk])}"
                for c in shown
            ]
            more = "\n…and more in the inbox." if len(conversations) > DIGEST_MAX_ITEMS else ""
            body = (
                f"Conversations marked relevant since {timezone.localtime(since):%d %b %Y %H:%M}:\n\n"
                + "\n".join(lines)
                + more
                + f"\n\nInbox: {settings.SITE_URL}{reverse('listening:index')}?status=all\n"
                "You get this email because you opted in to a search's digest; opt out on the search's page.\n"
            )
            send_mail(
                subject=f"{len(shown)} relevant conversation{'s' if len(shown) != 1 else ''} found by your searches",
                message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
            audit_record(
                actor=None,
                verb=DIGEST_VERB,
                target=user,
                data={"since": since.isoformat(), "until": now.isoformat(), "conversations": [c.pk for c in shown]},
                now=now,
            )
            sent += 1
    return sent
