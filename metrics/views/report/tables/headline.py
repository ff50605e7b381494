"""Headline figures: every card of the report with its formula, as one CSV (not shown as a table)."""

from __future__ import annotations

from ....report import Explained, Report
from ..format import kind_of_unit, rounded
from ..table import Column, TableSpec


def _rows(report: Report) -> list[Explained]:
    return report.explain()


SPEC: TableSpec[Explained] = TableSpec(
    key="headline",
    title="Headline figures",
    caption="Headline figures with their formulas",
    columns=[
        Column("Figure", lambda e: e.label),
        Column("Value", lambda e: rounded(e.value, kind_of_unit(e.unit))),
        Column("Unit", lambda e: e.unit),
        Column("Formula with its inputs", lambda e: e.formula),
        Column("Covers", lambda e: e.note),
        Column("Cases", lambda e: e.cases, "int"),
        Column("Too few cases", lambda e: "yes" if e.too_few_cases else "no"),
    ],
    rows=_rows,
)
