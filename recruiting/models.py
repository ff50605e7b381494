"""Stage 1, recruiting: whom the sponsor wants (profiles), the jobs (openings and their revised
descriptions), the people in each opening's pipeline (candidates and their dated moves), what
contributors add (referrals, feedback, shared posts and the responses to them), video-first
interviews and the recruiting videos candidates are pointed to.

A hire is not stored here: moving a candidate to "hired" records a metrics Hire through
metrics.services, with the candidate as its reference (``Candidate.hire``). Which step may follow
which lives in ``recruiting.pipeline``; the database only keeps each value within its choices.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.db import choices_check
from listening.models import Conversation, KeywordFamily, Search
from metrics.models import Hire, HireSource
from people.models import Person
from programs.models import Pilot, Venue

USER = settings.AUTH_USER_MODEL


class CandidateProfile(models.Model):
    """A kind of person the sponsor wants to attract ("senior data engineers in the Nordics"),
    ranked per pilot (1 is the highest priority) and found through keyword families and searches."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="candidate_profiles")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True, max_length=2000)
    priority = models.PositiveSmallIntegerField(default=1, help_text="1 is the highest priority.")
    families = models.ManyToManyField(KeywordFamily, blank=True, related_name="candidate_profiles")
    searches = models.ManyToManyField(Search, blank=True, related_name="candidate_profiles")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pilot__name", "priority", "name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "name"], name="profile_name_unique_per_pilot"),
            models.CheckConstraint(condition=Q(priority__gte=1), name="profile_priority_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class OpeningStatus(models.TextChoices):
    EMERGING = "emerging", "Emerging"
    OPEN = "open", "Open"
    FILLED = "filled", "Filled"
    CLOSED = "closed", "Closed"


class JobOpening(models.Model):
    """A job for a pilot and a profile. Its description is the latest ``OpeningRevision``."""

    Status = OpeningStatus

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="openings")
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="openings"
    )
    title = models.CharField(max_length=200)
    location = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EMERGING)
    opened_at = models.DateTimeField(null=True, blank=True, help_text="When it first became open.")
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When it was filled or closed.")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pilot", "status"], name="opening_pilot_status_idx")]
        constraints = [choices_check("status", OpeningStatus, "opening_status_valid")]

    def __str__(self) -> str:
        return self.title


class OpeningRevision(models.Model):
    """One version of an opening's description; number 1 is the first. Never edited: a change is
    a new revision, so the diff between any two stays readable."""

    opening = models.ForeignKey(JobOpening, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField(max_length=20000)
    note = models.CharField(max_length=300, blank=True, help_text="What changed and why.")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["opening", "-number"]
        constraints = [models.UniqueConstraint(fields=["opening", "number"], name="revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.opening} r{self.number}"


class Thanks(models.Model):
    """What referrals and feedback share: the thank-you, recorded whether or not the advice was
    used ("thank them when you use their advice, and even when you don't")."""

    thanked_at = models.DateTimeField(null=True, blank=True)
    thanked_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    thank_note = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", "Not decided yet"
    USED = "used", "Used"
    NOT_USED = "not_used", "Not used"


class OpeningFeedback(Thanks):
    """A contributor's short comment on an opening's description; the HR lead marks it used or not."""

    Status = FeedbackStatus

    opening = models.ForeignKey(JobOpening, on_delete=models.CASCADE, related_name="feedback")
    revision = models.ForeignKey(
        OpeningRevision, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="opening_feedback")
    comment = models.TextField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [choices_check("status", FeedbackStatus, "feedback_status_valid")]

    def __str__(self) -> str:
        return f"Feedback on {self.opening}"


class Step(models.TextChoices):
    """A candidate's place in the pipeline, in order; the last three end it without a hire."""

    FOUND = "found", "Found"
    ENGAGED = "engaged", "Engaged"
    APPLIED = "applied", "Applied"
    VIDEO_INTERVIEW = "video_interview", "Video interview"
    ONSITE = "onsite", "Onsite"
    OFFER = "offer", "Offer"
    HIRED = "hired", "Hired"
    DECLINED = "declined", "Declined"
    WITHDREW = "withdrew", "Withdrew"
    REJECTED = "rejected", "Rejected"


class CandidateSource(models.TextChoices):
    CONVERSATION = "conversation", "Found conversation"
    EMPLOYEE_REFERRAL = "employee_referral", "Employee referral"
    ALUMNI_REFERRAL = "alumni_referral", "Alumni referral"
    SHARED_POST = "shared_post", "Response to a shared post"
    JOB_AD = "job_ad", "Job ad"
    RECRUITER = "recruiter", "Recruiter"
    OTHER = "other", "Other"


# Where a candidate came from, as the ledger's hire channel.
HIRE_CHANNEL: dict[str, str] = {
    CandidateSource.CONVERSATION: HireSource.SOCIAL,
    CandidateSource.EMPLOYEE_REFERRAL: HireSource.EMPLOYEE_REFERRAL,
    CandidateSource.ALUMNI_REFERRAL: HireSource.ALUMNI_REFERRAL,
    CandidateSource.SHARED_POST: HireSource.SHARED_CONTENT,
    CandidateSource.JOB_AD: HireSource.JOB_AD,
    CandidateSource.RECRUITER: HireSource.RECRUITER,
    CandidateSource.OTHER: HireSource.OTHER,
}


class PostKind(models.TextChoices):
    PROJECT = "project", "Exciting project"
    CHALLENGE = "challenge", "Challenge"
    JOB = "job", "Job opportunity"
    BEHIND_THE_CURTAIN = "behind_the_curtain", "Behind the curtain"
    SOCIAL = "social", "Social / spare time"


def engagement_of(counts: Any) -> int:
    """Engagement = likes + comments + shares + clicks (of a post, or of a row of summed posts)."""
    return int(counts.likes + counts.comments + counts.shares + counts.clicks)


class SharedPost(models.Model):
    """What a contributor shared, where and when, and how it did (typed in or uploaded)."""

    Kind = PostKind

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="shared_posts")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="shared_posts")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="shared_posts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    shared_on = models.DateField()
    url = models.URLField(max_length=2000, blank=True)
    summary = models.CharField(max_length=300)
    likes = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    shares = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    opening = models.ForeignKey(
        JobOpening, on_delete=models.SET_NULL, null=True, blank=True, related_name="shared_posts"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shared_on", "-id"]
        indexes = [models.Index(fields=["pilot", "shared_on"], name="post_pilot_date_idx")]
        constraints = [choices_check("kind", PostKind, "post_kind_valid")]

    def __str__(self) -> str:
        return self.summary


class PostResponse(models.Model):
    """Someone who responded to a shared post; the profile they fit makes high-priority responses
    countable."""

    post = models.ForeignKey(SharedPost, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="post_responses")
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="post_responses"
    )
    responded_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-responded_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="post_response_once_per_person")]

    def __str__(self) -> str:
        return f"{self.person} on {self.post}"


