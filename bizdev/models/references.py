"""Reference conversations: in-group discussions of a challenge or the value proposition that
contributors point alumni to again and again (the seed's "private reference points")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from listening.models import Conversation
from programs.models import Pilot

USER = settings.AUTH_USER_MODEL


class ReferenceConversation(models.Model):
    """``search_text`` is the folded (people.search.fold) title, summary, topic, value proposition
    and kind of client, kept by the services, for an accent- and case-insensitive search."""

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="reference_conversations")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=2000)
    topic = models.CharField(max_length=150, blank=True)
    value_proposition = models.CharField(max_length=300, blank=True)
    client_kind = models.CharField("kind of client", max_length=150, blank=True)
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The harvested conversation it came from, if any.",
    )
    search_text = models.TextField(default="", blank=True, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
