"""Figures the stage apps register (metrics.registry) for the stages in the report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings

from ....money import half_up
from ....registry import StageFigure
from ....report import Report, stage_label
from ..table import Column, TableSpec

Item = tuple[int, StageFigure]


# A stage figure's unit -> the places its value is shown with; money (PROGRAM_CURRENCY) to cents,
# counts as they come. Rounded here once, half-up, so the page and the CSV show the same digits.
UNIT_PLACES = {"%": "0.01", "days": "0.1", "share": "0.0001", "ratio": "0.0001"}


def shown(figure: StageFigure) -> Any:
    """The figure's value as the table shows it, rounded once by its unit."""
    value = figure.value
    if not isinstance(value, Decimal | float) or isinstance(value, bool):
        return value
    money = figure.unit == settings.PROGRAM_CURRENCY
    places = UNIT_PLACES.get(figure.unit, "0.01" if money else "0.1")
    return half_up(value, places)


def _rows(report: Report) -> list[Item]:
    return [(s, f) for s in report.stages for f in report.stage_figures.get(s, [])]


SPEC: TableSpec[Item] = TableSpec(
    key="stage_figures",
    title="Stage figures",
    caption="Figures the stage apps report for this period",
    columns=[
        Column("Stage", lambda item: stage_label(item[0])),
        Column("Figure", lambda item: item[1].label),
        Column("Value", lambda item: shown(item[1]), "number"),
        Column("Unit", lambda item: item[1].unit),
        Column("Formula", lambda item: item[1].formula),
        Column("Cases", lambda item: item[1].cases, "int"),
    ],
    rows=_rows,
    empty="No stage figures yet. Stage apps add theirs here (leads and their quality from recruiting, "
    "sales-cycle velocity from business development) as their work is recorded.",
)
