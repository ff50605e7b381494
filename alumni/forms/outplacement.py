"""Forms of the outplacement pages: the list filter (GET: a bad value drops that filter), opening a
case (the employee picked with the people picker, or a new person), editing it, and closing it.
Field names equal the services' keyword names, so a refusal lands on the right field; the rules
live in alumni.services.outplacement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from people.models import Person
from people.services import PersonData
from programs.models import Pilot

from ..models import OutplacementStatus
from ..services.outplacement import (
    CLOSED_STATUSES,
    MSG_CLOSE_STATUS,
    MSG_PILOT,
    MSG_TARGET_ROLES,
    MSG_WHO,
    OUTCOME_MAX,
    ROLE_MAX,
    TARGET_ROLES_MAX,
    company_names,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MSG_OWNER_CHOICE = "Choose a member of the pilot, or nobody yet."


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})" if obj.full_name else str(obj.email)


def pilot_members(pilots: QuerySet[Pilot]) -> QuerySet[User]:
    """The active users who work in one of ``pilots``: who may own a case there."""
    return User.objects.filter(is_active=True, memberships__pilot__in=pilots).distinct().order_by("full_name", "email")


class OutplacementFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *OutplacementStatus.choices], required=False)
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class _CaseFields(forms.Form):
    current_role = forms.CharField(
        max_length=ROLE_MAX, required=False, help_text="Their role now, the one being eliminated."
    )
    eliminated_on = forms.DateField(
        label="Job eliminated on", widget=DATE, help_text="The date the role ends (up to a year ahead)."
    )
    target_roles = forms.CharField(
        max_length=TARGET_ROLES_MAX,
        help_text="The roles they want, comma-separated.",
        error_messages={"required": MSG_TARGET_ROLES},
    )
    target_companies = forms.CharField(
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One company per line. A company already in the directory is matched by its name; "
        "a new name adds the company. The alumni who work there are listed on the case's page.",
    )
    owner = OwnerField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet (HR leads only)",
        help_text="The pilot member who helps them; they see this case and only their own cases.",
        error_messages={"invalid_choice": MSG_OWNER_CHOICE},
    )

    def __init__(self, *args: Any, owners: QuerySet[User] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is None:  # only HR leads hand a case to someone
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    def case_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "current_role": data["current_role"],
            "eliminated_on": data["eliminated_on"],
            "target_roles": data["target_roles"],
            "new_companies": company_names(data["target_companies"]),
        }
        if "owner" in self.fields:
            values["owner"] = data["owner"]
        return values


class OutplacementForm(_CaseFields):
    """Open a case: the pilot, the employee (picked, or someone new), the case's details."""

    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        empty_label="Choose a pilot…",
        error_messages={"invalid_choice": MSG_PILOT, "required": MSG_PILOT},
    )
    person = forms.ModelChoiceField(queryset=Person.objects.not_erased(), required=False, widget=forms.HiddenInput)
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(required=False, max_length=254)
    confirm = forms.BooleanField(required=False, label="Create anyway: this is someone else with the same name")

    field_order = ["pilot", "person", "first_name", "last_name", "email", "confirm", "current_role"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        typed = any((data.get(name) or "").strip() for name in ("first_name", "last_name", "email"))
        if data.get("person") is None and not typed:
            self.add_error("person", MSG_WHO)
        elif data.get("person") is None and not (data.get("first_name") or "").strip():
            self.add_error("first_name", "Give the new person's first name.")
        return data

    def new_person(self) -> PersonData | None:
        data = self.cleaned_data
        if data.get("person") is not None:
            return None
        return PersonData(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            emails=[data["email"]] if data["email"] else [],
            title=data["current_role"].strip(),
        )


class OutplacementEditForm(_CaseFields):
    pass


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label="How it ended",
        choices=[(s.value, s.label) for s in OutplacementStatus if s in CLOSED_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"required": MSG_CLOSE_STATUS, "invalid_choice": MSG_CLOSE_STATUS},
    )
    outcome = forms.CharField(
        max_length=OUTCOME_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where they landed, or why the case closed. Required when they were placed.",
    )
    closed_on = forms.DateField(label="Closed on", widget=DATE, help_text="Today unless it ended earlier.")
