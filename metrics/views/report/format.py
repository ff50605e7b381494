"""How a report value is written: on the page (formatted), in a CSV cell (plain) and in the chart
data. A value's *kind* (money, pct, days, decimal, int, number, text, date, month) decides both.
"number" is a value its producer already rounded by its own unit (the stage figures, rounded in
tables/stage_figures.py): shown with thousands separators, written plain.

Rounding happens here and only here, once, half-up (``rounded``): money to cents, shares and ROI
to 4 places of the fraction (2 of the percentage), days and averages of counts to one decimal.
The report's figures arrive exact, so the page, the CSV and the chart data show the same digits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.utils.formats import date_format

from ...exports import csv_cell
from ...money import half_up, money_cell, money_text

Kind = Literal["text", "int", "money", "pct", "days", "decimal", "number", "date", "month"]
NUMERIC_KINDS = frozenset({"int", "money", "pct", "days", "decimal", "number"})
# Explained.unit -> kind; any other unit is the currency (money).
UNIT_KINDS: dict[str, Kind] = {
    "share": "pct",
    "ratio": "pct",
    "days": "days",
    "points": "int",
    "points per pilot": "decimal",  # an average of points (metrics.report.average)
    "": "text",
}


def kind_of_unit(unit: str) -> Kind:
    return UNIT_KINDS.get(unit, "money")


PLACES = {"money": "0.01", "pct": "0.0001", "days": "0.1", "decimal": "0.1"}


def rounded(value: Any, kind: str) -> Any:
    """The value as shown: rounded once, half-up, to its kind's places; others unchanged."""
    if value is None or value == "":
        return None
    if kind in PLACES:
        return half_up(value, PLACES[kind])
    if kind == "int":
        return int(value)
    return value


def fmt(value: Any, kind: str, currency: str) -> str:
    """A value as the page shows it: money with the currency and 2 decimals, shares and ROI as
    percentages, days and averages of counts with one decimal."""
    if value is None or value == "":
        return "—"
    if kind == "money":
        return money_text(value, currency)
    if kind == "pct":
        return f"{rounded(value, kind) * 100:,.2f}%"
    if kind in ("days", "decimal"):
        return f"{rounded(value, kind):,}"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "number":
        return f"{value:,}" if isinstance(value, int | Decimal) and not isinstance(value, bool) else str(value)
    if kind == "date":
        return date_format(value)
    if kind == "month":
        return value.strftime("%b %Y")
    return str(value)


def fmt_diff(first: Any, second: Any, kind: str, currency: str) -> str:
    """first - second as shown (the difference of the two shown values, so it checks by hand),
    signed; percentage points for shares and ROI; "—" when either is undefined."""
    if not isinstance(first, Decimal | int) or not isinstance(second, Decimal | int):
        return "—"
    value = rounded(first, kind) - rounded(second, kind)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    magnitude = abs(value)
    if kind == "pct":
        return f"{sign}{magnitude * 100:,.2f} pp"
    return f"{sign}{fmt(magnitude, kind, currency)}"


def plain(value: Any, kind: str) -> str | None:
    """The shown digits without separators or unit (money with two decimals, shares and ROI as a
    fraction, months as YYYY-MM, dates ISO): CSV cells and the JSON data's values."""
    if value is None or value == "":
        return None
    if kind == "money":
        return money_cell(value)
    if kind in PLACES:
        return f"{rounded(value, kind):f}"
    if kind == "month":
        return str(value.strftime("%Y-%m"))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(rounded(value, kind))


def csv_value(value: Any, kind: str) -> str:
    """A value for a CSV cell of a column of ``kind``: ``plain``, made safe for spreadsheets
    (metrics.exports.csv_cell: text that would run as a formula is quoted)."""
    return csv_cell(plain(value, kind))


def chart_number(value: Any, kind: str = "int", *, percent: bool = False) -> float | None:
    """A number for the charts' JSON: the shown digits (``percent``: a share or ROI x 100)."""
    shown = rounded(value, kind)
    if shown is None:
        return None
    return float(shown * 100 if percent else shown)
