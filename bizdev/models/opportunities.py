"""Opportunities: the deals Stage 3 helps win. A deal's cycle runs from ``opened_on`` to
``closed_on`` (won or lost); open deals have no cycle yet and stay out of cycle-time figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.db import choices_check
from people.models import Company
from programs.models import Pilot

USER = settings.AUTH_USER_MODEL


class OpportunityStage(models.TextChoices):
    PROSPECTING = "prospecting", "Prospecting"
    QUALIFIED = "qualified", "Qualified"
    PROPOSAL = "proposal", "Proposal"
    NEGOTIATION = "negotiation", "Negotiation"
    WON = "won", "Won"
    LOST = "lost", "Lost"


OPEN_STAGES = (
    OpportunityStage.PROSPECTING,
    OpportunityStage.QUALIFIED,
    OpportunityStage.PROPOSAL,
    OpportunityStage.NEGOTIATION,
)
CLOSED_STAGES = (OpportunityStage.WON, OpportunityStage.LOST)


class Opportunity(models.Model):
    """A deal with a prospect company, owned by a pilot contributor. ``value`` is in the program's
    currency (settings.PROGRAM_CURRENCY). ``closed_on`` is set exactly when the stage is won or
    lost (the database holds that rule too)."""

    Stage = OpportunityStage

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="opportunities")
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="opportunities", help_text="The prospect."
    )
    name = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    stage = models.CharField(max_length=20, choices=OpportunityStage.choices, default=OpportunityStage.PROSPECTING)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="opportunities")
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name_plural = "opportunities"
        indexes = [
            models.Index(fields=["pilot", "stage"], name="opportunity_pilot_stage_idx"),
            models.Index(fields=["closed_on"], name="opportunity_closed_idx"),
        ]
        constraints = [
            choices_check("stage", OpportunityStage, "opportunity_stage_valid"),
            models.CheckConstraint(condition=Q(value__gte=0), name="opportunity_value_not_negative"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="opportunity_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=(Q(stage__in=CLOSED_STAGES) & Q(closed_on__isnull=False))
                | (~Q(stage__in=CLOSED_STAGES) & Q(closed_on__isnull=True)),
                name="opportunity_closed_iff_won_or_lost",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def cycle_days(self) -> int | None:
        """Days from opened to closed; None while the deal is open."""
        if self.closed_on is None:
            return None
        return (self.closed_on - self.opened_on).days


class ProspectCompetitor(models.Model):
    """``competitor`` competes with ``prospect``: an alumnus working there is a conflict of interest
    in a request about the prospect. (A company whose relationship is "competitor" competes with
    the firm itself; people.Company holds that.) HR leads keep this list."""

    prospect = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="listed_competitors")
    competitor = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["prospect__name", "competitor__name"]
        constraints = [
            models.UniqueConstraint(fields=["prospect", "competitor"], name="prospect_competitor_unique"),
            models.CheckConstraint(condition=~Q(prospect=F("competitor")), name="prospect_competitor_distinct"),
        ]

    def __str__(self) -> str:
        return f"{self.competitor} competes with {self.prospect}"
