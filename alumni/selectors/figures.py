"""The reads behind the Stage 2 figures (alumni.figures) and the Stage 2 page's numbers
(alumni.selectors.stage): one query each, grouped in SQL over a scope's pilots and dates
(inclusive), whatever the number of alumni.

Definitions, written once here so the page, the ROI report and a pilot's goals agree:

- An alumnus "of the scope" is an Alumnus whose ``pilot`` is one of the scope's pilots.
- An introduction "on behalf of an alumnus" is a ledger Introduction booked to one of the scope's
  pilots, dated in the period, logged as on behalf of an alumnus (``on_behalf_kind``) or for a
  person who is in the alumni directory. Meaningful: confirmed meaningful (``meaningful``).
- An alumnus is "reached" in the period when at least one of these is dated in it: an
  introduction on their behalf (any pilot), an assist with them (given or received), a networking
  event of the scope they recommended (its day), a survey invite sent to them.
- A referral from alumni: a recruiting Candidate with source "alumni referral", added in the
  period, recommended by an alumnus of the scope or for an opening of one of the scope's pilots;
  hired: one whose hire is on the ledger.
- An assist received from alumni ("alumni helping employees"): an Assist "received by the firm",
  booked to the scope's pilots, dated in the period, whose person is in the alumni directory.
- Goodwill at a day: the level of the latest GoodwillChange dated on or before it; before an
  alumnus's first change, that change's ``from_level``; with no history, their current level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from metrics.models import Assist, AssistDirection, Introduction, IntroductionKind
from recruiting.models import Candidate, CandidateSource

from ..models import (
    Alumnus,
    EventIntroduction,
    GoodwillChange,
    NetworkingEvent,
    SurveyInvite,
)


@dataclass(frozen=True)
class Scope:
    """The pilots (already narrowed to what the reader may see) and the days, both ends included."""

    pilot_ids: Sequence[int]
    start: dt.date
    end: dt.date


def _days(scope: Scope) -> tuple[dt.date, dt.date]:
    return (scope.start, scope.end)


# --- alumni and reach ------------------------------------------------------------------------------


def alumni_of(scope: Scope) -> QuerySet[Alumnus]:
    return Alumnus.objects.filter(pilot_id__in=list(scope.pilot_ids)).order_by()


def reached_q(scope: Scope) -> Q:
    """An alumnus reached in the period (see the module's definition), as one condition."""
    days = _days(scope)
    person = OuterRef("person_id")
    intro = Introduction.objects.filter(on_behalf_of=person, date__range=days)
    assist = Assist.objects.filter(person=person, date__range=days)
    event = NetworkingEvent.objects.filter(
        recommended_by=OuterRef("pk"), pilot_id__in=list(scope.pilot_ids), starts_on__range=days
    )
    invite = SurveyInvite.objects.filter(alumnus=OuterRef("pk"), sent_at__date__range=days)
    return Q(Exists(intro)) | Q(Exists(assist)) | Q(Exists(event)) | Q(Exists(invite))


@dataclass(frozen=True)
class Reach:
    alumni: int
    reached: int


def reach(scope: Scope) -> Reach:
    """Alumni of the scope and those reached in the period: one query."""
    row = alumni_of(scope).aggregate(alumni=Count("id"), reached=Count("id", filter=reached_q(scope)))
    return Reach(alumni=row["alumni"] or 0, reached=row["reached"] or 0)


# --- introductions on behalf of alumni ------------------------------------------------------------------


def alumni_introductions(scope: Scope) -> QuerySet[Introduction]:
    return Introduction.objects.filter(
        Q(on_behalf_kind=IntroductionKind.ALUMNUS) | Q(on_behalf_of__alumnus__isnull=False),
        pilot_id__in=list(scope.pilot_ids),
        date__range=_days(scope),
    ).order_by()


@dataclass(frozen=True)
class Introductions:
    total: int
    meaningful: int
    contributors: int  # distinct employees who made at least one


def introductions(scope: Scope) -> Introductions:
    row = alumni_introductions(scope).aggregate(
        total=Count("id"),
        meaningful=Count("id", filter=Q(meaningful=True)),
        contributors=Count("made_by", distinct=True),
    )
    return Introductions(row["total"] or 0, row["meaningful"] or 0, row["contributors"] or 0)


@dataclass(frozen=True)
class IntroductionRow:
    """Introductions per contributor or per segment: ``key`` is the user's or segment's id (None:
    the alumnus is in no segment, or the person is not in the directory)."""

    key: int | None
    label: str
    total: int
    meaningful: int


def introductions_by_contributor(scope: Scope) -> list[IntroductionRow]:
    rows = (
        alumni_introductions(scope)
        .values("made_by_id", "made_by__full_name", "made_by__email")
        .annotate(total=Count("id"), meaningful=Count("id", filter=Q(meaningful=True)))
        .order_by("-meaningful", "-total", "made_by__full_name", "made_by_id")
    )
    return [
        IntroductionRow(r["made_by_id"], r["made_by__full_name"] or r["made_by__email"], r["total"], r["meaningful"])
        for r in rows
    ]


def introductions_by_segment(scope: Scope) -> list[IntroductionRow]:
    """Per segment of the person introduced (their alumnus record's segment), best rank first,
    then the introductions of alumni in no segment."""
    rows = (
        alumni_introductions(scope)
        .values("on_behalf_of__alumnus__segment_id", "on_behalf_of__alumnus__segment__name")
        .annotate(
            total=Count("id"),
            meaningful=Count("id", filter=Q(meaningful=True)),
            rank=F("on_behalf_of__alumnus__segment__rank"),
            pilot=F("on_behalf_of__alumnus__segment__pilot__name"),
        )
        .order_by(F("pilot").asc(nulls_last=True), F("rank").asc(nulls_last=True), "on_behalf_of__alumnus__segment_id")
    )
    return [
        IntroductionRow(
            r["on_behalf_of__alumnus__segment_id"],
            r["on_behalf_of__alumnus__segment__name"] or "In no segment",
            r["total"],
            r["meaningful"],
        )
        for r in rows
    ]


# --- referrals, events, surveys, assists ------------------------------------------------------------------


@dataclass(frozen=True)
class Referrals:
    referrals: int
    hired: int


def referrals(scope: Scope) -> Referrals:
    ids = list(scope.pilot_ids)
    row = (
        Candidate.objects.filter(
            Q(referred_by_person__alumnus__pilot_id__in=ids) | Q(opening__pilot_id__in=ids),
            source=CandidateSource.ALUMNI_REFERRAL,
            created_at__date__range=_days(scope),
        )
        .order_by()
        .aggregate(referrals=Count("id", distinct=True), hired=Count("id", filter=Q(hire__isnull=False), distinct=True))
    )
    return Referrals(row["referrals"] or 0, row["hired"] or 0)


def events_held(scope: Scope) -> int:
    return NetworkingEvent.objects.filter(pilot_id__in=list(scope.pilot_ids), starts_on__range=_days(scope)).count()


def event_introductions(scope: Scope) -> int:
    """Ledger introductions linked to an event of the scope, dated in the period."""
    return EventIntroduction.objects.filter(
        event__pilot_id__in=list(scope.pilot_ids), introduction__date__range=_days(scope)
    ).count()


@dataclass(frozen=True)
class SurveyResponses:
    sent: int
    answered: int


def survey_responses(scope: Scope) -> SurveyResponses:
    """Invites of the scope's surveys sent in the period, and those of them answered (at any time)."""
    row = (
        SurveyInvite.objects.filter(survey__pilot_id__in=list(scope.pilot_ids), sent_at__date__range=_days(scope))
        .order_by()
        .aggregate(sent=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
    )
    return SurveyResponses(row["sent"] or 0, row["answered"] or 0)


@dataclass(frozen=True)
class AssistRow:
    type_id: int
    name: str
    n: int


def assists_received(scope: Scope) -> list[AssistRow]:
    """Assists received from alumni in the period, per assist type (the scale's order)."""
    rows = (
        Assist.objects.filter(
            pilot_id__in=list(scope.pilot_ids),
            direction=AssistDirection.RECEIVED,
            date__range=_days(scope),
            person__alumnus__isnull=False,
        )
        .values("assist_type_id", "assist_type__name")
        .annotate(n=Count("id"), position=F("assist_type__position"))
        .order_by("position", "assist_type__name")
    )
    return [AssistRow(r["assist_type_id"], r["assist_type__name"], r["n"]) for r in rows]


# --- goodwill ----------------------------------------------------------------------------------------


def goodwill_on(day: dt.date) -> Coalesce:
    """An alumnus's goodwill level in force at the end of ``day`` (see the module's definition),
    as an expression over Alumnus."""
    changes = GoodwillChange.objects.filter(alumnus=OuterRef("pk"))
    latest = changes.filter(on__lte=day).order_by("-on", "-id").values("to_level")[:1]
    first = changes.order_by("on", "id").values("from_level")[:1]
    return Coalesce(Subquery(latest), Subquery(first), F("goodwill"))


def goodwill_pairs(scope: Scope, *, before: dt.date, after: dt.date) -> dict[tuple[str, str], int]:
    """How many alumni of the scope had each (level at ``before``, level at ``after``): one query,
    grouped in SQL."""
    rows = (
        alumni_of(scope)
        .annotate(then=goodwill_on(before), now=goodwill_on(after))
        .values("then", "now")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["then"], r["now"]): r["n"] for r in rows}


def goodwill_counts(alumni: QuerySet[Alumnus], day: dt.date) -> dict[str, int]:
    """Alumni of ``alumni`` per goodwill level at the end of ``day``, leaving out those who had not
    left yet (``left_on`` after the day): one query, grouped in SQL."""
    rows = (
        alumni.filter(Q(left_on__isnull=True) | Q(left_on__lte=day))
        .annotate(level=goodwill_on(day))
        .values("level")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["level"]: r["n"] for r in rows}
