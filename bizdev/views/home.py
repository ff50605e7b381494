"""The Stage 3 page: its numbers first, for a pilot and a period (this quarter unless chosen) —
opportunities open, won, lost and assisted; assists given vs received and their points; alumni
requests met and the median time to meet them; sales-cycle days saved — then, for who works in
Stage 3 (``bizdev.access.can_work``), the alumni requests still open, oldest first ("make sure
that their requests are met"), and the give/get balance per alumnus and per contributor.

Everyone who reads a Stage 3 pilot's figures (``figure_pilots``: managers their sponsors' pilots)
reads the page; managers get counts and the per-team balance, never an alumnus's or an employee's
name (as on the Stage 2 page). The page lists alumni's names for the others: each such view is
audited once. Days saved rest on the sponsor's baseline and follow metrics' baseline rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.services import audit_record
from accounts.web import AuthedRequest
from metrics.forms.report import PeriodForm
from metrics.report import Period, period_containing
from programs.models import Pilot

from ..access import can_manage, can_work, work_pilots
from ..navigation import stage_links
from ..selectors import stage

DEFAULT_PERIOD = "quarter"
FILTER_KEYS = ("pilot", "period", "start", "end")


class StageFilterForm(PeriodForm):
    """The Stage 3 pages' filters: a pilot (blank: all the reader may see) and the period."""

    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="All pilots")

    field_order = ["pilot", "period", "start", "end"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


def read_filters(
    request: AuthedRequest, pilots: QuerySet[Pilot], today: dt.date
) -> tuple[StageFilterForm, Period, Pilot | None, bool]:
    """The filter form, the period (this quarter by default or when the input is bad), the chosen
    pilot and whether the input was valid."""
    params = request.GET.copy()
    if not params.get("period"):
        params["period"] = DEFAULT_PERIOD
    form = StageFilterForm(params, pilots=pilots, today=today)
    if form.is_valid() and form.period_value is not None:
        return form, form.period_value, form.cleaned_data.get("pilot"), True
    return form, period_containing(DEFAULT_PERIOD, today), None, False


@login_required
@require_safe
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    pilots = stage.readable_pilots(user)
    has_pilots = pilots.exists()
    filters, period, chosen, valid = read_filters(request, pilots, today)
    if chosen is not None:
        pilots = pilots.filter(pk=chosen.pk)
    names = can_work(user)
    counts = None
    open_rows: list[tuple[Any, str]] = []
    if has_pilots:
        named = pilots.filter(pk__in=work_pilots(user).values("pk")) if names else None
        counts = stage.stage_counts(pilots, period, user=user, named=named, today=today)
        open_rows = [(r, reverse("bizdev:request_detail", args=[r.pk])) for r in counts.open_requests or []]
        if counts.names_alumni:
            audit_record(
                actor=user,
                verb=stage.AUDIT_STAGE_LISTED,
                data={
                    "pilot": chosen.pk if chosen is not None else None,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "alumni": len(counts.by_alumnus or []),
                    "open_requests": len(open_rows),
                },
            )
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return render(
        request,
        "bizdev/index.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(k) for k in FILTER_KEYS),
            "has_pilots": has_pilots,
            "counts": counts,
            "open_rows": open_rows,
            "period": period,
            "can_name": names,
            "can_manage": can_manage(user),
            "links": stage_links(names=names, manage=can_manage(user)),
            "velocity_url": reverse("bizdev:velocity") + (query if valid else ""),
            "requests_url": reverse("bizdev:request_list"),
            "report_url": f"{reverse('metrics:index')}?stage=3",
            "breadcrumbs": [],
        },
    )


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
]
