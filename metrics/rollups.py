"""Daily rollups of introductions and assists, kept exact by the services; the ROI report reads them.

The report sums introductions and assists per stage, pilot and month. Over a million ledger rows
that aggregate was most of the report's time, so it reads two small tables instead:

- IntroductionDaily, one row per (date, pilot, stage): introductions, meaningful ones, those on
  behalf of alumni, and meaningful ones on behalf of alumni;
- AssistDaily, one row per (date, pilot, stage, direction): assists and their points summed.

A key with no ledger rows has no rollup row, so the rollups equal a fresh GROUP BY of the ledger
(``rebuild_rollups``), row for row.

Upkeep (called visibly by metrics.services, in the service's transaction; no signals):

    with rollups.kept_in_step(row):
        row.save()            # or row.delete(), or a correction that moves the row

On entering, an existing row is locked (SELECT ... FOR UPDATE) and its current key read from the
database, not from the possibly stale instance; on leaving, its key is read again (a correction
may have moved it; a deletion leaves none). Every key touched, old and new, is then *recounted*:

1. lock the key's rollup row: INSERT ... ON CONFLICT DO NOTHING (creates it at zero if missing,
   or waits for a concurrent transaction that is inserting it), then SELECT ... FOR UPDATE;
2. recount the key from the ledger (one aggregate over the (pilot, date) index);
3. store the absolute counts, or delete the rollup row when the key has no ledger rows left.

Why this is exact under concurrency (PostgreSQL, READ COMMITTED): every writer changes the ledger
*before* it recounts, and holds the rollup row's lock from step 1 until it commits. Take two
transactions A and B writing ledger rows of the same key. Whichever locks second, say B, waits in
step 1 until A has committed; B's recount in step 2 is a new statement, so its snapshot is taken
after A committed and sees A's rows as well as B's own. A's recount could not see B's rows (not
committed), but B's absolute values overwrite A's. The last transaction to commit for a key
therefore stores the count of everything committed, and no increment can be lost or doubled, as
deltas could be. If A deleted the rollup row (count 0), B's SELECT ... FOR UPDATE finds no row
after waiting, and B starts again at step 1. Keys are locked in sorted order so two writers that
touch the same two keys (a correction moving a row) cannot deadlock each other. The ledger row
itself is locked first (FOR UPDATE on entering), so two corrections of one row are serialized
and the second reads the key the first left.

``rebuild_rollups`` (``manage.py metrics_rebuild_rollups``) replaces both tables with one
INSERT ... SELECT ... GROUP BY each. Run it after anything that writes the ledger without the
services: a bulk load by COPY (bench/roi.py), a restore, a hand-made SQL fix. It locks the
rollup tables (EXCLUSIVE) first, so it waits for writers that have already done their upkeep to
commit, and writers that come later recount their keys after it has committed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Model, Q, Sum
from django.db.models.functions import Coalesce

from .models import Assist, AssistDaily, Introduction, IntroductionDaily, IntroductionKind

Key = tuple[Any, ...]

# Attempts at locking a key's rollup row; each retry means a concurrent writer deleted the row
# between our INSERT and our SELECT, which needs an emptied key and a re-insert racing in between.
MAX_LOCK_ATTEMPTS = 20


class RollupLockError(RuntimeError):
    """A rollup row could not be locked after MAX_LOCK_ATTEMPTS (it kept disappearing)."""


@dataclass(frozen=True)
class Rollup:
    """How one rollup table derives from its ledger table."""

    model: Any  # the rollup model (type[Model]; Any so that .objects type-checks)
    ledger: Any  # the ledger model it derives from
    key: tuple[str, ...]  # attribute names, the same on the ledger and the rollup
    counts: Mapping[str, Any]  # rollup field -> aggregate over the ledger rows of one key

    def key_of(self, row: Model) -> Key:
        return tuple(getattr(row, name) for name in self.key)

    def lookup(self, key: Key) -> dict[str, Any]:
        return dict(zip(self.key, key, strict=True))

    def aggregates(self) -> dict[str, Any]:
        # Aliased: an annotation may not share a name with a ledger field (Assist.points).
        return {f"rollup_{name}": aggregate for name, aggregate in self.counts.items()}


_MEANINGFUL = Q(meaningful=True)
_ALUMNUS = Q(on_behalf_kind=IntroductionKind.ALUMNUS)

INTRODUCTIONS = Rollup(
    model=IntroductionDaily,
    ledger=Introduction,
    key=("date", "pilot_id", "stage"),
    counts={
        "introductions": Count("pk"),
        "meaningful_introductions": Count("pk", filter=_MEANINGFUL),
        "alumni_introductions": Count("pk", filter=_ALUMNUS),
        "meaningful_alumni_introductions": Count("pk", filter=_MEANINGFUL & _ALUMNUS),
    },
)
ASSISTS = Rollup(
    model=AssistDaily,
    ledger=Assist,
    key=("date", "pilot_id", "stage", "direction"),
    counts={"assists": Count("pk"), "points": Coalesce(Sum("points"), 0)},
)
ROLLUPS: dict[type[Model], Rollup] = {Introduction: INTRODUCTIONS, Assist: ASSISTS}


# --- upkeep ----------------------------------------------------------------------------------


def _lock(rollup: Rollup, key: Key) -> Model:
    """Step 1: the key's rollup row, created at zero if missing, locked until commit."""
    lookup = rollup.lookup(key)
    for _attempt in range(MAX_LOCK_ATTEMPTS):
        rollup.model.objects.bulk_create([rollup.model(**lookup)], ignore_conflicts=True)
        row = rollup.model.objects.select_for_update().filter(**lookup).order_by().first()
        if row is not None:
            return row
    raise RollupLockError(f"Could not lock the {rollup.model.__name__} row {lookup}.")


