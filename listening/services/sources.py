"""Sources: a connector and its settings; resuming a paused one; deleting one nobody kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError
from programs.models import Venue

from ..connectors import ConnectorConfigError, UnknownConnectorError, get_connector
from ..models import SearchRun, Source
from .common import ListeningError, require_hr, unique_name

MSG_SOURCE_EXISTS = "A source called {name!r} already exists."
MSG_SOURCE_NAME = "Give the source a name."
MSG_SOURCE_RUNNING = "A search is reading this source right now; delete it once the run has finished."
MSG_SOURCE_KEPT = (
    "{n} conversation(s) from this source were marked relevant or engaged, or linked to a person. "
    "Deleting the source would delete them too: deactivate it instead."
)


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
    require_hr(actor)
    name = name.strip()
    cleaned = clean_source_config(kind, config)
    clash = Source.objects.filter(name__iexact=name)
    if source is not None:
        clash = clash.exclude(pk=source.pk)
    if not name or clash.exists():
        msg = MSG_SOURCE_EXISTS.format(name=name) if name else MSG_SOURCE_NAME
        raise ListeningError(msg, fields={"name": [msg]})
    if source is None:
        with unique_name(MSG_SOURCE_EXISTS.format(name=name)):
            source = Source.objects.create(
                name=name,
                kind=kind,
                config=cleaned,
                venue=venue,
                is_active=is_active,
                created_by=actor,
                created_at=now or timezone.now(),
            )
        audit_record(actor=actor, verb="source.created", target=source, data={"kind": kind}, now=now)
        return source
    changes = changed_fields(
        source, {"name": name, "kind": kind, "config": cleaned, "venue": venue, "is_active": is_active}
    )
    if changes:
        if "config" in changes or "kind" in changes:
            source.state = {}  # a new address starts afresh: no stale ETag or cursor
        source.save(update_fields=[*changes, "state"])
        audit_record(actor=actor, verb="source.changed", target=source, data={"changes": list(changes)}, now=now)
    return source


@transaction.atomic
def source_resume(*, actor: User, source: Source, now: dt.datetime | None = None) -> Source:
    """Take a paused source back into the runs, with its failure count reset."""
    require_hr(actor)
    Source.objects.filter(pk=source.pk).update(health=Source.Health.OK, consecutive_failures=0, last_error="")
    source.refresh_from_db()
    audit_record(actor=actor, verb="source.resumed", target=source, now=now)
    return source


@transaction.atomic
def source_delete(*, actor: User, source: Source) -> None:
    """Delete a source and the conversations nobody kept. Refused while a run reads it or while
    conversations worth keeping came from it (retention promises to keep those)."""
    require_hr(actor)
    Source.objects.select_for_update().filter(pk=source.pk).first()
    if source.run_results.filter(run__status=SearchRun.Status.RUNNING).exists():
        raise ConflictError(MSG_SOURCE_RUNNING)
    kept = source.conversations.kept().count()
    if kept:
        raise ConflictError(MSG_SOURCE_KEPT.format(n=kept))
    audit_record(actor=actor, verb="source.deleted", target=source)
    source.delete()
