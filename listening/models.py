"""Listening: keyword families, boolean searches over sources, the conversations they find, and
what each run did (see DESIGN.md). Celery runs the searches; listening/services/ owns every write.

Harvested text is untrusted: connectors store it as sanitized plain text, and templates escape it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.db import choices_check
from people.models import Person
from programs.models import Pilot, Venue


class Purpose(models.TextChoices):
    PROFILE = "profile", "Candidate profile"
    SEGMENT = "segment", "Alumni segment"
    TOPIC = "topic", "Business topic"


class KeywordFamily(models.Model):
    """A named list of terms and phrases with their synonyms, referenced in searches as @name."""

    name = models.SlugField(
        max_length=60, unique=True, help_text="Used in searches as @name: letters, digits, - and _."
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.PROFILE)
    description = models.CharField(max_length=300, blank=True)
    # One entry per term: a word, a "quoted phrase" or a prefix*. Synonyms are simply more terms.
    terms = models.JSONField(default=list)
    pilot = models.ForeignKey(Pilot, on_delete=models.SET_NULL, null=True, blank=True, related_name="keyword_families")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "keyword families"
        constraints = [
            choices_check("purpose", Purpose, "family_purpose_valid"),
        ]

    def __str__(self) -> str:
        return f"@{self.name}"


UPLOAD_KIND = "upload"  # the connector whose posts arrive by upload, never by a run (connectors.upload)


class SourceHealth(models.TextChoices):
    """How a source is doing: failing after an error, paused after repeated failures."""

    OK = "ok", "Working"  # or not fetched yet: Source.health_label says which
    FAILING = "failing", "Failing"
    PAUSED = "paused", "Paused after repeated failures"


class Source(models.Model):
    """A connector and its settings: a feed, a Mastodon tag, a subreddit, an uploaded export…"""

    Health = SourceHealth

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20)  # a key of listening.connectors.CONNECTORS
    config = models.JSONField(default=dict)
    venue = models.ForeignKey(Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="sources")
    is_active = models.BooleanField(default=True)
    health = models.CharField(max_length=10, choices=Health.choices, default=Health.OK)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    # What the connector returned last time (ETag, Last-Modified, cursors): passed back next run.
    state = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_check("health", SourceHealth, "source_health_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def health_label(self) -> str:
        """The source's health in a user's words: a source no run has read yet is not "Working"."""
        if self.kind == UPLOAD_KIND:
            return "Filled by uploads" if self.health == SourceHealth.OK else self.get_health_display()
        if self.health == SourceHealth.OK and self.last_fetched_at is None:
            return "Not fetched yet"
        return self.get_health_display()


class Search(models.Model):
    """A boolean query over chosen sources, run on a schedule by Celery beat."""

    name = models.CharField(max_length=150, unique=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.PROFILE)
    query = models.TextField(help_text='E.g. ("site reliability" OR sre) AND @python-devs NOT recruiter')
    sources = models.ManyToManyField(Source, related_name="searches", blank=True)
    pilot = models.ForeignKey(Pilot, on_delete=models.SET_NULL, null=True, blank=True, related_name="searches")
    is_active = models.BooleanField(default=True)
    schedule_hours = models.PositiveIntegerField(
        null=True, blank=True, help_text="Run every this many hours; empty: only when run by hand."
    )
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    digest_opt_in = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="search_digests")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "searches"
        constraints = [
            choices_check("purpose", Purpose, "search_purpose_valid"),
            models.CheckConstraint(
                condition=Q(schedule_hours__isnull=True) | Q(schedule_hours__gte=1), name="search_schedule_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    """Where a run is."""

    RUNNING = "running", "Running"
    DONE = "done", "Done"
    PARTIAL = "partial", "Done, some sources failed"
    FAILED = "failed", "Failed"


class SearchRun(models.Model):
    """One run of a search over its sources. Its per-source results are SearchRunSource rows."""

    Status = RunStatus

    search = models.ForeignKey(Search, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            choices_check("status", RunStatus, "run_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.search} run {self.started_at:%Y-%m-%d %H:%M}"


class RunSourceStatus(models.TextChoices):
    """What one source did in one run."""

    PENDING = "pending", "Waiting"
    RUNNING = "running", "Fetching"
    RETRYING = "retrying", "Retrying"
    DONE = "done", "Done"
    NOT_MODIFIED = "not_modified", "Unchanged since the last read"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"  # why (paused, inactive) is in its error


class SearchRunSource(models.Model):
    """What one source did in one run: fetched, new, matched, stored, how long, and its error."""

    Status = RunSourceStatus

    FINISHED = (Status.DONE, Status.NOT_MODIFIED, Status.FAILED, Status.SKIPPED)

    run = models.ForeignKey(SearchRun, on_delete=models.CASCADE, related_name="results")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="run_results")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PENDING)
    # What each count is: listening.selectors.runs (the pages' words) and services.store (the logic).
    fetched = models.PositiveIntegerField(default=0, help_text="Posts read: what the source returned in this run.")
    new = models.PositiveIntegerField(
        default=0,
        help_text="Posts read that were not in the inbox before, matched or not (a post no search matches is "
        "never kept, so it counts again each time it is read).",
    )
    matched = models.PositiveIntegerField(
        default=0, help_text="Posts read that this run's search matches, including those already in the inbox."
    )
    stored = models.PositiveIntegerField(
        default=0,
        help_text="Conversations this run added to the inbox: posts not in it yet that match this run's search "
        "or another active search reading the same source. A match already in the inbox is not added again.",
    )
    attempts = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source__name"]
        constraints = [
            models.UniqueConstraint(fields=["run", "source"], name="run_source_unique"),
            choices_check("status", RunSourceStatus, "run_source_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.source} in {self.run}"


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def untriaged(self) -> ConversationQuerySet:
        return self.filter(status=Conversation.Status.NEW)

    def kept(self) -> ConversationQuerySet:
        """Conversations retention never purges: triaged relevant/engaged, or linked to a person."""
        kept = [Conversation.Status.RELEVANT, Conversation.Status.ENGAGED]
        return self.filter(Q(status__in=kept) | Q(person__isnull=False))


class ConversationStatus(models.TextChoices):
    """The triage status of a conversation."""

    NEW = "new", "New"
    RELEVANT = "relevant", "Relevant"
    ENGAGED = "engaged", "Engaged"
    NOT_RELEVANT = "not_relevant", "Not relevant"


class Conversation(models.Model):
    """One post a search found. Unique per (source, external id): running twice stores it once."""

    Status = ConversationStatus

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="conversations")
    external_id = models.CharField(max_length=255)
    venue = models.ForeignKey(Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations")
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    author = models.CharField(max_length=200, blank=True)
    author_handle = models.CharField(max_length=200, blank=True)
    author_url = models.URLField(max_length=2000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_conversations",
    )
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations")
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    searches = models.ManyToManyField(Search, through="ConversationMatch", related_name="conversations")

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["status", "found_at"], name="conversation_status_idx"),
            models.Index(fields=["venue", "found_at"], name="conversation_venue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="conversation_unique_per_source"),
            choices_check("status", ConversationStatus, "conversation_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:80]

    @property
    def when(self) -> object:
        return self.published_at or self.found_at


class ConversationMatch(models.Model):
    """A search matched a conversation; spans are the [start, end) offsets to highlight in its text
    (title and text are matched as "title\\n\\ntext")."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="matches")
    search = models.ForeignKey(Search, on_delete=models.CASCADE, related_name="matches")
    spans = models.JSONField(default=list)
    matched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "search"], name="match_unique")]
        indexes = [models.Index(fields=["search", "matched_at"], name="match_search_idx")]

    def __str__(self) -> str:
        return f"{self.search} matched {self.conversation_id}"
