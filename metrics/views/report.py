"""The ROI report pages: the report (metrics:index), its chart data (metrics:report_data), a CSV
of any of its tables (metrics:report_csv) and two pilots side by side (metrics:compare).

Everyone signed in may open them; metrics.report.build_report narrows every figure to the pilots
the user may see (HR leads all, managers their sponsors', contributors their own), so a user who
sees no pilot gets an empty state, not a refusal. A pilot the user may not see is a 404 on the
compare page. The baselines table follows metrics.access: HR leads and managers only.

Every table is built once here (raw values plus a column kind) and rendered three ways: as HTML
(formatted), as CSV (raw, injection-safe) and, for the charts, as JSON. Building the report runs
a fixed number of queries, so the page does too, whatever the size of the ledger.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from core.web import as_pk
from programs.access import get_pilot_for_user
from programs.models import Pilot, SponsorOrganization

from ..access import report_pilots
from ..forms.report import PERIOD_KEYS, CompareForm, ReportFilterForm
from ..models import CostCategory, HireSource
from ..report import Explained, Figures, Period, Report, build_report, stage_label

TABLES = ("headline", "stages", "pilots", "sources", "costs", "baselines", "months", "stage_figures")
FILTER_KEYS = (*PERIOD_KEYS, "stage", "sponsor", "pilot")
UNDEFINED_REASONS = {
    "cost_per_hire": "no hires in this period",
    "time_to_hire": "no hires in this period",
    "legacy_cost_per_hire": "no hire with a legacy cost baseline for its sponsor",
    "legacy_time_to_hire": "no hire with a baseline time to hire",
    "meaningful_share": "no introductions on behalf of alumni",
    "roi": "no program cost recorded",
}
# Explained.unit -> column kind; any other unit is the currency (money).
UNIT_KINDS = {"share": "pct", "ratio": "pct", "days": "days", "points": "int", "": "text"}
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


# --- formatting -------------------------------------------------------------------------------


def _q(value: Any, places: str) -> Decimal:
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def fmt(value: Any, kind: str, currency: str) -> str:
    """A value as the page shows it: money with the currency and 2 decimals, shares and ROI as
    percentages, days with one decimal."""
    if value is None or value == "":
        return "—"
    if kind == "money":
        return f"{_q(value, '0.01'):,} {currency}"
    if kind == "pct":
        return f"{_q(Decimal(value) * 100, '0.01'):,}%"
    if kind == "days":
        return f"{_q(value, '0.1'):,}"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "date":
        return date_format(value)
    if kind == "month":
        return value.strftime("%b %Y")
    return str(value)


def fmt_diff(value: Any, kind: str, currency: str) -> str:
    """A signed difference: percentage points for shares and ROI."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    magnitude = abs(value)
    if kind == "pct":
        return f"{sign}{_q(magnitude * 100, '0.01'):,} pp"
    return f"{sign}{fmt(magnitude, kind, currency)}"


