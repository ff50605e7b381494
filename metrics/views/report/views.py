"""The report's views: thin, each reads the scope, builds the report (and the previous period's,
for the changes) and hands it to a table, the cards, the charts' data or the CSV writer. The
compare page is in .compare."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.web import AuthedRequest
from programs.access import can_log, pilot_empty_hint

from ...access import can_manage_costs, can_see_baselines
from ...report import LEGACY_RULE, PilotRow, no_costs_flag
from .cards import report_cards
from .charts import build_charts
from .data import chart_data
from .export import csv_response
from .scope import FILTER_KEYS, Scope, read_scope
from .tables import TABLES, build_tables


def _compare_query(scope: Scope, rows: list[PilotRow]) -> str:
    """The compare page's query for the report's pilots: two or more are picked there; one is
    compared with its previous period (there is no second pilot to offer)."""
    assert scope.period is not None
    params = scope.period.as_params()
    if len(rows) == 1:
        params = {**params, "a": str(rows[0].pilot_id), "against": "previous"}
    return urlencode(params)


@require_safe
@login_required
def report_index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    scope = read_scope(request)
    context: dict[str, Any] = {
        "form": scope.form,
        "filtered": any(request.GET.get(key) for key in FILTER_KEYS),
        "min_cases": settings.METRICS_MIN_CASES,
        "legacy_rule": LEGACY_RULE,
        "can_log": can_log(user),
        "can_record_costs": can_manage_costs(user),
        "empty_hint": pilot_empty_hint(user),
        "show_baselines": can_see_baselines(user),
    }
    if not scope.valid:
        return render(request, "metrics/report.html", context, status=400)
    assert scope.period is not None
    report, before = scope.build_with_previous(user)
    following = scope.period.shifted(1)
    query = scope.query()
    context.update(
        report=report,
        period=scope.period,
        scope_summary=scope.summary(),
        cards=report_cards(report, before),
        charts=build_charts(report, before),
        no_costs=no_costs_flag(report.overall, report.currency),
        no_costs_url=f"{reverse('metrics:hire_list')}?{scope.hires_query(no_costs=True)}",
        tables=build_tables(report, tuple(key for key in TABLES if key != "headline")),
        filter_query=query,
        data_url=f"{reverse('metrics:report_data')}?{query}",
        previous=before.period,
        previous_query=scope.query(before.period),
        following=following,
        following_query=scope.query(following),
        no_pilots=not report.pilots and not scope.narrowed,
        no_match=not report.pilots and scope.narrowed,
        compare_pick=len(report.by_pilot) >= 2,
        compare_query=_compare_query(scope, report.by_pilot),
        period_query=urlencode(scope.period.as_params()),
        period_params=scope.period.as_params(),
        today=timezone.localdate(),
    )
    return render(request, "metrics/report.html", context)


@require_safe
@login_required
def report_data(request: AuthedRequest) -> HttpResponse:
    """The charts' data (see .data)."""
    scope = read_scope(request)
    if not scope.valid:
        error = {"code": "invalid", "message": scope.error_message(), "fields": scope.errors()}
        return JsonResponse({"error": error}, status=400)
    return JsonResponse(chart_data(*scope.build_with_previous(request.user)))


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
    if table_key == "baselines" and not can_see_baselines(request.user):
        raise PermissionDenied("Baselines are for HR leads and managers.")
    scope = read_scope(request)
    if not scope.valid:
        return HttpResponse(scope.error_message(), status=400, content_type="text/plain; charset=utf-8")
    assert scope.period is not None
    table = build_tables(scope.build(request.user), (table_key,))[table_key]
    return csv_response(table, scope.period, actor=request.user, filters=scope.params())
