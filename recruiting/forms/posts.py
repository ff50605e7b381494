"""Forms of the shared-post pages: the list's filters, the quick post form, the response form
(an existing person from the picker, or a new one), the engagement upload and the filters of
"What resonates"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from listening.forms.setup import UploadForm
from metrics.forms.fields import DateInput, DateRangeMixin
from metrics.forms.hires import PersonPickField
from people.models import Person
from programs.models import Pilot, Venue

from ..models import CandidateProfile, JobOpening, PostKind
from ..services.posts import COUNTS, MAX_COUNT, MSG_COUNT, MSG_PILOT, MSG_WHO

KIND_FILTER = [("", "Any kind"), *PostKind.choices]


def _count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={"min_value": MSG_COUNT, "max_value": MSG_COUNT, "invalid": MSG_COUNT},
        widget=forms.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "numeric"}),
    )


class PostFilterForm(DateRangeMixin):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")
    kind = forms.ChoiceField(label="Kind of content", choices=KIND_FILTER, required=False)
    venue = forms.ModelChoiceField(queryset=Venue.objects.all(), required=False, empty_label="Any venue")
    mine = forms.BooleanField(label="Only my posts", required=False)

    field_order = ["pilot", "kind", "venue", "date_from", "date_to", "mine"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class PostForm(forms.Form):
    """Log or correct a post: where, what kind, when and what about; the link and the counts are
    optional (they can be uploaded later)."""

    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        empty_label="Choose a pilot…",
        error_messages={"invalid_choice": MSG_PILOT, "required": MSG_PILOT},
    )
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.all(), empty_label="Where was it shared?", help_text="The network or site."
    )
    kind = forms.ChoiceField(label="Kind of content", choices=PostKind.choices)
    shared_on = forms.DateField(label="Shared on", widget=DateInput())
    summary = forms.CharField(
        max_length=300,
        help_text="A few words on what it was about, e.g. “How we moved billing to streaming”.",
        widget=forms.TextInput(),
    )
    url = forms.CharField(label="Link", required=False, max_length=2000, help_text="The post's address, http(s)://…")
    likes = _count_field("Likes")
    comments = _count_field("Comments")
    shares = _count_field("Shares")
    clicks = _count_field("Clicks")
    opening = forms.ModelChoiceField(
        queryset=JobOpening.objects.none(),
        required=False,
        empty_label="No particular opening",
        help_text="The opening it advertised, if any.",
    )

    DETAILS = ("pilot", "venue", "kind", "shared_on", "summary", "url", "opening")

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], openings: QuerySet[JobOpening], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["opening"].queryset = openings  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for name in COUNTS:
            if name in data and data[name] is None:
                data[name] = 0
        return data

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DETAILS]

    def count_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in COUNTS]


class ResponseForm(forms.Form):
    """Who responded (a person from the search, or a new person's name), the profile they fit,
    when, and a note."""

    person = PersonPickField(
        queryset=Person.objects.all(),
        required=False,
        label="Person who responded",
        help_text="Search above, then choose the person here; or give a new person's name below.",
    )
    first_name = forms.CharField(label="New person: first name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    email = forms.EmailField(label="Email", required=False, help_text="Optional.")
    confirm_same_name = forms.BooleanField(
        label="Create the new person even if someone of that name is in the directory", required=False
    )
    profile = forms.ModelChoiceField(
        queryset=CandidateProfile.objects.none(),
        required=False,
        empty_label="No particular profile",
        help_text="The candidate profile they fit: responses of priority-1 profiles count as high priority.",
    )
    responded_on = forms.DateField(label="Responded on", widget=DateInput())
    note = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    NEW_PERSON = ("first_name", "last_name", "email", "confirm_same_name")
    DETAILS = ("profile", "responded_on", "note")

    def __init__(self, *args: Any, profiles: QuerySet[CandidateProfile], matches: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = profiles  # type: ignore[attr-defined]
        person_field = self.fields["person"]
        assert isinstance(person_field, PersonPickField)
        person_field.set_matches(matches)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("first_name") or "").strip() and "person" not in self.errors:
            self.add_error("person", MSG_WHO)
        return data

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments: a chosen person wins over a typed new name."""
        data = dict(self.cleaned_data)
        allow = bool(data.pop("confirm_same_name", False))
        if data.get("person") is not None:
            for name in ("first_name", "last_name", "email"):
                data.pop(name, None)
        else:
            data["allow_same_name"] = allow
        return data

    def new_person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.NEW_PERSON]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DETAILS]


class EngagementUploadForm(UploadForm):
    """listening's upload form (its size limit), for a CSV of posts' counts."""

    file = forms.FileField(
        label="Engagement file (CSV)",
        help_text="A .csv file (UTF-8, with or without BOM) of at most 5 MB and 5,000 rows; columns "
        "post_id (or url), likes, comments, shares, clicks.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt"}),
    )


class ResonanceFilterForm(DateRangeMixin):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="All your pilots")

    field_order = ["pilot", "date_from", "date_to"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
