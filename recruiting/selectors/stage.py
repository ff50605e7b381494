"""The reads of the Stage 1 page and of "My recruiting": a fixed number of queries each, whatever
the number of openings, candidates and contributions.

Counts (openings by status, candidates per step, leads per profile, hires by source, travel
avoided) go over the pilots whose figures the reader may see (``recruiting.access.figure_pilots``);
anything that names people (the thank-you to-do list, a contributor's own referrals) over the
pilots they work in (``work_pilots``). Leads this month use the report's definitions
(recruiting.selectors.figures), so the page and the ROI report agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from accounts.models import User
from metrics.registry import ReportScope
from metrics.report import period_containing
from programs.models import Pilot

from ..models import (
    Candidate,
    CandidateProfile,
    CandidateSource,
    JobOpening,
    OpeningFeedback,
    OpeningStatus,
    Referral,
    SharedPost,
)
from ..pipeline import COLUMNS, label
from . import figures as reads

TODO_LIMIT = 10  # thank-you items listed on the page; the count says how many there are
STATUS_ORDER = (OpeningStatus.OPEN, OpeningStatus.EMERGING, OpeningStatus.FILLED, OpeningStatus.CLOSED)


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    n: int


@dataclass(frozen=True)
class ProfileLeads:
    profile: CandidateProfile
    leads: int
    quality: int


@dataclass(frozen=True)
class StageCounts:
    openings_by_status: list[Tally]
    candidates_by_step: list[Tally]
    profiles: list[ProfileLeads]
    month: dt.date  # the first day of "this month"
    quarter: tuple[dt.date, dt.date]
    hires_by_source: list[Tally]
    hires_this_quarter: int
    travel_avoided: Decimal
    trips: int
    referrals_to_thank: int
    feedback_to_thank: int


def _scope(pilot_ids: list[int], start: dt.date, end: dt.date) -> ReportScope:
    return ReportScope(start=start, end=end, pilot_ids=pilot_ids, stages=(1,))


def stage_counts(pilots: QuerySet[Pilot], *, today: dt.date) -> StageCounts:
    """The Stage 1 page's numbers over ``pilots`` (no names): nine queries."""
    ids = list(pilots.values_list("pk", flat=True))
    month = period_containing("month", today)
    quarter = period_containing("quarter", today)
    statuses = dict(
        JobOpening.objects.filter(pilot_id__in=ids).values_list("status").annotate(n=Count("id")).order_by()
    )
    steps = dict(
        Candidate.objects.filter(opening__pilot_id__in=ids).values_list("step").annotate(n=Count("id")).order_by()
    )
    reach = {r.profile_id: r for r in reads.reach_by_profile(_scope(ids, month.start, month.end))}
    profiles = (
        CandidateProfile.objects.filter(pilot_id__in=ids)
        .select_related("pilot")
        .order_by("pilot__name", "priority", "name")
    )
    hires = reads.hires_by_source(_scope(ids, quarter.start, quarter.end))
    travel, trips = reads.travel_avoided(_scope(ids, quarter.start, quarter.end))
    return StageCounts(
        openings_by_status=[Tally(s.value, str(s.label), statuses.get(s.value, 0)) for s in OpeningStatus],
        candidates_by_step=[Tally(step, label(step), steps.get(step, 0)) for step in COLUMNS],
        profiles=[
            ProfileLeads(p, reach[p.pk].leads if p.pk in reach else 0, reach[p.pk].quality if p.pk in reach else 0)
            for p in profiles
        ],
        month=month.start,
        quarter=(quarter.start, quarter.end),
        hires_by_source=[Tally(s.value, str(s.label), hires[s.value]) for s in CandidateSource if hires.get(s.value)],
        hires_this_quarter=sum(hires.values()),
        travel_avoided=travel,
        trips=trips,
        referrals_to_thank=Referral.objects.filter(
            candidate__opening__pilot_id__in=ids, thanked_at__isnull=True
        ).count(),
        feedback_to_thank=OpeningFeedback.objects.filter(opening__pilot_id__in=ids, thanked_at__isnull=True).count(),
    )


def openings_table(pilots: QuerySet[Pilot]) -> QuerySet[JobOpening]:
    """The openings of ``pilots`` with their number of candidates: open, emerging, filled, closed."""
    order = Case(
        *[When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)],
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )
    return (
        JobOpening.objects.filter(pilot__in=pilots)
        .select_related("pilot", "profile")
        .annotate(n_candidates=Count("candidates"))
        .order_by(order, "-created_at", "-id")
    )


def referrals_to_thank(pilots: QuerySet[Pilot]) -> list[Referral]:
    """The oldest referrals nobody has thanked yet (names people: ``pilots`` are work pilots)."""
    return list(
        Referral.objects.filter(candidate__opening__pilot__in=pilots, thanked_at__isnull=True)
        .select_related("candidate__person", "candidate__opening", "referrer")
        .order_by("created_at", "id")[:TODO_LIMIT]
    )


def feedback_to_thank(pilots: QuerySet[Pilot]) -> list[OpeningFeedback]:
    return list(
        OpeningFeedback.objects.filter(opening__pilot__in=pilots, thanked_at__isnull=True)
        .select_related("opening", "author")
        .order_by("created_at", "id")[:TODO_LIMIT]
    )


# --- My recruiting -----------------------------------------------------------------------------------


def my_referrals(user: User, pilots: QuerySet[Pilot]) -> QuerySet[Referral]:
    """The user's referrals in the pilots they still work in, newest first, with what became of them."""
    return (
        Referral.objects.filter(referrer=user, candidate__opening__pilot__in=pilots)
        .select_related("candidate__person", "candidate__opening")
        .order_by("-created_at", "-id")
    )


def my_feedback(user: User, pilots: QuerySet[Pilot]) -> QuerySet[OpeningFeedback]:
    return (
        OpeningFeedback.objects.filter(author=user, opening__pilot__in=pilots)
        .select_related("opening")
        .order_by("-created_at", "-id")
    )


def my_posts(user: User, pilots: QuerySet[Pilot]) -> QuerySet[SharedPost]:
    return (
        SharedPost.objects.filter(author=user, pilot__in=pilots)
        .select_related("venue")
        .annotate(n_responses=Count("responses"))
        .order_by("-shared_on", "-id")
    )


def openings_asking(pilots: QuerySet[Pilot]) -> QuerySet[JobOpening]:
    """Open openings of the user's pilots: those asking for suggestions and feedback."""
    return (
        JobOpening.objects.filter(pilot__in=pilots, status=OpeningStatus.OPEN)
        .select_related("pilot", "profile")
        .order_by("-opened_at", "-id")
    )
