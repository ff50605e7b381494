"""Forms of the programs pages. They only parse and validate input; services do the writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html

from accounts.models import Role, User

from .access import MSG_NOT_A_WORKER, MSG_NOT_AN_OWNER, member_candidates, step_owner_candidates
from .measures import Measure
from .models import Membership, Pilot, SponsorOrganization, Stage, Venue


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class DatesMixin(forms.Form):
    """Start/end dates, checked in order here too so the error sits on the field."""

    start_date = forms.DateField(required=False, widget=DateInput())
    end_date = forms.DateField(required=False, widget=DateInput())

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date cannot be before the start date.")
        return data


class PilotCreateForm(DatesMixin):
    name = forms.CharField(max_length=150)
    stage = forms.TypedChoiceField(choices=Stage.choices, coerce=int)
    sponsor = forms.ModelChoiceField(queryset=SponsorOrganization.objects.none(), empty_label="Choose a sponsor…")
    description = forms.CharField(required=False, widget=_textarea())

    field_order = ["name", "stage", "sponsor", "description", "start_date", "end_date"]

    def __init__(self, *args: Any, sponsors: QuerySet[SponsorOrganization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = sponsors  # type: ignore[attr-defined]
        self.fields["sponsor"].help_text = format_html(
            'The department or group this pilot serves. Not in the list? <a href="{}?next=pilot_create">'
            "Create a sponsor organization</a>.",
            reverse("programs:sponsor_create"),
        )


class PilotEditForm(DatesMixin):
    """Stage and sponsor are fixed once a pilot exists: scale it to serve another sponsor."""

    name = forms.CharField(max_length=150)
    description = forms.CharField(required=False, widget=_textarea())

    field_order = ["name", "description", "start_date", "end_date"]


class PilotFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"}))
    stage = forms.TypedChoiceField(
        choices=[("", "Any stage"), *Stage.choices], coerce=int, empty_value=None, required=False
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *Pilot.Status.choices], required=False)
    sponsor = forms.ModelChoiceField(
        queryset=SponsorOrganization.objects.none(), required=False, empty_label="Any sponsor"
    )

    def __init__(self, *args: Any, sponsors: QuerySet[SponsorOrganization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = sponsors  # type: ignore[attr-defined]


NOT_MEASURED = "Not measured (a free-text goal)"


def measure_choices(measures: Sequence[Measure], current: str = "") -> list[Any]:
    """The measure select's choices: none first, then the measures grouped (ledger figures, then
    the stage's figures), each with its unit. A ``current`` key no longer offered stays listed, so
    saving the goal unchanged keeps it."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for m in measures:
        groups.setdefault(m.group, []).append((m.key, m.choice_label))
    choices: list[Any] = [("", NOT_MEASURED), *groups.items()]
    if current and current not in {m.key for m in measures}:
        choices.append(("No longer available", [(current, f"{current} (no longer available)")]))
    return choices


class GoalForm(forms.Form):
    name = forms.CharField(max_length=200)
    measure = forms.ChoiceField(
        label="Measured by",
        required=False,
        help_text="The figure that tracks this goal, counted for this pilot from its start date; "
        "the page then shows actual against target.",
    )
    target = forms.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    unit = forms.CharField(
        max_length=40,
        required=False,
        help_text="For a goal that is not measured, e.g. hires, members, EUR. A measured goal takes its measure's unit.",
    )
    due_date = forms.DateField(required=False, widget=DateInput())

    field_order = ["name", "measure", "target", "unit", "due_date"]

    def __init__(self, *args: Any, measures: Sequence[Measure] = (), current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measure"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = measure_choices(measures, current)
        if current and current not in {m.key for m in measures}:
            field.help_text = f"The measure “{current}” is no longer available: choose another, or none."


class MemberAddForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Person",
        empty_label="Choose a person…",
        error_messages={"invalid_choice": MSG_NOT_A_WORKER},
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.CONTRIBUTOR)

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = member_candidates(pilot)  # type: ignore[attr-defined]


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class MemberInviteForm(forms.Form):
    """Invite someone without an account into the pilot: they join with ``role`` on accepting."""

    email = forms.EmailField(label="Email address")
    full_name = forms.CharField(label="Name", max_length=150, required=False)
    role = forms.ChoiceField(
        label="Role in the pilot", choices=Membership.Role.choices, initial=Membership.Role.CONTRIBUTOR
    )


class PolicyForm(forms.Form):
    may_share = forms.CharField(label="What contributors may share", widget=_textarea(6))
    may_not_share = forms.CharField(label="What contributors must never share", widget=_textarea(6))


class StepForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet",
        error_messages={"invalid_choice": MSG_NOT_AN_OWNER},
    )
    due_date = forms.DateField(required=False, widget=DateInput())
    done = forms.BooleanField(required=False)
    note = forms.CharField(required=False, widget=_textarea(2))

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = step_owner_candidates(pilot)  # type: ignore[attr-defined]


class ScaleForm(forms.Form):
    sponsor = forms.ModelChoiceField(
        queryset=SponsorOrganization.objects.none(),
        empty_label="Choose a sponsor…",
        help_text="The organization the new pilot will serve.",
    )
    name = forms.CharField(max_length=150, label="New pilot's name")

    def __init__(self, *args: Any, pilot: Pilot, sponsors: QuerySet[SponsorOrganization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = sponsors.exclude(pk=pilot.sponsor_id)  # type: ignore[attr-defined]


class SponsorForm(forms.Form):
    name = forms.CharField(max_length=150)
    description = forms.CharField(required=False, widget=_textarea())
    managers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Managers who read this organization's reports and wins.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["managers"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.MANAGER, is_active=True
        ).order_by("full_name", "email")


class VenueForm(forms.Form):
    name = forms.CharField(max_length=150)
    kind = forms.ChoiceField(choices=Venue.Kind.choices)
    visibility = forms.ChoiceField(choices=Venue.Visibility.choices, initial=Venue.Visibility.PUBLIC)
    url = forms.URLField(required=False, label="URL", assume_scheme="https")
    description = forms.CharField(required=False, widget=_textarea(3))


class VenueFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Venue.Kind.choices], required=False)
    visibility = forms.ChoiceField(choices=[("", "Public or private"), *Venue.Visibility.choices], required=False)
