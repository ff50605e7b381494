"""By month: the data of the trend chart, every month of the period (empty ones too)."""

from __future__ import annotations

import datetime as dt

from ....report import Figures, Report, months_of
from ..table import Column, TableSpec
from .columns import figure_columns

Item = tuple[dt.date, Figures]

KEYS = [
    "hires",
    "introductions",
    "meaningful_introductions",
    "assist_points_given",
    "assist_points_received",
    "program_cost",
]


def month_totals(report: Report) -> list[Item]:
    """Every month of the period with its figures summed over the stages."""
    out = []
    for month in months_of(report.period):
        total = Figures()
        for figures in report.by_month.get(month, {}).values():
            total.add(figures)
        out.append((month, total))
    return out


SPEC: TableSpec[Item] = TableSpec(
    key="months",
    title="By month",
    caption="Figures per month (the data of the trend chart)",
    columns=[Column("Month", lambda item: item[0], "month"), *figure_columns(KEYS, lambda item: item[1])],
    rows=month_totals,
)
