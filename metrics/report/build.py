"""Building the report: a fixed number of grouped queries, summed into every slice in Python.

Contract: ``build_report(user=..., start=..., end=...)`` runs a fixed number of queries whatever
the size of the ledger (one aggregate per ledger table, grouped by stage, pilot, date segment and
the table's own keys, plus pilots, baselines and the stage apps' registered providers; introductions
and assists are read from their daily rollups, metrics.rollups, which the services keep exact), then
derives every total, ratio and trend point from those groups in Python. Money is Decimal throughout,
every sum read as cents in every database, so the figures on the page add up by hand.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from accounts.models import User
from programs.models import Pilot, Stage

from ..access import can_see_baselines, report_pilots
from ..models import (
    AssistDaily,
    AssistDirection,
    Hire,
    HireSource,
    IntroductionDaily,
    LegacyCostBaseline,
    ProgramCost,
)
from ..money import cents
from ..registry import ReportScope, StageFigure, providers_for
from .explain import WITHHELD, Explained, explain
from .figures import ZERO, Figures
from .period import Period, add_months


@dataclass
class PilotRow:
    pilot_id: int
    name: str
    stage: int
    sponsor: str
    status: str
    figures: Figures


@dataclass
class Report:
    period: Period
    scope: ReportScope
    currency: str
    overall: Figures
    by_stage: dict[int, Figures]
    by_pilot: list[PilotRow]
    by_source: dict[str, Figures]
    by_month: dict[dt.date, dict[int, Figures]]
    baselines: list[LegacyCostBaseline]
    program_cost_by_category: dict[str, Decimal]
    stage_figures: dict[int, list[StageFigure]]
    pilots: list[Pilot] = field(default_factory=list)
    # May the reader see the figures read straight from baselines (legacy cost per hire, savings,
    # legacy time to hire, value attributed, ROI)? If not, explain() and the tables withhold them.
    baseline_figures_visible: bool = True

    @property
    def stages(self) -> list[int]:
        return list(self.scope.stages)

    @property
    def months(self) -> list[dt.date]:
        return sorted(self.by_month)

    @property
    def is_empty(self) -> bool:
        o = self.overall
        return not (o.hires or o.introductions or o.assists_given or o.assists_received or o.program_cost)

    def explain(self, figures: Figures | None = None) -> list[Explained]:
        """The headline figures (of ``figures``, default the whole report) with their formulas; the
        whole report's program cost lists each pilot's."""
        withhold = not self.baseline_figures_visible
        if figures is not None:
            return explain(figures, self.currency, withhold=withhold)
        pilot_costs = [(row.name, row.figures.program_cost) for row in self.by_pilot]
        return explain(self.overall, self.currency, pilot_costs, withhold=withhold)


# --- building --------------------------------------------------------------------------------
#
# Performance (bench/roi.py: 1,000,000 ledger rows): each ledger table is read once, grouped by
# stage, pilot and a date *segment*. The segments are the months of the period, cut further where
# a legacy baseline starts or ends, so one segment lies in one month and under one baseline per
# sponsor. The row's segment is one width_bucket() over a sorted array of dates (a binary search)
# instead of a date_trunc() (which casts every date to a timestamp with time zone) plus a CASE
# with three comparisons per baseline; and the baseline of a group is looked up here from its
# sponsor and segment, so assists no longer join pilots. Groups are first summed per
# (stage, pilot, month) cell and each cell is then added to its slices once. Introductions and
# assists come from their daily rollups (IntroductionDaily, AssistDaily: one row per day, pilot,
# stage [and direction], kept exact by the services, see metrics.rollups): a year is ~10^4 rollup
# rows instead of ~3x10^5 ledger rows. A day lies in one segment, so the sums are the same.
# The median time to hire needs every hire's days, not a sum: the hires' query collects them per
# group (array_agg, _Each), which costs PostgreSQL a sort instead of a hash aggregate (about 15 ms
# for a year of 20,000 hires in bench/roi.py); grouping by the days instead would multiply the
# groups the Python loop reads.

Cell = tuple[int, int, dt.date]  # stage, pilot id, first day of the month

# THE rule for a hire with "no costs recorded" (all its costs zero): the report counts and flags
# them, and the hires list and API filter by it (metrics.filters, metrics.views.hires).
NO_COSTS = Q(total_cost=0)


class _Segments:
    """The period cut at every month start and every baseline boundary inside it."""

    def __init__(self, start: dt.date, end: dt.date, baselines: Sequence[LegacyCostBaseline]) -> None:
        cuts = {start}
        month = add_months(start.replace(day=1), 1)
        while month <= end:
            cuts.add(month)
            month = add_months(month, 1)
        for b in baselines:
            for day in (b.valid_from, b.valid_to + dt.timedelta(days=1)):
                if start < day <= end:
                    cuts.add(day)
        self.starts = sorted(cuts)
        # months[segment]: segments are numbered from 1, as width_bucket() numbers them.
        self.months = [self.starts[0], *(day.replace(day=1) for day in self.starts)]
        self.baselines = baselines
        self._baseline: dict[tuple[int | None, int], LegacyCostBaseline | None] = {}

    def expression(self) -> Func | Case:
        """SQL giving each row's segment number: 1 for the first segment, len(starts) for the last."""
        if connection.vendor == "postgresql":
            # width_bucket(operand, thresholds): the 1-based i with thresholds[i] <= operand < thresholds[i + 1].
            return Func(F("date"), Value(self.starts), function="width_bucket", output_field=IntegerField())
        whens = [When(date__lt=day, then=Value(i)) for i, day in enumerate(self.starts[1:], start=1)]
        return Case(*whens, default=Value(len(self.starts)), output_field=IntegerField())

    def baseline(self, sponsor_id: int | None, segment: int) -> LegacyCostBaseline | None:
        """The sponsor's baseline in force over the segment (the first listed wins, as it always has)."""
        key = (sponsor_id, segment)
        if key not in self._baseline:
            day = self.starts[segment - 1]
            self._baseline[key] = next(
                (b for b in self.baselines if b.sponsor_id == sponsor_id and b.valid_from <= day <= b.valid_to),
                None,
            )
        return self._baseline[key]


