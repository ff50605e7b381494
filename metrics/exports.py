"""CSV downloads of metrics: safe cells, money in two decimals, and a private, uncached response.

    csv_response("hires-2026-03.csv", ["Date", "Total cost (EUR)"], rows)

Cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) get a leading
quote unless they are plain numbers (a negative amount stays a number). Money goes through
metrics.money.money_cell first, so every database writes ``3200.00``, never ``3200`` or
``37799.990000000000``.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.cache import patch_cache_control

from .money import money_cell

CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def csv_cell(value: Any) -> str:
    """A raw value for a CSV cell: dates in ISO form, Decimals as money (two decimals), text that
    could run as a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return money_cell(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(CSV_TRIGGERS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() hands the line back, so rows stream as they are read."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """A CSV attachment streamed row by row (a whole ledger fits); never cached, since it may
    carry personal data."""
    writer = csv.writer(_Echo())
    lines = itertools.chain([header], rows)
    response = StreamingHttpResponse(
        (writer.writerow([csv_cell(v) for v in row]) for row in lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
