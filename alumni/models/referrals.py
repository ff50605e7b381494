"""Alumni referrals: an opening shared with a segment ("talk excitedly about challenges and
emerging job opportunities, and ask alumni to recommend people"), and what alumni recommend —
for an opening (a recruiting candidate with source "alumni referral") or as a contractor or
consultant ("scale the program by asking for referrals for consultants and contract workers")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.db import choices_check
from people.models import Person
from recruiting.models import Candidate, JobOpening

from .directory import AlumniSegment, Alumnus

USER = settings.AUTH_USER_MODEL


class ShareChannel(models.TextChoices):
    EMAIL = "email", "Email to the segment's alumni who consented"
    GROUP_POST = "group_post", "Post drafted for the private group"


class OpeningShare(models.Model):
    """An opening (or a call for contractors, when ``opening`` is blank) shared with a segment."""

    Channel = ShareChannel

    opening = models.ForeignKey(
        JobOpening, on_delete=models.CASCADE, null=True, blank=True, related_name="alumni_shares"
    )
    segment = models.ForeignKey(AlumniSegment, on_delete=models.CASCADE, related_name="shares")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    message = models.TextField(max_length=4000, help_text="What the alumni read: the challenge and the opportunity.")
    recipients = models.PositiveIntegerField(default=0, help_text="Emails sent (email channel).")
    shared_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shared_at", "-id"]
        constraints = [choices_check("channel", ShareChannel, "opening_share_channel_valid")]

    def __str__(self) -> str:
        what = self.opening.title if self.opening_id and self.opening else "Contract work"
        return f"{what} shared with {self.segment}"


class RecommendationKind(models.TextChoices):
    EMPLOYEE = "employee", "For an opening"
    CONTRACTOR = "contractor", "Contract worker"
    CONSULTANT = "consultant", "Consultant"


class AlumniRecommendation(models.Model):
    """Someone an alumnus recommended. For an opening it becomes ``candidate`` (source "alumni
    referral", the alumnus as referrer); a contractor or consultant is kept here with its note."""

    Kind = RecommendationKind

    alumnus = models.ForeignKey(Alumnus, on_delete=models.CASCADE, related_name="recommendations")
    share = models.ForeignKey(
        OpeningShare, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    opening = models.ForeignKey(
        JobOpening, on_delete=models.SET_NULL, null=True, blank=True, related_name="alumni_recommendations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EMPLOYEE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="alumni_recommendations_of")
    candidate = models.OneToOneField(
        Candidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="alumni_recommendation"
    )
    why = models.TextField(max_length=1000)
    via_link = models.BooleanField(default=False, help_text="Sent by the alumnus through a signed link.")
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [choices_check("kind", RecommendationKind, "alumni_recommendation_kind_valid")]

    def __str__(self) -> str:
        return f"{self.alumnus} recommended {self.person}"
