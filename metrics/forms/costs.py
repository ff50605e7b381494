"""Forms of the hires, program costs, legacy baselines and assist value scale pages.

They parse and check input (money is a Decimal of at least 0 here and again in metrics.services);
the services do the writes. Field names equal the services' keyword names so a service's refusal
lands on the right field (accounts.web.add_domain_error).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from people.models import Person
from programs.models import Pilot, SponsorOrganization, Stage

from ..models import CostCategory, HireSource
from ..services import MSG_NEGATIVE, MSG_NEGATIVE_DAYS

ZERO = Decimal("0")
# The person picker shows at most this many matches; narrow the search to find someone else.
PERSON_MATCHES = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def money_field(label: str, *, help_text: str = "", required: bool = False, max_digits: int = 12) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=max_digits,
        decimal_places=2,
        min_value=ZERO,
        error_messages={"min_value": MSG_NEGATIVE},
        required=required,
        initial=ZERO if not required else None,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )


class DateRangeMixin(forms.Form):
    date_from = forms.DateField(label="From", required=False, widget=DateInput())
    date_to = forms.DateField(label="To", required=False, widget=DateInput())

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end of the range cannot be before its start.")
        return data


STAGE_FILTER_CHOICES = [("", "Any stage"), *Stage.choices]


# --- hires ------------------------------------------------------------------------------------


class HireFilterForm(DateRangeMixin):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")
    stage = forms.TypedChoiceField(choices=STAGE_FILTER_CHOICES, coerce=int, empty_value=None, required=False)
    sponsor = forms.ModelChoiceField(
        queryset=SponsorOrganization.objects.none(), required=False, empty_label="Any sponsor"
    )
    source = forms.ChoiceField(choices=[("", "Any source"), *HireSource.choices], required=False)

    field_order = ["pilot", "stage", "sponsor", "source", "date_from", "date_to"]

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
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), empty_label="Choose a pilot…")
    sponsor = forms.ModelChoiceField(
        queryset=SponsorOrganization.objects.order_by("name"),
        required=False,
        empty_label="The pilot's sponsor",
        label="Sponsor organization",
        help_text="Leave as is to count the hire for the pilot's sponsor.",
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

    COSTS = (
        "cost_travel",
        "cost_recruiter_fee",
        "cost_job_ads",
        "cost_video_tooling",
        "staff_hours",
        "staff_hour_rate",
    )
    DETAILS = ("person", "opening_title", "pilot", "sponsor", "source", "first_contact_date", "date", "note")

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], matches: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
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

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DETAILS]

    def cost_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.COSTS]


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Find the person", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )


# --- program costs ----------------------------------------------------------------------------


class CostFilterForm(DateRangeMixin):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")
    stage = forms.TypedChoiceField(choices=STAGE_FILTER_CHOICES, coerce=int, empty_value=None, required=False)
    category = forms.ChoiceField(choices=[("", "Any category"), *CostCategory.choices], required=False)

    field_order = ["pilot", "stage", "category", "date_from", "date_to"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


MSG_COST_AMOUNT = "Give an amount, or hours and an hourly rate."
MSG_COST_HOURS_PAIR = "Give both the hours and the hourly rate, or leave both empty and give an amount."


class ProgramCostForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), empty_label="Choose a pilot…")
    category = forms.ChoiceField(choices=CostCategory.choices)
    description = forms.CharField(max_length=200, help_text="E.g. 'Video editing licence, March'.")
    date = forms.DateField(widget=DateInput())
    amount = money_field("Amount", help_text="The money spent. Leave empty when you give hours and a rate.")
    hours = money_field("Hours", max_digits=8, help_text="For staff time: the hours spent…")
    hour_rate = money_field(
        "Hourly rate", max_digits=8, help_text="…and what one hour costs. Hours × rate sets the amount."
    )

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        for name in ("amount", "hours", "hour_rate"):
            self.fields[name].initial = None

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        hours, rate, amount = data.get("hours"), data.get("hour_rate"), data.get("amount")
        if (hours is None) != (rate is None):
            self.add_error("hour_rate" if rate is None else "hours", MSG_COST_HOURS_PAIR)
        elif hours is None and amount is None:
            self.add_error("amount", MSG_COST_AMOUNT)
        elif hours is not None:
            data["amount"] = None  # hours x rate sets it
        return data


# --- legacy baselines -------------------------------------------------------------------------


class BaselineFilterForm(forms.Form):
    sponsor = forms.ModelChoiceField(
        queryset=SponsorOrganization.objects.none(), required=False, empty_label="Any sponsor"
    )

    def __init__(self, *args: Any, sponsors: QuerySet[SponsorOrganization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = sponsors  # type: ignore[attr-defined]


def _days_field(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10_000,
        required=False,
        help_text=help_text,
        error_messages={"min_value": MSG_NEGATIVE_DAYS},
    )


class BaselineForm(forms.Form):
    sponsor = forms.ModelChoiceField(
        queryset=SponsorOrganization.objects.order_by("name"), empty_label="Choose a sponsor…"
    )
    valid_from = forms.DateField(label="Valid from", widget=DateInput())
    valid_to = forms.DateField(label="Valid to", widget=DateInput())
    travel_per_hire = money_field("Travel per hire")
    recruiter_fees_per_hire = money_field("Recruiter fees per hire")
    job_ads_per_hire = money_field("Job ads per hire")
    other_per_hire = money_field("Other costs per hire")
    time_to_hire_days = _days_field("Legacy time to hire (days)", "From first contact to hire, the old way.")
    sales_cycle_days = _days_field("Legacy sales cycle (days)", "From first contact to signed deal, the old way.")
    point_value = money_field(
        "Value of one assist point",
        max_digits=10,
        help_text="What one assist point received is worth to the firm (the ROI's value attributed).",
    )
    source_note = forms.CharField(
        label="Where the figures come from",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E.g. 'Finance, FY2025 recruiting spend / hires', so a manager can check them.",
        error_messages={"required": "Say where the baseline's figures come from, so a manager can check them."},
    )

    MONEY = ("travel_per_hire", "recruiter_fees_per_hire", "job_ads_per_hire", "other_per_hire", "point_value")

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for name in self.MONEY:
            if name in data and data[name] is None:
                data[name] = ZERO
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "The period's end cannot be before its start.")
        return data


# --- the assist value scale -------------------------------------------------------------------


class AssistTypeForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="E.g. 'Introduction to a decision maker'.")
    points = forms.IntegerField(
        min_value=1, max_value=1_000_000, help_text="Whole points; a bigger help is worth more points."
    )
    is_active = forms.BooleanField(
        label="In use",
        required=False,
        initial=True,
        help_text="Clear to retire the type: nobody can log new assists of it; past ones stay as they are.",
    )
