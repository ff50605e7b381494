"""The report's chart data as JSON: the trend per month and the comparison per stage.

    {"period": {"label", "start", "end"}, "currency",
     "figures": [{"key", "label", "value", "unit", "formula", "cases", "too_few_cases", "withheld"}],
     "hires_without_costs",
     "trend": {"labels", "series"}, "stages": {"labels", "series"}}

"figures" are the headline figures of the cards: "value" is the shown digits as a string ("2875.00",
"0.7500" for 75.00 %, "37.5" days) or null when undefined. Each series: {"key", "label", "axis":
count|money|percent, "data": [number or null]}, rounded as the tables show it. A reader who may not
see the baselines gets their figures with "withheld" (the reason) and no value, and no ROI series.
"""

from __future__ import annotations

from typing import Any

from ...report import Explained, Report, stage_label
from .format import chart_number, kind_of_unit, plain
from .tables.months import month_totals

KINDS = {"count": "int", "money": "money", "percent": "pct"}


def _series(key: str, label: str, values: list[Any], axis: str) -> dict[str, Any]:
    """One chart series; each value rounded as the tables show it (percent: a fraction x 100)."""
    data = [chart_number(v, KINDS[axis], percent=axis == "percent") for v in values]
    return {"key": key, "label": label, "axis": axis, "data": data}


def figure_data(e: Explained) -> dict[str, Any]:
    return {
        "key": e.key,
        "label": e.label,
        "value": plain(e.value, kind_of_unit(e.unit)),
        "unit": e.unit,
        "formula": e.formula,
        "cases": e.cases,
        "too_few_cases": e.too_few_cases,
        "withheld": e.withheld,
    }


def chart_data(report: Report) -> dict[str, Any]:
    c = report.currency
    months = month_totals(report)
    stages = [(s, report.by_stage[s]) for s in report.stages]
    return {
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "currency": c,
        "figures": [figure_data(e) for e in report.explain()],
        "hires_without_costs": report.overall.hires_without_costs,
        "trend": {
            "labels": [m.strftime("%b %Y") for m, _ in months],
            "series": [
                _series("hires", "Hires", [f.hires for _, f in months], "count"),
                _series(
                    "meaningful_introductions",
                    "Meaningful introductions",
                    [f.meaningful_introductions for _, f in months],
                    "count",
                ),
                _series(
                    "assist_points",
                    "Assist points (given + received)",
                    [f.assist_points_given + f.assist_points_received for _, f in months],
                    "count",
                ),
                _series("program_cost", f"Program cost ({c})", [f.program_cost for _, f in months], "money"),
            ],
        },
        "stages": {
            "labels": [stage_label(s) for s, _ in stages],
            "series": [
                *(
                    [_series("roi", "ROI (%)", [f.roi for _, f in stages], "percent")]
                    if report.baseline_figures_visible
                    else []
                ),
                _series("cost_per_hire", f"Cost per hire ({c})", [f.cost_per_hire for _, f in stages], "money"),
            ],
        },
    }
