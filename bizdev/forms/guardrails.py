"""Forms of the guardrail page (HR leads). Field names equal bizdev.services.guardrails' keywords."""

from __future__ import annotations

from django import forms


class GuardrailTermForm(forms.Form):
    term = forms.CharField(
        max_length=100,
        help_text="A word or phrase, in any case and with or without accents; “price” also finds “prices”.",
    )
    note = forms.CharField(
        max_length=300, required=False, help_text="Why it is sensitive: shown to whoever writes it in a request."
    )
    is_active = forms.BooleanField(label="Checked in requests", required=False, initial=True)
