from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.db import choices_check


class Stage(models.IntegerChoices):
    RECRUITING = 1, "Stage 1 · Recruiting"
    ALUMNI = 2, "Stage 2 · Alumni"
    BIZDEV = 3, "Stage 3 · Business development"


class SponsorOrganization(models.Model):
    """The department or group a pilot serves (the seed's "sponsor organization")."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_sponsors",
        help_text="Managers who read this organization's reports and wins.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PilotQuerySet(models.QuerySet["Pilot"]):
    def active(self) -> PilotQuerySet:
        return self.filter(status=Pilot.Status.ACTIVE)

    def open(self) -> PilotQuerySet:
        return self.exclude(status__in=[Pilot.Status.SCALED, Pilot.Status.CLOSED])


class PilotStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    ACTIVE = "active", "Active"
    REVIEW = "review", "In review"
    SCALED = "scaled", "Scaled"
    CLOSED = "closed", "Closed"


class Pilot(models.Model):
    Status = PilotStatus

    # Which status may follow which; programs.services.pilot_transition enforces it.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.PLANNING: (Status.ACTIVE, Status.CLOSED),
        Status.ACTIVE: (Status.REVIEW, Status.CLOSED),
        Status.REVIEW: (Status.ACTIVE, Status.SCALED, Status.CLOSED),
        Status.SCALED: (),
        Status.CLOSED: (Status.PLANNING,),
    }

    name = models.CharField(max_length=150)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    sponsor = models.ForeignKey(SponsorOrganization, on_delete=models.PROTECT, related_name="pilots")
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNING)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    scaled_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="scaled_to")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="pilots", blank=True)

    objects = PilotQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "name"]
        constraints = [
            choices_check("stage", Stage, "pilot_stage_valid"),
            choices_check("status", PilotStatus, "pilot_status_valid"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="pilot_dates_ordered",
            ),
            models.UniqueConstraint(fields=["sponsor", "name"], name="pilot_name_unique_per_sponsor"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    def allowed_transitions(self) -> tuple[str, ...]:
        return self.TRANSITIONS.get(self.status, ())


class MembershipRole(models.TextChoices):
    CHAMPION = "champion", "Champion"
    CONTRIBUTOR = "contributor", "Contributor"


class Membership(models.Model):
    """A user working in a pilot: a contributor, or a champion who leads it."""

    Role = MembershipRole

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "user__full_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "user"], name="membership_unique"),
            choices_check("role", MembershipRole, "membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.pilot} ({self.get_role_display()})"


class PilotGoal(models.Model):
    """A goal with a target number ("10 hires from social conversations by June").

    ``measure`` names the figure that tracks it (a key of programs.measures: a ledger figure such
    as "ledger.hires", or a stage figure such as "recruiting.leads"), so its progress is computed
    (programs.progress); blank: a free-text goal, "not measured". The key is checked against the
    offered measures when it is set; one that disappears later reads "measure no longer available".
    """

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="goals")
    name = models.CharField(max_length=200)
    measure = models.CharField(max_length=80, blank=True, default="")
    target = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. hires, introductions, EUR")
    due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=0), name="goal_target_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.target} {self.unit}".strip()


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class SharingPolicy(models.Model):
    """One version of a pilot's "what may and may not be shared" text.

    Versions are numbered per pilot. A draft can be edited; approving it makes it the current
    policy and every contributor must acknowledge it again.
    """

    Status = PolicyStatus

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="policies")
    version = models.PositiveIntegerField()
    may_share = models.TextField(help_text="What contributors may share.")
    may_not_share = models.TextField(help_text="What contributors must never share.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pilot", "-version"]
        verbose_name_plural = "sharing policies"
        constraints = [
            models.UniqueConstraint(fields=["pilot", "version"], name="policy_version_unique"),
            models.UniqueConstraint(
                fields=["pilot"], condition=Q(status=PolicyStatus.APPROVED), name="policy_one_approved_per_pilot"
            ),
            choices_check("status", PolicyStatus, "policy_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.pilot} policy v{self.version}"


class PolicyAcknowledgement(models.Model):
    policy = models.ForeignKey(SharingPolicy, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acknowledgements")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [models.UniqueConstraint(fields=["policy", "user"], name="acknowledgement_unique")]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.policy}"


class PlaybookStepKind(models.TextChoices):
    STEP = "step", "How-to step"
    GOAL = "goal", "Recommended goal"


class PlaybookStep(models.Model):
    """One of the seed article's "how to do it" steps for a stage. Loaded as data."""

    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    key = models.SlugField(max_length=80, help_text="Stable identifier used by the data loader.")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    guidance = models.TextField()

    Kind = PlaybookStepKind

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STEP)

    class Meta:
        ordering = ["stage", "kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "key"], name="playbook_step_key_unique"),
            choices_check("stage", Stage, "playbook_step_stage_valid"),
            choices_check("kind", PlaybookStepKind, "playbook_step_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"Stage {self.stage}.{self.order} {self.title}"


class PilotStep(models.Model):
    """A playbook step on one pilot's checklist."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(PlaybookStep, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_steps"
    )
    due_date = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pilot", "step__kind", "step__order"]
        constraints = [models.UniqueConstraint(fields=["pilot", "step"], name="pilot_step_unique")]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.step.title}"

    @property
    def done(self) -> bool:
        return self.done_at is not None


class VenueKind(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X (Twitter)"
    FACEBOOK = "facebook", "Facebook"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    REDDIT = "reddit", "Reddit"
    BLOG = "blog", "Blog"
    XING = "xing", "Xing"
    VIADEO = "viadeo", "Viadeo"
    YOUTUBE = "youtube", "YouTube"
    HACKER_NEWS = "hackernews", "Hacker News"
    OTHER = "other", "Other"


class VenueVisibility(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVATE = "private", "Private (group, password-protected)"


class Venue(models.Model):
    """A social venue where conversations happen (LinkedIn, a Mastodon instance, a blog…)."""

    Kind = VenueKind

    Visibility = VenueVisibility

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    url = models.URLField(blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_check("kind", VenueKind, "venue_kind_valid"),
            choices_check("visibility", VenueVisibility, "venue_visibility_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class PilotInvitationQuerySet(models.QuerySet["PilotInvitation"]):
    def pending(self, *, now: dt.datetime | None = None) -> PilotInvitationQuerySet:
        """Pending members: their invitation can still be accepted (neither accepted, withdrawn
        nor expired). Withdrawn and expired invitations leave no pending member."""
        now = now or timezone.now()
        return self.filter(
            invitation__accepted_at__isnull=True,
            invitation__revoked_at__isnull=True,
            invitation__expires_at__gt=now,
        )


class PilotInvitation(models.Model):
    """A pending member: someone invited by email (accounts.Invitation) who joins ``pilot`` with
    ``role`` when they accept. programs.services.invitations writes it; the acceptance step that
    programs registers with accounts.registry turns it into a Membership."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="invitations")
    invitation = models.ForeignKey("accounts.Invitation", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.CONTRIBUTOR)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PilotInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "invitation"], name="pilot_invitation_unique"),
            choices_check("role", MembershipRole, "pilot_invitation_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.invitation.email} invited to {self.pilot} ({self.get_role_display()})"
