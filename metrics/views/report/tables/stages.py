"""By stage: every figure per stage and for all stages (one column per stage on the page)."""

from __future__ import annotations

from ....report import Figures, Report, stage_label
from ..table import Column, TableSpec
from .columns import figure_columns

Item = tuple[str, Figures]

KEYS = [
    "hires",
    "hires_without_costs",
    "cost_per_hire",
    "legacy_cost_per_hire",
    "savings",
    "time_to_hire",
    "median_time_to_hire",
    "legacy_time_to_hire",
    "introductions",
    "alumni_introductions",
    "meaningful_share",
    "assist_points_given",
    "assist_points_received",
    "value_attributed",
    "program_cost",
    "roi",
]


def _rows(report: Report) -> list[Item]:
    return [(stage_label(s), report.by_stage[s]) for s in report.stages]


def _totals(report: Report) -> list[Item]:
    return [("All stages", report.overall)]


SPEC: TableSpec[Item] = TableSpec(
    key="stages",
    title="By stage",
    caption="Key figures per stage",
    columns=[Column("Stage", lambda item: item[0]), *figure_columns(KEYS, lambda item: item[1])],
    rows=_rows,
    totals=_totals,
    transpose=True,
)
