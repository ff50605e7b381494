"""Stage 2 pages: the Stage 2 page and goodwill over time.

- ``index``, the Stage 2 page: its numbers first (alumni reached, introductions on their behalf —
  the most important number — meaningful or not, per contributor and per segment; referrals from
  alumni and their hires, assists received from alumni, events, the survey response rate and the
  goodwill distribution) for a pilot and a period (this quarter unless chosen), then quick links.
  Everyone who reads a Stage 2 pilot's figures (``figure_pilots``: managers their sponsors'
  pilots) reads it; the per-contributor table (employees' names) and the links to pages naming
  alumni are for who works in Stage 2 (``can_work``). No alumnus is named here.
- ``goodwill``: the count of alumni per goodwill level at the end of each of the last twelve months
  (the seed's bell curve, reconstructed from the goodwill history), per pilot and segment, as a
  chart, the table of the same numbers and its CSV (``goodwill_csv``). Counts only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from metrics.exports import csv_response
from metrics.forms.report import PeriodForm
from metrics.report import Period, period_containing
from programs.models import Pilot

from ..access import can_manage, can_read_figures, can_work, figure_pilots
from ..models import AlumniSegment, Goodwill
from ..selectors import stage

DEFAULT_PERIOD = "quarter"


class StageFilterForm(PeriodForm):
    """The Stage 2 page's filters: a pilot (blank: all the reader may see) and the period."""

    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="All pilots")

    field_order = ["pilot", "period", "start", "end"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class GoodwillFilterForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="All pilots")
    segment = forms.ModelChoiceField(queryset=AlumniSegment.objects.none(), required=False, empty_label="Every segment")

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        segments = AlumniSegment.objects.filter(pilot__in=pilots).select_related("pilot")
        self.fields["segment"].queryset = segments.order_by("pilot__name", "rank", "name")  # type: ignore[attr-defined]
        self.fields["segment"].label_from_instance = lambda s: f"{s.name} ({s.pilot.name})"  # type: ignore[attr-defined]


def _pilots(user: User) -> QuerySet[Pilot]:
    """The Stage 2 pilots whose counts the user reads; a 404 for who reads none."""
    if not can_read_figures(user):
        raise Http404
    pilots = stage.stage_two(figure_pilots(user))
    if not pilots.exists():
        raise Http404
    return pilots


def _filters(request: AuthedRequest, pilots: QuerySet[Pilot], today: dt.date) -> tuple[StageFilterForm, Period, Any]:
    params = request.GET.copy()
    if not params.get("period"):
        params["period"] = DEFAULT_PERIOD
    form = StageFilterForm(params, pilots=pilots, today=today)
    if form.is_valid() and form.period_value is not None:
        return form, form.period_value, form.cleaned_data.get("pilot")
    return form, period_containing(DEFAULT_PERIOD, today), None


@login_required
@require_safe
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    pilots = stage.stage_two(figure_pilots(user)) if can_read_figures(user) else Pilot.objects.none()
    has_pilots = pilots.exists()
    filters, period, chosen = _filters(request, pilots, today)
    if chosen is not None:
        pilots = pilots.filter(pk=chosen.pk)
    names = can_work(user)
    return render(
        request,
        "alumni/index.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(k) for k in ("pilot", "period", "start", "end")),
            "has_pilots": has_pilots,
            "counts": stage.stage_counts(pilots, period, names=names, today=today) if has_pilots else None,
            "period": period,
            "goodwill_query": f"?pilot={chosen.pk}" if chosen is not None else "",
            "can_name": names,
            "can_manage": can_manage(user),
            "breadcrumbs": [],
        },
    )


def _goodwill(request: AuthedRequest) -> tuple[GoodwillFilterForm, list[stage.MonthDistribution], str]:
    pilots = _pilots(request.user)
    filters = GoodwillFilterForm(request.GET or None, pilots=pilots)
    segment, scope_name = None, "all"
    if filters.is_valid():
        chosen = filters.cleaned_data.get("pilot")
        segment = filters.cleaned_data.get("segment")
        if chosen is not None:
            pilots, scope_name = pilots.filter(pk=chosen.pk), f"pilot-{chosen.pk}"
        if segment is not None:
            scope_name = f"segment-{segment.pk}"
    history = stage.goodwill_history(pilots, segment=segment, today=timezone.localdate())
    return filters, history, scope_name


@login_required
@require_safe
def goodwill(request: AuthedRequest) -> HttpResponse:
    filters, history, _name = _goodwill(request)
    return render(
        request,
        "alumni/goodwill.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(k) for k in ("pilot", "segment")),
            "history": history,
            "chart": stage.chart(history),
            "levels": list(Goodwill),
            "empty": not any(m.total for m in history),
            "csv_url": reverse("alumni:goodwill_csv"),
            "can_name": can_work(request.user),
            "breadcrumbs": [("Stage 2", reverse("alumni:index"))],
        },
    )


@login_required
@require_safe
def goodwill_csv(request: AuthedRequest) -> StreamingHttpResponse:
    """The goodwill table as CSV. Not audited: it holds counts, no names."""
    _filters, history, name = _goodwill(request)
    header = ["Month end", *(str(level.label) for level in Goodwill), "Alumni", "Mean score (known levels)"]
    rows = [
        [m.day.isoformat(), *(c.n for c in m.levels), m.total, "" if m.mean_score is None else m.mean_score]
        for m in history
    ]
    return csv_response(f"goodwill-{name}-{history[-1].day.isoformat()}.csv", header, rows)


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("goodwill/", goodwill, name="goodwill"),
    path("goodwill.csv", goodwill_csv, name="goodwill_csv"),
]
