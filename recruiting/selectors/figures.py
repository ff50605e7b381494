"""The reads behind the Stage 1 figures (recruiting.figures): one query each, grouped in SQL over a
report scope's pilots and dates, whatever the number of candidates.

A candidate's *furthest step* is the furthest step on the path (recruiting.pipeline.PATH) that
they ever reached: the highest rank among the ``to_step`` of their dated moves, or their current
step when that is further (rows made without moves). An ended candidate (declined, withdrew,
rejected) keeps the furthest path step they reached before ending, and a candidate who skipped a
step (found, then applied) counts as having passed the skipped one, as ``pipeline.reached`` says.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Coalesce, Greatest, Lag, TruncDate

from metrics.money import cents
from metrics.registry import ReportScope

from ..models import (
    Candidate,
    CandidateMove,
    CandidateProfile,
    FeedbackStatus,
    InterviewOutcome,
    OpeningFeedback,
    Referral,
    VideoInterview,
)
from ..pipeline import ACTIVE, PATH

TOP_PRIORITY = 1  # a "top-ranked" profile: priority 1 in its pilot
QUALITY_FROM = PATH.index("engaged")  # a quality lead reached "engaged" or later
PROFILE_FIGURES = 10  # per-profile figures for at most this many profiles (by priority, then name)
ZERO = Decimal("0.00")


def _rank(field_name: str) -> Case:
    """The path rank (found = 0 … hired = 6) of a step column; -1 for the ends."""
    return Case(
        *[When(**{field_name: step}, then=Value(i)) for i, step in enumerate(PATH)],
        default=Value(-1),
        output_field=IntegerField(),
    )


def _furthest() -> Greatest:
    """A candidate's furthest path rank, in a query grouped by candidate: the highest rank among
    their moves' ``to_step`` (a join, not a query per candidate), or their current step's."""
    # Coalesce first: SQLite's MAX(a, b) is NULL when either is.
    return Greatest(Coalesce(Max(_rank("moves__to_step")), Value(-1)), _rank("step"))


def _day_range(scope: ReportScope) -> tuple[dt.date, dt.date]:
    return (scope.start, scope.end)


def added_candidates(scope: ReportScope) -> QuerySet[Candidate]:
    """Candidates added in the period to an opening of the scope's pilots."""
    return Candidate.objects.filter(
        opening__pilot_id__in=scope.pilot_ids, created_at__date__range=_day_range(scope)
    ).order_by()


@dataclass
class Reach:
    """Leads of one profile (or of openings without one: ``profile_id`` None) and how far they got."""

    profile_id: int | None
    name: str
    priority: int | None
    leads: int = 0
    quality: int = 0
    reached: list[int] = field(default_factory=lambda: [0] * len(PATH))  # per path rank


def reach_by_profile(scope: ReportScope) -> list[Reach]:
    """Per profile, the candidates added in the period, the quality leads among them, and how many
    reached each path step. One query: the candidates with their furthest rank (grouped by
    candidate), counted per profile around it."""
    per_candidate = (
        added_candidates(scope)
        .annotate(
            profile=F("opening__profile_id"),
            profile_name=F("opening__profile__name"),
            priority=F("opening__profile__priority"),
        )
        .values("pk", "profile", "profile_name", "priority", "step")
        .annotate(furthest=_furthest())
        .values("profile", "profile_name", "priority", "furthest")
    )
    try:
        inner, params = per_candidate.query.sql_with_params()
    except EmptyResultSet:  # no pilot in the scope: nothing to count
        return []
    reached = ", ".join(f"SUM(CASE WHEN c.furthest >= {i} THEN 1 ELSE 0 END)" for i in range(len(PATH)))
    sql = (
        "SELECT c.profile, c.profile_name, c.priority, COUNT(*), "  # noqa: S608 (constants and the ORM's SQL)
        f"SUM(CASE WHEN c.priority = {TOP_PRIORITY} AND c.furthest >= {QUALITY_FROM} THEN 1 ELSE 0 END), "
        f"{reached} FROM ({inner}) c GROUP BY c.profile, c.profile_name, c.priority"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Reach(
            profile_id=profile_id,
            name=name or "",
            priority=priority,
            leads=leads,
            quality=int(quality),
            reached=[int(n) for n in counts],
        )
        for profile_id, name, priority, leads, quality, *counts in rows
    ]


