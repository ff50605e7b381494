"""Forms of the profile and opening pages: the list filters (GET: a bad value drops that filter),
the profile form, the opening forms (create, edit, status, revise), the diff picker, and feedback
(give it, decide on it). The rules live in the services; these parse and bound the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from listening.models import KeywordFamily, Search
from programs.models import Pilot

from ..models import CandidateProfile, OpeningStatus
from ..services.feedback import MAX_COMMENT, MSG_COMMENT, MSG_COMMENT_LONG
from ..services.openings import MAX_DESCRIPTION, MSG_DESCRIPTION

MSG_PILOT = "Choose one of the pilots in the list."
MSG_PROFILE = "Choose one of the pilot's profiles, or none."
TEXTAREA = {"rows": 12}


def _pilot_field(**kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        error_messages={"invalid_choice": MSG_PILOT, "required": "Choose the pilot."},
        **kwargs,
    )


class ProfileFilterForm(forms.Form):
    pilot = _pilot_field(required=False, empty_label="Any pilot")

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class ProfileForm(forms.Form):
    pilot = _pilot_field(empty_label="Choose a pilot…")
    name = forms.CharField(
        max_length=150, help_text="Who you want to attract, e.g. “Senior data engineers in the Nordics”."
    )
    priority = forms.IntegerField(
        min_value=1,
        max_value=999,
        initial=1,
        help_text="1 is the highest. Profiles with the same number are listed by name; change the number to reorder.",
    )
    description = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="What makes them a fit."
    )
    families = forms.ModelMultipleChoiceField(
        queryset=KeywordFamily.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Keyword families",
        help_text="Of this pilot or of the whole program.",
        error_messages={"invalid_choice": "Choose keyword families of the profile's pilot or of the whole program."},
    )
    searches = forms.ModelMultipleChoiceField(
        queryset=Search.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The searches that find them: “Find them” opens the inbox on these.",
        error_messages={"invalid_choice": "Choose searches of the profile's pilot or of the whole program."},
    )

    def __init__(
        self,
        *args: Any,
        pilots: QuerySet[Pilot],
        families: QuerySet[KeywordFamily],
        searches: QuerySet[Search],
        fixed_pilot: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["families"].queryset = families  # type: ignore[attr-defined]
        self.fields["searches"].queryset = searches  # type: ignore[attr-defined]
        self.fields["families"].label_from_instance = _scoped_label  # type: ignore[attr-defined]
        self.fields["searches"].label_from_instance = _scoped_label  # type: ignore[attr-defined]
        if fixed_pilot:  # a profile stays in its pilot: its openings and links belong there
            del self.fields["pilot"]


def _scoped_label(obj: KeywordFamily | Search) -> str:
    return f"{obj} ({obj.pilot.name if obj.pilot else 'whole program'})"


class OpeningFilterForm(forms.Form):
    pilot = _pilot_field(required=False, empty_label="Any pilot")
    status = forms.ChoiceField(choices=[("", "Any status"), *OpeningStatus.choices], required=False)
    profile = forms.ModelChoiceField(
        queryset=CandidateProfile.objects.none(), required=False, empty_label="Any profile"
    )

    def __init__(
        self, *args: Any, pilots: QuerySet[Pilot], profiles: QuerySet[CandidateProfile], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["profile"].queryset = profiles  # type: ignore[attr-defined]
        self.fields["profile"].label_from_instance = lambda p: f"{p.name} ({p.pilot.name})"  # type: ignore[attr-defined]


class _OpeningFields(forms.Form):
    title = forms.CharField(max_length=200, help_text="The job title, as candidates will read it.")
    location = forms.CharField(max_length=150, required=False, help_text="City, country or “Remote”.")
    profile = forms.ModelChoiceField(
        queryset=CandidateProfile.objects.none(),
        required=False,
        empty_label="No profile",
        help_text="The kind of person this opening is for (a profile of the same pilot).",
        error_messages={"invalid_choice": MSG_PROFILE},
    )

    def __init__(self, *args: Any, profiles: QuerySet[CandidateProfile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = profiles  # type: ignore[attr-defined]
        self.fields["profile"].label_from_instance = lambda p: f"{p.name} ({p.pilot.name}, priority {p.priority})"  # type: ignore[attr-defined]


class OpeningForm(_OpeningFields):
    """A new opening: its first description becomes revision 1."""

    pilot = _pilot_field(empty_label="Choose a pilot…")
    status = forms.ChoiceField(
        choices=[(OpeningStatus.EMERGING, "Emerging (not advertised yet)"), (OpeningStatus.OPEN, "Open")],
        initial=OpeningStatus.EMERGING,
        help_text="Open asks the pilot's contributors by email for suggestions and feedback.",
    )
    description = forms.CharField(
        max_length=MAX_DESCRIPTION,
        strip=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": MSG_DESCRIPTION},
        help_text="Plain text. Every later change is kept as a revision.",
    )

    field_order = ["pilot", "title", "location", "profile", "status", "description"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class OpeningEditForm(_OpeningFields):
    pass


class OpeningStatusForm(forms.Form):
    status = forms.ChoiceField(choices=OpeningStatus.choices)


class ReviseForm(forms.Form):
    text = forms.CharField(
        label="Description",
        max_length=MAX_DESCRIPTION,
        strip=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": MSG_DESCRIPTION},
    )
    note = forms.CharField(
        max_length=300, required=False, label="What changed and why", help_text="Shown in the revision history."
    )


class DiffForm(forms.Form):
    """Which two revisions to compare (numbers); the view checks that they exist."""

    a = forms.IntegerField(label="Compare revision", min_value=1, max_value=10**6)
    b = forms.IntegerField(label="with revision", min_value=1, max_value=10**6)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.numbers = numbers

    def _check(self, name: str) -> int | None:
        value = self.cleaned_data.get(name)
        if value is not None and not self.numbers:
            raise forms.ValidationError("This opening has no description yet.")
        if value is not None and value not in self.numbers:
            raise forms.ValidationError(
                f"There is no revision {value}; this opening has revisions 1 to {max(self.numbers)}."
            )
        return value

    def clean_a(self) -> int | None:
        return self._check("a")

    def clean_b(self) -> int | None:
        return self._check("b")


class FeedbackForm(forms.Form):
    comment = forms.CharField(
        label="Your feedback on the description",
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT}),
        error_messages={"required": MSG_COMMENT, "max_length": MSG_COMMENT_LONG},
        help_text=f"What would you change, and why? At most {MAX_COMMENT} characters.",
    )


class FeedbackDecideForm(forms.Form):
    DECISIONS = [("used", "Used"), ("not_used", "Not used")]

    decision = forms.ChoiceField(choices=DECISIONS, error_messages={"required": "Choose “Used” or “Not used”."})
    thank_note = forms.CharField(
        max_length=500,
        required=False,
        label="Thank-you note (optional)",
        help_text="Sent with the thank-you, the first time you decide.",
    )
