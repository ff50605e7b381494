"""Hires by source channel, the legacy channels (job ads, recruiters) among them."""

from __future__ import annotations

from ....models import HireSource
from ....report import Figures, Report
from ..table import Column, TableSpec
from .columns import figure_columns

Item = tuple[str, Figures]

KEYS = [
    "hires",
    "hires_without_costs",
    "actual_cost",
    "cost_per_hire",
    "legacy_cost_per_hire",
    "savings",
    "time_to_hire",
    "median_time_to_hire",
]


def _rows(report: Report) -> list[Item]:
    return [(HireSource(key).label, f) for key, f in report.by_source.items()]


SPEC: TableSpec[Item] = TableSpec(
    key="sources",
    title="Hires by source",
    caption="Hires per source channel",
    columns=[Column("Source", lambda item: item[0]), *figure_columns(KEYS, lambda item: item[1])],
    rows=_rows,
    empty="No hires in this period.",
)