@dataclass
class _Slices:
    """Figures per (stage, pilot, month) cell, rolled up into every slice at the end."""

    cells: dict[Cell, Figures] = field(default_factory=lambda: defaultdict(Figures))
    by_source: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    overall: Figures = field(default_factory=Figures)
    by_stage: dict[int, Figures] = field(default_factory=lambda: defaultdict(Figures))
    by_pilot: dict[int, Figures] = field(default_factory=lambda: defaultdict(Figures))
    by_month: dict[dt.date, dict[int, Figures]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Figures))
    )
    priced_by: set[int] = field(default_factory=set)  # sponsors whose baselines priced a figure

    def roll_up(self) -> None:
        for (stage, pilot_id, month), figures in self.cells.items():
            for target in (self.overall, self.by_stage[stage], self.by_pilot[pilot_id], self.by_month[month][stage]):
                target.add(figures)


def _ledger(model: Any, scope: ReportScope, restrict: bool) -> QuerySet[Any]:
    qs = model.objects.filter(date__gte=scope.start, date__lte=scope.end)
    if set(scope.stages) != {1, 2, 3}:
        qs = qs.filter(stage__in=list(scope.stages))
    if restrict:
        qs = qs.filter(pilot_id__in=list(scope.pilot_ids))
    return qs.order_by()


