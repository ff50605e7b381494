"""The report's charts: small multiples, one measure per chart and so one per axis.

No chart mixes units: a percentage is never drawn on a scale of euros, and a handful of hires is
never dwarfed by hundreds of assist points on a shared axis. Each chart draws one measure (hires;
introductions; assist points; program cost; cost per hire; ROI), over the months of the period or
over the stages, with at most the series of that same measure (introductions and the meaningful
ones; points given and received; the actual and the legacy cost per hire).

Every series is a column of one of the report's tables ("By month", "By stage"), read through the
same figure columns (tables.columns.FIGURES) and rounded by the same rule (format.chart_number), so
the table under the charts is their text alternative with the same digits. Each chart also carries
its period's total (or all stages' figure) against the previous period's (.changes), shown under
it on the page. Figures read from baselines follow the baseline rule: a reader who may not see
them gets no legacy cost per hire series and no ROI chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ...report import BASELINE_FIGURES, Figures, Report, stage_label
from .changes import Change, change
from .format import Kind, chart_number, fmt
from .tables.columns import FIGURES
from .tables.months import month_totals

Unit = Literal["count", "points", "money", "percent"]
UNIT_KINDS: dict[Unit, Kind] = {"count": "int", "points": "int", "money": "money", "percent": "pct"}


@dataclass(frozen=True)
class ChartSpec:
    """One chart: a measure (its axis title), its unit, what it runs over and its series (figure
    keys of tables.columns.FIGURES, all of that one measure)."""

    key: str
    title: str  # the caption; "{currency}" is filled in
    measure: str  # the axis title; "{currency}" is filled in
    unit: Unit
    over: Literal["month", "stage"]
    series: tuple[str, ...]
    labels: dict[str, str] | None = None  # a series' label when it differs from its column's

    @property
    def table(self) -> str:
        return "months" if self.over == "month" else "stages"


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("hires", "Hires per month", "Hires", "count", "month", ("hires",)),
    ChartSpec(
        "introductions",
        "Introductions per month",
        "Introductions",
        "count",
        "month",
        ("introductions", "meaningful_introductions"),
        {"introductions": "All introductions", "meaningful_introductions": "Confirmed meaningful"},
    ),
    ChartSpec(
        "assist_points",
        "Assist points per month",
        "Assist value points",
        "points",
        "month",
        ("assist_points_given", "assist_points_received"),
        {"assist_points_given": "Given", "assist_points_received": "Received"},
    ),
    ChartSpec(
        "program_cost",
        "Program cost per month ({currency})",
        "Program cost ({currency})",
        "money",
        "month",
        ("program_cost",),
    ),
    ChartSpec(
        "cost_per_hire",
        "Cost per hire by stage ({currency})",
        "Cost per hire ({currency})",
        "money",
        "stage",
        ("cost_per_hire", "legacy_cost_per_hire"),
        {"cost_per_hire": "Actual", "legacy_cost_per_hire": "Legacy (baseline)"},
    ),
    ChartSpec("roi", "ROI by stage (%)", "ROI (%)", "percent", "stage", ("roi",)),
)


@dataclass
class Series:
    key: str
    label: str
    unit: Unit
    column: str  # the column of the chart's table that holds the same figures
    data: list[float | None]


@dataclass
class Chart:
    """A chart filled in with one report's figures (and the previous period's, for the changes)."""

    spec: ChartSpec
    title: str
    measure: str
    period: str  # the report's period label
    labels: list[str]
    series: list[Series]
    changes: list[tuple[str, str, Change]]  # (series label, the period's figure as shown, change)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def table(self) -> str:
        return self.spec.table

    @property
    def summary(self) -> list[str]:
        """One line per series: the period's total (or all stages' figure) against the previous
        period's: "Hires: 4 in 2026; vs 2025: 2 (+2, +100.0%)"."""
        where = "in" if self.spec.over == "month" else "over all stages in"
        return [f"{label}: {shown} {where} {self.period}; {c.text}" for label, shown, c in self.changes]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "measure": self.measure,
            "unit": self.spec.unit,
            "over": self.spec.over,
            "table": self.table,
            "labels": self.labels,
            "series": [
                {"key": s.key, "label": s.label, "unit": s.unit, "column": s.column, "data": s.data}
                for s in self.series
            ],
            "changes": [{"series": label, "value": shown, **c.as_json()} for label, shown, c in self.changes],
            "summary": self.summary,
        }


def _points(spec: ChartSpec, report: Report) -> tuple[list[str], list[Figures]]:
    if spec.over == "month":
        months = month_totals(report)
        return [m.strftime("%b %Y") for m, _ in months], [f for _, f in months]
    return [stage_label(s) for s in report.stages], [report.by_stage[s] for s in report.stages]


def build_chart(spec: ChartSpec, report: Report, previous: Report) -> Chart | None:
    """``spec`` filled in with ``report``; None when every series is withheld from the reader."""
    keys = [k for k in spec.series if report.baseline_figures_visible or k not in BASELINE_FIGURES]
    if not keys:
        return None
    labels, points = _points(spec, report)
    kind = UNIT_KINDS[spec.unit]
    currency = report.currency
    series, changes = [], []
    for key in keys:
        column_label, column_kind, read = FIGURES[key]
        assert column_kind == kind, f"{key} is {column_kind}, not {kind}: one unit per chart"
        label = (spec.labels or {}).get(key, column_label)
        data = [chart_number(read(f), kind, percent=spec.unit == "percent") for f in points]
        series.append(Series(key, label, spec.unit, column_label, data))
        withheld = key in BASELINE_FIGURES and not previous.baseline_figures_visible
        delta = change(
            read(report.overall),
            None if withheld else read(previous.overall),
            kind=kind,
            currency=currency,
            against=previous.period.label,
            withheld=withheld,
        )
        changes.append((label, fmt(read(report.overall), kind, currency), delta))
    return Chart(
        spec,
        title=spec.title.format(currency=currency),
        measure=spec.measure.format(currency=currency),
        period=report.period.label,
        labels=labels,
        series=series,
        changes=changes,
    )


def build_charts(report: Report, previous: Report, specs: Sequence[ChartSpec] = CHARTS) -> list[Chart]:
    """The report's charts, in order; those withheld from the reader left out."""
    return [chart for spec in specs if (chart := build_chart(spec, report, previous)) is not None]
