"""Surveys: "toward the end of the pilot … ask alumni how they would like you to help them". Sent
by email with a signed link each (at most once per person and survey), answered without an
account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.db import choices_check
from programs.models import Pilot

from .directory import AlumniSegment, Alumnus

USER = settings.AUTH_USER_MODEL


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    CLOSED = "closed", "Closed"


class Survey(models.Model):
    Status = SurveyStatus

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="alumni_surveys")
    title = models.CharField(max_length=200, default="How would you like us to help?")
    introduction = models.TextField(blank=True, max_length=2000, help_text="The email's opening words.")
    segments = models.ManyToManyField(
        AlumniSegment, blank=True, related_name="surveys", help_text="Blank: all the pilot's alumni."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    closes_on = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [choices_check("status", SurveyStatus, "survey_status_valid")]

    def __str__(self) -> str:
        return self.title


class SurveyQuestionKind(models.TextChoices):
    CHOICE = "choice", "One of several answers"
    SCALE = "scale", "A score from 1 to 5"
    TEXT = "text", "Free text"


class SurveyQuestion(models.Model):
    Kind = SurveyQuestionKind

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHOICE)
    options = models.JSONField(default=list, blank=True, help_text="The answers offered (choice questions).")

    class Meta:
        ordering = ["survey", "order", "id"]
        constraints = [choices_check("kind", SurveyQuestionKind, "survey_question_kind_valid")]

    def __str__(self) -> str:
        return self.text


class SurveyInvite(models.Model):
    """One alumnus asked: sent once (core.jobs.claim_once), answered once through the link."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invites")
    alumnus = models.ForeignKey(Alumnus, on_delete=models.CASCADE, related_name="survey_invites")
    segment = models.ForeignKey(
        AlumniSegment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The alumnus's segment when asked (results per segment).",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "alumnus"], name="survey_invite_once_per_alumnus")]

    def __str__(self) -> str:
        return f"{self.survey} → {self.alumnus}"


class SurveyAnswer(models.Model):
    invite = models.ForeignKey(SurveyInvite, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(max_length=2000)

    class Meta:
        ordering = ["invite", "question__order"]
        constraints = [models.UniqueConstraint(fields=["invite", "question"], name="survey_answer_once")]

    def __str__(self) -> str:
        return f"{self.question}: {self.value[:40]}"