def build_report(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    stage: int | None = None,
    sponsor_id: int | None = None,
    pilot_id: int | None = None,
    pilot_ids: Iterable[int] | None = None,
    period: Period | None = None,
) -> Report:
    """Every figure of the ROI report for what ``user`` may see. A fixed number of queries."""
    pilots_qs = report_pilots(user)
    if stage is not None:
        pilots_qs = pilots_qs.filter(stage=stage)
    if sponsor_id is not None:
        pilots_qs = pilots_qs.filter(sponsor_id=sponsor_id)
    if pilot_id is not None:
        pilots_qs = pilots_qs.filter(pk=pilot_id)
    if pilot_ids is not None:
        pilots_qs = pilots_qs.filter(pk__in=list(pilot_ids))
    pilots = list(pilots_qs.order_by("stage", "name"))
    narrowed = stage is not None or sponsor_id is not None or pilot_id is not None or pilot_ids is not None
    # An HR lead's unnarrowed report covers every pilot: skip the IN list (faster, same rows).
    restrict = narrowed or not user.is_hr_lead
    # The stages the reader's pilots are in: a manager of Stage 1 pilots gets no empty Stage 2 and 3.
    stages = (stage,) if stage is not None else (tuple(sorted({p.stage for p in pilots})) or (1, 2, 3))
    scope = ReportScope(start=start, end=end, pilot_ids=[p.pk for p in pilots], stages=stages)
    period = period or Period("custom", start, end)
    sponsor_of = {p.pk: p.sponsor_id for p in pilots}
    sponsor_ids = set(sponsor_of.values())
    # Every sponsor's baselines price the hires (an HR lead may book a hire to another sponsor than
    # its pilot's); the page lists only those of the sponsors in scope.
    all_baselines = list(
        LegacyCostBaseline.objects.filter(valid_from__lte=end, valid_to__gte=start).select_related("sponsor")
    )
    baselines = [b for b in all_baselines if b.sponsor_id in sponsor_ids]
    slices = _Slices()
    if pilots:
        segments = _Segments(start, end, all_baselines)
        _add_hires(slices, scope, restrict, segments)
        _add_introductions(slices, scope, restrict, segments)
        _add_assists(slices, scope, restrict, segments, sponsor_of)
        categories = _add_costs(slices, scope, restrict, segments)
        slices.roll_up()
    else:
        categories = {}
    stage_figures = _stage_figures(slices, scope, pilots)
    baselines, baselines_visible = _baselines_for(user, baselines, slices.priced_by)
    if not baselines_visible:
        stage_figures = {s: [_withheld(f) if f.baseline else f for f in fs] for s, fs in stage_figures.items()}
    rows = [
        PilotRow(
            pilot_id=p.pk,
            name=p.name,
            stage=p.stage,
            sponsor=p.sponsor.name,
            status=p.get_status_display(),
            figures=slices.by_pilot.get(p.pk, Figures()),
        )
        for p in pilots
    ]
    return Report(
        period=period,
        scope=scope,
        currency=settings.PROGRAM_CURRENCY,
        overall=slices.overall,
        by_stage={s: slices.by_stage.get(s, Figures()) for s in stages},
        by_pilot=rows,
        by_source={key: slices.by_source[key] for key in HireSource.values if key in slices.by_source},
        by_month={m: dict(sorted(v.items())) for m, v in sorted(slices.by_month.items())},
        baselines=baselines,
        program_cost_by_category=categories,
        stage_figures=stage_figures,
        pilots=pilots,
        baseline_figures_visible=baselines_visible,
    )


def _withheld(figure: StageFigure) -> StageFigure:
    """A figure resting on a baseline, for a reader who may not see baselines: no value, the reason."""
    return replace(figure, value="withheld", formula=f"Withheld: it {WITHHELD}.", attributed_value=None)


def _stage_figures(slices: _Slices, scope: ReportScope, pilots: Sequence[Pilot]) -> dict[int, list[StageFigure]]:
    """The registered providers' figures per stage; money they attribute adds to value attributed."""
    stage_figures: dict[int, list[StageFigure]] = {}
    for s in scope.stages:
        figures: list[StageFigure] = []
        stage_scope = ReportScope(
            start=scope.start, end=scope.end, pilot_ids=[p.pk for p in pilots if p.stage == s], stages=(s,)
        )
        for _key, provider in providers_for(s):
            produced = list(provider(stage_scope)) if stage_scope.pilot_ids else []
            figures.extend(produced)
            extra = sum((f.attributed_value or ZERO for f in produced), ZERO)
            if extra:
                slices.by_stage[s].registered_value += extra
                slices.overall.registered_value += extra
        stage_figures[s] = figures
    return stage_figures


