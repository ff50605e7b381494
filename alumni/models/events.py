"""Networking events: "ask alumni in certain geos about their favorite local networking events,
meet them there and exchange introductions with people onsite"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from metrics.models import Introduction
from programs.models import Pilot

from .directory import Alumnus

USER = settings.AUTH_USER_MODEL


class NetworkingEvent(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="networking_events")
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=120)
    country = models.CharField(max_length=2, help_text="ISO 3166 two-letter code, e.g. DE")
    starts_on = models.DateField()
    url = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    recommended_by = models.ManyToManyField(Alumnus, blank=True, related_name="recommended_events")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="networking_events")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["country", "city"], name="event_place_idx")]
        constraints = [models.CheckConstraint(condition=~Q(city=""), name="event_city_present")]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class EventIntroduction(models.Model):
    """A ledger introduction exchanged at an event (the ledger row stays the ledger's)."""

    event = models.ForeignKey(NetworkingEvent, on_delete=models.CASCADE, related_name="event_introductions")
    introduction = models.OneToOneField(Introduction, on_delete=models.CASCADE, related_name="networking_event_link")

    class Meta:
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return f"{self.introduction} at {self.event}"
