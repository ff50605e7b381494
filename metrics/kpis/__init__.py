"""The figures of the home page: KPI tiles made of the ROI report's own figures.

``home_board`` builds a period's tiles (ROI, savings, hires, cost per hire, meaningful
introductions on behalf of alumni, assist points received) for what a user may see: each tile's
value is the report's figure for the same filters, with its change against the previous period and
the same period last year (``compare.delta``: from the values as shown, "no comparison" when the
earlier one is undefined, no percentage when it is zero) and a sparkline of the last 12 months
(``compare.sparkline``: drawn as SVG on the server, with the values as text). Figures resting on a
baseline follow metrics.access.can_see_baselines: withheld tiles carry the reason.

Layout: ``specs`` (what each tile shows), ``compare`` (changes and sparklines), ``board`` (the
report calls and the tiles).
"""

from __future__ import annotations

from .board import DEFAULT_KIND, PERIOD_KINDS, Board, Tile, home_board, report_url, trend_window
from .compare import Delta, Sparkline, delta, sparkline
from .specs import TILES, TileSpec

__all__ = [
    "DEFAULT_KIND",
    "PERIOD_KINDS",
    "TILES",
    "Board",
    "Delta",
    "Sparkline",
    "Tile",
    "TileSpec",
    "delta",
    "home_board",
    "report_url",
    "sparkline",
    "trend_window",
]