def _baselines_for(
    user: User, baselines: Sequence[LegacyCostBaseline], priced_by: set[int]
) -> tuple[list[LegacyCostBaseline], bool]:
    """The baselines to list and whether the figures read from baselines may be shown, by THE
    rule (metrics.access.can_see_baselines): the figures only if ``user`` may see the baseline of
    every sponsor that priced one of them. One check per sponsor involved, whatever the ledger."""
    if not can_see_baselines(user):
        return [], False
    sponsors = priced_by | {b.sponsor_id for b in baselines}
    visible = {sponsor_id for sponsor_id in sorted(sponsors) if can_see_baselines(user, sponsor_id)}
    return [b for b in baselines if b.sponsor_id in visible], priced_by <= visible


def _grouped(qs: QuerySet[Any], fields: Sequence[str]) -> list[tuple[Any, ...]]:
    """The rows of a grouped values_list() query, in ``fields`` order.

    On PostgreSQL they are read straight from the cursor: psycopg2 already returns int and
    Decimal, and Django's per-value converters cost more than the rest of the Python work here.
    """
    if connection.vendor != "postgresql":
        return list(qs.values_list(*fields))
    query = qs.query
    # The columns' order, as django.db.models.query.ValuesIterable reads it.
    names = list(query.selected) if query.selected else [*query.values_select, *query.annotation_select]
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if names == list(fields):
        return rows
    order = [names.index(name) for name in fields]
    return [tuple(row[i] for i in order) for row in rows]


class _Each(Aggregate):
    """Every value of a group, for medians: array_agg() on PostgreSQL (read as a list by _grouped),
    group_concat() on SQLite (a text "30,45"). One query either way, and no more groups."""

    function = "ARRAY_AGG"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _ints(value: list[int] | str | None) -> list[int]:
    """_Each's value as a list of ints."""
    if not value:
        return []
    if isinstance(value, str):
        return [int(v) for v in value.split(",")]
    return value


def _cents(value: Any) -> Decimal:
    """A money sum as SQLite returns it (through a float: 37799.9900000000, or 3200), as cents."""
    return cents(value) or ZERO


def _as_read(value: Decimal | None) -> Decimal:
    return value if value is not None else ZERO


def _money_reader() -> Callable[[Any], Decimal]:
    """How to read a money sum as cents: PostgreSQL's SUM of a numeric(12, 2) column already has
    two decimals (3200.00); SQLite's goes through a float and is quantized (half-up) here."""
    return _as_read if connection.vendor == "postgresql" else _cents


