"""Forms of the inbox, a conversation's page and the venue ranking.

The filter forms are GET forms: a bad value drops that filter, never an error page. The action
forms (triage, assign, link) parse ids and choices; listening.access decides what may be touched
and listening.services what may be done.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.models import User
from core.web import as_pk
from programs.models import Venue

from ..access import assignable_users, visible_searches
from ..models import Conversation, Purpose, Search, Source
from ..selectors import PERIODS, InboxFilters
from ..services import MSG_ASSIGNEE
from ..validators import MAX_SEARCH_CHARS, max_search_words

ANY = [("", "Any")]
MSG_NO_IDS = "Select at least one conversation."
MSG_BAD_IDS = "The selection is not a list of conversations."
MAX_IDS = 500


class IdsField(forms.Field):
    """Several ``ids`` values (checkboxes, or one hidden input for a single row) as a list of ints."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            ids = sorted({int(v) for v in values})
        except (TypeError, ValueError) as exc:
            raise ValidationError(MSG_BAD_IDS) from exc
        if len(ids) > MAX_IDS:
            raise ValidationError(f"Select at most {MAX_IDS} conversations at a time.")
        return ids

    def validate(self, value: list[int]) -> None:
        if not value:
            raise ValidationError(MSG_NO_IDS)


class _Next(forms.Form):
    # Where to go back to (the inbox with its filters); checked against the host by the view.
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)


class TriageForm(_Next):
    ids = IdsField()
    status = forms.ChoiceField(choices=Conversation.Status.choices)


class AssignForm(_Next):
    """``assignee`` is "me", "" (nobody) or a colleague's id."""

    ids = IdsField()
    assignee = forms.CharField(required=False, max_length=20)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_assignee(self) -> User | None:
        value = (self.cleaned_data.get("assignee") or "").strip()
        if value in ("", "none"):
            return None
        if value == "me":
            return self.user
        # A missing id and one of somebody who may not be assigned read the same.
        user_pk = as_pk(value)
        found = assignable_users().filter(pk=user_pk).first() if user_pk is not None else None
        if found is None:
            raise ValidationError(MSG_ASSIGNEE)
        return found


class AssigneeSelectForm(forms.Form):
    """The assignee select of a conversation's page."""

    assignee = forms.ChoiceField(label="Assigned to", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", "Nobody"),
            *((str(u.pk), str(u)) for u in assignable_users()),
        ]


class LinkForm(forms.Form):
    """Link a conversation to a person: an existing one (``person``), a new one made from the
    author (``create``; ``confirm`` creates despite a person of the same name), or unlink."""

    ACTIONS = [("existing", "Link"), ("create", "Create"), ("unlink", "Unlink")]

    action = forms.ChoiceField(choices=ACTIONS)
    person = forms.IntegerField(required=False, min_value=1)
    confirm = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "existing" and not data.get("person"):
            raise ValidationError("Choose the person to link.")
        return data


class PersonLookupForm(forms.Form):
    who = forms.CharField(label="Find a person", required=False, max_length=100)


class NewPersonForm(forms.Form):
    """A new person made from a conversation's author; the values are prefilled and editable."""

    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100, required=False)
    handle = forms.CharField(max_length=200, required=False)
    venue_kind = forms.ChoiceField(label="Venue kind", choices=Venue.Kind.choices)
    profile_url = forms.CharField(label="Profile URL", max_length=500, required=False)


class InboxFilterForm(forms.Form):
    """The inbox's GET form. Without a status in the query string, it shows new conversations."""

    q = forms.CharField(label="Text", required=False, max_length=MAX_SEARCH_CHARS, validators=[max_search_words])
    search: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Search", required=False, queryset=Search.objects.none(), empty_label="Any"
    )
    source = forms.ModelChoiceField(label="Source", required=False, queryset=Source.objects.none(), empty_label="Any")
    venue = forms.ChoiceField(label="Venue", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[*Conversation.Status.choices, ("all", "Any status")]
    )
    assignee = forms.ChoiceField(
        label="Assigned to",
        required=False,
        choices=[("", "Anyone"), ("me", "Me"), ("unassigned", "Nobody")],
    )
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data: Any = None, *, user: User) -> None:
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = Conversation.Status.NEW
        super().__init__(data, initial={"status": Conversation.Status.NEW})
        searches = visible_searches(user).order_by("name")
        self.fields["search"].queryset = searches  # type: ignore[attr-defined]
        self.fields["source"].queryset = (  # type: ignore[attr-defined]
            Source.objects.all() if user.is_hr_lead else Source.objects.filter(searches__in=searches).distinct()
        ).order_by("name")
        venues = Venue.objects.filter(Q(conversations__isnull=False) | Q(sources__isnull=False)).distinct()
        self.fields["venue"].choices = [  # type: ignore[attr-defined]
            *ANY,
            *((str(pk), name) for pk, name in venues.order_by("name").values_list("pk", "name")),
            ("none", "No venue"),
        ]

    def filters(self) -> InboxFilters:
        if not self.is_bound:
            return InboxFilters()
        self.is_valid()
        data: dict[str, Any] = self.cleaned_data
        status = data.get("status") or Conversation.Status.NEW
        source = data.get("source")
        return InboxFilters(
            search=data.get("search"),
            source_id=source.pk if source else None,
            venue=data.get("venue") or "",
            status="" if status == "all" else status,
            assignee=data.get("assignee") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=(data.get("q") or "").strip(),
        )


class RankingForm(forms.Form):
    purpose = forms.ChoiceField(label="Purpose", choices=Purpose.choices, required=False)
    weeks = forms.TypedChoiceField(
        label="Period",
        coerce=int,
        required=False,
        choices=[(str(w), f"Last {w} weeks") for w in PERIODS],
    )

    def values(self) -> tuple[str, int]:
        """(purpose, weeks); bad or missing values fall back to candidate profiles, 12 weeks."""
        if not self.is_bound:
            return Purpose.PROFILE, 12
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("purpose") or Purpose.PROFILE, data.get("weeks") or 12
