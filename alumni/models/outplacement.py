"""Outplacement: "help employees find other jobs when their jobs get eliminated and there's no
role they want internally". The employee is a Person (they are about to be an alumnus); alumni
at the target companies are surfaced by alumni.selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.db import choices_check
from people.models import Company, Person
from programs.models import Pilot

USER = settings.AUTH_USER_MODEL


class OutplacementStatus(models.TextChoices):
    OPEN = "open", "Searching"
    PLACED = "placed", "Found a new job"
    STAYED = "stayed", "Stayed internally"
    CLOSED = "closed", "Closed without a placement"


class OutplacementCase(models.Model):
    Status = OutplacementStatus

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="outplacement_cases")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="outplacement_cases")
    current_role = models.CharField(max_length=200, blank=True)
    eliminated_on = models.DateField()
    target_roles = models.CharField(max_length=500, help_text="The roles they want, comma-separated.")
    target_companies = models.ManyToManyField(Company, blank=True, related_name="outplacement_targets")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=500, blank=True)
    owner = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="outplacement_cases")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-eliminated_on", "-id"]
        constraints = [choices_check("status", OutplacementStatus, "outplacement_status_valid")]

    def __str__(self) -> str:
        return f"Outplacement of {self.person}"
