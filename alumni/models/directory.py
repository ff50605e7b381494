"""The alumni directory: who left, from where, how they feel about us, which segment the sponsor
ranks them in, and whether they are in the pilot's private group."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.db import choices_check
from people.models import Person
from programs.models import Pilot, Venue

USER = settings.AUTH_USER_MODEL


class ExitType(models.TextChoices):
    VOLUNTARY = "voluntary", "Left of their own accord"
    ELIMINATED = "eliminated", "Job eliminated"
    RETIRED = "retired", "Retired"
    OTHER = "other", "Other"


class Goodwill(models.TextChoices):
    """The seed's bell curve: "most have a reasonably positive memory of their experience with
    you, while some love you and others hate you". Ordered from warmest to coldest."""

    LOVES = "loves", "Loves us"
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"
    HOSTILE = "hostile", "Hostile"
    UNKNOWN = "unknown", "Not known yet"


# A score per goodwill level, for the "goodwill shift" figure (mean score now minus mean score then).
GOODWILL_SCORE: dict[str, int] = {
    Goodwill.LOVES: 2,
    Goodwill.POSITIVE: 1,
    Goodwill.NEUTRAL: 0,
    Goodwill.NEGATIVE: -1,
    Goodwill.HOSTILE: -2,
}


class AlumniSegment(models.Model):
    """A group of alumni the sponsor defines and ranks ("who's most important to your business
    goals?"). ``definition`` holds filters over the alumni fields (alumni.segments reads and
    validates it); alumni.services.segments_assign puts each alumnus of the pilot in the
    best-ranked segment whose definition they match. Rank 1 matters most."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="alumni_segments")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True, max_length=2000)
    rank = models.PositiveSmallIntegerField(default=1, help_text="1 matters most to the sponsor's goals.")
    definition = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pilot__name", "rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "name"], name="segment_name_unique_per_pilot"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="segment_rank_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Alumnus(models.Model):
    """A person who worked for the firm and moved on. Their current company, title and location
    are the Person's; what is kept here is their time with the firm and the program's view of
    them. ``pilot`` is the Stage 2 pilot whose alumni they are (who may see them follows it)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="alumnus")
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="alumni")
    former_department = models.CharField(max_length=150, blank=True)
    former_role = models.CharField(max_length=200, blank=True)
    started_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    exit_type = models.CharField(max_length=20, choices=ExitType.choices, default=ExitType.VOLUNTARY)
    rehire_eligible = models.BooleanField(null=True, blank=True, help_text="Blank: not decided.")
    segment = models.ForeignKey(AlumniSegment, on_delete=models.SET_NULL, null=True, blank=True, related_name="alumni")
    goodwill = models.CharField(max_length=20, choices=Goodwill.choices, default=Goodwill.UNKNOWN)
    goodwill_on = models.DateField(null=True, blank=True, help_text="When the goodwill was last assessed.")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "id"]
        verbose_name_plural = "alumni"
        indexes = [
            models.Index(fields=["pilot", "segment"], name="alumnus_pilot_segment_idx"),
            models.Index(fields=["left_on"], name="alumnus_left_on_idx"),
        ]
        constraints = [
            choices_check("exit_type", ExitType, "alumnus_exit_type_valid"),
            choices_check("goodwill", Goodwill, "alumnus_goodwill_valid"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(started_on__isnull=True) | Q(left_on__gte=models.F("started_on")),
                name="alumnus_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class GoodwillChange(models.Model):
    """One dated assessment of an alumnus's goodwill (the history behind ``Alumnus.goodwill``)."""

    alumnus = models.ForeignKey(Alumnus, on_delete=models.CASCADE, related_name="goodwill_changes")
    from_level = models.CharField(max_length=20, choices=Goodwill.choices)
    to_level = models.CharField(max_length=20, choices=Goodwill.choices)
    on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["alumnus", "on", "id"]
        indexes = [models.Index(fields=["on"], name="goodwill_change_on_idx")]
        constraints = [
            choices_check("from_level", Goodwill, "goodwill_change_from_valid"),
            choices_check("to_level", Goodwill, "goodwill_change_to_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.alumnus}: {self.from_level} → {self.to_level} on {self.on:%Y-%m-%d}"


class GroupStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    JOINED = "joined", "Joined"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left"


class GroupMembership(models.Model):
    """An alumnus's membership of the pilot's private group on one venue (a password-protected
    LinkedIn group, a Facebook group…)."""

    Status = GroupStatus

    alumnus = models.ForeignKey(Alumnus, on_delete=models.CASCADE, related_name="group_memberships")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="alumni_memberships")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    changed_on = models.DateField(default=timezone.localdate)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["venue__name"]
        constraints = [
            models.UniqueConstraint(fields=["alumnus", "venue"], name="group_membership_unique"),
            choices_check("status", GroupStatus, "group_membership_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.alumnus} in {self.venue}: {self.get_status_display()}"
