"""The one table of core: claims that make a job run at most once per key."""

from __future__ import annotations

from django.db import models


class JobClaim(models.Model):
    """One job done (or being done, inside an open transaction) for one key.

    ``kind`` names the job ("metrics.weekly_digest"), ``key`` the thing it was done for
    ("user=4:week=2026-11-30"). The row is written in the job's own transaction by
    ``core.jobs.claim_once``: if the job fails and rolls back, the claim goes with it."""

    kind = models.CharField(max_length=100)
    key = models.CharField(max_length=200)
    claimed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="core_jobclaim_once_per_key")]
        indexes = [models.Index(fields=["kind", "claimed_at"], name="core_jobclaim_kind_time")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
