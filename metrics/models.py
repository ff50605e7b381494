"""The ledger every stage writes into, the costs it is compared with, and the wins it produces.

Stage apps write through metrics.services (introduction_record, assist_record, hire_record);
metrics imports no stage app. Money is stored as Decimal in the program's one currency
(settings.PROGRAM_CURRENCY). Each ledger row carries its pilot and a copy of the pilot's stage,
so reports filter and group by stage without a join.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.db import choices_check
from people.models import Company, Person
from programs.models import Pilot, SponsorOrganization, Stage, Venue

from .money import half_up

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0")}


class IntroductionKind(models.TextChoices):
    ALUMNUS = "alumnus", "Alumnus"
    CANDIDATE = "candidate", "Candidate"
    EMPLOYEE = "employee", "Employee"
    OTHER = "other", "Other"


class IntroductionPurpose(models.TextChoices):
    JOB = "job", "Job"
    CONTRACT = "contract", "Contract work"
    CLIENT = "client", "Client"
    INSIGHT = "insight", "Insight"
    PARTNERSHIP = "partnership", "Partnership"
    OTHER = "other", "Other"


class AssistDirection(models.TextChoices):
    GIVEN = "given", "Given by the firm"
    RECEIVED = "received", "Received by the firm"


class HireSource(models.TextChoices):
    SOCIAL = "social", "Social conversation"
    EMPLOYEE_REFERRAL = "employee_referral", "Employee referral"
    ALUMNI_REFERRAL = "alumni_referral", "Alumni referral"
    SHARED_CONTENT = "shared_content", "Shared-content response"
    VIDEO_FIRST = "video_first", "Video-first process"
    JOB_AD = "job_ad", "Job ad"
    RECRUITER = "recruiter", "Recruiter"
    OTHER = "other", "Other"


class CostCategory(models.TextChoices):
    TOOLS = "tools", "Tools"
    STAFF_TIME = "staff_time", "Staff time"
    EVENTS = "events", "Events"
    VIDEOS = "videos", "Videos"
    POLICY = "policy", "Policy work"
    OTHER = "other", "Other"


class WinKind(models.TextChoices):
    HIRE = "hire", "Hire"
    INTRODUCTION = "introduction", "Meaningful introduction"
    ASSIST = "assist", "Big assist"


class Introduction(models.Model):
    """An employee introduced someone (usually an alumnus) to a person or company."""

    OnBehalfKind = IntroductionKind

    Purpose = IntroductionPurpose

    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="introductions_made")
    on_behalf_of = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="introductions_for")
    on_behalf_kind = models.CharField(max_length=20, choices=OnBehalfKind.choices, default=OnBehalfKind.ALUMNUS)
    to_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="introductions_to"
    )
    to_company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="introductions_to"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.JOB)
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="introductions")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    date = models.DateField(default=timezone.localdate)
    meaningful = models.BooleanField(
        default=False, help_text="Confirmed as meaningful: it led somewhere for the person introduced."
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["date", "stage"], name="intro_date_stage_idx"),
            models.Index(fields=["pilot", "date"], name="intro_pilot_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_person__isnull=False) | Q(to_company__isnull=False), name="intro_has_target"
            ),
            choices_check("stage", Stage, "intro_stage_valid"),
            choices_check("purpose", IntroductionPurpose, "intro_purpose_valid"),
            choices_check("on_behalf_kind", IntroductionKind, "intro_kind_valid"),
            models.CheckConstraint(
                condition=Q(meaningful=False) | Q(confirmed_at__isnull=False), name="intro_meaningful_confirmed"
            ),
        ]

    def __str__(self) -> str:
        target = self.to_person or self.to_company
        return f"Introduction of {self.on_behalf_of} to {target} on {self.date:%Y-%m-%d}"

    @property
    def target_label(self) -> str:
        parts = [str(x) for x in (self.to_person, self.to_company) if x is not None]
        return " at ".join(parts)


class AssistType(models.Model):
    """One step of the configurable value scale (the seed: an introduction to a decision maker is
    worth more than general information). Points are copied onto each assist when it is recorded,
    so changing the scale later does not rewrite past reports."""

    key = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    points = models.PositiveIntegerField()
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "-points", "name"]
        constraints = [models.CheckConstraint(condition=Q(points__gt=0), name="assist_type_points_positive")]

    def __str__(self) -> str:
        return f"{self.name} ({self.points} pts)"


class Assist(models.Model):
    """Help given or received, between an employee and a person outside the firm."""

    Direction = AssistDirection

    direction = models.CharField(max_length=10, choices=Direction.choices)
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assists",
        help_text="The employee who gave or received the help.",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="assists",
        help_text="The alumnus or contact on the other side.",
    )
    assist_type = models.ForeignKey(AssistType, on_delete=models.PROTECT, related_name="assists")
    points = models.PositiveIntegerField()
    reference_kind = models.CharField(
        max_length=30, blank=True, help_text="What it relates to, e.g. 'opportunity' or 'help request'."
    )
    reference_id = models.CharField(max_length=64, blank=True)
    reference_label = models.CharField(max_length=200, blank=True)
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="assists")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    date = models.DateField(default=timezone.localdate)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["date", "stage"], name="assist_date_stage_idx"),
            models.Index(fields=["pilot", "date"], name="assist_pilot_date_idx"),
            models.Index(fields=["reference_kind", "reference_id"], name="assist_reference_idx"),
        ]
        constraints = [
            choices_check("stage", Stage, "assist_stage_valid"),
            choices_check("direction", AssistDirection, "assist_direction_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.assist_type.name} {self.get_direction_display().lower()} on {self.date:%Y-%m-%d}"

    @property
    def giver(self) -> object:
        return self.employee if self.direction == self.Direction.GIVEN else self.person

    @property
    def receiver(self) -> object:
        return self.person if self.direction == self.Direction.GIVEN else self.employee


class IntroductionDaily(models.Model):
    """Introductions per day, pilot and stage, with the counts the ROI report reads.

    Derived data, kept exact by metrics.rollups: the services recount a key whenever they write an
    introduction of it; ``manage.py metrics_rebuild_rollups`` rebuilds every row after a bulk load.
    A key without introductions has no row.
    """

    date = models.DateField()
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+", db_index=False)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    introductions = models.PositiveIntegerField(default=0)
    meaningful_introductions = models.PositiveIntegerField(default=0)
    alumni_introductions = models.PositiveIntegerField(default=0)
    meaningful_alumni_introductions = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "pilot_id", "stage"]
        # The key is a plain unique constraint, so SQLite (the embedded mode) enforces it too; the
        # report reads a date range from the covering index alone on PostgreSQL (SQLite ignores
        # the included columns).
        constraints = [models.UniqueConstraint(fields=["date", "pilot", "stage"], name="intro_daily_key")]
        indexes = [
            models.Index(
                fields=["date", "pilot", "stage"],
                include=[
                    "introductions",
                    "meaningful_introductions",
                    "alumni_introductions",
                    "meaningful_alumni_introductions",
                ],
                name="intro_daily_cover_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.introductions} introductions in pilot {self.pilot_id} on {self.date:%Y-%m-%d}"


class AssistDaily(models.Model):
    """Assists per day, pilot, stage and direction: how many, and their points summed.

    Derived data, kept exact by metrics.rollups (see IntroductionDaily).
    """

    date = models.DateField()
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+", db_index=False)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    direction = models.CharField(max_length=10, choices=AssistDirection.choices)
    assists = models.PositiveIntegerField(default=0)
    points = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-date", "pilot_id", "stage", "direction"]
        constraints = [
            models.UniqueConstraint(fields=["date", "pilot", "stage", "direction"], name="assist_daily_key"),
        ]
        indexes = [
            models.Index(
                fields=["date", "pilot", "stage", "direction"],
                include=["assists", "points"],
                name="assist_daily_cover_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assists} assists {self.direction} in pilot {self.pilot_id} on {self.date:%Y-%m-%d}"


class Hire(models.Model):
    """A person hired, where they came from, how long it took and what it actually cost."""

    Source = HireSource

    # Channels that are the legacy process itself: a hire through them saves nothing.
    LEGACY_SOURCES = (HireSource.JOB_AD, HireSource.RECRUITER)

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="hires")
    opening_title = models.CharField(max_length=200)
    sponsor = models.ForeignKey(SponsorOrganization, on_delete=models.PROTECT, related_name="hires")
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="hires")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    source = models.CharField(max_length=30, choices=Source.choices)
    first_contact_date = models.DateField()
    date = models.DateField("hired on")
    time_to_hire_days = models.PositiveIntegerField(editable=False)
    cost_travel = models.DecimalField("travel", **MONEY)
    cost_recruiter_fee = models.DecimalField("recruiter fee", **MONEY)
    cost_job_ads = models.DecimalField("job ads", **MONEY)
    cost_video_tooling = models.DecimalField("video and tooling", **MONEY)
    staff_hours = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    staff_hour_rate = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    total_cost = models.DecimalField(**MONEY, editable=False)
    reference_id = models.CharField(max_length=64, blank=True, help_text="The stage app's candidate or opening id.")
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            # Covering: the ROI report's grouped query reads only these columns (an index-only scan).
            models.Index(
                fields=["date", "stage"],
                include=["pilot", "sponsor", "source", "total_cost", "time_to_hire_days"],
                name="hire_date_stage_cover_idx",
            ),
            models.Index(fields=["pilot", "date"], name="hire_pilot_date_idx"),
        ]
        constraints = [
            choices_check("stage", Stage, "hire_stage_valid"),
            choices_check("source", HireSource, "hire_source_valid"),
            models.CheckConstraint(condition=Q(date__gte=F("first_contact_date")), name="hire_after_first_contact"),
            models.CheckConstraint(
                condition=Q(cost_travel__gte=0)
                & Q(cost_recruiter_fee__gte=0)
                & Q(cost_job_ads__gte=0)
                & Q(cost_video_tooling__gte=0)
                & Q(staff_hours__gte=0)
                & Q(staff_hour_rate__gte=0),
                name="hire_costs_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} hired as {self.opening_title}"

    @property
    def staff_cost(self) -> Decimal:
        return half_up(self.staff_hours * self.staff_hour_rate)


class LegacyCostBaseline(models.Model):
    """What a hire and a sale cost a sponsor organization the old way, over a period."""

    sponsor = models.ForeignKey(SponsorOrganization, on_delete=models.CASCADE, related_name="baselines")
    valid_from = models.DateField()
    valid_to = models.DateField()
    travel_per_hire = models.DecimalField(**MONEY)
    recruiter_fees_per_hire = models.DecimalField(**MONEY)
    job_ads_per_hire = models.DecimalField(**MONEY)
    other_per_hire = models.DecimalField(**MONEY)
    time_to_hire_days = models.PositiveIntegerField(null=True, blank=True)
    sales_cycle_days = models.PositiveIntegerField(null=True, blank=True)
    sales_cycle_day_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="What one day less of sales cycle is worth to the firm. Empty: Stage 3 reports days saved "
        "in days only, with no money attributed.",
    )
    point_value = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        help_text="What one assist point received is worth to the firm, for the ROI's value attributed.",
    )
    source_note = models.CharField(
        "where the figures come from", max_length=500, help_text="E.g. 'Finance, FY2025 recruiting spend / hires'."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sponsor__name", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="baseline_period_ordered"),
            models.CheckConstraint(
                condition=Q(travel_per_hire__gte=0)
                & Q(recruiter_fees_per_hire__gte=0)
                & Q(job_ads_per_hire__gte=0)
                & Q(other_per_hire__gte=0)
                & Q(point_value__gte=0)
                & (Q(sales_cycle_day_value__isnull=True) | Q(sales_cycle_day_value__gte=0)),
                name="baseline_costs_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor} baseline {self.valid_from:%Y-%m-%d} – {self.valid_to:%Y-%m-%d}"

    @property
    def cost_per_hire(self) -> Decimal:
        return self.travel_per_hire + self.recruiter_fees_per_hire + self.job_ads_per_hire + self.other_per_hire


class ProgramCost(models.Model):
    """Money spent running a pilot: tools, staff time, events, videos, policy work."""

    Category = CostCategory

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="costs")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    date = models.DateField(default=timezone.localdate)
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.CharField(max_length=200)
    hours = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    hour_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(**MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            # Covering: the ROI report's grouped query reads only these columns (an index-only scan).
            models.Index(
                fields=["date", "stage"], include=["pilot", "category", "amount"], name="cost_date_stage_cover_idx"
            ),
            models.Index(fields=["pilot", "date"], name="cost_pilot_date_idx"),
        ]
        constraints = [
            choices_check("stage", Stage, "cost_stage_valid"),
            choices_check("category", CostCategory, "cost_category_valid"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_amount_not_negative"),
            models.CheckConstraint(
                condition=(Q(hours__isnull=True) | Q(hours__gte=0)) & (Q(hour_rate__isnull=True) | Q(hour_rate__gte=0)),
                name="cost_hours_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.date:%Y-%m-%d})"


class Win(models.Model):
    """Something worth celebrating: a hire, a meaningful introduction or a big assist.

    Created by the ledger services when a row qualifies; deleted with the row it celebrates.
    """

    Kind = WinKind

    kind = models.CharField(max_length=20, choices=Kind.choices)
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="wins")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    date = models.DateField()
    headline = models.CharField(max_length=300)
    introduction = models.OneToOneField(
        Introduction, on_delete=models.CASCADE, null=True, blank=True, related_name="win"
    )
    assist = models.OneToOneField(Assist, on_delete=models.CASCADE, null=True, blank=True, related_name="win")
    hire = models.OneToOneField(Hire, on_delete=models.CASCADE, null=True, blank=True, related_name="win")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"], name="win_date_idx")]
        constraints = [
            choices_check("kind", WinKind, "win_kind_valid"),
            models.CheckConstraint(
                condition=(
                    Q(kind=WinKind.HIRE) & Q(hire__isnull=False) & Q(introduction__isnull=True) & Q(assist__isnull=True)
                )
                | (
                    Q(kind=WinKind.INTRODUCTION)
                    & Q(introduction__isnull=False)
                    & Q(hire__isnull=True)
                    & Q(assist__isnull=True)
                )
                | (
                    Q(kind=WinKind.ASSIST)
                    & Q(assist__isnull=False)
                    & Q(hire__isnull=True)
                    & Q(introduction__isnull=True)
                ),
                name="win_points_at_one_row",
            ),
        ]

    def __str__(self) -> str:
        return self.headline


class Celebration(models.Model):
    """A short post drafted to celebrate a win on a venue, within the pilot's sharing policy."""

    win = models.ForeignKey(Win, on_delete=models.CASCADE, related_name="celebrations")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="celebrations")
    text = models.TextField()
    policy_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The sharing policy version the draft was checked against."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Celebration of {self.win} on {self.venue}"
