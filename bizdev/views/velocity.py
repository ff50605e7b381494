"""Sales-cycle velocity: assisted vs unassisted deals against the sponsor's legacy sales cycle, per
assist type, each figure with its formula, its deal count and the note when too few deals stand
behind it; a chart drawn on the server (SVG, no script); the same rows as CSV (``velocity_csv``)
and in the API (bizdev.api.figures). Counts only, no names: everyone who reads a Stage 3 pilot's
figures reads it (managers their sponsors' pilots); anyone else gets a 404. The figures read from
baselines follow metrics' baseline rule (``bizdev.selectors.stage.baselines_visible``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.web import AuthedRequest
from metrics.exports import csv_response
from metrics.report import WITHHELD, Period

from ..access import can_read_figures
from ..selectors import stage, velocity
from .home import FILTER_KEYS, StageFilterForm, read_filters

CSV_HEADER = ["Key", "Figure", "Value", "Unit", "Deals", "Note", "Formula"]


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int
    colour: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    bars: list[Bar]


COLOURS = {"assisted": "#15803d", "unassisted": "#6b7280", "baseline": "#b45309", "type": "#2563eb"}
ROW, BAR_HEIGHT, LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH = 30, 18, 190, 260, 70


def chart(v: velocity.Velocity, *, baseline_visible: bool) -> Chart:
    """Median cycle days as horizontal bars, scaled to the longest: assisted, unassisted, the
    baseline (when the reader may see it) and each assist type with a median."""
    items: list[tuple[str, Decimal, str]] = []
    for group, colour in ((v.assisted, "assisted"), (v.unassisted, "unassisted")):
        if group.median_days is not None:
            items.append((f"{group.label} ({group.won} won)", group.median_days, colour))
    if baseline_visible and v.baseline.value is not None:
        items.append(("Legacy (baseline)", v.baseline.value, "baseline"))
    for group in v.by_type:
        if group.median_days is not None:
            items.append((f"{group.label} ({group.won} won)", group.median_days, "type"))
    peak = max((value for _l, value, _c in items), default=Decimal(0))
    bars = [
        Bar(
            label=label,
            text=f"{velocity.days_text(value)} days",
            y=8 + i * ROW,
            width=int(PLOT_WIDTH * value / peak) if peak else 0,
            colour=COLOURS[colour],
        )
        for i, (label, value, colour) in enumerate(items)
    ]
    return Chart(
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH, height=16 + len(bars) * ROW, plot_left=LABEL_WIDTH, bars=bars
    )


@dataclass(frozen=True)
class Read:
    filters: StageFilterForm
    period: Period
    figures: velocity.Velocity
    rows: list[velocity.FigureRow]
    baselines_visible: bool
    scope_name: str
    valid: bool


def _read(request: AuthedRequest) -> Read:
    user = request.user
    if not can_read_figures(user):
        raise Http404
    pilots = stage.readable_pilots(user)
    if not pilots.exists():
        raise Http404
    filters, period, chosen, valid = read_filters(request, pilots, timezone.localdate())
    if chosen is not None:
        pilots = pilots.filter(pk=chosen.pk)
    scope = velocity.Scope(pilot_ids=list(pilots.values_list("pk", flat=True)), start=period.start, end=period.end)
    figures = velocity.velocity(scope)
    visible = stage.baselines_visible(user, figures)
    rows = velocity.figure_rows(figures, withheld="" if visible else WITHHELD)
    name = f"pilot-{chosen.pk}" if chosen is not None else "all"
    return Read(filters, period, figures, rows, visible, name, valid)


@login_required
@require_safe
def velocity_page(request: AuthedRequest) -> HttpResponse:
    read = _read(request)
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return render(
        request,
        "bizdev/velocity.html",
        {
            "filters": read.filters,
            "filtered": any(request.GET.get(k) for k in FILTER_KEYS),
            "period": read.period,
            "v": read.figures,
            "rows": read.rows,
            "chart": chart(read.figures, baseline_visible=read.baselines_visible),
            "baselines_visible": read.baselines_visible,
            "withheld": WITHHELD,
            "too_few": velocity.TOO_FEW,
            "csv_url": reverse("bizdev:velocity_csv") + (query if read.valid else ""),
            "breadcrumbs": [("Stage 3", reverse("bizdev:index"))],
        },
    )


@login_required
@require_safe
def velocity_csv(request: AuthedRequest) -> StreamingHttpResponse | HttpResponse:
    """The velocity rows as CSV, the page's digits. Not audited: counts, no names. A bad period is
    a 400 with the form's message (a download must not silently answer for another period)."""
    read = _read(request)
    if not read.valid:
        message = " ".join(str(e) for errors in read.filters.errors.values() for e in errors)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    rows = [
        [r.key, r.label, r.plain, r.unit, "" if r.cases is None else r.cases, r.note, r.formula or r.withheld]
        for r in read.rows
    ]
    filename = f"velocity-{read.scope_name}-{read.period.start.isoformat()}-{read.period.end.isoformat()}.csv"
    return csv_response(filename, CSV_HEADER, rows)


urlpatterns: list[URLPattern] = [
    path("velocity/", velocity_page, name="velocity"),
    path("velocity.csv", velocity_csv, name="velocity_csv"),
]
