"""The report's tables, one spec per module (see ..table for the model). ``TABLES`` lists them in
the order of the CSV choices; the page shows all but the headline one (its figures are the cards)."""

from __future__ import annotations

from typing import Any

from ....report import Report
from ..table import Table, TableSpec
from . import baselines, costs, headline, months, pilots, sources, stage_figures, stages

SPECS: dict[str, TableSpec[Any]] = {
    spec.key: spec
    for spec in (
        headline.SPEC,
        stages.SPEC,
        pilots.SPEC,
        sources.SPEC,
        costs.SPEC,
        baselines.SPEC,
        months.SPEC,
        stage_figures.SPEC,
    )
}
TABLES = tuple(SPECS)


def build_tables(report: Report, keys: tuple[str, ...] = TABLES) -> dict[str, Table]:
    """The tables ``keys`` filled in with ``report``'s figures."""
    return {key: SPECS[key].build(report) for key in keys}
