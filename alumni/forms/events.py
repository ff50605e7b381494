"""Forms of the networking event pages. Field names equal alumni.services.events' keywords, so a
service's refusal lands on the right field; the rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from metrics.forms.ledger import IntroductionForm
from metrics.models import Introduction
from programs.models import Pilot

from ..models import Alumnus, NetworkingEvent


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AlumnusChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        where = ", ".join(x for x in (obj.person.city, obj.person.country) if x)
        return f"{obj.person.full_name} ({where})" if where else obj.person.full_name


class EventForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), empty_label="Choose a pilot")
    name = forms.CharField(max_length=200)
    city = forms.CharField(max_length=120)
    country = forms.CharField(max_length=60, help_text="The two-letter ISO code (DE, US, …) or the country's name.")
    starts_on = forms.DateField(label="Date", widget=_date_widget())
    url = forms.URLField(label="Web page", max_length=500, required=False, assume_scheme="https")
    notes = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    recommended_by = AlumnusChoice(
        label="Recommended by",
        queryset=Alumnus.objects.none(),
        required=False,
        help_text="Alumni of the pilot who told you about it.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    attendees = forms.ModelMultipleChoiceField(
        label="Who from the pilot went",
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        pilots: QuerySet[Pilot],
        alumni: QuerySet[Alumnus],
        members: QuerySet[User],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["recommended_by"].queryset = alumni  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = members  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(event: NetworkingEvent) -> dict[str, Any]:
        return {
            "pilot": event.pilot_id,
            "name": event.name,
            "city": event.city,
            "country": event.country,
            "starts_on": event.starts_on,
            "url": event.url,
            "notes": event.notes,
            "recommended_by": list(event.recommended_by.values_list("pk", flat=True)),
            "attendees": list(event.attendees.values_list("pk", flat=True)),
        }


WHEN_CHOICES = [("", "Any time"), ("upcoming", "Upcoming"), ("past", "Past")]


class EventFilterForm(forms.Form):
    city = forms.CharField(required=False, max_length=120)
    country = forms.CharField(required=False, max_length=60, help_text="Code or name.")
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any")
    when = forms.ChoiceField(choices=WHEN_CHOICES, required=False)

    def __init__(self, data: Any = None, *, pilots: QuerySet[Pilot]) -> None:
        super().__init__(data)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    introduction = forms.ModelChoiceField(
        queryset=Introduction.objects.none(),
        label="Introduction exchanged there",
        empty_label="Choose an introduction",
        error_messages={"invalid_choice": "Choose one of the introductions listed."},
    )

    def __init__(self, data: Any = None, *, introductions: QuerySet[Introduction]) -> None:
        super().__init__(data)
        self.fields["introduction"].queryset = introductions  # type: ignore[attr-defined]
        self.fields["introduction"].label_from_instance = _intro_label  # type: ignore[attr-defined]


def _intro_label(intro: Introduction) -> str:
    return f"{intro.date:%Y-%m-%d}: {intro.on_behalf_of} → {intro.target_label}"


class PilotFilterForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="All your pilots")

    def __init__(self, data: Any = None, *, pilots: QuerySet[Pilot]) -> None:
        super().__init__(data)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class EventIntroductionForm(IntroductionForm):
    """The ledger's introduction form for an introduction made at an event: its pilot is the
    event's (offered alone, chosen already)."""

    def __init__(self, data: Any = None, *, event: NetworkingEvent, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        pilot_field = self.fields["pilot"]
        assert isinstance(pilot_field, forms.ModelChoiceField)
        pilot_field.queryset = Pilot.objects.filter(pk=event.pilot_id)
        pilot_field.initial = event.pilot_id
        pilot_field.empty_label = None
