"""Forms of the segment pages: the pilot filter of the list, and the segment form, one field per
filter of the definition (alumni.segments), named as the filter so a service's message lands on
its field. The rules live in the service; this parses and bounds the input."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from people.models import CompanyRelationship
from programs.models import Pilot

from ..models import AlumniSegment, ExitType, Goodwill
from ..segments import FILTERS, MAX_VALUES

MSG_PILOT = "Choose one of the pilots in the list."
REHIRE_CHOICES = [("", "Either (or not decided)"), ("yes", "Eligible for rehire"), ("no", "Not eligible for rehire")]
SPLIT = re.compile(r"[,;\n]+")


def _split(text: str) -> list[str]:
    return [part.strip() for part in SPLIT.split(text or "") if part.strip()]


def _checkboxes(key: str, choices: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label=FILTERS[key]
    )


class SegmentFilterForm(forms.Form):
    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        required=False,
        empty_label="Any pilot",
        error_messages={"invalid_choice": MSG_PILOT},
    )

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class SegmentForm(forms.Form):
    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        empty_label="Choose a pilot…",
        error_messages={"invalid_choice": MSG_PILOT, "required": "Choose the pilot."},
    )
    name = forms.CharField(max_length=150, help_text="Who they are, e.g. “Engineering leavers at customers”.")
    rank = forms.IntegerField(
        min_value=1,
        max_value=999,
        required=False,
        help_text="1 matters most to the sponsor's goals. Blank: after the others. The others move to make room.",
    )
    description = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why they matter to the sponsor.",
    )
    former_departments = forms.CharField(
        required=False,
        max_length=4000,
        label=FILTERS["former_departments"],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Names separated by commas or lines; case is ignored. Blank: any department.",
    )
    exit_types = _checkboxes("exit_types", ExitType.choices)
    countries = forms.CharField(
        required=False,
        max_length=1000,
        label=FILTERS["countries"],
        help_text="Two-letter ISO codes of where they live now, separated by commas, e.g. DE, FR. Blank: anywhere.",
    )
    company_relationships = _checkboxes("company_relationships", CompanyRelationship.choices)
    rehire_eligible = forms.ChoiceField(choices=REHIRE_CHOICES, required=False, label=FILTERS["rehire_eligible"])
    left_after = forms.DateField(
        required=False, label=FILTERS["left_after"], widget=forms.DateInput(attrs={"type": "date"})
    )
    left_before = forms.DateField(
        required=False, label=FILTERS["left_before"], widget=forms.DateInput(attrs={"type": "date"})
    )
    goodwill_levels = _checkboxes("goodwill_levels", Goodwill.choices)

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], fixed_pilot: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        if fixed_pilot:
            del self.fields["pilot"]

    @staticmethod
    def initial_for(segment: AlumniSegment) -> dict[str, Any]:
        """The form's initial values from a saved segment."""
        d = segment.definition if isinstance(segment.definition, dict) else {}
        rehire = d.get("rehire_eligible")
        return {
            "name": segment.name,
            "rank": segment.rank,
            "description": segment.description,
            "former_departments": ", ".join(d.get("former_departments", [])),
            "exit_types": d.get("exit_types", []),
            "countries": ", ".join(d.get("countries", [])),
            "company_relationships": d.get("company_relationships", []),
            "rehire_eligible": "" if rehire is None else ("yes" if rehire else "no"),
            "left_after": d.get("left_after"),
            "left_before": d.get("left_before"),
            "goodwill_levels": d.get("goodwill_levels", []),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in ("former_departments", "countries"):
            if len(_split(data.get(key, ""))) > MAX_VALUES:
                self.add_error(key, f"At most {MAX_VALUES} values.")
        return data

    def definition(self) -> dict[str, Any]:
        """The definition the cleaned input describes (the service validates it)."""
        data = self.cleaned_data
        rehire = data.get("rehire_eligible")
        raw: dict[str, Any] = {
            "former_departments": _split(data.get("former_departments", "")),
            "exit_types": list(data.get("exit_types") or []),
            "countries": _split(data.get("countries", "")),
            "company_relationships": list(data.get("company_relationships") or []),
            "rehire_eligible": None if not rehire else rehire == "yes",
            "left_after": data["left_after"].isoformat() if data.get("left_after") else None,
            "left_before": data["left_before"].isoformat() if data.get("left_before") else None,
            "goodwill_levels": list(data.get("goodwill_levels") or []),
        }
        return {key: value for key, value in raw.items() if value not in (None, [])}

    def service_values(self) -> dict[str, Any]:
        """What the services take: name, description, rank and the definition (and the pilot when asked)."""
        data = self.cleaned_data
        values = {
            "name": data["name"],
            "description": data.get("description") or "",
            "rank": data.get("rank"),
            "definition": self.definition(),
        }
        if "pilot" in self.fields:
            values["pilot"] = data["pilot"]
        return values
