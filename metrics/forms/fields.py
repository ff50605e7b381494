"""Fields and pieces the metrics forms share: the date input, money fields, a date range."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from programs.models import Stage

from ..services import MSG_NEGATIVE

ZERO = Decimal("0")
STAGE_FILTER_CHOICES = [("", "Any stage"), *Stage.choices]


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
