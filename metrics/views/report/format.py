"""How a report value is written: on the page (formatted), in a CSV cell (plain) and in the chart
data. A value's *kind* (money, pct, days, int, text, date, month) decides both."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.utils.formats import date_format

Kind = Literal["text", "int", "money", "pct", "days", "date", "month"]
NUMERIC_KINDS = frozenset({"int", "money", "pct", "days"})
# Explained.unit -> kind; any other unit is the currency (money).
UNIT_KINDS: dict[str, Kind] = {"share": "pct", "ratio": "pct", "days": "days", "points": "int", "": "text"}
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def kind_of_unit(unit: str) -> Kind:
    return UNIT_KINDS.get(unit, "money")


def _q(value: Any, places: str) -> Decimal:
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def fmt(value: Any, kind: str, currency: str) -> str:
    """A value as the page shows it: money with the currency and 2 decimals, shares and ROI as
    percentages, days with one decimal."""
    if value is None or value == "":
        return "—"
    if kind == "money":
        return f"{_q(value, '0.01'):,} {currency}"
    if kind == "pct":
        return f"{_q(Decimal(value) * 100, '0.01'):,}%"
    if kind == "days":
        return f"{_q(value, '0.1'):,}"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "date":
        return date_format(value)
    if kind == "month":
        return value.strftime("%b %Y")
    return str(value)


def fmt_diff(value: Any, kind: str, currency: str) -> str:
    """A signed difference: percentage points for shares and ROI."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    magnitude = abs(value)
    if kind == "pct":
        return f"{sign}{_q(magnitude * 100, '0.01'):,} pp"
    return f"{sign}{fmt(magnitude, kind, currency)}"


def csv_cell(value: Any) -> str:
    """A raw value for a CSV cell. Text that a spreadsheet would run as a formula gets a leading
    quote; plain numbers (a negative ROI) stay numbers."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(CSV_TRIGGERS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_value(value: Any, kind: str) -> str:
    """A value for a CSV cell of a column of ``kind`` (months as YYYY-MM)."""
    if kind == "month" and value is not None:
        value = value.strftime("%Y-%m")
    return csv_cell(value)


def chart_number(value: Any) -> float | None:
    """A number for the charts' JSON."""
    return None if value is None else float(value)
