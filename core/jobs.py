"""One way to make a job run at most once per key (a digest per manager and week, a reminder per
policy and member, an import per file): claim the key in the job's own transaction.

    with transaction.atomic():
        if not claim_once("metrics.weekly_digest", f"user={user.pk}:week={start}", now=now):
            return False          # done before, or being done right now by another worker
        send_the_email(...)       # failing here rolls the claim back: a retry may claim again

The claim is a unique row (core.models.JobClaim). A second worker trying the same key while the
first one's transaction is open waits on the unique index and then gets False once the first
commits (or True, if the first rolled back), so two workers never both do the work. Celery's
at-least-once delivery and a beat that fires twice are both harmless.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import JobClaim


class ClaimOutsideTransactionError(RuntimeError):
    """claim_once was called in autocommit mode: the claim would outlive a failed job."""


def claim_once(kind: str, key: str, *, now: dt.datetime | None = None) -> bool:
    """Claim (kind, key) inside the caller's transaction. True: the caller is the first and does
    the work; False: it was done (or is being done) already. Must run inside transaction.atomic()."""
    if not connection.in_atomic_block:
        raise ClaimOutsideTransactionError("claim_once must run inside the job's transaction.atomic()")
    try:
        # A savepoint, so the unique violation leaves the caller's transaction usable.
        with transaction.atomic():
            JobClaim.objects.create(kind=kind, key=key, claimed_at=now or timezone.now())
    except IntegrityError:
        return False
    return True


def claims(kind: str, *key_prefixes: str) -> QuerySet[JobClaim]:
    """The claims of ``kind`` whose key starts with one of ``key_prefixes``, for a job whose next
    key depends on the earlier ones (how many reminders went out, when the last digest did).
    No prefix: none (an empty list of policies asks about no claims)."""
    matching = Q(pk__in=[])
    for prefix in key_prefixes:
        matching |= Q(key__startswith=prefix)
    return JobClaim.objects.filter(matching, kind=kind)
