"""Program cost by category, with each category's share and the total."""

from __future__ import annotations

from decimal import Decimal

from ....models import CostCategory
from ....report import Report
from ..table import Column, TableSpec

Item = tuple[str, Decimal, Decimal | None]  # category label, amount, share of the total


def _total(report: Report) -> Decimal:
    return sum(report.program_cost_by_category.values(), Decimal("0"))


def _rows(report: Report) -> list[Item]:
    total = _total(report)
    return [
        (CostCategory(key).label, amount, amount / total if total else None)
        for key in CostCategory.values
        if (amount := report.program_cost_by_category.get(key)) is not None
    ]


def _totals(report: Report) -> list[Item]:
    total = _total(report)
    return [("Total", total, Decimal(1))] if total else []


SPEC: TableSpec[Item] = TableSpec(
    key="costs",
    title="Program cost by category",
    caption="Program cost per category",
    columns=[
        Column("Category", lambda item: item[0]),
        Column("Amount", lambda item: item[1], "money"),
        Column("Share of program cost", lambda item: item[2], "pct"),
    ],
    rows=_rows,
    totals=_totals,
    empty="No program cost recorded in this period.",
)
