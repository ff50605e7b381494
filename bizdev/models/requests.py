"""Help requests, both ways: ours to alumni ("we're looking at an opportunity with XYZ, can anyone
give us some general insight…?") and alumni's own asks, which the seed says matter more ("make
sure that their requests are met"). Before one of ours is sent, two rules apply (bizdev.rules):
the guardrail against asking for privileged information (GuardrailTerm; a hit needs an explicit
confirmation, both recorded in GuardrailCheck) and the conflict of interest (an alumnus involved
works for a competitor: a written disclosure, shown to everyone who sees the request)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from alumni.models import AlumniSegment, Alumnus
from core.db import choices_check
from programs.models import Pilot, Venue

from .opportunities import Opportunity
from .references import ReferenceConversation

USER = settings.AUTH_USER_MODEL


class RequestDirection(models.TextChoices):
    OURS = "ours", "We ask alumni"
    ALUMNI = "alumni", "An alumnus asks us"


class RequestKind(models.TextChoices):
    INSIGHT = "insight", "Insight"
    INTRODUCTION = "introduction", "Introduction"
    PARTNERSHIP = "partnership", "Partnership"
    GEOGRAPHY = "new_geography", "New geography"
    FEEDBACK = "product_feedback", "Product feedback"
    OTHER = "other", "Other"


class RequestAudience(models.TextChoices):
    """Who one of our requests goes to. Alumni's own asks have no audience (blank)."""

    SEGMENT = "segment", "An alumni segment"
    CHOSEN = "chosen", "Chosen alumni"
    GROUP = "group", "The pilot's private group"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class HelpRequest(models.Model):
    """A request for help. ``answered_at`` is when it was first marked answered (for alumni's asks:
    met); time to answer runs from ``created_at``. ``guardrail_hits`` and ``conflicts`` hold what
    the rules found when the request was last checked; ``disclosure`` is the written
    conflict-of-interest disclosure."""

    Direction = RequestDirection
    Kind = RequestKind
    Audience = RequestAudience
    Status = RequestStatus

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="help_requests")
    direction = models.CharField(max_length=10, choices=RequestDirection.choices)
    kind = models.CharField(max_length=20, choices=RequestKind.choices, default=RequestKind.INSIGHT)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=4000)
    # Ours: who it goes to.
    audience = models.CharField(max_length=10, choices=RequestAudience.choices, blank=True)
    segment = models.ForeignKey(
        AlumniSegment, on_delete=models.SET_NULL, null=True, blank=True, related_name="help_requests"
    )
    chosen_alumni = models.ManyToManyField(Alumnus, blank=True, related_name="help_requests_received")
    venue = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="The private group."
    )
    # Alumni's asks: who asks.
    # SET_NULL: erasing a person deletes their alumnus record; the request stays, its text erased.
    alumnus = models.ForeignKey(Alumnus, on_delete=models.SET_NULL, null=True, blank=True, related_name="help_requests")
    via_link = models.BooleanField(default=False, help_text="Entered by the alumnus through a signed link.")
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="help_requests"
    )
    references = models.ManyToManyField(ReferenceConversation, blank=True, related_name="help_requests")
    asked_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        help_text="Ours: the contributor who asks. Alumni's: the employee who entered it (none by link).",
    )
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    guardrail_hits = models.JSONField(default=list, blank=True)
    guardrail_confirmed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    guardrail_confirmed_at = models.DateTimeField(null=True, blank=True)
    conflicts = models.JSONField(default=list, blank=True)
    disclosure = models.TextField(blank=True, max_length=2000)
    disclosed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    disclosed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["pilot", "direction", "status"], name="helprequest_pilot_dir_idx"),
            models.Index(fields=["created_at"], name="helprequest_created_idx"),
        ]
        constraints = [
            choices_check("direction", RequestDirection, "helprequest_direction_valid"),
            choices_check("kind", RequestKind, "helprequest_kind_valid"),
            choices_check("status", RequestStatus, "helprequest_status_valid"),
            models.CheckConstraint(
                condition=Q(audience="") | Q(audience__in=RequestAudience.values), name="helprequest_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("created_at")),
                name="helprequest_answered_after_created",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class HelpResponse(models.Model):
    """An answer to a request: from an employee (``author``) or an alumnus (``alumnus``; logged by an
    employee, ``author`` then says who logged it, or through the signed link, with no author)."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    alumnus = models.ForeignKey(
        Alumnus, on_delete=models.SET_NULL, null=True, blank=True, related_name="help_responses"
    )
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Response to {self.request}"


class GuardrailTerm(models.Model):
    """A word or phrase that suggests a request for privileged information (prices, contracts,
    confidential figures, bids, NDAs…). HR leads keep the list; bizdev.rules matches it on word
    boundaries, ignoring case and accents."""

    term = models.CharField(max_length=100)
    note = models.CharField(max_length=300, blank=True, help_text="Why it is sensitive, shown with a hit.")
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["term"]
        constraints = [models.UniqueConstraint(Lower("term"), name="guardrail_term_unique")]

    def __str__(self) -> str:
        return self.term


class GuardrailCheck(models.Model):
    """One run of the guardrail over a request's text, and whether its sender confirmed the hits."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="guardrail_checks")
    hits = models.JSONField(default=list, blank=True)
    confirmed = models.BooleanField(default=False)
    checked_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"Guardrail check of {self.request_id}"
