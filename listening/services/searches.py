"""Searches: a boolean query over sources, with the beat schedule that runs it, and each reader's
opt-in to its digest."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from programs.models import Pilot

from ..models import Purpose, Search, Source
from ..selectors import compile_query
from .common import MSG_PURPOSE, ListeningError, require_hr, unique_name

MSG_SEARCH_EXISTS = "A search called {name!r} already exists."
MSG_SEARCH_NAME = "Give the search a name."
MSG_SEARCH_NO_SOURCE = "Choose at least one source to search."
MSG_SCHEDULE = "Run every 1 to 720 hours, or leave it empty to run only by hand."
RUN_SEARCH_TASK = "listening.run_search"  # the beat task's name (listening.tasks.run_search)


def _sync_schedule(search: Search) -> None:
    """Keep the search's django-celery-beat task in step with its schedule (editable in the UI)."""
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
            task=RUN_SEARCH_TASK,
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


def _check_search(
    *, search: Search | None, name: str, sources: Sequence[Source], purpose: str, schedule_hours: int | None
) -> None:
    if not sources:
        raise ListeningError(MSG_SEARCH_NO_SOURCE, fields={"sources": [MSG_SEARCH_NO_SOURCE]})
    if schedule_hours is not None and not 1 <= schedule_hours <= 720:
        raise ListeningError(MSG_SCHEDULE, fields={"schedule_hours": [MSG_SCHEDULE]})
    if purpose not in Purpose.values:
        raise ListeningError(MSG_PURPOSE, fields={"purpose": [MSG_PURPOSE]})
    clash = Search.objects.filter(name__iexact=name)
    if search is not None:
        clash = clash.exclude(pk=search.pk)
    if not name or clash.exists():
        msg = MSG_SEARCH_EXISTS.format(name=name) if name else MSG_SEARCH_NAME
        raise ListeningError(msg, fields={"name": [msg]})


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
    require_hr(actor)
    now = now or timezone.now()
    name = name.strip()
    compile_query(query)  # QuerySyntaxError carries fields={"query": [...]}
    _check_search(search=search, name=name, sources=sources, purpose=purpose, schedule_hours=schedule_hours)
    query = query.strip()
    if search is None:
        with unique_name(MSG_SEARCH_EXISTS.format(name=name)):
            search = Search.objects.create(
                name=name,
                query=query,
                purpose=purpose,
                pilot=pilot,
                is_active=is_active,
                schedule_hours=schedule_hours,
                created_by=actor,
                created_at=now,
                updated_at=now,
            )
        search.sources.set(sources)
        audit_record(actor=actor, verb="search.created", target=search, data={"query": search.query}, now=now)
    else:
        changes = changed_fields(
            search,
            {
                "name": name,
                "query": query,
                "purpose": purpose,
                "pilot": pilot,
                "is_active": is_active,
                "schedule_hours": schedule_hours,
            },
        )
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
    require_hr(actor)
    audit_record(actor=actor, verb="search.deleted", target=search)
    task = search.periodic_task
    search.delete()
    if task is not None:
        task.delete()
