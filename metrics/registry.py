"""How stage apps add their own figures to the ROI report without metrics importing them.

A stage app registers a provider in its AppConfig.ready():

    from metrics.registry import StageFigure, register_figures

    def recruiting_figures(scope):
        ...aggregate in SQL over scope.pilot_ids, scope.start..scope.end...
        return [StageFigure(key="leads", label="Leads found", value=42, formula="count of …", cases=42)]

    register_figures(stage=1, key="recruiting", provider=recruiting_figures)

Flags: ``level`` (compare with a goal as it stands, not paced), ``at_most`` (lower is better),
``baseline`` (rests on a legacy cost baseline: withheld from readers who may not see baselines).

The report calls every provider of the stages it shows, once per report (a provider must run a
fixed number of queries, whatever the data). A figure with ``attributed_value`` adds that money to
the ROI's "value attributed" and is listed as an input of the formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: a date range, the pilots (already narrowed to what the reader may see)
    and the stages."""

    start: dt.date
    end: dt.date
    pilot_ids: Sequence[int]
    stages: Sequence[int] = (1, 2, 3)


@dataclass(frozen=True)
class StageFigure:
    key: str
    label: str
    value: Decimal | int | float | str | None
    formula: str = ""
    cases: int | None = None
    unit: str = ""
    attributed_value: Decimal | None = None
    # A level compared with a goal's target as it stands (a median, a mean, a shift), not a count
    # that adds up over a pilot and is paced; units "share", "ratio" and "%" are levels anyway.
    level: bool = False
    # For a level: lower is better (a goal's target is a ceiling: cycle days, days to answer).
    at_most: bool = False
    # Rests on a sponsor's legacy cost baseline: withheld from a reader who may not see it, as
    # the report's own baseline figures are (metrics.access.can_see_baselines).
    baseline: bool = False


FigureProvider = Callable[[ReportScope], Sequence[StageFigure]]


@dataclass
class _Registry:
    providers: dict[int, dict[str, FigureProvider]] = field(default_factory=dict)


_registry = _Registry()


def register_figures(*, stage: int, key: str, provider: FigureProvider) -> None:
    """Register (or replace, so a reloaded app config is harmless) a stage's figure provider."""
    if stage not in (1, 2, 3):
        raise ValueError(f"stage must be 1, 2 or 3, not {stage!r}")
    _registry.providers.setdefault(stage, {})[key] = provider


def unregister_figures(*, stage: int, key: str) -> None:
    _registry.providers.get(stage, {}).pop(key, None)


def providers_for(stage: int) -> list[tuple[str, FigureProvider]]:
    return sorted(_registry.providers.get(stage, {}).items())
