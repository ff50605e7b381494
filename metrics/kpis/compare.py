"""A tile's change against an earlier period, and its sparkline.

Changes follow the report's one rule (metrics.views.report.changes): worked out from the values
*as shown* (rounded once, half-up), so a manager can redo them from the two figures on the screen:

    change   = shown now - shown before                (percentage points, pp, for ROI)
    change % = (shown now - shown before) / |shown before| x 100, rounded half-up to 0.1 %
               (not for ROI: a percentage of a percentage misleads)

An earlier value that is undefined (no hires, no program cost) gives "no comparison"; an earlier
value of zero gives the change but no percentage (there is nothing to divide by).

The sparkline is drawn here as SVG coordinates (no script): one point per month, a gap where the
month's figure is undefined, and a text listing every month's value for who cannot see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..views.report.changes import change
from ..views.report.format import Kind, fmt, rounded
from .specs import Value


@dataclass(frozen=True)
class Delta:
    """The change of a tile's figure against one earlier period."""

    against: str  # the earlier period's label: "Q3 2026"
    change: str = ""  # "+1", "-250.00 EUR" (a minus sign, U+2212), "+12.00 pp"; "" when there is no comparison
    percent: str = ""  # "+50.0%"; "" when the earlier value is zero or there is no comparison
    reason: str = ""  # why there is no comparison ("no figure then") or no percentage ("was 0, so no %")
    direction: str = ""  # up | down | flat | "" (no comparison)
    tone: str = ""  # good | bad | "" (flat, no comparison)

    @property
    def comparable(self) -> bool:
        return bool(self.change)


def delta(
    now: Value,
    before: Value,
    *,
    kind: Kind,
    currency: str,
    against: str,
    lower_is_better: bool = False,
    undefined: str = "no figure",
) -> Delta:
    """``now`` against ``before`` (both exact, as the report gives them), by the report's one rule
    (metrics.views.report.changes.change); a tile adds the direction and whether it is good news.
    ``undefined`` says why a figure can be missing ("no hires": "no hires then")."""
    if now is None:
        return Delta(against, reason=f"{undefined} now")
    if before is None:
        return Delta(against, reason=f"{undefined} then")
    figure = change(now, before, kind=kind, currency=currency, against=against)
    difference = Decimal(rounded(now, kind)) - Decimal(rounded(before, kind))
    direction = "up" if difference > 0 else ("down" if difference < 0 else "flat")
    tone = "" if direction == "flat" else ("good" if (direction == "up") != lower_is_better else "bad")
    return Delta(against, figure.change, figure.percent, figure.reason, direction, tone)


# --- sparklines -------------------------------------------------------------------------------

WIDTH, HEIGHT, PAD = 120, 32, 3


@dataclass
class Sparkline:
    """One tile's last months: ``values`` as shown (rounded), the SVG geometry, and ``text``, the
    values in words (the image's text alternative)."""

    months: list[dt.date]
    values: list[Value]
    text: str
    lines: list[str] = field(default_factory=list)  # polyline "x,y x,y" strings, one per run of months
    dots: list[tuple[str, str]] = field(default_factory=list)  # lone months between gaps
    last: tuple[str, str] | None = None  # the latest month with a figure
    zero: str | None = None  # y of the zero line, when the values cross it
    band: tuple[str, str] | None = None  # x and width of the shaded months of the tile's period

    width: int = WIDTH
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        return all(v is None for v in self.values)


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def sparkline(
    months: Sequence[dt.date],
    values: Sequence[Value],
    *,
    kind: Kind,
    currency: str,
    label: str,
    since: dt.date | None = None,
) -> Sparkline:
    """The sparkline of ``values`` (exact, one per month, None when undefined); the months from
    ``since`` on (the tile's period) are shaded."""
    shown = [None if v is None else rounded(v, kind) for v in values]
    words = "; ".join(
        f"{m:%b %Y}: {fmt(v, kind, currency) if v is not None else 'no figure'}"
        for m, v in zip(months, shown, strict=True)
    )
    spark = Sparkline(list(months), shown, f"{label} per month, {months[0]:%b %Y} to {months[-1]:%b %Y}: {words}.")
    step = (WIDTH - 2 * PAD) / max(len(shown) - 1, 1)
    first = next((i for i, m in enumerate(months) if since is not None and m >= since), None)
    if first is not None:
        left = max(PAD + (first - 0.5) * step, 0.0)
        spark.band = (_coordinate(left), _coordinate(WIDTH - left))
    numbers = [float(v) for v in shown if v is not None]
    if not numbers:
        return spark
    low, high = min(0.0, *numbers), max(0.0, *numbers)
    span = (high - low) or 1.0

    def point(i: int, v: Value) -> tuple[str, str]:
        y = HEIGHT - PAD - (float(v or 0) - low) / span * (HEIGHT - 2 * PAD)
        return _coordinate(PAD + i * step), _coordinate(y)

    run: list[tuple[str, str]] = []
    for i, v in enumerate([*shown, None]):
        if v is not None:
            run.append(point(i, v))
            continue
        if len(run) == 1:
            spark.dots.append(run[0])
        elif run:
            spark.lines.append(" ".join(f"{x},{y}" for x, y in run))
        run = []
    last = max((i for i, v in enumerate(shown) if v is not None), default=None)
    if last is not None:
        spark.last = point(last, shown[last])
    if low < 0 < high:
        spark.zero = point(0, 0)[1]
    return spark
