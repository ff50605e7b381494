"""The report's views: thin, each reads the scope, builds the report once and hands it to a
table, the cards, the chart data or the CSV writer."""

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
from core.web import as_pk
from programs.access import can_log, can_manage_pilots, get_pilot_for_user, pilot_empty_hint

from ...access import can_manage_costs, can_see_baselines, report_pilots
from ...forms.report import CompareForm
from ...report import LEGACY_RULE, build_report, no_costs_flag
from .cards import explain_card, explain_cards
from .data import chart_data
from .export import csv_response
from .format import fmt_diff, kind_of_unit
from .scope import FILTER_KEYS, read_scope, with_period_defaults
from .tables import TABLES, build_tables


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
    report = scope.build(user)
    previous, following = scope.period.shifted(-1), scope.period.shifted(1)
    query = scope.query()
    context.update(
        report=report,
        period=scope.period,
        scope_summary=scope.summary(),
        cards=explain_cards(report.explain(), report.currency),
        no_costs=no_costs_flag(report.overall, report.currency),
        roi_shown=report.baseline_figures_visible,
        tables=build_tables(report, tuple(key for key in TABLES if key != "headline")),
        filter_query=query,
        data_url=f"{reverse('metrics:report_data')}?{query}",
        previous=previous,
        previous_query=scope.query(previous),
        following=following,
        following_query=scope.query(following),
        no_pilots=not report.pilots and not scope.narrowed,
        no_match=not report.pilots and scope.narrowed,
        compare_pick=len(report.by_pilot) >= 2,
        period_query=urlencode(scope.period.as_params()),
        period_params=scope.period.as_params(),
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
    return JsonResponse(chart_data(scope.build(request.user)))


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
    data = with_period_defaults(_compare_data(request), today)
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
        rows.append(
            {
                "label": ea.label,
                "a": explain_card(ea, currency),
                "b": explain_card(eb, currency),
                "diff": fmt_diff(ea.value, eb.value, kind_of_unit(ea.unit), currency),
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
        can_scale=can_manage_pilots(user),
    )
    return render(request, "metrics/compare.html", context)