def csv_cell(value: Any) -> str:
    """A raw value for a CSV cell. Text that a spreadsheet would run as a formula gets a leading
    quote; plain numbers (a negative ROI) stay numbers."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(CSV_TRIGGERS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _kind_of_unit(unit: str) -> str:
    return UNIT_KINDS.get(unit, "money")


# --- tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    label: str
    kind: str = "text"

    def csv_label(self, currency: str) -> str:
        if self.kind == "money":
            return f"{self.label} ({currency})"
        if self.kind == "pct":
            return f"{self.label} (fraction)"
        if self.kind == "month":
            return f"{self.label} (YYYY-MM)"
        return self.label


@dataclass
class TRow:
    values: list[Any]
    url: str = ""
    pilot_id: int | None = None


@dataclass
class Table:
    key: str
    title: str
    caption: str
    columns: list[Col]
    rows: list[TRow]
    currency: str
    totals: list[TRow] = field(default_factory=list)
    empty: str = "Nothing recorded in this period."
    note: str = ""
    pickable: bool = False
    transpose: bool = False

    def _cell(self, value: Any, col: Col) -> dict[str, Any]:
        return {"text": fmt(value, col.kind, self.currency), "numeric": col.kind not in ("text", "date", "month")}

    def _display(self, rows: list[TRow]) -> list[dict[str, Any]]:
        out = []
        for row in rows:
            cells = [self._cell(v, c) for v, c in zip(row.values, self.columns, strict=True)]
            out.append({"header": cells[0]["text"], "url": row.url, "pilot_id": row.pilot_id, "cells": cells[1:]})
        return out

    @cached_property
    def view(self) -> dict[str, Any]:
        """What the HTML table shows: head (column labels), body and foot rows. A transposed table
        (few rows, many figures) shows one column per row and one row per figure."""
        if not self.transpose:
            return {
                "head": [{"label": c.label, "numeric": c.kind not in ("text", "date", "month")} for c in self.columns],
                "body": self._display(self.rows),
                "foot": self._display(self.totals),
            }
        every = [*self.rows, *self.totals]
        first = self.columns[0]
        return {
            "head": [{"label": "Figure", "numeric": False}]
            + [{"label": fmt(r.values[0], first.kind, self.currency), "numeric": True} for r in every],
            "body": [
                {
                    "header": col.label,
                    "url": "",
                    "pilot_id": None,
                    "cells": [self._cell(r.values[i], col) for r in every],
                }
                for i, col in enumerate(self.columns)
                if i > 0
            ],
            "foot": [],
        }

    def csv_rows(self) -> list[list[str]]:
        def raw(v: Any, c: Col) -> Any:
            return v.strftime("%Y-%m") if c.kind == "month" and v is not None else v

        lines = [[csv_cell(c.csv_label(self.currency)) for c in self.columns]]
        for row in [*self.rows, *self.totals]:
            lines.append([csv_cell(raw(v, c)) for v, c in zip(row.values, self.columns, strict=True)])
        return lines


FIGURE_COLUMNS = [
    Col("Hires", "int"),
    Col("Cost per hire", "money"),
    Col("Legacy cost per hire", "money"),
    Col("Savings", "money"),
    Col("Time to hire (days)", "days"),
    Col("Legacy time to hire (days)", "days"),
    Col("Introductions", "int"),
    Col("Alumni introductions", "int"),
    Col("Meaningful share", "pct"),
    Col("Assist points given", "int"),
    Col("Assist points received", "int"),
    Col("Value attributed", "money"),
    Col("Program cost", "money"),
    Col("ROI", "pct"),
]


def _figure_values(f: Figures) -> list[Any]:
    return [
        f.hires,
        f.cost_per_hire,
        f.legacy_cost_per_hire,
        f.savings,
        f.avg_time_to_hire,
        f.legacy_time_to_hire,
        f.introductions,
        f.alumni_introductions,
        f.meaningful_share,
        f.assist_points_given,
        f.assist_points_received,
        f.value_attributed,
        f.program_cost,
        f.roi,
    ]


def _months(period: Period) -> list[dt.date]:
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _month_totals(report: Report) -> list[tuple[dt.date, Figures]]:
    out = []
    for month in _months(report.period):
        total = Figures()
        for figures in report.by_month.get(month, {}).values():
            total.add(figures)
        out.append((month, total))
    return out


def build_tables(report: Report, *, explained: list[Explained]) -> dict[str, Table]:
    c = report.currency
    tables: dict[str, Table] = {}
    tables["headline"] = Table(
        "headline",
        "Headline figures",
        "Headline figures with their formulas",
        [
            Col("Figure"),
            Col("Value"),
            Col("Unit"),
            Col("Formula with its inputs"),
            Col("Cases", "int"),
            Col("Too few cases"),
        ],
        [TRow([e.label, e.value, e.unit, e.formula, e.cases, "yes" if e.too_few_cases else "no"]) for e in explained],
        c,
    )
    tables["stages"] = Table(
        "stages",
        "By stage",
        "Key figures per stage",
        [Col("Stage"), *FIGURE_COLUMNS],
        [TRow([stage_label(s), *_figure_values(report.by_stage[s])]) for s in report.stages],
        c,
        totals=[TRow(["All stages", *_figure_values(report.overall)])],
        transpose=True,
    )
    tables["pilots"] = Table(
        "pilots",
        "By pilot",
        "Key figures per pilot; tick two pilots to compare them",
        [
            Col("Pilot"),
            Col("Stage", "int"),
            Col("Sponsor"),
            Col("Status"),
            Col("Hires", "int"),
            Col("Cost per hire", "money"),
            Col("Savings", "money"),
            Col("Meaningful share", "pct"),
            Col("Assist points given", "int"),
            Col("Assist points received", "int"),
            Col("Program cost", "money"),
            Col("ROI", "pct"),
        ],
        [
            TRow(
                [
                    row.name,
                    row.stage,
                    row.sponsor,
                    row.status,
                    row.figures.hires,
                    row.figures.cost_per_hire,
                    row.figures.savings,
                    row.figures.meaningful_share,
                    row.figures.assist_points_given,
                    row.figures.assist_points_received,
                    row.figures.program_cost,
                    row.figures.roi,
                ],
                url=reverse("programs:pilot_detail", args=[row.pilot_id]),
                pilot_id=row.pilot_id,
            )
            for row in report.by_pilot
        ],
        c,
        empty="No pilot in this report.",
        note=(
            "A pilot's ROI counts its savings, its assist points' value and its program cost; money that "
            "stage figures attribute is counted per stage (see “By stage”)."
            if report.overall.registered_value
            else ""
        ),
        pickable=True,
    )
    tables["sources"] = Table(
        "sources",
        "Hires by source",
        "Hires per source channel",
        [
            Col("Source"),
            Col("Hires", "int"),
            Col("Actual cost", "money"),
            Col("Cost per hire", "money"),
            Col("Legacy cost per hire", "money"),
            Col("Savings", "money"),
            Col("Time to hire (days)", "days"),
        ],
        [
            TRow(
                [
                    HireSource(key).label,
                    f.hires,
                    f.actual_cost,
                    f.cost_per_hire,
                    f.legacy_cost_per_hire,
                    f.savings,
                    f.avg_time_to_hire,
                ]
            )
            for key, f in report.by_source.items()
        ],
        c,
        empty="No hires in this period.",
    )
    total_cost = sum(report.program_cost_by_category.values(), Decimal("0"))
    tables["costs"] = Table(
        "costs",
        "Program cost by category",
        "Program cost per category",
        [Col("Category"), Col("Amount", "money"), Col("Share of program cost", "pct")],
        [
            TRow([CostCategory(key).label, amount, amount / total_cost if total_cost else None])
            for key in CostCategory.values
            if (amount := report.program_cost_by_category.get(key)) is not None
        ],
        c,
        totals=[TRow(["Total", total_cost, Decimal(1) if total_cost else None])] if total_cost else [],
        empty="No program cost recorded in this period.",
    )
    tables["baselines"] = Table(
        "baselines",
        "Legacy cost baselines used",
        "The sponsors' legacy cost baselines in force during the period",
        [
            Col("Sponsor"),
            Col("Valid from", "date"),
            Col("Valid to", "date"),
            Col("Legacy cost per hire", "money"),
            Col("Travel", "money"),
            Col("Recruiter fees", "money"),
            Col("Job ads", "money"),
            Col("Other", "money"),
            Col("Legacy time to hire (days)", "int"),
            Col("Legacy sales cycle (days)", "int"),
            Col("Value of one assist point", "money"),
            Col("Where the figures come from"),
        ],
        [
            TRow(
                [
                    b.sponsor.name,
                    b.valid_from,
                    b.valid_to,
                    b.cost_per_hire,
                    b.travel_per_hire,
                    b.recruiter_fees_per_hire,
                    b.job_ads_per_hire,
                    b.other_per_hire,
                    b.time_to_hire_days,
                    b.sales_cycle_days,
                    b.point_value,
                    b.source_note,
                ]
            )
            for b in sorted(report.baselines, key=lambda b: (b.sponsor.name, b.valid_from))
        ],
        c,
        empty="No baseline covers this period: savings and value attributed stay at zero until an HR lead "
        "records the sponsors' legacy costs.",
    )
    tables["months"] = Table(
        "months",
        "By month",
        "Figures per month (the data of the trend chart)",
        [
            Col("Month", "month"),
            Col("Hires", "int"),
            Col("Introductions", "int"),
            Col("Meaningful introductions", "int"),
            Col("Assist points given", "int"),
            Col("Assist points received", "int"),
            Col("Program cost", "money"),
        ],
        [
            TRow(
                [
                    month,
                    f.hires,
                    f.introductions,
                    f.meaningful_introductions,
                    f.assist_points_given,
                    f.assist_points_received,
                    f.program_cost,
                ]
            )
            for month, f in _month_totals(report)
        ],
        c,
    )
    tables["stage_figures"] = Table(
        "stage_figures",
        "Stage figures",
        "Figures the stage apps report for this period",
        [Col("Stage"), Col("Figure"), Col("Value"), Col("Unit"), Col("Formula"), Col("Cases", "int")],
        [
            TRow([stage_label(s), f.label, f.value, f.unit, f.formula, f.cases])
            for s in report.stages
            for f in report.stage_figures.get(s, [])
        ],
        c,
        empty="No stage figures yet. Stage apps add theirs here (leads and their quality from recruiting, "
        "sales-cycle velocity from business development) as their work is recorded.",
    )
    return tables


def explain_cards(explained: list[Explained], currency: str) -> list[dict[str, Any]]:
    return [
        {
            "key": e.key,
            "label": e.label,
            "display": fmt(e.value, _kind_of_unit(e.unit), currency),
            "formula": e.formula,
            "cases": e.cases,
            "few": e.too_few_cases and not e.undefined,
            "undefined": e.undefined,
            "reason": UNDEFINED_REASONS.get(e.key, "not enough data"),
        }
        for e in explained
    ]


# --- reading the filters ---------------------------------------------------------------------


@dataclass
class Scope:
    """The filters of a request, read and checked once for the page, its CSV and its JSON."""

    form: ReportFilterForm
    period: Period | None = None
    stage: int | None = None
    sponsor: SponsorOrganization | None = None
    pilot: Pilot | None = None

    @property
    def valid(self) -> bool:
        return self.period is not None

    @property
    def narrowed(self) -> bool:
        return self.stage is not None or self.sponsor is not None or self.pilot is not None

    def params(self, period: Period | None = None) -> dict[str, str]:
        assert self.period is not None
        params = (period or self.period).as_params()
        if self.stage is not None:
            params["stage"] = str(self.stage)
        if self.sponsor is not None:
            params["sponsor"] = str(self.sponsor.pk)
        if self.pilot is not None:
            params["pilot"] = str(self.pilot.pk)
        return params

    def query(self, period: Period | None = None) -> str:
        return urlencode(self.params(period))

    def summary(self) -> str:
        return " · ".join(
            [
                f"Stage: {stage_label(self.stage) if self.stage is not None else 'all'}",
                f"Sponsor: {self.sponsor.name if self.sponsor is not None else 'all'}",
                f"Pilot: {self.pilot.name if self.pilot is not None else 'all'}",
            ]
        )

    def build(self, user: User) -> Report:
        assert self.period is not None
        return build_report(
            user=user,
            start=self.period.start,
            end=self.period.end,
            stage=self.stage,
            sponsor_id=self.sponsor.pk if self.sponsor is not None else None,
            pilot_id=self.pilot.pk if self.pilot is not None else None,
            period=self.period,
        )


def _with_period_defaults(params: Any, today: dt.date) -> Any:
    """The query string with the default period (this year) filled in, so the form shows it.

    The default start is today, not the period's first day: a period holds the day, so switching
    the form from "year" to "quarter" or "month" then lands on the current one, not January."""
    data = params.copy()
    kind = data.get("period") or "year"
    data["period"] = kind
    if not data.get("start") and kind in ("month", "quarter", "year"):
        data["start"] = today.isoformat()
    return data


def _sponsors_for(user: User, pilots: QuerySet[Pilot]) -> QuerySet[SponsorOrganization]:
    if user.is_hr_lead:
        return SponsorOrganization.objects.order_by("name")
    return SponsorOrganization.objects.filter(pk__in=pilots.values("sponsor_id")).order_by("name")


def read_scope(request: AuthedRequest) -> Scope:
    user = request.user
    today = timezone.localdate()
    pilots = report_pilots(user).order_by("stage", "name")
    form = ReportFilterForm(
        _with_period_defaults(request.GET, today),
        today=today,
        pilots=pilots,
        sponsors=_sponsors_for(user, pilots),
    )
    if not form.is_valid() or form.period_value is None:
        return Scope(form)
    data = form.cleaned_data
    return Scope(form, form.period_value, data["stage"], data["sponsor"], data["pilot"])


def _form_errors(form: Any) -> dict[str, list[str]]:
    return {key: [str(m) for m in messages] for key, messages in form.errors.items()}


def _may_see_baselines(user: User) -> bool:
    return user.is_hr_lead or user.is_manager


def _period_slug(period: Period) -> str:
    if period.kind == "year":
        return f"{period.start.year}"
    if period.kind == "quarter":
        return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
    if period.kind == "month":
        return f"{period.start:%Y-%m}"
    return f"{period.start.isoformat()}_{period.end.isoformat()}"


# --- views ------------------------------------------------------------------------------------


@require_safe
@login_required
def report_index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    scope = read_scope(request)
    context: dict[str, Any] = {
        "form": scope.form,
        "filtered": any(request.GET.get(key) for key in FILTER_KEYS),
        "min_cases": settings.METRICS_MIN_CASES,
        "can_log": user.is_hr_lead or user.is_contributor,
        "show_baselines": _may_see_baselines(user),
    }
    if not scope.valid:
        return render(request, "metrics/report.html", context, status=400)
    assert scope.period is not None
    report = scope.build(user)
    explained = report.explain()
    tables = build_tables(report, explained=explained)
    previous, following = scope.period.shifted(-1), scope.period.shifted(1)
    query = scope.query()
    context.update(
        report=report,
        period=scope.period,
        scope_summary=scope.summary(),
        # ROI first: it is what a manager reads first; the others keep the report's order.
        cards=sorted(explain_cards(explained, report.currency), key=lambda card: card["key"] != "roi"),
        tables=tables,
        filter_query=query,
        data_url=f"{reverse('metrics:report_data')}?{query}",
        previous=previous,
        previous_query=scope.query(previous),
        following=following,
        following_query=scope.query(following),
        no_pilots=not report.pilots and not scope.narrowed,
        no_match=not report.pilots and scope.narrowed,
        can_log=user.is_hr_lead or (user.is_contributor and bool(report.pilots)),
        compare_pick=len(report.by_pilot) >= 2,
        period_query=urlencode(scope.period.as_params()),
        period_params=scope.period.as_params(),
    )
    return render(request, "metrics/report.html", context)


def _series(key: str, label: str, values: list[Any], axis: str) -> dict[str, Any]:
    return {"key": key, "label": label, "axis": axis, "data": [None if v is None else float(v) for v in values]}


@require_safe
@login_required
def report_data(request: AuthedRequest) -> HttpResponse:
    """The charts' data: {"period", "currency", "trend": {"labels", "series"}, "stages": {...}}.
    Each series: {"key", "label", "axis": count|money|percent, "data": [number or null]}."""
    scope = read_scope(request)
    if not scope.valid:
        message = " ".join(m for messages in _form_errors(scope.form).values() for m in messages)
        return JsonResponse(
            {"error": {"code": "invalid", "message": message, "fields": _form_errors(scope.form)}}, status=400
        )
    report = scope.build(request.user)
    c = report.currency
    months = _month_totals(report)
    stages = [(s, report.by_stage[s]) for s in report.stages]
    return JsonResponse(
        {
            "period": {
                "label": report.period.label,
                "start": report.period.start.isoformat(),
                "end": report.period.end.isoformat(),
            },
            "currency": c,
            "trend": {
                "labels": [m.strftime("%b %Y") for m, _ in months],
                "series": [
                    _series("hires", "Hires", [f.hires for _, f in months], "count"),
                    _series(
                        "meaningful_introductions",
                        "Meaningful introductions",
                        [f.meaningful_introductions for _, f in months],
                        "count",
                    ),
                    _series(
                        "assist_points",
                        "Assist points (given + received)",
                        [f.assist_points_given + f.assist_points_received for _, f in months],
                        "count",
                    ),
                    _series("program_cost", f"Program cost ({c})", [f.program_cost for _, f in months], "money"),
                ],
            },
            "stages": {
                "labels": [stage_label(s) for s, _ in stages],
                "series": [
                    _series("roi", "ROI (%)", [None if f.roi is None else f.roi * 100 for _, f in stages], "percent"),
                    _series("cost_per_hire", f"Cost per hire ({c})", [f.cost_per_hire for _, f in stages], "money"),
                ],
            },
        }
    )


@require_safe
@login_required
def report_csv(request: AuthedRequest) -> HttpResponse:
    table_key = request.GET.get("table", "")
    if table_key not in TABLES:
        return HttpResponse(
            f"Unknown table {table_key[:30]!r}; choose one of: {', '.join(TABLES)}.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if table_key == "baselines" and not _may_see_baselines(request.user):
        raise PermissionDenied("Baselines are for HR leads and managers.")
    scope = read_scope(request)
    if not scope.valid:
        message = " ".join(m for messages in _form_errors(scope.form).values() for m in messages)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    assert scope.period is not None
    report = scope.build(request.user)
    table = build_tables(report, explained=report.explain())[table_key]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"roi-report-{table_key.replace('_', '-')}-{_period_slug(scope.period)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv.writer(response).writerows(table.csv_rows())
    return response


def _compare_data(request: AuthedRequest) -> Any:
    """The query string with ?pick=<id>&pick=<id> (the report's checkboxes) read as a and b."""
    data = request.GET.copy()
    picks = [p for p in data.getlist("pick") if p]
    if picks and not data.get("a") and not data.get("b"):
        data["a"] = picks[0]
        data["b"] = picks[1] if len(picks) > 1 else ""
    return data


@require_safe
@login_required
def compare(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    data = _with_period_defaults(_compare_data(request), today)
    for key in ("a", "b"):
        if (pilot_pk := as_pk(data.get(key))) is not None:
            get_pilot_for_user(user, pilot_pk)  # 404 for a pilot the user may not see
    pilots = report_pilots(user).order_by("stage", "name")
    bound = bool(request.GET.get("a") or request.GET.get("b") or request.GET.get("pick"))
    form = CompareForm(data if bound else None, today=today, pilots=pilots, initial=data.dict())
    context: dict[str, Any] = {
        "form": form,
        "min_cases": settings.METRICS_MIN_CASES,
        "crumbs": [("Reports", reverse("metrics:index"))],
    }
    if not bound:
        return render(request, "metrics/compare.html", context)
    if not form.is_valid() or form.period_value is None:
        return render(request, "metrics/compare.html", context, status=400)
    period = form.period_value
    a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    reports = [
        build_report(user=user, start=period.start, end=period.end, pilot_id=p.pk, period=period) for p in (a, b)
    ]
    currency = reports[0].currency
    rows = []
    for ea, eb in zip(reports[0].explain(), reports[1].explain(), strict=True):
        kind = _kind_of_unit(ea.unit)
        both = isinstance(ea.value, Decimal | int) and isinstance(eb.value, Decimal | int)
        rows.append(
            {
                "label": ea.label,
                "a": explain_cards([ea], currency)[0],
                "b": explain_cards([eb], currency)[0],
                "diff": fmt_diff(ea.value - eb.value, kind, currency) if both else "—",  # type: ignore[operator]
            }
        )
    period_params = period.as_params()
    context.update(
        a=a,
        b=b,
        period=period,
        rows=rows,
        currency=currency,
        sides=[
            {"label": label, "pilot": p, "report_query": urlencode({**period_params, "pilot": p.pk})}
            for label, p in (("First", a), ("Second", b))
        ],
        previous_query=urlencode({**period.shifted(-1).as_params(), "a": a.pk, "b": b.pk}),
        following_query=urlencode({**period.shifted(1).as_params(), "a": a.pk, "b": b.pk}),
        previous=period.shifted(-1),
        following=period.shifted(1),
        can_scale=user.is_hr_lead,
    )
    return render(request, "metrics/compare.html", context)


urlpatterns: list[URLPattern] = [
    path("", report_index, name="index"),
    path("report/data.json", report_data, name="report_data"),
    path("report.csv", report_csv, name="report_csv"),
    path("compare/", compare, name="compare"),
]
