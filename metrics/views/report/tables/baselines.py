"""The sponsors' legacy cost baselines in force during the period (HR leads and managers only)."""

from __future__ import annotations

from ....models import LegacyCostBaseline
from ....report import Report
from ..table import Column, TableSpec


def _rows(report: Report) -> list[LegacyCostBaseline]:
    return sorted(report.baselines, key=lambda b: (b.sponsor.name, b.valid_from))


SPEC: TableSpec[LegacyCostBaseline] = TableSpec(
    key="baselines",
    title="Legacy cost baselines used",
    caption="The sponsors' legacy cost baselines in force during the period",
    columns=[
        Column("Sponsor", lambda b: b.sponsor.name),
        Column("Valid from", lambda b: b.valid_from, "date"),
        Column("Valid to", lambda b: b.valid_to, "date"),
        Column("Legacy cost per hire", lambda b: b.cost_per_hire, "money"),
        Column("Travel", lambda b: b.travel_per_hire, "money"),
        Column("Recruiter fees", lambda b: b.recruiter_fees_per_hire, "money"),
        Column("Job ads", lambda b: b.job_ads_per_hire, "money"),
        Column("Other", lambda b: b.other_per_hire, "money"),
        Column("Legacy time to hire (days)", lambda b: b.time_to_hire_days, "int"),
        Column("Legacy sales cycle (days)", lambda b: b.sales_cycle_days, "int"),
        Column("Value of a sales-cycle day", lambda b: b.sales_cycle_day_value, "money"),
        Column("Value of one assist point", lambda b: b.point_value, "money"),
        Column("Where the figures come from", lambda b: b.source_note),
    ],
    rows=_rows,
    empty="No baseline covers this period: savings and value attributed stay at zero until an HR lead "
    "records the sponsors' legacy costs.",
)
