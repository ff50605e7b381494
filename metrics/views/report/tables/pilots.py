"""By pilot: the key figures of each pilot the reader may see; two can be ticked to compare."""

from __future__ import annotations

from django.urls import reverse

from ....report import PilotRow, Report
from ..table import Column, TableSpec
from .columns import figure_columns

KEYS = [
    "hires",
    "hires_without_costs",
    "cost_per_hire",
    "savings",
    "meaningful_share",
    "assist_points_given",
    "assist_points_received",
    "program_cost",
    "roi",
]


def _rows(report: Report) -> list[PilotRow]:
    return report.by_pilot


def _note(report: Report) -> str:
    if not report.overall.registered_value:
        return ""
    return (
        "A pilot's ROI counts its savings, its assist points' value and its program cost; money that "
        "stage figures attribute is counted per stage (see “By stage”)."
    )


SPEC: TableSpec[PilotRow] = TableSpec(
    key="pilots",
    title="By pilot",
    # The page adds how to compare when it offers the tick boxes (report_table.html).
    caption="Key figures per pilot",
    columns=[
        Column("Pilot", lambda row: row.name),
        Column("Stage", lambda row: row.stage, "int"),
        Column("Sponsor", lambda row: row.sponsor),
        Column("Status", lambda row: row.status),
        *figure_columns(KEYS, lambda row: row.figures),
    ],
    rows=_rows,
    link=lambda row: reverse("programs:pilot_detail", args=[row.pilot_id]),
    pilot_id=lambda row: row.pilot_id,
    empty="No pilot in this report.",
    note=_note,
    pickable=True,
)
