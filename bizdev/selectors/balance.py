"""Give and get: the assists Stage 3 gives and receives, per alumnus, per contributor and per team,
and how well the firm meets alumni's own requests ("make sure that their requests are met").

Definitions, written once here so the Stage 3 page, the API and the ROI report agree:

- Stage 3 assists are ledger Assists booked to the scope's pilots with ``stage`` 3, dated in the
  period (both ends included). "Given" is help the firm gave (direction ``given``), "received"
  help it got; each counts once and for the points copied onto it from the value scale. The
  **balance** = points given - points received (positive: the firm gives more than it gets).
- Per alumnus: the assists whose person is in the alumni directory (has an ``alumni.Alumnus``).
  Per contributor: the assist's employee. Per team: the assist's pilot.
- An **alumni request** is a HelpRequest with direction ``alumni`` of the scope's pilots, created
  in the period. It is **met** when it was marked answered (``answered_at`` set, at any time);
  the **share met** = met / asked x 100 (percent); the **time to meet** = answered_at -
  created_at, in days (exact; shown to one decimal, half-up); its median is the middle value, the
  mean of the two middle values for an even count.
- The alumni requests **still open** are those with status "open", whenever created, oldest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from metrics.models import Assist, AssistDirection
from programs.models import Stage

from ..models import HelpRequest, RequestDirection, RequestStatus
from .velocity import HUNDRED, LISTED, MEDIAN_RULE, Scope, days_text, median, percent_text, plural

SECONDS_A_DAY = Decimal(86400)
OPEN_LISTED = 25  # the Stage 3 page lists this many open alumni requests; the requests page has all

GIVEN = Q(direction=AssistDirection.GIVEN)
RECEIVED = Q(direction=AssistDirection.RECEIVED)


def stage3_assists(scope: Scope) -> QuerySet[Assist]:
    return Assist.objects.filter(
        stage=Stage.BIZDEV, pilot_id__in=list(scope.pilot_ids), date__range=(scope.start, scope.end)
    ).order_by()


_SUMS = {
    "given": Count("id", filter=GIVEN),
    "given_points": Coalesce(Sum("points", filter=GIVEN), Value(0)),
    "received": Count("id", filter=RECEIVED),
    "received_points": Coalesce(Sum("points", filter=RECEIVED), Value(0)),
}


@dataclass(frozen=True)
class BalanceRow:
    """Assists given and received by one alumnus, contributor, team or assist type."""

    key: int
    label: str
    given: int
    given_points: int
    received: int
    received_points: int

    @property
    def balance(self) -> int:
        """Points given - points received."""
        return self.given_points - self.received_points


def _rows(qs: QuerySet[Assist], key: str, fields: tuple[str, ...], label: Callable[[dict], str]) -> list[BalanceRow]:
    rows = qs.values(key, *fields).annotate(**_SUMS)
    out = [
        BalanceRow(
            r[key],
            label(r),
            int(r["given"]),
            int(r["given_points"]),
            int(r["received"]),
            int(r["received_points"]),
        )
        for r in rows
    ]
    return sorted(out, key=lambda row: (-(row.given_points + row.received_points), row.label.casefold(), row.key))


def by_alumnus(scope: Scope) -> list[BalanceRow]:
    """Per alumnus (key: the Alumnus id), most points first: one query. Names alumni: only for who
    works in Stage 3."""
    qs = stage3_assists(scope).filter(person__alumnus__isnull=False)
    fields = ("person__first_name", "person__last_name")
    return _rows(qs, "person__alumnus__id", fields, lambda r: f"{r[fields[0]]} {r[fields[1]]}".strip())


def by_contributor(scope: Scope) -> list[BalanceRow]:
    """Per contributor (key: the user id; label: their name, or their email without one): one query."""
    fields = ("employee__full_name", "employee__email")
    return _rows(stage3_assists(scope), "employee_id", fields, lambda r: r[fields[0]] or r[fields[1]])


def by_team(scope: Scope) -> list[BalanceRow]:
    """Per pilot (key: the pilot id): one query."""
    return _rows(stage3_assists(scope), "pilot_id", ("pilot__name",), lambda r: r["pilot__name"])


@dataclass(frozen=True)
class TypeRow:
    pk: int
    key: str
    name: str
    given: int
    received: int
    given_points: int
    received_points: int


def by_type(scope: Scope) -> list[TypeRow]:
    """Per assist type, in the value scale's order; only the types used in the period."""
    rows: Any = (
        stage3_assists(scope)
        .values("assist_type_id", "assist_type__key", "assist_type__name")
        .annotate(position=F("assist_type__position"), **_SUMS)
        .order_by("position", "assist_type__name")
    )
    return [
        TypeRow(
            r["assist_type_id"],
            r["assist_type__key"],
            r["assist_type__name"],
            int(r["given"]),
            int(r["received"]),
            int(r["given_points"]),
            int(r["received_points"]),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class Totals:
    given: int
    given_points: int
    received: int
    received_points: int

    @property
    def balance(self) -> int:
        return self.given_points - self.received_points


def totals(rows: Sequence[BalanceRow] | Sequence[TypeRow]) -> Totals:
    """The sum of per-team (or per-type) rows: every Stage 3 assist is in exactly one of them."""
    return Totals(
        sum(r.given for r in rows),
        sum(r.given_points for r in rows),
        sum(r.received for r in rows),
        sum(r.received_points for r in rows),
    )


# --- alumni requests ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AlumniRequests:
    asked: int
    met: int
    days_to_meet: tuple[Decimal, ...]  # each met request's days, exact, sorted
    period: str

    @property
    def share_met(self) -> Decimal | None:
        """Percent of the requests asked in the period that were met."""
        return HUNDRED * self.met / self.asked if self.asked else None

    @property
    def median_days(self) -> Decimal | None:
        return median(self.days_to_meet)  # type: ignore[arg-type]

    @property
    def share_text(self) -> str:
        return percent_text(self.share_met)

    @property
    def median_text(self) -> str:
        return days_text(self.median_days)

    @property
    def share_formula(self) -> str:
        if not self.asked:
            return f"no alumni request created {self.period}"
        return (
            f"alumni requests met (marked answered) / alumni requests created {self.period} x 100 = "
            f"{self.met:,} / {self.asked:,} x 100"
        )

    @property
    def median_formula(self) -> str:
        n = len(self.days_to_meet)
        if not n:
            return f"no alumni request created {self.period} was met yet: no median"
        what = f"days from asked to answered of the {plural(n, 'alumni request')} created {self.period} and met, sorted"
        if n <= LISTED:
            what += ": " + ", ".join(days_text(d) for d in self.days_to_meet)
        return f"the median of the {what} ({MEDIAN_RULE}) = {days_text(self.median_days)}"


def days_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Days from ``start`` to ``end``, exact to the second."""
    delta = end - start
    return Decimal(delta.days) + Decimal(delta.seconds) / SECONDS_A_DAY


def alumni_requests(scope: Scope) -> AlumniRequests:
    """The alumni requests created in the period and how fast they were met: one query."""
    rows = HelpRequest.objects.filter(
        pilot_id__in=list(scope.pilot_ids),
        direction=RequestDirection.ALUMNI,
        created_at__date__range=(scope.start, scope.end),
    ).values_list("created_at", "answered_at")
    asked = 0
    days: list[Decimal] = []
    for created, answered in rows:
        asked += 1
        if answered is not None:
            days.append(days_between(created, answered))
    return AlumniRequests(asked, len(days), tuple(sorted(days)), scope.period)


@dataclass(frozen=True)
class OpenRequest:
    pk: int
    title: str
    alumnus: str
    alumnus_id: int | None
    pilot: str
    created_at: dt.datetime
    age_days: int


def open_alumni_requests(
    pilot_ids: Sequence[int], *, today: dt.date, limit: int = OPEN_LISTED
) -> tuple[list[OpenRequest], int]:
    """The alumni requests of ``pilot_ids`` still open, oldest first (at most ``limit``), and how
    many there are in all: two queries. Names alumni: for who works in Stage 3."""
    qs = HelpRequest.objects.filter(
        pilot_id__in=list(pilot_ids), direction=RequestDirection.ALUMNI, status=RequestStatus.OPEN
    ).order_by("created_at", "id")
    rows = list(qs.select_related("alumnus__person", "pilot")[:limit])
    total = len(rows) if len(rows) < limit else qs.count()
    return [
        OpenRequest(
            r.pk,
            r.title,
            str(r.alumnus) if r.alumnus is not None else "",
            r.alumnus_id,
            r.pilot.name,
            r.created_at,
            max((today - timezone.localtime(r.created_at).date()).days, 0),
        )
        for r in rows
    ], total
