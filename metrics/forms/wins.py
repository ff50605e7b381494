"""Forms of the wins feed: its filters (GET) and choosing a venue to celebrate a win on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from programs.forms import DateInput
from programs.models import Pilot, Stage, Venue

from ..models import WinKind


class WinFilterForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")
    stage = forms.TypedChoiceField(
        choices=[("", "Any stage"), *Stage.choices], coerce=int, empty_value=None, required=False
    )
    kind = forms.ChoiceField(choices=[("", "Any kind"), *WinKind.choices], required=False)
    start = forms.DateField(label="From", required=False, widget=DateInput())
    end = forms.DateField(label="To", required=False, widget=DateInput())

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period cannot be before its start.")
        return data


class CelebrateForm(forms.Form):
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.all(),
        empty_label="Choose a venue",
        help_text="Public venues get no names of people outside the firm; private ones may use the first "
        "names of people who agreed to be contacted.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].label_from_instance = (  # type: ignore[attr-defined]
            lambda v: f"{v.name} ({v.get_visibility_display().lower()})"
        )