def recount(rollup: Rollup, keys: Iterable[Key]) -> None:
    """Lock, recount and store each key (sorted, so concurrent writers lock in one order)."""
    keys = sorted(set(keys))
    if not keys:
        return
    with transaction.atomic(savepoint=False):  # the caller's transaction, or a new one
        for key in keys:
            row = _lock(rollup, key)
            counts = rollup.ledger.objects.filter(**rollup.lookup(key)).aggregate(**rollup.aggregates())
            values = {name: counts[f"rollup_{name}"] for name in rollup.counts}
            target = rollup.model.objects.filter(pk=row.pk)
            if values[next(iter(rollup.counts))]:
                target.update(**values)
            else:
                target.delete()


def _current_key(rollup: Rollup, pk: Any, *, lock: bool) -> Key | None:
    qs = rollup.ledger.objects.filter(pk=pk).order_by()
    if lock:
        qs = qs.select_for_update()
    found = qs.values_list(*rollup.key).first()
    return tuple(found) if found is not None else None


@contextmanager
def kept_in_step(row: Introduction | Assist) -> Iterator[None]:
    """Keep the rollups in step with a write of ``row`` done inside the block: record (unsaved
    row), correct, confirm or delete. Must run inside the service's transaction."""
    rollup = ROLLUPS[type(row)]
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("kept_in_step() must run inside the writing transaction.")
    pk = row.pk
    before = _current_key(rollup, pk, lock=True) if pk is not None else None
    yield
    if pk is None:  # recorded: the key is the one just inserted, invisible to anyone else
        after: Key | None = rollup.key_of(row)
    else:
        after = _current_key(rollup, pk, lock=False)
    recount(rollup, [key for key in (before, after) if key is not None])


# --- rebuild ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RebuildResult:
    introduction_rows: int
    assist_rows: int
    seconds: float


def _rebuild(rollup: Rollup) -> int:
    table = rollup.model._meta.db_table
    columns = [rollup.model._meta.get_field(name.removesuffix("_id")).column for name in rollup.key]
    columns += [rollup.model._meta.get_field(name).column for name in rollup.counts]
    # SELECT key..., aggregates... FROM ledger GROUP BY key: values() columns come first, then the
    # annotations in the order given, which is the column list's order.
    grouped = rollup.ledger.objects.order_by().values(*rollup.key).annotate(**rollup.aggregates())
    sql, params = grouped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - table and columns from the models
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) {sql}", params)
        return int(cursor.rowcount)


def rebuild_rollups() -> RebuildResult:
    """Replace both rollup tables with a fresh GROUP BY of the ledger, in one transaction.
    Idempotent; run it after any write to the ledger that bypassed the services."""
    started = time.perf_counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                tables = ", ".join(r.model._meta.db_table for r in (INTRODUCTIONS, ASSISTS))
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        introduction_rows = _rebuild(INTRODUCTIONS)
        assist_rows = _rebuild(ASSISTS)
    return RebuildResult(introduction_rows, assist_rows, time.perf_counter() - started)


def rollup_rows(rollup: Rollup) -> set[Key]:
    """Every rollup row as (key..., counts...): for comparing the kept rollups with a rebuild."""
    fields = [*rollup.key, *rollup.counts]
    return {tuple(row) for row in rollup.model.objects.order_by().values_list(*fields)}
