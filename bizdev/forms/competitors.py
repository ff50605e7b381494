"""The form that lists a competitor of a prospect: choose or type both companies. Field names
equal bizdev.services.competitors' keywords; the rules stay in the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from people.models import Company


class CompetitorPairForm(forms.Form):
    prospect = forms.ModelChoiceField(
        queryset=Company.objects.none(), required=False, empty_label="Choose the prospect"
    )
    new_prospect = forms.CharField(label="…or a new prospect", max_length=200, required=False)
    competitor = forms.ModelChoiceField(
        queryset=Company.objects.none(), required=False, empty_label="Choose its competitor"
    )
    new_competitor = forms.CharField(label="…or a new competitor", max_length=200, required=False)
    note = forms.CharField(required=False, max_length=300, help_text="Optional: in what they compete.")

    def __init__(self, data: Any = None, *, companies: QuerySet[Company]) -> None:
        super().__init__(data)
        self.fields["prospect"].queryset = companies  # type: ignore[attr-defined]
        self.fields["competitor"].queryset = companies  # type: ignore[attr-defined]