def top_profiles(scope: ReportScope) -> list[CandidateProfile]:
    """The profiles that get a figure of their own, leads or not: the scope's first
    PROFILE_FIGURES by priority, then name."""
    return list(
        CandidateProfile.objects.filter(pilot_id__in=scope.pilot_ids).order_by("priority", "name", "pk")[
            :PROFILE_FIGURES
        ]
    )


def days_in_steps(scope: ReportScope) -> dict[str, list[int]]:
    """Per active step, the days each move that left it in the period had spent there: calendar
    days from the date of the move that entered the step (the candidate's previous move) to the
    date of the move that left it (dates in the current time zone). One query: the previous move's
    date is a window (LAG over the candidate's moves in time order), and the period and step are filtered around it, so a step
    entered before the period still counts its days; the days are returned unsorted."""
    moves = (
        CandidateMove.objects.filter(candidate__opening__pilot_id__in=scope.pilot_ids)
        .annotate(
            entered_on=Window(
                Lag(TruncDate("at")), partition_by=[F("candidate_id")], order_by=[F("at").asc(), F("pk").asc()]
            ),
            left_on=TruncDate("at"),
        )
        .order_by()
        .values("from_step", "entered_on", "left_on")
    )
    try:
        inner, params = moves.query.sql_with_params()
    except EmptyResultSet:  # no pilot in the scope
        return {}
    steps = ", ".join(["%s"] * len(ACTIVE))
    sql = (
        f"SELECT w.from_step, w.entered_on, w.left_on FROM ({inner}) w "  # noqa: S608 (the inner SQL is the ORM's)
        f"WHERE w.entered_on IS NOT NULL AND w.from_step IN ({steps}) AND w.left_on BETWEEN %s AND %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ACTIVE, *_day_range(scope)])
        rows = cursor.fetchall()
    days: dict[str, list[int]] = defaultdict(list)
    for step, entered, left in rows:
        days[step].append((_as_date(left) - _as_date(entered)).days)
    return dict(days)


def _as_date(value: dt.date | str) -> dt.date:
    """A date from a raw row: PostgreSQL gives a date, SQLite its text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def hires_by_source(scope: ReportScope) -> dict[str, int]:
    """Candidates whose hire (on the ledger) is dated in the period, per candidate source."""
    rows = (
        Candidate.objects.filter(
            opening__pilot_id__in=scope.pilot_ids, hire__isnull=False, hire__date__range=_day_range(scope)
        )
        .values("source")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["source"]: row["n"] for row in rows}


def travel_avoided(scope: ReportScope) -> tuple[Decimal, int]:
    """The trips' costs avoided by video interviews scheduled in the period that replaced a trip
    and were not cancelled, and how many there were."""
    row = (
        VideoInterview.objects.filter(
            candidate__opening__pilot_id__in=scope.pilot_ids,
            replaced_trip=True,
            scheduled_at__date__range=_day_range(scope),
        )
        .exclude(outcome=InterviewOutcome.CANCELLED)
        .aggregate(total=Sum("travel_avoided"), n=Count("id"))
    )
    return cents(row["total"]) or ZERO, row["n"]


@dataclass(frozen=True)
class Contributions:
    referrals: int
    referrals_hired: int
    referrals_thanked: int
    feedback: int
    feedback_used: int
    feedback_thanked: int


def contributions(scope: ReportScope) -> Contributions:
    """Referrals made and feedback given in the period, with what became of them. Two queries."""
    period = _day_range(scope)
    refs = Referral.objects.filter(
        candidate__opening__pilot_id__in=scope.pilot_ids, created_at__date__range=period
    ).aggregate(
        n=Count("id"),
        hired=Count("id", filter=Q(candidate__hire__isnull=False)),
        thanked=Count("id", filter=Q(thanked_at__isnull=False)),
    )
    feedback = OpeningFeedback.objects.filter(
        opening__pilot_id__in=scope.pilot_ids, created_at__date__range=period
    ).aggregate(
        n=Count("id"),
        used=Count("id", filter=Q(status=FeedbackStatus.USED)),
        thanked=Count("id", filter=Q(thanked_at__isnull=False)),
    )
    return Contributions(
        referrals=refs["n"],
        referrals_hired=refs["hired"],
        referrals_thanked=refs["thanked"],
        feedback=feedback["n"],
        feedback_used=feedback["used"],
        feedback_thanked=feedback["thanked"],
    )
