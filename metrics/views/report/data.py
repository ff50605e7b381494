"""The report's chart data as JSON: one chart per measure (.charts), with the headline figures.

    {"period": {"label", "start", "end"}, "previous_period": {"label", "start", "end"}, "currency",
     "figures": [{"key", "label", "value", "unit", "formula", "cases", "too_few_cases", "withheld",
                  "change"}],
     "hires_without_costs",
     "charts": [{"key", "title", "measure", "unit", "over", "table", "labels",
                 "series": [{"key", "label", "unit", "column", "data"}], "changes": [...], "summary": [...]}]}

"figures" are the headline figures of the cards: "value" is the shown digits as a string ("2875.00",
"0.7500" for 75.00 %, "37.5" days) or null when undefined; "change" is the figure against the
previous period's (.changes: {"against", "before", "change", "percent", "reason", "text"}), null
when the figure is withheld. A chart draws one measure on one axis: every series of a chart has the
chart's "unit" (count | points | money | percent), and its "data" are the numbers of the column
"column" of the table named by "table" ("months": By month, "stages": By stage), rounded as that
table shows them (percent: a fraction x 100). A reader who may not see the baselines gets their figures with "withheld" (the
reason) and no value, no legacy cost per hire series and no ROI chart.
"""

from __future__ import annotations

from typing import Any

from ...report import Explained, Period, Report
from .cards import headline_changes
from .changes import Change
from .charts import build_charts
from .format import kind_of_unit, plain


def figure_data(e: Explained, change: Change | None = None) -> dict[str, Any]:
    return {
        "key": e.key,
        "label": e.label,
        "value": plain(e.value, kind_of_unit(e.unit)),
        "unit": e.unit,
        "formula": e.formula,
        "cases": e.cases,
        "too_few_cases": e.too_few_cases,
        "withheld": e.withheld,
        "change": change.as_json() if change is not None else None,
    }


def _period(period: Period) -> dict[str, str]:
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def chart_data(report: Report, previous: Report) -> dict[str, Any]:
    changes = headline_changes(report, previous)
    return {
        "period": _period(report.period),
        "previous_period": _period(previous.period),
        "currency": report.currency,
        "figures": [figure_data(e, changes.get(e.key)) for e in report.explain()],
        "hires_without_costs": report.overall.hires_without_costs,
        "charts": [chart.as_json() for chart in build_charts(report, previous)],
    }
