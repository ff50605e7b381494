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
    """period=month|quarter|year|custom, start (any day in the period; the page shows the period's
    first day, metrics.views.report.scope.with_period_defaults) and end (custom only)."""

    period = forms.ChoiceField(choices=PERIOD_CHOICES, required=False, label="Period")
    start = forms.CharField(
        required=False,
        label="Start",
        help_text="The period's first day; any day in a month, quarter or year picks that period.",
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


AGAINST_PILOT, AGAINST_PREVIOUS, AGAINST_AVERAGE = "pilot", "previous", "average"
AGAINST_CHOICES = [
    (AGAINST_PILOT, "Another pilot"),
    (AGAINST_PREVIOUS, "The previous period"),
    (AGAINST_AVERAGE, "The average of the pilots you can see"),
]


class CompareForm(PeriodForm):
    """A pilot the user may see, compared with another one (``b``), with its own previous period,
    or with the average of the pilots the user may see in its stage. A user who sees one pilot is
    not offered a second one (``single``): there is none. (A pilot id the user may not see is a 404
    before this form.)"""

    a = _PilotChoice(
        queryset=Pilot.objects.none(),
        label="First pilot",
        empty_label="Choose a pilot",
        error_messages={"required": "Choose the first pilot."},
    )
    against = forms.ChoiceField(choices=AGAINST_CHOICES, required=False, label="Compare with")
    b = _PilotChoice(
        queryset=Pilot.objects.none(),
        required=False,
        label="Second pilot",
        empty_label="Choose a pilot",
        help_text="Only when comparing with another pilot.",
    )

    field_order = ["a", "against", "b", "period", "start", "end"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.single = len(pilots) == 1
        self.fields["a"].queryset = pilots  # type: ignore[attr-defined]
        if self.single:
            self.fields["a"].label = "Pilot"
            self.fields["against"].choices = AGAINST_CHOICES[1:]  # type: ignore[attr-defined]
            del self.fields["b"]
        else:
            self.fields["b"].queryset = pilots  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["against"] = data.get("against") or (AGAINST_PREVIOUS if self.single else AGAINST_PILOT)
        if data["against"] != AGAINST_PILOT:
            data["b"] = None
            return data
        a, b = data.get("a"), data.get("b")
        if b is None and "b" not in self.errors:
            self.add_error("b", "Choose a second pilot to compare with.")
        elif a is not None and b is not None and a.pk == b.pk:
            self.add_error("b", "Choose a different pilot to compare with.")
        return data