def _add_hires(slices: _Slices, scope: ReportScope, restrict: bool, segments: _Segments) -> None:
    qs = (
        _ledger(Hire, scope, restrict)
        .annotate(segment=segments.expression())
        .values("stage", "pilot_id", "segment", "source", "sponsor_id")
        .annotate(
            n=Count("*"),
            uncosted=Count("total_cost", filter=NO_COSTS),
            cost=Sum("total_cost"),
            days=Sum("time_to_hire_days"),
            each=_Each("time_to_hire_days"),
        )
    )
    months = segments.months
    as_cents = _money_reader()
    legacy: dict[int, tuple[Decimal, int | None]] = {}
    fields = ("stage", "pilot_id", "segment", "source", "sponsor_id", "n", "uncosted", "cost", "days", "each")
    for stage, pilot_id, segment, source, sponsor_id, n, uncosted, cost, days, each in _grouped(qs, fields):
        cost = as_cents(cost)
        days = days or 0
        each_days = _ints(each)
        legacy_channel = source in Hire.LEGACY_SOURCES
        b = None if legacy_channel else segments.baseline(sponsor_id, segment)
        if b is not None and b.id not in legacy:
            legacy[b.id] = (b.cost_per_hire, b.time_to_hire_days)
            slices.priced_by.add(b.sponsor_id)
        for f in (slices.cells[stage, pilot_id, months[segment]], slices.by_source[source]):
            f.hires += n
            f.hires_without_costs += uncosted
            f.actual_cost += cost
            f.time_to_hire_days += days
            f.hire_days += each_days
            if legacy_channel:
                f.legacy_channel_hires += n
            if b is not None:
                cost_per_hire, legacy_days = legacy[b.id]
                f.hires_with_baseline += n
                f.actual_cost_with_baseline += cost
                f.legacy_cost += cost_per_hire * n
                if legacy_days is not None:
                    f.hires_with_legacy_time += n
                    f.legacy_time_to_hire_days += legacy_days * n


def _add_introductions(slices: _Slices, scope: ReportScope, restrict: bool, segments: _Segments) -> None:
    qs = (
        _ledger(IntroductionDaily, scope, restrict)
        .annotate(segment=segments.expression())
        .values("stage", "pilot_id", "segment")
        .annotate(
            n=Sum("introductions"),
            meaningful=Sum("meaningful_introductions"),
            alumni=Sum("alumni_introductions"),
            alumni_meaningful=Sum("meaningful_alumni_introductions"),
        )
    )
    months = segments.months
    fields = ("stage", "pilot_id", "segment", "n", "meaningful", "alumni", "alumni_meaningful")
    for stage, pilot_id, segment, n, meaningful, alumni, alumni_meaningful in _grouped(qs, fields):
        f = slices.cells[stage, pilot_id, months[segment]]
        f.introductions += int(n)
        f.meaningful_introductions += int(meaningful)
        f.alumni_introductions += int(alumni)
        f.meaningful_alumni_introductions += int(alumni_meaningful)


def _add_assists(
    slices: _Slices, scope: ReportScope, restrict: bool, segments: _Segments, sponsor_of: Mapping[int, int]
) -> None:
    qs = (
        _ledger(AssistDaily, scope, restrict)
        .annotate(segment=segments.expression())
        .values("stage", "pilot_id", "segment", "direction")
        .annotate(n=Sum("assists"), total_points=Sum("points"))
    )
    months = segments.months
    fields = ("stage", "pilot_id", "segment", "direction", "n", "total_points")
    for stage, pilot_id, segment, direction, n, points in _grouped(qs, fields):
        n, points = int(n), int(points or 0)
        f = slices.cells[stage, pilot_id, months[segment]]
        if direction == AssistDirection.GIVEN:
            f.assists_given += n
            f.assist_points_given += points
        else:
            f.assists_received += n
            f.assist_points_received += points
            # The pilot's sponsor's baseline: the pilots are already loaded, so no join.
            b = segments.baseline(sponsor_of.get(pilot_id), segment)
            if b is not None:
                f.assist_value += b.point_value * points
                slices.priced_by.add(b.sponsor_id)


def _add_costs(slices: _Slices, scope: ReportScope, restrict: bool, segments: _Segments) -> dict[str, Decimal]:
    qs = (
        _ledger(ProgramCost, scope, restrict)
        .annotate(segment=segments.expression())
        .values("stage", "pilot_id", "segment", "category")
        .annotate(amount=Sum("amount"))
    )
    months = segments.months
    as_cents = _money_reader()
    categories: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for stage, pilot_id, segment, category, amount in _grouped(
        qs, ("stage", "pilot_id", "segment", "category", "amount")
    ):
        amount = as_cents(amount)
        categories[category] += amount
        slices.cells[stage, pilot_id, months[segment]].program_cost += amount
    return dict(categories)


def stage_label(stage: int) -> str:
    return str(Stage(stage).label)
