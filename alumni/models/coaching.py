"""Coaching: "mentor employees in training and mentoring other contributors to create a scalable
team" — an experienced contributor coaches a newer one on a topic, with a follow-up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.db import choices_check
from programs.models import Pilot

USER = settings.AUTH_USER_MODEL


class CoachingTopic(models.TextChoices):
    PROFILE = "profile", "Looking their best on the venue (profile)"
    SEARCHING = "searching", "Searching for and finding alumni"
    SHARING = "sharing", "What to share and how to spark conversations"
    HELPING = "helping", "How to help alumni"
    MENTORING = "mentoring", "Coaching others"
    OTHER = "other", "Other"


class CoachingSession(models.Model):
    Topic = CoachingTopic

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="coaching_sessions")
    coach = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="coaching_given")
    coachee = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="coaching_received")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    held_on = models.DateField(default=timezone.localdate)
    notes = models.TextField(blank=True, max_length=2000)
    follow_up_on = models.DateField(null=True, blank=True)
    follow_up_done = models.BooleanField(default=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            choices_check("topic", CoachingTopic, "coaching_topic_valid"),
            models.CheckConstraint(condition=~Q(coach=F("coachee")), name="coaching_not_self"),
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=F("held_on")),
                name="coaching_follow_up_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coach} coached {self.coachee} on {self.get_topic_display().lower()}"
