"""Figures the stage apps register (metrics.registry) for the stages in the report."""

from __future__ import annotations

from ....registry import StageFigure
from ....report import Report, stage_label
from ..table import Column, TableSpec

Item = tuple[int, StageFigure]


def _rows(report: Report) -> list[Item]:
    return [(s, f) for s in report.stages for f in report.stage_figures.get(s, [])]


SPEC: TableSpec[Item] = TableSpec(
    key="stage_figures",
    title="Stage figures",
    caption="Figures the stage apps report for this period",
    columns=[
        Column("Stage", lambda item: stage_label(item[0])),
        Column("Figure", lambda item: item[1].label),
        Column("Value", lambda item: item[1].value),
        Column("Unit", lambda item: item[1].unit),
        Column("Formula", lambda item: item[1].formula),
        Column("Cases", lambda item: item[1].cases, "int"),
    ],
    rows=_rows,
    empty="No stage figures yet. Stage apps add theirs here (leads and their quality from recruiting, "
    "sales-cycle velocity from business development) as their work is recorded.",
)
