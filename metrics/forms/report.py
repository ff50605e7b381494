"""Filter forms of the ROI report pages (GET): the period, then stage, sponsor and pilot; and the
pick of two pilots to compare.

The period is read by metrics.report.parse_period so the page and the CSV/JSON endpoints refuse
a bad period with the same message (PeriodError), shown as a form error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from programs.models import Pilot, SponsorOrganization, Stage

from ..report import Period, PeriodError, parse_period

PERIOD_CHOICES = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year"), ("custom", "Custom range")]
PERIOD_KEYS = ("period", "start", "end")


class _PilotChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.sponsor.name}, stage {obj.stage})"


class PeriodForm(forms.Form):
    """period=month|quarter|year|custom, start (any day in the period) and end (custom only)."""

    period = forms.ChoiceField(choices=PERIOD_CHOICES, required=False, label="Period")
    start = forms.CharField(
        required=False,
        label="Start",
        help_text="Any day in the month, quarter or year.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.CharField(
        required=False,
        label="End (custom range)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.period_value: Period | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = {key: self.data.get(key, "") for key in PERIOD_KEYS}
        try:
            self.period_value = parse_period(raw, today=self.today)
        except PeriodError as e:
            raise forms.ValidationError(str(e), code="bad_period") from e
        return data


class ReportFilterForm(PeriodForm):
    stage = forms.TypedChoiceField(
        choices=[("", "All stages"), *Stage.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label="Stage",
    )
    sponsor = forms.ModelChoiceField(
        queryset=SponsorOrganization.objects.none(), required=False, empty_label="All sponsors", label="Sponsor"
    )
    pilot = _PilotChoice(queryset=Pilot.objects.none(), required=False, empty_label="All pilots", label="Pilot")

    def __init__(
        self,
        *args: Any,
        pilots: QuerySet[Pilot],
        sponsors: QuerySet[SponsorOrganization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = sponsors  # type: ignore[attr-defined]
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class CompareForm(PeriodForm):
    """Two pilots the user may see. (A pilot id the user may not see is a 404 before this form.)"""

    a = _PilotChoice(
        queryset=Pilot.objects.none(),
        label="First pilot",
        empty_label="Choose a pilot",
        error_messages={"required": "Choose the first pilot."},
    )
    b = _PilotChoice(
        queryset=Pilot.objects.none(),
        label="Second pilot",
        empty_label="Choose a pilot",
        error_messages={"required": "Choose a second pilot to compare with."},
    )

    field_order = ["a", "b", "period", "start", "end"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["b"].queryset = pilots  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        a, b = data.get("a"), data.get("b")
        if a is not None and b is not None and a.pk == b.pk:
            self.add_error("b", "Choose a different pilot to compare with.")
        return data
