"""Forms of the coaching pages: the list filters (GET: a bad value drops that filter) and the
session form. Field names equal alumni.services.coaching's keyword names; the rules live there."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from programs.models import Pilot

from ..models import CoachingTopic
from ..selectors.coaching import FollowUp
from ..services.coaching import MSG_PILOT, MSG_TOPIC, NOTES_MAX
from .outplacement import DATE, OwnerField

MSG_MEMBER = "Choose a member of the pilot."


class CoachingFilterForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")
    topic = forms.ChoiceField(choices=[("", "Any topic"), *CoachingTopic.choices], required=False)
    follow_up = forms.ChoiceField(label="Follow-up", choices=[("", "Any"), *FollowUp.choices], required=False)

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


def _member_field(label: str, help_text: str) -> OwnerField:
    return OwnerField(
        queryset=User.objects.none(),
        label=label,
        empty_label="Choose…",
        help_text=help_text,
        error_messages={"invalid_choice": MSG_MEMBER, "required": MSG_MEMBER},
    )


class CoachingForm(forms.Form):
    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        empty_label="Choose a pilot…",
        error_messages={"invalid_choice": MSG_PILOT, "required": MSG_PILOT},
    )
    coach = _member_field("Coach", "Who coached: a member of the pilot.")
    coachee = _member_field("Coachee", "Who was coached: another member of the same pilot.")
    topic = forms.ChoiceField(
        choices=CoachingTopic.choices, error_messages={"invalid_choice": MSG_TOPIC, "required": MSG_TOPIC}
    )
    held_on = forms.DateField(label="Held on", widget=DATE, help_text="Today or earlier.")
    notes = forms.CharField(
        max_length=NOTES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: what was covered, what they will try next.",
    )
    follow_up_on = forms.DateField(
        label="Follow up on", required=False, widget=DATE, help_text="Optional: on or after the session."
    )

    def __init__(self, *args: Any, pilots: QuerySet[Pilot] | None, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if pilots is None:  # a session stays in its pilot
            del self.fields["pilot"]
        else:
            self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        for name in ("coach", "coachee"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]
