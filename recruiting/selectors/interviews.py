"""Reads of video-first interviews and recruiting videos: the baseline a trip avoided is priced
from, the interviews coming up in the reader's pilots, the video list with its pointer counts, and
what a candidate's page shows of both.

Every read here is a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from metrics.models import LegacyCostBaseline

from ..access import visible_candidates, work_pilots
from ..models import Candidate, InterviewOutcome, RecruitingVideo, VideoInterview, VideoPointer, VideoReaction

# How many interviews each section of the video list shows (the rest are on the candidates' pages).
INTERVIEWS_SHOWN = 10


def interview_day(scheduled_at: dt.datetime) -> dt.date:
    """The date an interview is on, in the site's time zone (the day its baseline must cover)."""
    return timezone.localdate(scheduled_at) if timezone.is_aware(scheduled_at) else scheduled_at.date()


def baseline_for(sponsor_id: int, day: dt.date) -> LegacyCostBaseline | None:
    """The sponsor's legacy cost baseline valid on ``day`` (valid_from ≤ day ≤ valid_to); of
    several, the one that started last. None when no baseline covers the day."""
    return (
        LegacyCostBaseline.objects.filter(sponsor_id=sponsor_id, valid_from__lte=day, valid_to__gte=day)
        .select_related("sponsor")
        .order_by("-valid_from", "-id")
        .first()
    )


def interview_baseline(interview: VideoInterview) -> LegacyCostBaseline | None:
    """The baseline an interview's travel avoided was taken from, looked up again (the interview
    keeps the amount; the audit event of the write keeps the baseline's id and amount)."""
    if not interview.replaced_trip:
        return None
    return baseline_for(interview.candidate.opening.pilot.sponsor_id, interview_day(interview.scheduled_at))


def visible_interviews(user: User) -> QuerySet[VideoInterview]:
    """Interviews of the candidates the user may see (recruiting.access.visible_candidates)."""
    return VideoInterview.objects.filter(candidate__in=visible_candidates(user).values("pk")).select_related(
        "candidate", "candidate__person", "candidate__opening", "candidate__opening__pilot__sponsor"
    )


def upcoming_interviews(user: User, *, now: dt.datetime | None = None) -> list[VideoInterview]:
    """The next interviews (from the start of today on, not cancelled) in the user's pilots,
    soonest first, with their interviewers: two queries."""
    start = timezone.localtime(now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    qs = (
        visible_interviews(user)
        .filter(scheduled_at__gte=start)
        .exclude(outcome=InterviewOutcome.CANCELLED)
        .prefetch_related("interviewers")
        .order_by("scheduled_at", "id")
    )
    return list(qs[:INTERVIEWS_SHOWN])


def interviews_awaiting_outcome(user: User, *, now: dt.datetime | None = None) -> list[VideoInterview]:
    """Interviews held before today whose outcome is not noted yet, the latest first: two queries."""
    start = timezone.localtime(now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    qs = (
        visible_interviews(user)
        .filter(scheduled_at__lt=start, outcome=InterviewOutcome.PENDING)
        .prefetch_related("interviewers")
        .order_by("-scheduled_at", "-id")
    )
    return list(qs[:INTERVIEWS_SHOWN])


def candidate_interviews(candidate: Candidate) -> QuerySet[VideoInterview]:
    """A candidate's interviews, latest first, with their interviewers (for the candidate's page)."""
    return candidate.video_interviews.prefetch_related("interviewers").order_by("-scheduled_at", "-id")


def candidate_pointers(candidate: Candidate) -> QuerySet[VideoPointer]:
    """The videos a candidate was pointed to and their reaction (for the candidate's page)."""
    return candidate.video_pointers.select_related("video").order_by("-pointed_at", "-id")


def visible_videos(user: User) -> QuerySet[RecruitingVideo]:
    """The recruiting videos of the pilots the user works in (HR leads: every pilot)."""
    return RecruitingVideo.objects.filter(pilot__in=work_pilots(user).values("pk")).select_related("pilot")


def _reaction(value: str) -> Count:
    return Count("pointers", filter=Q(pointers__reaction=value))


def video_rows(videos: QuerySet[RecruitingVideo]) -> QuerySet[RecruitingVideo]:
    """``videos`` with how many candidates were pointed to each and their reactions counted:
    ``pointed``, ``positive``, ``neutral``, ``negative`` (one query, however many pointers)."""
    return videos.annotate(
        pointed=Count("pointers"),
        positive=_reaction(VideoReaction.POSITIVE),
        neutral=_reaction(VideoReaction.NEUTRAL),
        negative=_reaction(VideoReaction.NEGATIVE),
    ).order_by("pilot__name", "topic", "id")


def video_pointers(video: RecruitingVideo) -> QuerySet[VideoPointer]:
    """Who was pointed to ``video``, latest first, with their reaction."""
    return video.pointers.select_related("candidate__person", "candidate__opening", "pointed_by").order_by(
        "-pointed_at", "-id"
    )
