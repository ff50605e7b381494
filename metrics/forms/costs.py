"""Forms of the program costs, legacy baselines and assist value scale pages.

They parse and check input (money is a Decimal of at least 0 here and again in metrics.services);
the services do the writes. Field names equal the services' keyword names so a service's refusal
lands on the right field (core.web.add_domain_error).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from programs.models import Pilot, SponsorOrganization

from ..models import CostCategory
from ..services import MSG_BASELINE_PERIOD, MSG_COST_AMOUNT, MSG_NEGATIVE_DAYS
from .fields import MSG_NEGATIVE, STAGE_FILTER_CHOICES, ZERO, DateInput, DateRangeMixin, money_field

# --- program costs ----------------------------------------------------------------------------


class CostFilterForm(DateRangeMixin):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")
    stage = forms.TypedChoiceField(choices=STAGE_FILTER_CHOICES, coerce=int, empty_value=None, required=False)
    category = forms.ChoiceField(choices=[("", "Any category"), *CostCategory.choices], required=False)

    field_order = ["pilot", "stage", "category", "date_from", "date_to"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


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
    sales_cycle_day_value = forms.DecimalField(
        label="Value of one sales-cycle day",
        max_digits=12,
        decimal_places=2,
        min_value=ZERO,
        required=False,
        error_messages={"min_value": MSG_NEGATIVE},
        help_text="What one day less of sales cycle is worth to the firm. Leave empty when not known: Stage 3 "
        "then shows the days saved in days only, with no money attributed.",
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )
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
            self.add_error("valid_to", MSG_BASELINE_PERIOD)
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
