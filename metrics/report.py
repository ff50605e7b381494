"""The ROI report: every figure of a period, per stage and per pilot, with the formula behind it.

Contract: ``build_report(user=..., start=..., end=...)`` runs a fixed number of queries whatever
the size of the ledger (one aggregate per ledger table, grouped by stage, pilot, date segment and
the table's own keys, plus pilots, baselines and the stage apps' registered providers; introductions
and assists are read from their daily rollups, metrics.rollups, which the services keep exact), then derives
every total, ratio and trend point from those groups in Python. Money is Decimal throughout, so
the figures on the page add up by hand.

Definitions (shown on the page next to each figure):
- cost per hire = actual cost of the period's hires / hires
- legacy cost per hire = the sponsor's baseline (travel + recruiter fees + job ads + other) in
  force on the hire date; savings = Σ (legacy cost per hire - actual cost) over the program's
  hires that have a baseline. Hires through job ads or recruiters are the legacy process itself and
  save nothing by definition; they and hires without a baseline are counted and flagged, not priced.
- time to hire = Σ (hired - first contact) / hires, against the baseline's legacy time to hire
- meaningful share = meaningful introductions on behalf of alumni / introductions on behalf of alumni
- value attributed = Σ assist points received x the baseline's point value, plus any money that a
  stage app's registered figure attributes
- ROI = (savings + value attributed - program cost) / program cost; undefined without program cost
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, Func, IntegerField, QuerySet, Sum, Value, When

from accounts.models import User
from programs.models import Pilot, Stage

from .access import report_pilots
from .models import (
    AssistDaily,
    AssistDirection,
    Hire,
    HireSource,
    IntroductionDaily,
    LegacyCostBaseline,
    ProgramCost,
)
from .registry import ReportScope, StageFigure, providers_for

ZERO = Decimal("0")
CENTS = Decimal("0.01")


# --- periods ---------------------------------------------------------------------------------


class PeriodError(ValueError):
    """A period that cannot be read; the message is shown next to the period form."""


PERIODS = ("month", "quarter", "year", "custom")
MAX_CUSTOM_DAYS = 366 * 10


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%B %Y")
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start:%-d %b %Y} – {self.end:%-d %b %Y}"

    def shifted(self, steps: int) -> Period:
        """The previous (-1) or next (+1) period of the same kind."""
        if self.kind == "custom":
            length = self.end - self.start + dt.timedelta(days=1)
            return Period("custom", self.start + steps * length, self.end + steps * length)
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind] * steps
        first = _add_months(self.start, months)
        return period_containing(self.kind, first)

    def as_params(self) -> dict[str, str]:
        if self.kind == "custom":
            return {"period": "custom", "start": self.start.isoformat(), "end": self.end.isoformat()}
        return {"period": self.kind, "start": self.start.isoformat()}


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_containing(kind: str, day: dt.date) -> Period:
    if kind == "month":
        start = day.replace(day=1)
        return Period(kind, start, start.replace(day=calendar.monthrange(start.year, start.month)[1]))
    if kind == "quarter":
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        end_month = _add_months(start, 2)
        return Period(kind, start, end_month.replace(day=calendar.monthrange(end_month.year, end_month.month)[1]))
    if kind == "year":
        return Period(kind, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    raise PeriodError(f"Unknown period {kind!r}; choose month, quarter, year or custom.")


def _date(value: str, name: str) -> dt.date:
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise PeriodError(f"The {name} date {value[:20]!r} is not a date like 2026-01-31.") from exc
    if not dt.date(1990, 1, 1) <= parsed <= dt.date(2200, 12, 31):
        raise PeriodError(f"The {name} date {parsed.isoformat()} is out of range.")
    return parsed


def parse_period(params: Mapping[str, Any], *, today: dt.date) -> Period:
    """Read ?period=month|quarter|year|custom&start=YYYY-MM-DD[&end=…]; default: this year."""
    kind = str(params.get("period") or "year")
    if kind not in PERIODS:
        raise PeriodError(f"Unknown period {kind[:20]!r}; choose month, quarter, year or custom.")
    start_raw = str(params.get("start") or "")
    if kind != "custom":
        return period_containing(kind, _date(start_raw, "start") if start_raw else today)
    end_raw = str(params.get("end") or "")
    if not start_raw or not end_raw:
        raise PeriodError("A custom period needs both a start and an end date.")
    start, end = _date(start_raw, "start"), _date(end_raw, "end")
    if end < start:
        raise PeriodError("The end date cannot be before the start date.")
    if (end - start).days > MAX_CUSTOM_DAYS:
        raise PeriodError("A custom period can cover at most ten years.")
    return Period("custom", start, end)


# --- figures ---------------------------------------------------------------------------------


def _ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENTS)


@dataclass
class Figures:
    """The sums for one slice (all, a stage, a pilot, a source, a month); ratios are properties."""

    hires: int = 0
    legacy_channel_hires: int = 0  # through job ads or recruiters: the legacy process itself
    hires_with_baseline: int = 0  # program hires (not legacy channels) priced against a baseline
    hires_with_legacy_time: int = 0
    actual_cost: Decimal = ZERO
    actual_cost_with_baseline: Decimal = ZERO
    legacy_cost: Decimal = ZERO
    time_to_hire_days: int = 0
    legacy_time_to_hire_days: int = 0
    introductions: int = 0
    meaningful_introductions: int = 0
    alumni_introductions: int = 0
    meaningful_alumni_introductions: int = 0
    assists_given: int = 0
    assists_received: int = 0
    assist_points_given: int = 0
    assist_points_received: int = 0
    assist_value: Decimal = ZERO
    registered_value: Decimal = ZERO
    program_cost: Decimal = ZERO

    def add(self, other: Figures) -> None:
        mine = self.__dict__
        for name, value in other.__dict__.items():
            mine[name] += value

    @property
    def cost_per_hire(self) -> Decimal | None:
        return _money(self.actual_cost / self.hires) if self.hires else None

    @property
    def legacy_cost_per_hire(self) -> Decimal | None:
        return _money(self.legacy_cost / self.hires_with_baseline) if self.hires_with_baseline else None

    @property
    def savings(self) -> Decimal:
        return self.legacy_cost - self.actual_cost_with_baseline

    @property
    def hires_without_baseline(self) -> int:
        """Program hires no baseline covers (left out of savings, flagged on the page)."""
        return self.hires - self.legacy_channel_hires - self.hires_with_baseline

    @property
    def avg_time_to_hire(self) -> Decimal | None:
        return _ratio(self.time_to_hire_days, self.hires)

    @property
    def legacy_time_to_hire(self) -> Decimal | None:
        return _ratio(self.legacy_time_to_hire_days, self.hires_with_legacy_time)

    @property
    def meaningful_share(self) -> Decimal | None:
        return _ratio(self.meaningful_alumni_introductions, self.alumni_introductions)

    @property
    def value_attributed(self) -> Decimal:
        return self.assist_value + self.registered_value

    @property
    def net_benefit(self) -> Decimal:
        return self.savings + self.value_attributed - self.program_cost

    @property
    def roi(self) -> Decimal | None:
        return _ratio(self.net_benefit, self.program_cost)


def _left_out(f: Figures) -> str:
    parts = []
    if f.legacy_channel_hires:
        parts.append(f"{f.legacy_channel_hires} through job ads or recruiters, the legacy process itself")
    if f.hires_without_baseline:
        parts.append(f"{f.hires_without_baseline} without a baseline")
    return f" ({'; '.join(parts)}: left out)" if parts else ""


@dataclass(frozen=True)
class Explained:
    """One figure as the page shows it: the value, how it was computed, and on how many cases."""

    key: str
    label: str
    value: Decimal | int | str | None
    formula: str
    cases: int | None = None
    unit: str = ""

    @property
    def too_few_cases(self) -> bool:
        return self.cases is not None and self.cases < settings.METRICS_MIN_CASES

    @property
    def undefined(self) -> bool:
        return self.value is None


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
        """The headline figures with their formulas filled in with this slice's inputs."""
        f = figures or self.overall
        c = self.currency
        out = [
            Explained(
                "cost_per_hire",
                "Cost per hire",
                f.cost_per_hire,
                f"{f.actual_cost:,.2f} {c} actual cost of hires / {f.hires} hires",
                f.hires,
                c,
            ),
            Explained(
                "legacy_cost_per_hire",
                "Legacy cost per hire",
                f.legacy_cost_per_hire,
                f"{f.legacy_cost:,.2f} {c} legacy cost (baseline per hire, summed) / {f.hires_with_baseline} hires "
                "with a baseline",
                f.hires_with_baseline,
                c,
            ),
            Explained(
                "savings",
                "Savings against the legacy process",
                _money(f.savings),
                f"{f.legacy_cost:,.2f} {c} legacy − {f.actual_cost_with_baseline:,.2f} {c} actual, over the "
                f"{f.hires_with_baseline} program hires with a baseline" + _left_out(f),
                f.hires_with_baseline,
                c,
            ),
            Explained(
                "time_to_hire",
                "Time to hire (days)",
                f.avg_time_to_hire,
                f"{f.time_to_hire_days} days from first contact to hire, summed / {f.hires} hires",
                f.hires,
                "days",
            ),
            Explained(
                "legacy_time_to_hire",
                "Legacy time to hire (days)",
                f.legacy_time_to_hire,
                f"{f.legacy_time_to_hire_days} baseline days, summed / {f.hires_with_legacy_time} hires with a "
                "baseline time to hire",
                f.hires_with_legacy_time,
                "days",
            ),
            Explained(
                "meaningful_share",
                "Meaningful introductions on behalf of alumni",
                f.meaningful_share,
                f"{f.meaningful_alumni_introductions} confirmed meaningful / {f.alumni_introductions} introductions "
                "on behalf of alumni",
                f.alumni_introductions,
                "share",
            ),
            Explained(
                "assist_points_given",
                "Assists given (value points)",
                f.assist_points_given,
                f"{f.assists_given} assists given, points summed",
                f.assists_given,
                "points",
            ),
            Explained(
                "assist_points_received",
                "Assists received (value points)",
                f.assist_points_received,
                f"{f.assists_received} assists received, points summed",
                f.assists_received,
                "points",
            ),
            Explained(
                "value_attributed",
                "Value attributed",
                _money(f.value_attributed),
                f"{f.assist_value:,.2f} {c} (points received × the baseline's point value)"
                + (f" + {f.registered_value:,.2f} {c} from stage figures" if f.registered_value else ""),
                f.assists_received,
                c,
            ),
            Explained(
                "program_cost", "Program cost", _money(f.program_cost), "sum of the pilots' program costs", None, c
            ),
            Explained(
                "roi",
                "ROI",
                f.roi,
                f"({_money(f.savings):,.2f} savings + {_money(f.value_attributed):,.2f} value attributed − "
                f"{_money(f.program_cost):,.2f} program cost) / {_money(f.program_cost):,.2f} program cost"
                + ("" if f.program_cost else " — undefined until a program cost is recorded"),
                f.hires + f.assists_received,
                "ratio",
            ),
        ]
        return out


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

