"""The report's filters (period, stage, sponsor, pilot), read and checked once per request for the
page, its CSV and its chart data alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone

from accounts.models import User
from accounts.web import AuthedRequest
from programs.access import visible_sponsors
from programs.models import Pilot, SponsorOrganization

from ...access import report_pilots
from ...forms.report import PERIOD_KEYS, ReportFilterForm
from ...report import Period, PeriodError, Report, build_report, parse_period, stage_label

FILTER_KEYS = (*PERIOD_KEYS, "stage", "sponsor", "pilot")


@dataclass
class Scope:
    """The filters of a request: ``period`` is None when the form refused them."""

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

    def hires_query(self, *, no_costs: bool = False) -> str:
        """The hires list's filters for this scope: the period's dates, the stage, sponsor and pilot
        (``no_costs``: only the hires with no costs recorded, the report's "N hires have no costs")."""
        assert self.period is not None
        params = {"date_from": self.period.start.isoformat(), "date_to": self.period.end.isoformat()}
        for key, value in self.params().items():
            if key in ("stage", "sponsor", "pilot"):
                params[key] = value
        if no_costs:
            params["no_costs"] = "true"
        return urlencode(params)

    def summary(self) -> str:
        return " · ".join(
            [
                f"Stage: {stage_label(self.stage) if self.stage is not None else 'all'}",
                f"Sponsor: {self.sponsor.name if self.sponsor is not None else 'all'}",
                f"Pilot: {self.pilot.name if self.pilot is not None else 'all'}",
            ]
        )

    def errors(self) -> dict[str, list[str]]:
        return {key: [str(m) for m in messages] for key, messages in self.form.errors.items()}

    def error_message(self) -> str:
        return " ".join(m for messages in self.errors().values() for m in messages)

    def build(self, user: User, period: Period | None = None) -> Report:
        """The report of these filters for ``period`` (default: the scope's own)."""
        period = period or self.period
        assert period is not None
        return build_report(
            user=user,
            start=period.start,
            end=period.end,
            stage=self.stage,
            sponsor_id=self.sponsor.pk if self.sponsor is not None else None,
            pilot_id=self.pilot.pk if self.pilot is not None else None,
            period=period,
        )

    def build_with_previous(self, user: User) -> tuple[Report, Report]:
        """The report and the previous period's, with the same filters (for the changes)."""
        assert self.period is not None
        return self.build(user), self.build(user, self.period.shifted(-1))


def with_period_defaults(params: Any, today: dt.date) -> Any:
    """The query string as the period form shows it: the period kind (default: this year) and, for
    a month, quarter or year, the period's first day as its start (1 January for a year), read
    from any day in it (default: today). A start that is not a date stays as typed, next to its
    error. (Switching the kind lands on the period holding the shown start; static/js/report.js
    moves the start to today first when today lies in the shown period, so "Quarter" from this
    year's report lands on this quarter.)"""
    data = params.copy()
    kind = data.get("period") or "year"
    data["period"] = kind
    if kind in ("month", "quarter", "year"):
        try:
            period = parse_period({"period": kind, "start": data.get("start", "")}, today=today)
            data["start"] = period.start.isoformat()
        except PeriodError:
            pass  # the form refuses it with the reason
    return data


def read_scope(request: AuthedRequest) -> Scope:
    user = request.user
    today = timezone.localdate()
    form = ReportFilterForm(
        with_period_defaults(request.GET, today),
        today=today,
        pilots=report_pilots(user).order_by("stage", "name"),
        sponsors=visible_sponsors(user),
    )
    if not form.is_valid() or form.period_value is None:
        return Scope(form)
    data = form.cleaned_data
    return Scope(form, form.period_value, data["stage"], data["sponsor"], data["pilot"])


def period_slug(period: Period) -> str:
    """The period as a file name part: 2026, 2026-Q2, 2026-03 or 2026-03-05_2026-04-01."""
    if period.kind == "year":
        return f"{period.start.year}"
    if period.kind == "quarter":
        return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
    if period.kind == "month":
        return f"{period.start:%Y-%m}"
    return f"{period.start.isoformat()}_{period.end.isoformat()}"
