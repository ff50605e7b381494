"""One report table as a CSV download."""

from __future__ import annotations

import csv

from django.http import HttpResponse

from ...report import Period
from .scope import period_slug
from .table import Table


def csv_response(table: Table, period: Period) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"roi-report-{table.key.replace('_', '-')}-{period_slug(period)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv.writer(response).writerows(table.csv_rows())
    return response
