"""Forms of the introductions pages: the list's filters and the alumnus's answer through the link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from programs.models import Pilot

from ..models import AlumniSegment
from ..selectors.introductions import STATUS_CHOICES
from ..services.introductions import MSG_OUTCOME_LONG, OUTCOME_MAX


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IntroductionFilterForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any")
    contributor = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Anyone")
    segment = forms.ModelChoiceField(queryset=AlumniSegment.objects.none(), required=False, empty_label="Any")
    status = forms.ChoiceField(label="Meaningful", choices=[("", "Any"), *STATUS_CHOICES], required=False)
    date_from = forms.DateField(label="From", required=False, widget=_date_widget())
    date_to = forms.DateField(label="To", required=False, widget=_date_widget())

    def __init__(
        self,
        data: Any = None,
        *,
        pilots: QuerySet[Pilot],
        contributors: QuerySet[User],
        segments: QuerySet[AlumniSegment],
    ) -> None:
        super().__init__(data)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["contributor"].queryset = contributors  # type: ignore[attr-defined]
        self.fields["segment"].queryset = segments  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end of the period is before its start.")
        return cleaned


class AnswerForm(forms.Form):
    """The alumnus's answer: the button pressed ("yes" / "no") and an optional comment."""

    answer = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "Not really")])
    outcome = forms.CharField(
        label="What came of it (optional)",
        required=False,
        max_length=OUTCOME_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": OUTCOME_MAX}),
        error_messages={"max_length": MSG_OUTCOME_LONG},
    )
