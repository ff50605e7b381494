"""Forms of the alumni directory: the list's filters, making someone an alumnus (the people
picker, or a new person's name and contact), correcting the record, a goodwill assessment and a
group membership. Field names equal the services' keyword names, so a service's refusal lands on
the right field (core.web.add_domain_error); the rules stay in alumni.services.directory."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from people.models import Person
from people.search import validate_search
from people.services import PersonData
from programs.models import Pilot, Venue

from ..access import stage_pilots, visible_segments, work_pilots
from ..models import AlumniSegment, Alumnus, ExitType, Goodwill, GroupStatus
from ..selectors.directory import AlumniFilters, membership_venues
from ..services.directory import MSG_LEVEL, MSG_PILOT, MSG_WHO, NOTE_MAX

REHIRE_CHOICES = [("", "Not decided"), ("yes", "Yes"), ("no", "No")]
REHIRE_FILTER = [("", "Any"), ("yes", "Eligible"), ("no", "Not eligible"), ("unknown", "Not decided")]
ASSESSED_LEVELS = [(v, label) for v, label in Goodwill.choices if v != Goodwill.UNKNOWN]


def _date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


def rehire_value(text: str) -> bool | None:
    return {"yes": True, "no": False}.get(text)


def rehire_text(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class SegmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} (rank {obj.rank}, {obj.pilot.name})"


class AlumnusFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        validators=[validate_search],
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, company or email"}),
    )
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")
    segment = SegmentField(queryset=AlumniSegment.objects.none(), required=False, empty_label="Any segment")
    exit_type = forms.ChoiceField(label="Exit", choices=[("", "Any"), *ExitType.choices], required=False)
    goodwill = forms.ChoiceField(choices=[("", "Any"), *Goodwill.choices], required=False)
    rehire = forms.ChoiceField(label="Rehire eligible", choices=REHIRE_FILTER, required=False)
    country = forms.CharField(max_length=2, required=False, help_text="Two letters, e.g. DE")
    left_from = _date(label="Left from", required=False)
    left_to = _date(label="Left until", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = work_pilots(user).order_by("name")  # type: ignore[attr-defined]
        segments = visible_segments(user).order_by("pilot__name", "rank", "name")
        self.fields["segment"].queryset = segments  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("left_from"), data.get("left_to")
        if start and end and end < start:
            self.add_error("left_to", "The end of the period cannot be before its start.")
        return data

    def filters(self) -> AlumniFilters:
        """The filters to apply: none while the form is unbound; the valid fields otherwise (a bad
        field is shown with its error and ignored)."""
        if not self.is_bound:
            return AlumniFilters()
        self.is_valid()
        return AlumniFilters.from_data(getattr(self, "cleaned_data", {}))

    @property
    def search_refused(self) -> bool:
        return self.is_bound and "q" in self.errors


class _RecordFields(forms.Form):
    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(), error_messages={"required": MSG_PILOT, "invalid_choice": MSG_PILOT}
    )
    former_department = forms.CharField(label="Former department", max_length=150, required=False)
    former_role = forms.CharField(label="Former role", max_length=200, required=False)
    started_on = _date(label="Started on", required=False)
    left_on = _date(label="Left on", required=False)
    exit_type = forms.ChoiceField(label="How they left", choices=ExitType.choices, initial=ExitType.VOLUNTARY)
    rehire_eligible = forms.TypedChoiceField(
        label="Eligible for rehire", choices=REHIRE_CHOICES, coerce=rehire_value, empty_value=None, required=False
    )
    segment = SegmentField(
        queryset=AlumniSegment.objects.none(),
        required=False,
        empty_label="No segment",
        help_text="A segment of the pilot you chose; segments are usually assigned by their definitions.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pilots = stage_pilots(user).order_by("name")
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["segment"].queryset = AlumniSegment.objects.filter(  # type: ignore[attr-defined]
            pilot__in=pilots.values("pk")
        ).select_related("pilot")

    def record(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "pilot",
                "former_department",
                "former_role",
                "started_on",
                "left_on",
                "exit_type",
                "rehire_eligible",
                "segment",
            )
        }


class AlumnusCreateForm(_RecordFields):
    """Who (picked with the people picker, or a new person's name and contact) and their time
    with the firm."""

    person = forms.ModelChoiceField(queryset=Person.objects.not_erased(), required=False, widget=forms.HiddenInput)
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    email = forms.EmailField(required=False, max_length=254)
    company_name = forms.CharField(label="Current company", max_length=200, required=False)
    title = forms.CharField(label="Current title", max_length=200, required=False)
    confirm = forms.BooleanField(required=False, label="Create anyway: this is someone else with the same name")

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        typed = any((data.get(n) or "").strip() for n in ("first_name", "last_name", "email"))
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
            new_company=data["company_name"].strip(),
            title=data["title"].strip(),
            source=Person.Source.HRIS,
        )


class AlumnusEditForm(_RecordFields):
    @staticmethod
    def initial_for(alumnus: Alumnus) -> dict[str, Any]:
        return {
            "pilot": alumnus.pilot_id,
            "former_department": alumnus.former_department,
            "former_role": alumnus.former_role,
            "started_on": alumnus.started_on,
            "left_on": alumnus.left_on,
            "exit_type": alumnus.exit_type,
            "rehire_eligible": rehire_text(alumnus.rehire_eligible),
            "segment": alumnus.segment_id,
        }


class GoodwillForm(forms.Form):
    level = forms.ChoiceField(
        label="How they feel about us", choices=ASSESSED_LEVELS, error_messages={"required": MSG_LEVEL}
    )
    on = _date(label="Assessed on", initial=timezone.localdate)
    note = forms.CharField(
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}),
        help_text="What it is based on (optional).",
    )


class VenueField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        private = obj.visibility == Venue.Visibility.PRIVATE
        return f"{obj.name} (private group)" if private else obj.name


class MembershipForm(forms.Form):
    venue = VenueField(queryset=Venue.objects.none(), empty_label="Choose a venue…")
    status = forms.ChoiceField(choices=GroupStatus.choices)
    on = _date(label="As of", initial=timezone.localdate)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        venues: QuerySet[Venue] = membership_venues()
        self.fields["venue"].queryset = venues  # type: ignore[attr-defined]
