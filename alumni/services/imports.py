"""Alumni imports: preview a file, then import it all or nothing; large files in the background.

- ``alumni_import_preview``: an HR lead uploads an HRIS leavers file or LinkedIn's Connections.csv for
  a Stage 2 pilot. Every row is read and checked; the preview is stored (status previewed, the
  file's sha256, its text, its row count, every bad row by number and column) with what the
  import would do: how many people it would create, update, leave unchanged, or hold as doubtful
  (alumni.services.import_batches says how rows are matched). The same file already imported
  (or being imported) for the pilot is refused with a link to that import.
- ``alumni_import_confirm``: a file with any bad row cannot be imported. A small file (at most
  ``ALUMNI_IMPORT_BACKGROUND_ROWS`` rows, default 500) is imported in the request's transaction:
  all or nothing. A larger one is queued for the task "alumni.import_run" (after the commit).
- ``alumni_import_run`` (the task): imports in batches of ``ALUMNI_IMPORT_BATCH_ROWS`` (default 1,000)
  rows, one transaction each, advancing ``processed_rows`` (the progress bar). Each batch is
  claimed once (core.jobs.claim_once, key "import=<id>:batch=<n>") under a lock on the import,
  so two workers never both write it. The file was fully validated at the preview, so the
  background path writes only valid rows; a crash mid-way leaves the batches already committed,
  and the import resumes from ``processed_rows`` (the task is redelivered, or an HR lead presses
  "Resume" once it has been quiet for ``ALUMNI_IMPORT_STALE_MINUTES``, default 10). Re-running a
  batch is harmless: matched rows with the same values are unchanged. An unexpected error marks
  the import failed with its text; "Resume" continues it.
- ``import_match_resolve``: a doubtful row is merged into the likely person, added as a new
  person, or skipped; each decision is audited and counted on the import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter
from collections.abc import Iterator
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import ConflictError, DomainError, ForbiddenError
from core.jobs import claim_once, claims
from programs.models import Pilot
from recruiting.services.openings import enqueue

from ..access import can_manage, stage_pilots
from ..imports import ImportFileError, ImportReader, ImportRow, decode
from ..models import AlumniImport, ImportKind, ImportMatch, ImportStatus, MatchResolution
from .import_batches import CREATE, DOUBTFUL, UNCHANGED, UPDATE, Plan, Writer, changes_for, count, plan_batch, snapshots

logger = logging.getLogger(__name__)

RUN_TASK = "alumni.import_run"
BATCH_KIND = "alumni.import_batch"
MAX_LISTED_ERRORS = 1000
PREVIEW_ROWS = 20

MSG_MANAGE = "Only HR leads import alumni."
MSG_PILOT = "Choose a Stage 2 pilot you run."
MSG_KIND = "Choose the kind of file: an HRIS leavers file or LinkedIn's Connections.csv."
MSG_ALREADY_DONE = "This file was already imported for {pilot} on {date}: importing it again would change nothing."
MSG_ALREADY_RUNNING = "This file is already being imported for {pilot}."
MSG_HAS_ERRORS = "The file has bad rows: nothing can be imported from it. Upload a corrected file."
MSG_NOT_PREVIEWED = "This import is {status}: only a previewed import can be started."
MSG_NOT_CANCELLABLE = "This import is {status}: only a previewed import can be cancelled."
MSG_NOT_RESUMABLE = "This import is {status}: only a failed or a stalled import can be resumed."
MSG_NOT_STALE = "This import made progress in the last {minutes} minutes: it is still running."
MSG_RESOLVED = "Row {row} was already resolved ({resolution})."
MSG_RESOLUTION = "Choose merge, new or skip."
MSG_ERASED = "That person's data was erased: add the row as a new person or skip it."
MSG_MORE_ERRORS = "… and {count:,} more problems not listed."

PHRASES: dict[str, str] = {
    "imports.previewed": "Previewed the alumni import {target}",
    "imports.confirmed": "Started the alumni import {target}",
    "imports.finished": "Finished the alumni import {target}",
    "imports.failed": "The alumni import {target} failed",
    "imports.cancelled": "Cancelled the alumni import {target}",
    "imports.resumed": "Resumed the alumni import {target}",
    "imports.match_resolved": "Resolved a doubtful row of the alumni import {target}",
    "imports.matches_viewed": "Viewed the doubtful rows of the alumni import {target}",
}


class AlreadyImportedError(ConflictError):
    """The same file (same sha256) was imported, or is being imported, for the pilot."""

    code = "already_imported"

    def __init__(self, message: str, *, earlier: AlumniImport) -> None:
        super().__init__(message, fields={"file": [message], "earlier": [earlier.pk]})
        self.earlier = earlier


def background_rows() -> int:
    return int(getattr(settings, "ALUMNI_IMPORT_BACKGROUND_ROWS", 500))


def batch_rows() -> int:
    return int(getattr(settings, "ALUMNI_IMPORT_BATCH_ROWS", 1000))


def stale_minutes() -> int:
    return int(getattr(settings, "ALUMNI_IMPORT_STALE_MINUTES", 10))


def _require_manager(actor: User) -> None:
    if not can_manage(actor):
        raise ForbiddenError(MSG_MANAGE)


def _batches(rows: Iterator[ImportRow], size: int) -> Iterator[list[ImportRow]]:
    while batch := list(islice(rows, size)):
        yield batch


def _check_not_imported(pilot: Pilot, sha256: str, *, exclude: int | None = None) -> None:
    earlier_qs = AlumniImport.objects.filter(
        pilot=pilot, sha256=sha256, status__in=[ImportStatus.DONE, ImportStatus.QUEUED, ImportStatus.RUNNING]
    ).order_by("created_at")
    if exclude is not None:
        earlier_qs = earlier_qs.exclude(pk=exclude)
    earlier = earlier_qs.first()
    if earlier is None:
        return
    if earlier.status == ImportStatus.DONE:
        when = timezone.localdate(earlier.finished_at or earlier.created_at).isoformat()
        raise AlreadyImportedError(MSG_ALREADY_DONE.format(pilot=pilot.name, date=when), earlier=earlier)
    raise AlreadyImportedError(MSG_ALREADY_RUNNING.format(pilot=pilot.name), earlier=earlier)


def _listed_errors(reader: ImportReader) -> list[dict[str, object]]:
    errors: list[dict[str, object]] = [e.as_dict() for e in reader.errors[:MAX_LISTED_ERRORS]]
    if len(reader.errors) > MAX_LISTED_ERRORS:
        more = len(reader.errors) - MAX_LISTED_ERRORS
        errors.append({"row": None, "column": "", "message": MSG_MORE_ERRORS.format(count=more)})
    return errors


@transaction.atomic
def alumni_import_preview(
    *, actor: User, pilot: Pilot, kind: str, file_name: str, data: bytes, now: dt.datetime | None = None
) -> AlumniImport:
    """Read and check the whole file and store the preview (nothing else is written)."""
    _require_manager(actor)
    if kind not in ImportKind.values:
        raise DomainError(MSG_KIND, fields={"kind": [MSG_KIND]})
    if not stage_pilots(actor).filter(pk=pilot.pk).exists():
        raise DomainError(MSG_PILOT, fields={"pilot": [MSG_PILOT]})
    now = now or timezone.now()
    text = decode(data)
    sha256 = hashlib.sha256(data).hexdigest()
    _check_not_imported(pilot, sha256)
    reader = ImportReader(kind, text)
    outcomes: Counter[str] = Counter()
    for batch in _batches(iter(reader), batch_rows()):
        if not reader.errors:  # once a row is bad nothing will be imported: only read on
            outcomes += count(plan_batch(batch, pilot=pilot))
    bad = bool(reader.errors)
    imp = AlumniImport.objects.create(
        pilot=pilot,
        kind=kind,
        file_name=(file_name or "upload.csv")[:255],
        sha256=sha256,
        content="" if bad else text,  # a file with bad rows can never run: its text is not kept
        total_rows=reader.total_rows,
        created_count=0 if bad else outcomes[CREATE],
        updated_count=0 if bad else outcomes[UPDATE],
        unchanged_count=0 if bad else outcomes[UNCHANGED],
        doubtful_count=0 if bad else outcomes[DOUBTFUL],
        errors=_listed_errors(reader),
        created_by=actor,
        created_at=now,
    )
    data_ = {"kind": kind, "rows": imp.total_rows, "bad_rows": len({e.row for e in reader.errors})}
    audit_record(actor=actor, verb="imports.previewed", target=imp, data=data_, now=now)
    return imp


def preview_plans(imp: AlumniImport, limit: int = PREVIEW_ROWS) -> list[Plan]:
    """The first rows of a previewed file with what importing them would do (a few queries)."""
    if not imp.content or imp.errors:
        return []
    rows = list(islice(iter(ImportReader(imp.kind, imp.content, validated=True)), limit))
    return plan_batch(rows, pilot=imp.pilot)


@transaction.atomic
def alumni_import_confirm(*, actor: User, alumni_import: AlumniImport, now: dt.datetime | None = None) -> AlumniImport:
    """Import a previewed file: at once when small (all or nothing), else in the background."""
    _require_manager(actor)
    imp = alumni_import
    if imp.errors:
        raise DomainError(MSG_HAS_ERRORS)
    now = now or timezone.now()
    _check_not_imported(imp.pilot, imp.sha256, exclude=imp.pk)
    moved = AlumniImport.objects.filter(pk=imp.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED,
        processed_rows=0,
        created_count=0,
        updated_count=0,
        unchanged_count=0,
        doubtful_count=0,
    )
    if not moved:
        imp.refresh_from_db(fields=["status"])
        raise ConflictError(MSG_NOT_PREVIEWED.format(status=imp.get_status_display().lower()))
    imp.refresh_from_db()
    background = imp.total_rows > background_rows()
    audit_record(
        actor=actor, verb="imports.confirmed", target=imp, data={"background": background, "rows": imp.total_rows}
    )
    if background:
        enqueue(RUN_TASK, imp.pk)
        return imp
    AlumniImport.objects.filter(pk=imp.pk).update(status=ImportStatus.RUNNING, started_at=now)
    writer = Writer(imp, actor, now)
    start = 0
    for batch in _batches(iter(ImportReader(imp.kind, imp.content, validated=True)), batch_rows()):
        _write_batch(imp, writer, batch, start)
        start += len(batch)
    _finish(imp.pk, actor=actor, now=now)
    imp.refresh_from_db()
    return imp


def _write_batch(imp: AlumniImport, writer: Writer, batch: list[ImportRow], start: int) -> None:
    outcomes = writer.apply(plan_batch(batch, pilot=imp.pilot))
    AlumniImport.objects.filter(pk=imp.pk).update(
        processed_rows=start + len(batch),
        created_count=F("created_count") + outcomes[CREATE],
        updated_count=F("updated_count") + outcomes[UPDATE],
        unchanged_count=F("unchanged_count") + outcomes[UNCHANGED],
        doubtful_count=F("doubtful_count") + outcomes[DOUBTFUL],
    )


def _finish(pk: int, *, actor: User | None, now: dt.datetime) -> bool:
    """running → done (once: a second worker finishing too changes nothing). The file's text is
    dropped; its sha256 stays, so the same file is recognised."""
    if not AlumniImport.objects.filter(pk=pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.DONE, finished_at=now, content="", failure=""
    ):
        return False
    imp = AlumniImport.objects.get(pk=pk)
    counts = {
        "created": imp.created_count,
        "updated": imp.updated_count,
        "unchanged": imp.unchanged_count,
        "doubtful": imp.doubtful_count,
    }
    audit_record(actor=actor, verb="imports.finished", target=imp, data=counts, now=now)
    return True


def alumni_import_run(*, import_id: int, now: dt.datetime | None = None) -> str:
    """The background import (task "alumni.import_run"): batch after batch from
    ``processed_rows`` until the file is done. Returns what happened, for the log."""
    imp = AlumniImport.objects.filter(pk=import_id).first()
    if imp is None:
        return "gone"
    started = now or timezone.now()
    AlumniImport.objects.filter(pk=imp.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=started
    )
    rows = iter(ImportReader(imp.kind, imp.content, validated=True))
    position = 0
    try:
        while True:
            with transaction.atomic():
                # Without the text: it was read once above, not once per batch.
                locked = (
                    AlumniImport.objects.select_for_update(of=("self",))
                    .select_related("pilot", "created_by")
                    .defer("content")
                    .get(pk=imp.pk)
                )
                if locked.status != ImportStatus.RUNNING:
                    return locked.status
                start = locked.processed_rows
                if start >= locked.total_rows:
                    _finish(locked.pk, actor=None, now=now or timezone.now())
                    return ImportStatus.DONE
                size = batch_rows()
                if not claim_once(BATCH_KIND, f"import={locked.pk}:batch={start // size}", now=now):
                    return "claimed"  # another worker holds this batch
                if start < position:  # restarted behind us: read the file again
                    rows, position = iter(ImportReader(imp.kind, imp.content, validated=True)), 0
                for _ in islice(rows, start - position):
                    pass
                batch = list(islice(rows, size))
                position = start + len(batch)
                _write_batch(locked, Writer(locked, locked.created_by, now or timezone.now()), batch, start)
    except Exception as exc:
        logger.exception("alumni import %s failed", imp.pk)
        _fail(imp.pk, exc)
        return ImportStatus.FAILED


def _fail(pk: int, exc: Exception) -> None:
    text = f"{type(exc).__name__}: {exc}"[:2000] if not isinstance(exc, DomainError) else exc.message
    with transaction.atomic():
        AlumniImport.objects.filter(pk=pk, status=ImportStatus.RUNNING).update(status=ImportStatus.FAILED, failure=text)
        imp = AlumniImport.objects.filter(pk=pk).first()
        if imp is not None:
            audit_record(actor=None, verb="imports.failed", target=imp, data={"failure": text[:500]})


def last_activity(imp: AlumniImport) -> dt.datetime | None:
    """When the import last started or claimed a batch."""
    claimed = claims(BATCH_KIND, f"import={imp.pk}:").aggregate(last=Max("claimed_at"))["last"]
    moments = [m for m in (imp.started_at, claimed) if m is not None]
    return max(moments) if moments else None


def can_resume(imp: AlumniImport, *, now: dt.datetime | None = None) -> bool:
    """Failed, or running (or queued) with no progress for ``stale_minutes``."""
    if imp.status == ImportStatus.FAILED:
        return True
    if imp.status not in (ImportStatus.RUNNING, ImportStatus.QUEUED):
        return False
    last = last_activity(imp) or imp.created_at
    return (now or timezone.now()) - last >= dt.timedelta(minutes=stale_minutes())


@transaction.atomic
def alumni_import_resume(*, actor: User, alumni_import: AlumniImport, now: dt.datetime | None = None) -> AlumniImport:
    """Send a failed or stalled import to a worker again; it continues from ``processed_rows``."""
    _require_manager(actor)
    imp = AlumniImport.objects.select_for_update().get(pk=alumni_import.pk)
    now = now or timezone.now()
    if imp.status not in (ImportStatus.FAILED, ImportStatus.RUNNING, ImportStatus.QUEUED):
        raise ConflictError(MSG_NOT_RESUMABLE.format(status=imp.get_status_display().lower()))
    if not can_resume(imp, now=now):
        raise ConflictError(MSG_NOT_STALE.format(minutes=stale_minutes()))
    imp.status, imp.failure = ImportStatus.RUNNING, ""
    imp.started_at = imp.started_at or now
    imp.save(update_fields=["status", "failure", "started_at"])
    audit_record(actor=actor, verb="imports.resumed", target=imp, data={"from_row": imp.processed_rows}, now=now)
    enqueue(RUN_TASK, imp.pk)
    return imp


@transaction.atomic
def alumni_import_cancel(*, actor: User, alumni_import: AlumniImport, now: dt.datetime | None = None) -> AlumniImport:
    """Drop a preview that will not be imported (its text is deleted)."""
    _require_manager(actor)
    imp = alumni_import
    if not AlumniImport.objects.filter(pk=imp.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.CANCELLED, content="", finished_at=now or timezone.now()
    ):
        imp.refresh_from_db(fields=["status"])
        raise ConflictError(MSG_NOT_CANCELLABLE.format(status=imp.get_status_display().lower()))
    imp.refresh_from_db()
    audit_record(actor=actor, verb="imports.cancelled", target=imp, now=now)
    return imp


def pending_matches(imp: AlumniImport) -> QuerySet[ImportMatch]:
    return imp.matches.filter(resolution=MatchResolution.PENDING)


@transaction.atomic
def import_match_resolve(
    *, actor: User, match: ImportMatch, resolution: str, now: dt.datetime | None = None
) -> ImportMatch:
    """Merge a doubtful row into its likely person, add it as a new person, or skip it."""
    _require_manager(actor)
    if resolution not in (MatchResolution.MERGED, MatchResolution.NEW, MatchResolution.SKIPPED):
        raise DomainError(MSG_RESOLUTION, fields={"resolution": [MSG_RESOLUTION]})
    now = now or timezone.now()
    if resolution == MatchResolution.MERGED and match.person.erased_at is not None:
        raise ConflictError(MSG_ERASED)
    if not ImportMatch.objects.filter(pk=match.pk, resolution=MatchResolution.PENDING).update(
        resolution=resolution, resolved_by=actor, resolved_at=now
    ):
        match.refresh_from_db()
        raise ConflictError(MSG_RESOLVED.format(row=match.row_number, resolution=match.get_resolution_display()))
    imp = match.alumni_import
    row = ImportRow.from_json(match.data)
    person_id: int | None = match.person_id
    outcome = ""
    if resolution == MatchResolution.MERGED:
        plan = Plan(row, UPDATE, match.person_id)
        changes_for(plan, snapshots([match.person_id])[match.person_id], pilot=imp.pilot, url_owner=None)
        Writer(imp, actor, now).apply([plan])
        outcome = plan.outcome
    elif resolution == MatchResolution.NEW:
        plan = Plan(row, CREATE)
        Writer(imp, actor, now).apply([plan])
        person_id, outcome = plan.person_id, CREATE
    if outcome:
        field = {CREATE: "created_count", UPDATE: "updated_count", UNCHANGED: "unchanged_count"}[outcome]
        AlumniImport.objects.filter(pk=imp.pk).update(**{field: F(field) + 1})
    match.refresh_from_db()
    audit_record(
        actor=actor,
        verb="imports.match_resolved",
        target=imp,
        person_id=person_id,
        data={"row": match.row_number, "resolution": resolution, "likely_person": match.person_id},
        now=now,
    )
    return match


__all__ = [
    "RUN_TASK",
    "AlreadyImportedError",
    "ImportFileError",
    "alumni_import_cancel",
    "alumni_import_confirm",
    "alumni_import_preview",
    "alumni_import_resume",
    "alumni_import_run",
    "import_match_resolve",
]