Cell = tuple[int, int, dt.date]  # stage, pilot id, first day of the month


class _Segments:
    """The period cut at every month start and every baseline boundary inside it."""

    def __init__(self, start: dt.date, end: dt.date, baselines: Sequence[LegacyCostBaseline]) -> None:
        cuts = {start}
        month = _add_months(start.replace(day=1), 1)
        while month <= end:
            cuts.add(month)
            month = _add_months(month, 1)
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
    stage_figures: dict[int, list[StageFigure]] = {}
    for s in stages:
        figures: list[StageFigure] = []
        for _key, provider in providers_for(s):
            stage_scope = ReportScope(
                start=start, end=end, pilot_ids=[p.pk for p in pilots if p.stage == s], stages=(s,)
            )
            produced = list(provider(stage_scope)) if stage_scope.pilot_ids else []
            figures.extend(produced)
            extra = sum((f.attributed_value or ZERO for f in produced), ZERO)
            if extra:
                slices.by_stage[s].registered_value += extra
                slices.overall.registered_value += extra
        stage_figures[s] = figures
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
    )


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


def _add_hires(slices: _Slices, scope: ReportScope, restrict: bool, segments: _Segments) -> None:
    qs = (
        _ledger(Hire, scope, restrict)
        .annotate(segment=segments.expression())
        .values("stage", "pilot_id", "segment", "source", "sponsor_id")
        .annotate(n=Count("*"), cost=Sum("total_cost"), days=Sum("time_to_hire_days"))
    )
    months = segments.months
    legacy: dict[int, tuple[Decimal, int | None]] = {}
    fields = ("stage", "pilot_id", "segment", "source", "sponsor_id", "n", "cost", "days")
    for stage, pilot_id, segment, source, sponsor_id, n, cost, days in _grouped(qs, fields):
        cost = cost or ZERO
        days = days or 0
        legacy_channel = source in Hire.LEGACY_SOURCES
        b = None if legacy_channel else segments.baseline(sponsor_id, segment)
        if b is not None and b.id not in legacy:
            legacy[b.id] = (b.cost_per_hire, b.time_to_hire_days)
        for f in (slices.cells[stage, pilot_id, months[segment]], slices.by_source[source]):
            f.hires += n
            f.actual_cost += cost
            f.time_to_hire_days += days
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


def _add_costs(slices: _Slices, scope: ReportScope, restrict: bool, segments: _Segments) -> dict[str, Decimal]:
    qs = (
        _ledger(ProgramCost, scope, restrict)
        .annotate(segment=segments.expression())
        .values("stage", "pilot_id", "segment", "category")
        .annotate(amount=Sum("amount"))
    )
    months = segments.months
    categories: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for stage, pilot_id, segment, category, amount in _grouped(
        qs, ("stage", "pilot_id", "segment", "category", "amount")
    ):
        amount = amount or ZERO
        categories[category] += amount
        slices.cells[stage, pilot_id, months[segment]].program_cost += amount
    return dict(categories)


def stage_label(stage: int) -> str:
    return str(Stage(stage).label)
