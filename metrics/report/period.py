"""Report periods: a month, a quarter, a year or a custom range, read from the query string.

``parse_period`` is the one reader: the report page, its CSV and its JSON refuse a bad period with
the same message (PeriodError), which the filter form shows next to its fields.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class PeriodError(ValueError):
    """A period that cannot be read; the message is shown next to the period form."""


PERIODS = ("month", "quarter", "year", "custom")
MAX_CUSTOM_DAYS = 366 * 10


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%B %Y")
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start:%-d %b %Y} – {self.end:%-d %b %Y}"

    def shifted(self, steps: int) -> Period:
        """The previous (-1) or next (+1) period of the same kind."""
        if self.kind == "custom":
            length = self.end - self.start + dt.timedelta(days=1)
            return Period("custom", self.start + steps * length, self.end + steps * length)
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind] * steps
        first = add_months(self.start, months)
        return period_containing(self.kind, first)

    def as_params(self) -> dict[str, str]:
        if self.kind == "custom":
            return {"period": "custom", "start": self.start.isoformat(), "end": self.end.isoformat()}
        return {"period": self.kind, "start": self.start.isoformat()}


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_containing(kind: str, day: dt.date) -> Period:
    if kind == "month":
        start = day.replace(day=1)
        return Period(kind, start, start.replace(day=calendar.monthrange(start.year, start.month)[1]))
    if kind == "quarter":
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        end_month = add_months(start, 2)
        return Period(kind, start, end_month.replace(day=calendar.monthrange(end_month.year, end_month.month)[1]))
    if kind == "year":
        return Period(kind, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    raise PeriodError(f"Unknown period {kind!r}; choose month, quarter, year or custom.")


def _date(value: str, name: str) -> dt.date:
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise PeriodError(f"The {name} date {value[:20]!r} is not a date like 2026-01-31.") from exc
    if not dt.date(1990, 1, 1) <= parsed <= dt.date(2200, 12, 31):
        raise PeriodError(f"The {name} date {parsed.isoformat()} is out of range.")
    return parsed


def parse_period(params: Mapping[str, Any], *, today: dt.date) -> Period:
    """Read ?period=month|quarter|year|custom&start=YYYY-MM-DD[&end=…]; default: this year."""
    kind = str(params.get("period") or "year")
    if kind not in PERIODS:
        raise PeriodError(f"Unknown period {kind[:20]!r}; choose month, quarter, year or custom.")
    start_raw = str(params.get("start") or "")
    if kind != "custom":
        return period_containing(kind, _date(start_raw, "start") if start_raw else today)
    end_raw = str(params.get("end") or "")
    if not start_raw or not end_raw:
        raise PeriodError("A custom period needs both a start and an end date.")
    start, end = _date(start_raw, "start"), _date(end_raw, "end")
    if end < start:
        raise PeriodError("The end date cannot be before the start date.")
    if (end - start).days > MAX_CUSTOM_DAYS:
        raise PeriodError("A custom period can cover at most ten years.")
    return Period("custom", start, end)


def months_of(period: Period) -> list[dt.date]:
    """The first day of every month the period touches, in order."""
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        months.append(day)
        day = add_months(day, 1)
    return months
