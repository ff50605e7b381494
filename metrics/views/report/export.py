"""One report table as a CSV download: private, never cached, and audited once per download."""

from __future__ import annotations

import csv
from collections.abc import Mapping

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from accounts.models import User
from accounts.services import audit_record

from ...report import Period
from .scope import period_slug
from .table import Table

AUDIT_VERB = "report.csv_exported"  # its phrase is in metrics.apps.AUDIT_PHRASES


def csv_response(table: Table, period: Period, *, actor: User, filters: Mapping[str, str]) -> HttpResponse:
    """``table`` as a CSV attachment named after it and the period. The download is recorded
    (one audit event: the table, the filters and the number of rows), like every export."""
    audit_record(
        actor=actor,
        verb=AUDIT_VERB,
        target_type="metrics.report",
        target_id=table.key,
        data={"table": table.key, "filters": dict(filters), "rows": len(table.rows) + len(table.totals)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"roi-report-{table.key.replace('_', '-')}-{period_slug(period)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    csv.writer(response).writerows(table.csv_rows())
    return response
