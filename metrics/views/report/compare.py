"""The compare page (metrics:compare): a pilot's headline figures side by side with another pilot's,
with its own previous period's, or with the average of the pilots the user may see in its stage.

Every side is a report of metrics.report.build_report (so the baseline rule and the user's pilots
apply as on the report page) written by the same cards and formats; the difference column is the
difference of the two values as shown (.format.fmt_diff). A user who sees one pilot is not offered
that pilot twice: the page opens on it against the previous period and says why. The average is
taken over the pilots the user may see in the pilot's stage, this one included (never over pilots
they may not see: metrics.report.average), and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from core.web import as_pk
from programs.access import can_manage_pilots, get_pilot_for_user
from programs.models import Pilot

from ...access import report_pilots
from ...forms.report import AGAINST_AVERAGE, AGAINST_PILOT, AGAINST_PREVIOUS, CompareForm
from ...report import Explained, Period, build_report, explain_average, plural, stage_label
from .cards import explain_card
from .format import fmt_diff, kind_of_unit
from .scope import with_period_defaults


@dataclass
class Side:
    """One column of the comparison: its heading and its headline figures."""

    heading: str
    explained: list[Explained]


@dataclass
class Comparison:
    sides: tuple[Side, Side]
    difference: str  # the difference column's heading
    intro: str  # what is compared with what, in words
    basis: str = ""  # what the second side is, when it is not a pilot
    basis_pilots: list[Pilot] | None = None  # the pilots an average is taken over


def _compare_data(request: AuthedRequest, single: Pilot | None) -> Any:
    """The query string with ?pick=<id>&pick=<id> (the report's checkboxes) read as a and b; a user
    who sees one pilot gets it as ``a``, compared with the previous period unless they chose."""
    data = request.GET.copy()
    picks = [p for p in data.getlist("pick") if p]
    if picks and not data.get("a") and not data.get("b"):
        data["a"] = picks[0]
        data["b"] = picks[1] if len(picks) > 1 else ""
    if single is not None and not data.get("a"):
        data["a"] = str(single.pk)
    if not data.get("against"):
        data["against"] = AGAINST_PREVIOUS if single is not None else AGAINST_PILOT
    return data


def _pilot_report(user: User, pilot: Pilot, period: Period) -> list[Explained]:
    report = build_report(user=user, start=period.start, end=period.end, pilot_id=pilot.pk, period=period)
    return report.explain()


def _against_pilot(user: User, a: Pilot, b: Pilot, period: Period) -> Comparison:
    return Comparison(
        (
            Side(f"First: {a.name}", _pilot_report(user, a, period)),
            Side(f"Second: {b.name}", _pilot_report(user, b, period)),
        ),
        "Difference (first − second)",
        f"{a.name} against {b.name} in {period.label}.",
    )


def _against_previous(user: User, a: Pilot, period: Period) -> Comparison:
    before = period.shifted(-1)
    return Comparison(
        (
            Side(f"{a.name}, {period.label}", _pilot_report(user, a, period)),
            Side(before.label, _pilot_report(user, a, before)),
        ),
        f"Change ({period.label} − {before.label})",
        f"{a.name} in {period.label} against the period before, {before.label}: how the pilot moved.",
        basis=f"The previous period: {before.label} ({before.start:%-d %b %Y} – {before.end:%-d %b %Y}).",
    )


def _against_average(user: User, a: Pilot, period: Period) -> Comparison:
    report = build_report(user=user, start=period.start, end=period.end, stage=a.stage, period=period)
    n, stage = len(report.pilots), f"Stage {a.stage}"
    pilots = plural(n, f"{stage} pilot")
    heading = f"Average of the {pilots} you can see"
    if n == 1:
        heading = f"Average of the {stage} pilots you can see (only this one)"
        basis = (
            f"The average is taken over the pilots you can see in {stage_label(a.stage)}: here only "
            f"{a.name}, so it is this pilot's own figures and every difference is zero. Compare with "
            "the previous period to see how it moved."
        )
    else:
        basis = (
            f"The average of the {pilots} you can see, this one included. Counts and amounts: their "
            f"total / {n}. Cost per hire, times to hire, shares and ROI: over their hires, introductions "
            "and costs taken together. Pilots you cannot see are not in it."
        )
    return Comparison(
        (
            Side(a.name, _pilot_report(user, a, period)),
            Side(heading, explain_average(report)),
        ),
        "Difference (pilot − average)",
        f"{a.name} against the average of the {stage} pilots you can see, {period.label}.",
        basis=basis,
        basis_pilots=report.pilots,
    )


def _rows(comparison: Comparison, currency: str) -> list[dict[str, Any]]:
    first, second = comparison.sides
    rows = []
    for ea, eb in zip(first.explained, second.explained, strict=True):
        # The second side's kind: an average of points has one decimal, and so has its difference.
        kind = kind_of_unit(eb.unit)
        rows.append(
            {
                "label": ea.label,
                "a": explain_card(ea, currency),
                "b": explain_card(eb, currency),
                "diff": fmt_diff(ea.value, eb.value, kind, currency),
            }
        )
    return rows


@require_safe
@login_required
def compare(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    pilots = report_pilots(user).select_related("sponsor").order_by("stage", "name")
    visible = list(pilots)
    single = visible[0] if len(visible) == 1 else None
    data = with_period_defaults(_compare_data(request, single), today)
    for key in ("a", "b"):
        if (pilot_pk := as_pk(data.get(key))) is not None:
            get_pilot_for_user(user, pilot_pk)  # 404 for a pilot the user may not see
    bound = single is not None or any(request.GET.get(key) for key in ("a", "b", "pick", "against"))
    form = CompareForm(data if bound else None, today=today, pilots=pilots, initial=data.dict())
    context: dict[str, Any] = {
        "form": form,
        "single": single,
        "min_cases": settings.METRICS_MIN_CASES,
        "crumbs": [("Reports", reverse("metrics:index"))],
        "today": today,
    }
    if not bound:
        return render(request, "metrics/compare.html", context)
    if not form.is_valid() or form.period_value is None:
        return render(request, "metrics/compare.html", context, status=400)
    period = form.period_value
    a, b, against = form.cleaned_data["a"], form.cleaned_data.get("b"), form.cleaned_data["against"]
    if against == AGAINST_PILOT and b is not None:  # the form requires b against a pilot
        comparison = _against_pilot(user, a, b, period)
    elif against == AGAINST_PREVIOUS:
        comparison = _against_previous(user, a, period)
    else:
        comparison = _against_average(user, a, period)
    currency = settings.PROGRAM_CURRENCY
    keep = {"a": a.pk, "against": against, **({"b": b.pk} if b is not None else {})}
    context.update(
        a=a,
        b=b,
        against=against,
        modes={"pilot": AGAINST_PILOT, "previous": AGAINST_PREVIOUS, "average": AGAINST_AVERAGE},
        period=period,
        comparison=comparison,
        rows=_rows(comparison, currency),
        currency=currency,
        pilot_cards=[
            {
                "label": label,
                "pilot": p,
                "report_query": urlencode({**period.as_params(), "pilot": p.pk}),
            }
            for label, p in ((("First", a), ("Second", b)) if b is not None else (("Pilot", a),))
        ],
        previous_query=urlencode({**period.shifted(-1).as_params(), **keep}),
        following_query=urlencode({**period.shifted(1).as_params(), **keep}),
        previous=period.shifted(-1),
        following=period.shifted(1),
        can_scale=can_manage_pilots(user),
    )
    return render(request, "metrics/compare.html", context)
