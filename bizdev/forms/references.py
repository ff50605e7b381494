"""Forms of the reference conversation pages. Field names equal bizdev.services.references'
keywords, so a service's refusal lands on the right field; the rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from listening.models import Conversation
from people.search import validate_search
from programs.models import Pilot

from ..models import ReferenceConversation
from ..services.references import LIMITS, MSG_CONVERSATION, MSG_URL


class ReferenceForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), empty_label="Choose a pilot")
    url = forms.URLField(
        label="Address of the discussion",
        max_length=LIMITS["url"],
        assume_scheme="https",
        error_messages={"invalid": MSG_URL},
        help_text="The link to the in-group discussion (LinkedIn group, private forum…).",
    )
    title = forms.CharField(max_length=LIMITS["title"])
    summary = forms.CharField(
        max_length=LIMITS["summary"],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was discussed and what it shows about us: others decide from this when to reuse it.",
    )
    topic = forms.CharField(
        required=False,
        max_length=LIMITS["topic"],
        help_text="The challenge or subject, e.g. “shrinkage in malls”.",
    )
    value_proposition = forms.CharField(
        label="Value proposition",
        required=False,
        max_length=LIMITS["value_proposition"],
        help_text="What we offer that the discussion illustrates.",
    )
    client_kind = forms.CharField(
        label="Kind of client",
        required=False,
        max_length=LIMITS["client_kind"],
        help_text="The clients it speaks to, e.g. “mid-size retailers”.",
    )
    conversation = forms.ModelChoiceField(
        queryset=Conversation.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": MSG_CONVERSATION},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        pilots: QuerySet[Pilot],
        conversations: QuerySet[Conversation],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["conversation"].queryset = conversations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A hidden field's error would show nowhere: say it on the form.
        if "conversation" in self.errors:
            self.errors.pop("conversation")
            self.add_error(None, MSG_CONVERSATION)
        return cleaned

    @staticmethod
    def initial_for(reference: ReferenceConversation) -> dict[str, Any]:
        return {
            "pilot": reference.pilot_id,
            "url": reference.url,
            "title": reference.title,
            "summary": reference.summary,
            "topic": reference.topic,
            "value_proposition": reference.value_proposition,
            "client_kind": reference.client_kind,
            "conversation": reference.conversation_id,
        }


class ReferenceFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        validators=[validate_search],
        help_text="Every word must match; accents and case do not matter.",
    )
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any")
    topic = forms.ChoiceField(required=False, choices=[("", "Any")])
    client_kind = forms.ChoiceField(label="Kind of client", required=False, choices=[("", "Any")])

    def __init__(
        self, data: Any = None, *, pilots: QuerySet[Pilot], topics: list[str], client_kinds: list[str]
    ) -> None:
        super().__init__(data)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["topic"].choices = [("", "Any"), *((t, t) for t in topics)]  # type: ignore[attr-defined]
        self.fields["client_kind"].choices = [("", "Any"), *((k, k) for k in client_kinds)]  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": "e.g. sécurité retail"})
