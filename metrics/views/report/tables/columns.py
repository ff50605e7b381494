"""The figure columns several tables share, by figure key: label, kind and how a slice's Figures
give the value. A table picks the keys it shows and says how its row item gives its Figures.
Columns of metrics.report.BASELINE_FIGURES are marked ``baseline`` (withheld from who may not see
the baselines)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ....report import BASELINE_FIGURES, Figures
from ..format import Kind
from ..table import Column

R = TypeVar("R")

FIGURES: dict[str, tuple[str, Kind, Callable[[Figures], Any]]] = {
    "hires": ("Hires", "int", lambda f: f.hires),
    "hires_without_costs": ("Hires without costs", "int", lambda f: f.hires_without_costs),
    "actual_cost": ("Actual cost", "money", lambda f: f.actual_cost),
    "cost_per_hire": ("Cost per hire", "money", lambda f: f.cost_per_hire),
    "legacy_cost_per_hire": ("Legacy cost per hire", "money", lambda f: f.legacy_cost_per_hire),
    "savings": ("Savings", "money", lambda f: f.savings),
    "time_to_hire": ("Mean time to hire (days)", "days", lambda f: f.avg_time_to_hire),
    "median_time_to_hire": ("Median time to hire (days)", "days", lambda f: f.median_time_to_hire),
    "legacy_time_to_hire": ("Legacy time to hire (days)", "days", lambda f: f.legacy_time_to_hire),
    "introductions": ("Introductions", "int", lambda f: f.introductions),
    "meaningful_introductions": ("Meaningful introductions", "int", lambda f: f.meaningful_introductions),
    "alumni_introductions": ("Alumni introductions", "int", lambda f: f.alumni_introductions),
    "meaningful_share": ("Meaningful share", "pct", lambda f: f.meaningful_share),
    "assist_points_given": ("Assist points given", "int", lambda f: f.assist_points_given),
    "assist_points_received": ("Assist points received", "int", lambda f: f.assist_points_received),
    "value_attributed": ("Value attributed", "money", lambda f: f.value_attributed),
    "program_cost": ("Program cost", "money", lambda f: f.program_cost),
    "roi": ("ROI", "pct", lambda f: f.roi),
}


def _reader(read: Callable[[Figures], Any], figures_of: Callable[[R], Figures]) -> Callable[[R], Any]:
    return lambda item: read(figures_of(item))


def figure_columns(keys: list[str], figures_of: Callable[[R], Figures]) -> list[Column[R]]:
    """The columns of ``keys`` for rows whose Figures ``figures_of`` gives."""
    return [
        Column(label, _reader(read, figures_of), kind, baseline=key in BASELINE_FIGURES)
        for key in keys
        for label, kind, read in [FIGURES[key]]
    ]