class Candidate(models.Model):
    """A person in an opening's pipeline. One person is a candidate for an opening once."""

    Step = Step
    Source = CandidateSource

    opening = models.ForeignKey(JobOpening, on_delete=models.PROTECT, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="candidacies")
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.FOUND)
    step_changed_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=20, choices=Source.choices)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    shared_post = models.ForeignKey(
        SharedPost, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    referred_by_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_candidates",
        help_text="The alumnus who recommended them (Stage 2).",
    )
    hire = models.OneToOneField(Hire, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidate")
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-step_changed_at", "-id"]
        indexes = [
            models.Index(fields=["opening", "step"], name="candidate_opening_step_idx"),
            models.Index(fields=["created_at"], name="candidate_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["opening", "person"], name="candidate_once_per_opening"),
            choices_check("step", Step, "candidate_step_valid"),
            choices_check("source", CandidateSource, "candidate_source_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.opening}"


class CandidateMove(models.Model):
    """One dated step of a candidate: the first row is where they entered (from_step blank)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="moves")
    from_step = models.CharField(max_length=20, choices=Step.choices, blank=True)
    to_step = models.CharField(max_length=20, choices=Step.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["candidate", "at", "id"]
        indexes = [models.Index(fields=["to_step", "at"], name="move_step_at_idx")]
        constraints = [choices_check("to_step", Step, "move_to_step_valid")]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.from_step or 'entered'} → {self.to_step}"


class Referral(Thanks):
    """A contributor's suggestion of someone for an opening: it enters the pipeline as a candidate
    with source "employee referral"; the referrer follows what became of it."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="referral")
    referrer = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="referrals")
    why = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Referral of {self.candidate}"


class InterviewOutcome(models.TextChoices):
    PENDING = "pending", "Not held yet"
    ADVANCE = "advance", "Advance"
    REJECT = "reject", "Do not advance"
    NO_SHOW = "no_show", "No show"
    CANCELLED = "cancelled", "Cancelled"


class VideoInterview(models.Model):
    """A first interview by video. One that replaced a trip records the trip's cost, taken from
    the sponsor's baseline at the time (travel per hire)."""

    Outcome = InterviewOutcome

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="video_interviews")
    scheduled_at = models.DateTimeField()
    link = models.URLField(max_length=2000, blank=True)
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="video_interviews")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(blank=True, max_length=2000)
    replaced_trip = models.BooleanField(default=False)
    travel_avoided = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        constraints = [
            choices_check("outcome", InterviewOutcome, "interview_outcome_valid"),
            models.CheckConstraint(condition=Q(travel_avoided__gte=0), name="interview_travel_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Video interview with {self.candidate.person}"


class RecruitingVideo(models.Model):
    """One of the three to five videos of key people talking about their work, to point candidates to."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="recruiting_videos")
    speaker = models.CharField(max_length=150, help_text="Who talks in it.")
    topic = models.CharField(max_length=200)
    url = models.URLField(max_length=2000)
    length_seconds = models.PositiveIntegerField()
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pilot__name", "topic"]
        constraints = [models.CheckConstraint(condition=Q(length_seconds__gte=1), name="video_length_positive")]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.topic}"


class VideoReaction(models.TextChoices):
    NOT_YET = "", "Not known yet"
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"


class VideoPointer(models.Model):
    """A candidate pointed to a recruiting video, and their reaction."""

    video = models.ForeignKey(RecruitingVideo, on_delete=models.CASCADE, related_name="pointers")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="video_pointers")
    pointed_at = models.DateTimeField(default=timezone.now)
    pointed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reaction = models.CharField(max_length=10, choices=VideoReaction.choices, blank=True)
    reaction_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-pointed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["video", "candidate"], name="video_pointer_once"),
            choices_check("reaction", VideoReaction, "video_reaction_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate.person} → {self.video}"
