from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from core.db import choices_check
from programs.models import Venue

from .search import folded_words


class CompanyRelationship(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    PROSPECT = "prospect", "Prospect"
    PARTNER = "partner", "Partner"
    SUPPLIER = "supplier", "Supplier"
    COMPETITOR = "competitor", "Competitor"
    OTHER = "other", "Other"


class Company(models.Model):
    Relationship = CompanyRelationship

    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True, help_text="e.g. example.com")
    industry = models.CharField(max_length=120, blank=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices, default=Relationship.OTHER)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [
            models.UniqueConstraint(Lower("domain"), condition=~Q(domain=""), name="company_domain_unique"),
            choices_check("relationship", CompanyRelationship, "company_relationship_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet["Person"]):
    def not_erased(self) -> PersonQuerySet:
        return self.filter(erased_at__isnull=True)

    def search(self, text: str) -> PersonQuerySet:
        """People whose ``search_text`` holds every word of ``text``, folded (people.search: any
        case, any accent) and bounded. One condition per word on one column, no join: PostgreSQL
        answers each ``LIKE '%word%'`` from the trigram index on search_text."""
        qs = self
        for word in folded_words(text):
            qs = qs.filter(search_text__contains=word)
        return qs


class PersonSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    IMPORT = "import", "Imported file"
    LISTENING = "listening", "Found by a search"
    REFERRAL = "referral", "Referral"
    HRIS = "hris", "HR system"
    EVENT = "event", "Event"
    OTHER = "other", "Other"


class Person(models.Model):
    """Anyone the program talks to: a candidate, an alumnus, a prospect's contact, or all three."""

    Source = PersonSource

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    title = models.CharField("current title", max_length=200, blank=True)
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="people")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 two-letter code, e.g. DE")
    city = models.CharField(max_length=120, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="people")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_detail = models.CharField(max_length=255, blank=True, help_text="Which file, search or referrer.")
    consent_to_contact = models.BooleanField(default=False)
    consent_date = models.DateField(null=True, blank=True)
    # An explicit "do not contact": stronger than no consent. Nobody introduces them, names them in
    # a digest or emails them unless someone writes an override, which is recorded (people.consent).
    do_not_contact = models.BooleanField(default=False)
    do_not_contact_since = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    # Set by people.services.person_erase: the row stays (the ledger's counts and money refer to it)
    # with everything that identified the person cleared. Who erased them is in the audit log.
    erased_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # What a search by typing compares with (people.search.fold of the names, emails, company,
    # title, city and handles; only the names in search_name, to rank name matches first).
    # Derived data: people.services.search_index rewrites both on every write of those fields.
    # db_default, so rows written outside Django (a COPY) get "" rather than a NULL.
    search_text = models.TextField(default="", db_default="", blank=True, editable=False)
    search_name = models.TextField(default="", db_default="", blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_to_contact=False) | Q(consent_date__isnull=False),
                name="person_consent_has_date",
            ),
            choices_check("source", PersonSource, "person_source_valid"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonEmail(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField()
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="person_email_unique")]

    def __str__(self) -> str:
        return self.email


class SocialHandle(models.Model):
    """A person's handle or profile on one kind of venue; the profile URL identifies them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="handles")
    venue_kind = models.CharField(max_length=20, choices=Venue.Kind.choices)
    handle = models.CharField(max_length=200, blank=True)
    profile_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["venue_kind", "handle"]
        constraints = [
            models.UniqueConstraint(
                Lower("profile_url"), condition=~Q(profile_url=""), name="handle_profile_url_unique"
            ),
            models.UniqueConstraint(
                "venue_kind", Lower("handle"), condition=~Q(handle=""), name="handle_unique_per_venue_kind"
            ),
            models.CheckConstraint(condition=~Q(handle="") | ~Q(profile_url=""), name="handle_or_url_present"),
            choices_check("venue_kind", Venue.Kind, "handle_venue_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_venue_kind_display()}: {self.handle or self.profile_url}"


class ConsentEventKind(models.TextChoices):
    GIVEN = "given", "Consent given"
    WITHDRAWN = "withdrawn", "Consent withdrawn"
    DO_NOT_CONTACT_SET = "dnc_set", "Marked do not contact"
    DO_NOT_CONTACT_CLEARED = "dnc_cleared", "Do not contact cleared"


class ConsentEvent(models.Model):
    """One change to whether a person may be contacted: consent given or withdrawn, do-not-contact
    set or cleared. Written by people.services (never edited); the person page and the data
    export show the history. An erasure keeps the rows (what was decided, and when) and clears
    their free text."""

    Kind = ConsentEventKind

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consent_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    effective_date = models.DateField(help_text="The day the consent or the request took effect.")
    source = models.CharField(max_length=200, blank=True, help_text="How it reached us, e.g. “reply to our email”.")
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["person", "-recorded_at"], name="consent_event_person_idx")]
        constraints = [choices_check("kind", ConsentEventKind, "consent_event_kind_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.effective_date:%Y-%m-%d})"
