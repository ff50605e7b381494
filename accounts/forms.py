"""Forms of the accounts pages. They validate input; the writes happen in accounts.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from core.web import target_label

from .audit import KIND_CHOICES
from .models import Invitation, Role, User
from .registry import placements
from .selectors import AuditFilters


class ProfileForm(forms.Form):
    """The two things a user may change about themselves: their name and job title."""

    full_name = forms.CharField(label="Name", max_length=150, required=False)
    title = forms.CharField(label="Job title", max_length=150, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"full_name": user.full_name, "title": user.title})
        super().__init__(*args, **kwargs)
        self.user = user


TOKEN_LIFETIMES = [("", "Never (until revoked)"), ("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year")]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What the token is for, e.g. “Laptop script”.",
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires",
        choices=TOKEN_LIFETIMES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="A token for a one-off job should not outlive it.",
    )
    read_only = forms.BooleanField(
        label="Read only",
        required=False,
        help_text="The token may read through the API but never change anything.",
    )


class InvitationForm(forms.Form):
    """A new invitation. Each registered placement (accounts.registry; programs: a pilot) adds two
    optional fields, ``<key>`` and ``<key>_role``, offering what ``actor`` may choose."""

    email = forms.EmailField(label="Email address")
    full_name = forms.CharField(label="Name", max_length=150, required=False)
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.CONTRIBUTOR)

    def __init__(self, *args: Any, actor: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.placement_keys: list[str] = []
        for item in placements():
            options = list(item.options(actor)) if actor is not None else []
            if not options:
                continue
            self.placement_keys.append(item.key)
            self.fields[item.key] = forms.ChoiceField(
                label=item.label,
                choices=[("", f"No {item.label.lower()}"), *options],
                required=False,
                help_text=item.help_text,
            )
            self.fields[f"{item.key}_role"] = forms.ChoiceField(
                label=item.role_label,
                choices=list(item.role_choices),
                required=False,
                initial=item.role_choices[-1][0] if item.role_choices else None,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key in self.placement_keys:
            if cleaned.get(key) and not cleaned.get(f"{key}_role"):
                self.add_error(f"{key}_role", "Choose a role for this choice.")
        return cleaned

    def placement_choices(self) -> list[tuple[str, str, str]]:
        """(key, value, role) for each placement filled in, for accounts.services.invitation_create."""
        return [
            (key, self.cleaned_data[key], self.cleaned_data[f"{key}_role"])
            for key in self.placement_keys
            if self.cleaned_data.get(key)
        ]


INVITATION_STATUSES = [
    ("", "All"),
    ("pending", "Pending"),
    ("accepted", "Accepted"),
    ("expired", "Expired"),
    ("revoked", "Revoked"),
]


class InvitationFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=INVITATION_STATUSES, required=False)
    q = forms.CharField(label="Email or name", max_length=150, required=False)


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=150)
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password (again)",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"full_name": invitation.full_name})
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords do not match.")
        elif password1:
            # An unsaved user so the similarity validator can compare with the email and name.
            candidate = User(email=self.invitation.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class UserFilterForm(forms.Form):
    q = forms.CharField(label="Email or name", max_length=150, required=False)
    role = forms.ChoiceField(label="Role", choices=[("", "All"), *Role.choices], required=False)
    active = forms.ChoiceField(
        label="Status", choices=[("", "All"), ("yes", "Active"), ("no", "Deactivated")], required=False
    )


class UserRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    is_active = forms.BooleanField(label="Active", required=False)


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any"), *KIND_CHOICES], required=False)
    actor = forms.ModelChoiceField(
        label="Who", queryset=User.objects.order_by("full_name", "email"), required=False, empty_label="Anyone"
    )
    person_name = forms.CharField(
        label="About person", max_length=150, required=False, help_text="Part of the person's name."
    )
    # Set by links ("this person's audit trail"); shown as the person's name above the list.
    person = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    verb = forms.CharField(
        label="Action code", max_length=64, required=False, help_text="Starts with, e.g. “pilot.” or “invitation.”"
    )
    target_type = forms.ChoiceField(label="About", required=False)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, target_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(t, target_label(t)) for t in target_types]
        self.fields["target_type"].choices = [("", "Anything"), *choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def filters(self) -> AuditFilters:
        """What to show: everything when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            actor_id=data["actor"].pk if data.get("actor") else None,
            person_id=data.get("person"),
            person_name=data.get("person_name") or "",
            kind=data.get("kind") or "",
            verb=data.get("verb") or "",
            target_type=data.get("target_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
