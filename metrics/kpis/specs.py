"""The six tiles of the home page: which figure of the report each shows, how it is written, which
card or table of the report holds it, and the words for an empty period.

Every value is read from metrics.report.Figures by the property the report itself shows (the
report's definitions; nothing is re-derived here). ``baseline`` tiles rest on a sponsor's legacy
cost baseline (metrics.report.BASELINE_FIGURES) and are withheld, with the reason, from who may not
see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..report import Figures, plural
from ..views.report.format import Kind, fmt

Value = Decimal | int | None


@dataclass(frozen=True)
class Words:
    """What a tile's sentences need to know: the currency, how the period is named ("this
    quarter") and whether the reader may see the figures read from baselines."""

    currency: str
    period: str
    baselines_visible: bool


@dataclass(frozen=True)
class TileSpec:
    key: str
    label: str
    kind: Kind  # how the value is rounded and written (metrics.views.report.format)
    value: Callable[[Figures], Value]
    anchor: str  # where the figure is on the report page
    empty: Callable[[Figures, Words], str]  # "No hires yet this quarter", or "" when there is data
    detail: Callable[[Figures, Words], str]  # one line of context under the value
    baseline: bool = False  # read from a sponsor's baseline: withheld from who may not see it
    lower_is_better: bool = False  # a fall is good news (cost per hire)
    # Why the figure can be undefined (None): "no hires" (then). Counts and sums are never None;
    # an undefined month shows as a gap in the sparkline.
    undefined: str = "no figure"


def _hires_empty(f: Figures, w: Words) -> str:
    return "" if f.hires else f"No hires yet {w.period}"


def _hires_detail(f: Figures, w: Words) -> str:
    parts = []
    if f.legacy_channel_hires:
        parts.append(f"{f.legacy_channel_hires:,} through job ads or recruiters")
    if f.hires_without_costs:
        parts.append(f"{f.hires_without_costs:,} without costs recorded")
    return "; ".join(parts)


def _cost_detail(f: Figures, w: Words) -> str:
    if not f.hires:
        return ""
    if not w.baselines_visible:
        return "Legacy cost per hire: not shown (it rests on a sponsor's baseline)"
    if f.legacy_cost_per_hire is None:
        return "Legacy cost per hire: no hire with a baseline"
    return f"Legacy: {fmt(f.legacy_cost_per_hire, 'money', w.currency)} per hire"


def _savings_empty(f: Figures, w: Words) -> str:
    return "" if f.hires_with_baseline else f"No hire priced against a baseline yet {w.period}"


def _savings_detail(f: Figures, w: Words) -> str:
    if not f.hires_with_baseline:
        return ""
    text = f"Over {plural(f.hires_with_baseline, 'program hire')} with a baseline"
    if f.hires_without_baseline:
        text += f"; {f.hires_without_baseline:,} without a baseline, not priced"
    return text


def _intro_empty(f: Figures, w: Words) -> str:
    return "" if f.alumni_introductions else f"No introductions on behalf of alumni yet {w.period}"


def _intro_detail(f: Figures, w: Words) -> str:
    if not f.alumni_introductions:
        return ""
    share = fmt(f.meaningful_share, "pct", w.currency)
    return f"Of {plural(f.alumni_introductions, 'introduction')} on behalf of alumni ({share})"


def _assist_empty(f: Figures, w: Words) -> str:
    return "" if f.assists_received else f"No assists received yet {w.period}"


def _assist_detail(f: Figures, w: Words) -> str:
    parts = []
    if f.assists_received:
        parts.append(f"From {plural(f.assists_received, 'assist')} received")
    if f.assists_given:
        parts.append(f"{plural(f.assist_points_given, 'point')} given in {plural(f.assists_given, 'assist')}")
    return "; ".join(parts)


def _roi_empty(f: Figures, w: Words) -> str:
    return "" if f.program_cost else f"Undefined: no program cost recorded {w.period}"


def _roi_detail(f: Figures, w: Words) -> str:
    if not f.program_cost:
        return ""
    return f"Program cost: {fmt(f.program_cost, 'money', w.currency)}"


TILES: tuple[TileSpec, ...] = (
    TileSpec(
        "roi",
        "ROI",
        "pct",
        lambda f: f.roi,
        "card-roi",
        _roi_empty,
        _roi_detail,
        baseline=True,
        undefined="no program cost",
    ),
    TileSpec(
        "savings",
        "Savings against the legacy process",
        "money",
        lambda f: f.savings,
        "card-savings",
        _savings_empty,
        _savings_detail,
        baseline=True,
    ),
    TileSpec("hires", "Hires", "int", lambda f: f.hires, "table-stages", _hires_empty, _hires_detail),
    TileSpec(
        "cost_per_hire",
        "Cost per hire",
        "money",
        lambda f: f.cost_per_hire,
        "card-cost_per_hire",
        _hires_empty,
        _cost_detail,
        lower_is_better=True,
        undefined="no hires",
    ),
    TileSpec(
        "meaningful_introductions",
        "Meaningful introductions on behalf of alumni",
        "int",
        lambda f: f.meaningful_alumni_introductions,
        "card-meaningful_share",
        _intro_empty,
        _intro_detail,
    ),
    TileSpec(
        "assist_points_received",
        "Assists received (value points)",
        "int",
        lambda f: f.assist_points_received,
        "card-assist_points_received",
        _assist_empty,
        _assist_detail,
    ),
)
