"""The home page's board: the tiles of one period for what a user may see.

Contract: ``home_board(user=..., kind=..., today=...)`` calls the report builder
(metrics.report.build_report) once per period it shows (this period, the previous one, the same
period last year; one fewer for a year, whose previous period *is* last year) and once for the last
12 months, whose "By month" cells (metrics.views.report.tables.months.month_totals) give the
sparklines. Each call runs a fixed number of queries, so the board does too, whatever the size of
the ledger. The figures are the report's own: the same Figures, read by the same properties, rounded
once where they are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode

from django.urls import reverse

from accounts.models import User

from ..access import can_see_baselines
from ..report import WITHHELD, Period, Report, build_report, period_containing
from ..report.period import add_months
from ..views.report.format import fmt
from ..views.report.tables.months import month_totals
from .compare import Delta, Sparkline, delta, sparkline
from .specs import TILES, TileSpec, Value, Words

PERIOD_KINDS = ("month", "quarter", "year")
DEFAULT_KIND = "quarter"
PERIOD_WORDS = {"month": "this month", "quarter": "this quarter", "year": "this year"}
# How many periods back the same period of last year is.
LAST_YEAR = {"month": 12, "quarter": 4, "year": 1}
SPARK_MONTHS = 12


@dataclass
class Tile:
    """One figure as the home shows it."""

    spec: TileSpec
    value: Value  # exact, as the report holds it; None when undefined or withheld
    display: str  # rounded once, half-up, with its unit: what the report's card shows
    url: str  # the report slice behind it, at the card or table that holds it
    withheld: str = ""  # why the reader may not see it
    empty: str = ""  # "No hires yet this quarter"
    detail: str = ""
    deltas: list[Delta] = field(default_factory=list)
    spark: Sparkline | None = None
    spark_note: str = ""  # why there is no sparkline

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def label(self) -> str:
        return self.spec.label


@dataclass
class Board:
    period: Period
    words: str  # "this quarter"
    comparisons: list[Period]
    currency: str
    report_url: str
    tiles: list[Tile] = field(default_factory=list)
    has_pilots: bool = False
    is_empty: bool = True  # nothing recorded in the period
    missing_baselines: list[str] = field(default_factory=list)  # sponsors without a baseline for the period
    trend: Period | None = None


def report_url(period: Period, sponsor_id: int | None, anchor: str = "") -> str:
    """The report page with the same filters (and the figure's card or table as the anchor)."""
    params = period.as_params()
    if sponsor_id is not None:
        params["sponsor"] = str(sponsor_id)
    return f"{reverse('metrics:index')}?{urlencode(params)}" + (f"#{anchor}" if anchor else "")


def trend_window(today: dt.date) -> Period:
    """The last 12 months, this one included."""
    month = period_containing("month", today)
    return Period("custom", add_months(month.start, 1 - SPARK_MONTHS), month.end)


def home_board(*, user: User, kind: str, today: dt.date, sponsor_id: int | None = None) -> Board:
    """The tiles of the ``kind`` (month, quarter, year) period holding ``today``, for what ``user``
    may see (narrowed to one sponsor with ``sponsor_id``; the caller checks the user may see it)."""
    period = period_containing(kind, today)
    previous, last_year = period.shifted(-1), period.shifted(-LAST_YEAR[kind])
    comparisons = [previous] if previous == last_year else [previous, last_year]
    build = partial(build_report, user=user, sponsor_id=sponsor_id)
    current = build(start=period.start, end=period.end, period=period)
    board = Board(period, PERIOD_WORDS[kind], comparisons, current.currency, report_url(period, sponsor_id))
    if not current.pilots:
        return board
    board.has_pilots, board.is_empty = True, current.is_empty
    earlier = [build(start=p.start, end=p.end, period=p) for p in comparisons]
    board.trend = trend_window(today)
    trend = build(start=board.trend.start, end=board.trend.end, period=board.trend)
    if can_see_baselines(user):
        board.missing_baselines = _missing_baselines(current)
    words = Words(current.currency, board.words, current.baseline_figures_visible)
    tiles = [_tile(spec, current, earlier, trend, words, sponsor_id) for spec in TILES]
    # Numbers first: a tile the reader may not see goes to the end of the grid.
    board.tiles = sorted(tiles, key=lambda tile: bool(tile.withheld))
    return board


def _missing_baselines(report: Report) -> list[str]:
    """The sponsors in the report with no legacy cost baseline in force during its period."""
    covered = {b.sponsor_id for b in report.baselines}
    names = {p.sponsor_id: p.sponsor.name for p in report.pilots if p.sponsor_id not in covered}
    return sorted(names.values())


def _tile(
    spec: TileSpec, current: Report, earlier: list[Report], trend: Report, words: Words, sponsor_id: int | None
) -> Tile:
    url = report_url(current.period, sponsor_id, spec.anchor)
    f = current.overall
    if spec.baseline and not current.baseline_figures_visible:
        return Tile(spec, None, "—", url, withheld=WITHHELD)
    value = spec.value(f)
    tile = Tile(spec, value, fmt(value, spec.kind, words.currency), url)
    tile.empty, tile.detail = spec.empty(f, words), spec.detail(f, words)
    if value is not None:  # without a figure now, the tile's empty text says why; nothing to compare
        tile.deltas = [_delta(spec, value, report, words.currency) for report in earlier]
    if spec.baseline and not trend.baseline_figures_visible:
        tile.spark_note = "No monthly line: some months rest on a baseline you may not see."
    else:
        months = month_totals(trend)
        tile.spark = sparkline(
            [m for m, _ in months],
            [spec.value(figures) for _, figures in months],
            kind=spec.kind,
            currency=words.currency,
            label=spec.label,
            since=current.period.start,
        )
    return tile


def _delta(spec: TileSpec, value: Value, report: Report, currency: str) -> Delta:
    against = report.period.label
    if spec.baseline and not report.baseline_figures_visible:
        return Delta(against, reason="its figure rests on a baseline you may not see")
    before = spec.value(report.overall)
    return delta(
        value,
        before,
        kind=spec.kind,
        currency=currency,
        against=against,
        lower_is_better=spec.lower_is_better,
        undefined=spec.undefined,
    )
