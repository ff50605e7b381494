"""Rebuild the daily rollups of introductions and assists from the ledger."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from metrics.models import AssistDaily, IntroductionDaily
from metrics.rollups import rebuild_rollups


class Command(BaseCommand):
    help = (
        "Rebuild the ROI report's daily rollups (IntroductionDaily, AssistDaily) from the ledger with one "
        "INSERT ... SELECT ... GROUP BY each, in one transaction. Idempotent. The services keep the rollups "
        "exact on every write; run this after anything that wrote introductions or assists without them: "
        "a bulk load (COPY, bulk_create, bench/roi.py), a restore, a hand-made SQL fix."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = rebuild_rollups()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # fresh statistics for the report's planner
                for model in (IntroductionDaily, AssistDaily):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        self.stdout.write(
            f"Rebuilt {result.introduction_rows:,} introduction and {result.assist_rows:,} assist rollup rows "
            f"in {result.seconds:.2f} s."
        )
