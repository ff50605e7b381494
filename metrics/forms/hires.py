"""Forms of the hire pages: the filters above the list, the person search, and the hire form
(record and correct), which asks the user to confirm a hire's warnings before it is saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from people.models import Person
from programs.models import Pilot, SponsorOrganization

from ..models import HireSource
from ..services import CONFIRM_FIELD, HIRE_COSTS, MSG_HIRE_SPONSOR, MSG_PILOT
from .fields import STAGE_FILTER_CHOICES, ZERO, DateInput, DateRangeMixin, money_field

# The person picker shows at most this many matches; narrow the search to find someone else.
PERSON_MATCHES = 10


class HireFilterForm(DateRangeMixin):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")
    stage = forms.TypedChoiceField(choices=STAGE_FILTER_CHOICES, coerce=int, empty_value=None, required=False)
    sponsor = forms.ModelChoiceField(
        queryset=SponsorOrganization.objects.none(), required=False, empty_label="Any sponsor"
    )
    source = forms.ChoiceField(choices=[("", "Any source"), *HireSource.choices], required=False)
    no_costs = forms.BooleanField(required=False, label="Only hires with no costs recorded")

    field_order = ["pilot", "stage", "sponsor", "source", "date_from", "date_to", "no_costs"]

    def __init__(
        self, *args: Any, pilots: QuerySet[Pilot], sponsors: QuerySet[SponsorOrganization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["sponsor"].queryset = sponsors  # type: ignore[attr-defined]


class PersonPickField(forms.ModelChoiceField):
    """Validates against every person, but renders only the short list of matches it is given:
    the directory may hold 100,000 people, which no <select> should list."""

    widget = forms.RadioSelect

    def set_matches(self, people: list[Person]) -> None:
        self.widget.choices = [(p.pk, _person_label(p)) for p in people]


def _person_label(person: Person) -> str:
    extra = ", ".join(x for x in (person.title, person.company.name if person.company is not None else "") if x)
    return f"{person.full_name} ({extra})" if extra else person.full_name


class HireForm(forms.Form):
    person = PersonPickField(
        queryset=Person.objects.all(),
        label="Person hired",
        help_text="Search above, then choose the person here.",
        error_messages={"required": "Choose the person who was hired (search for them above)."},
    )
    opening_title = forms.CharField(label="Opening", max_length=200, help_text="The job title of the opening filled.")
    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        empty_label="Choose a pilot…",
        error_messages={"invalid_choice": MSG_PILOT, "required": MSG_PILOT},
    )
    sponsor = forms.ModelChoiceField(
        queryset=SponsorOrganization.objects.none(),
        required=False,
        empty_label="The pilot's sponsor",
        label="Sponsor",
        help_text="Leave as is to count the hire for the pilot's sponsor.",
        # The same words for a sponsor that does not exist and one the user may not see.
        error_messages={"invalid_choice": MSG_HIRE_SPONSOR},
    )
    source = forms.ChoiceField(
        label="Source channel", choices=HireSource.choices, help_text="Where the hire came from."
    )
    first_contact_date = forms.DateField(label="First contact", widget=DateInput())
    date = forms.DateField(label="Hired on", widget=DateInput(), help_text="The day the offer was accepted.")
    cost_travel = money_field("Travel", help_text="Interview travel paid for this hire.")
    cost_recruiter_fee = money_field("Recruiter fee", help_text="Agency or headhunter fee, if one was involved.")
    cost_job_ads = money_field("Job ads", help_text="Paid ads bought for this opening.")
    cost_video_tooling = money_field("Video and tooling", help_text="Video interview or other tools paid for it.")
    staff_hours = money_field("Staff hours", max_digits=8, help_text="Hours colleagues spent on it, in total.")
    staff_hour_rate = money_field("Hourly rate", max_digits=8, help_text="What one staff hour costs the firm.")
    note = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # Shown with the warnings when the service asks for a confirmation (metrics.services.hire_warnings).
    confirm_warnings = forms.BooleanField(label="I checked the warnings: save the hire as it is", required=False)

    COSTS = HIRE_COSTS
    DETAILS = ("person", "opening_title", "pilot", "sponsor", "source", "first_contact_date", "date", "note")

    def __init__(
        self,
        *args: Any,
        pilots: QuerySet[Pilot],
        sponsors: QuerySet[SponsorOrganization],
        matches: list[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["sponsor"].queryset = sponsors  # type: ignore[attr-defined]
        person_field = self.fields["person"]
        assert isinstance(person_field, PersonPickField)
        person_field.set_matches(matches)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for name in self.COSTS:
            if name in data and data[name] is None:
                data[name] = ZERO
        first, hired = data.get("first_contact_date"), data.get("date")
        if first and hired and hired < first:
            self.add_error(
                "date", f"The hire date ({hired:%Y-%m-%d}) cannot be before the first contact ({first:%Y-%m-%d})."
            )
        return data

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments: the sponsor defaults to the pilot's, and the hire is
        saved only once the user has confirmed its warnings."""
        data = dict(self.cleaned_data)
        if data.get("sponsor") is None:
            data["sponsor"] = data["pilot"].sponsor
        data["warnings_confirmed"] = bool(data.pop(CONFIRM_FIELD, False))
        return data

    @property
    def asks_confirmation(self) -> bool:
        """Show the warnings and the confirmation box (after the service asked for them)."""
        return bool(self.is_bound and self.errors.get(CONFIRM_FIELD))

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DETAILS]

    def cost_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.COSTS]


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Find the person", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
