"""Imports of alumni: an HRIS leavers file or LinkedIn's Connections.csv. A file is previewed
first (every bad row reported), then imported all or nothing, in the background for large files
(``processed_rows`` drives the progress bar; an interrupted import resumes from there). Rows that
match an existing person only doubtfully wait as ImportMatch rows for an HR lead to resolve."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.db import choices_check
from people.models import Person
from programs.models import Pilot

USER = settings.AUTH_USER_MODEL


class ImportKind(models.TextChoices):
    HRIS = "hris", "HRIS leavers file"
    LINKEDIN = "linkedin", "LinkedIn Connections.csv"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class AlumniImport(models.Model):
    Kind = ImportKind
    Status = ImportStatus

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="alumni_imports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, help_text="Of the file's bytes: the same file is recognised.")
    content = models.TextField(help_text="The decoded file, kept until the import is done.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    doubtful_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{row, column, message}] of the preview.")
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pilot", "sha256"], name="alumni_import_file_idx")]
        constraints = [
            choices_check("kind", ImportKind, "alumni_import_kind_valid"),
            choices_check("status", ImportStatus, "alumni_import_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class MatchResolution(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    MERGED = "merged", "Merged into the existing person"
    NEW = "new", "Added as a new person"
    SKIPPED = "skipped", "Skipped"


class ImportMatch(models.Model):
    """A row whose only match is doubtful (same name, other company; same name and company but
    no email to compare): an HR lead merges it into ``person``, adds it as someone new, or skips it."""

    Resolution = MatchResolution

    alumni_import = models.ForeignKey(AlumniImport, on_delete=models.CASCADE, related_name="matches")
    row_number = models.PositiveIntegerField()
    data = models.JSONField(help_text="The row as read from the file.")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", help_text="The likely match.")
    reason = models.CharField(max_length=200)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, default=Resolution.PENDING)
    resolved_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["alumni_import", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["alumni_import", "row_number"], name="import_match_once_per_row"),
            choices_check("resolution", MatchResolution, "import_match_resolution_valid"),
        ]

    def __str__(self) -> str:
        return f"Row {self.row_number} of {self.alumni_import}"
