"""Forms of the alumni referral pages: sharing an opening (or a call for contractors) with a
segment, the public recommendation form behind the signed link, a recommendation recorded by
hand, and the filters of the recommendation list. Field names equal the services' keywords, so a
service's refusal lands on its field (core.web.add_domain_error); the rules stay in the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from recruiting.access import visible_openings
from recruiting.models import JobOpening

from ..access import visible_alumni
from ..models import AlumniSegment, Alumnus, RecommendationKind, ShareChannel
from ..selectors.referrals import share_openings, share_segments
from ..services.referrals import MESSAGE_MAX, MSG_NAME, MSG_WHY, NAME_MAX, WHY_MAX, Recommended

MSG_OPENING = "Choose one of the emerging or open openings of your pilots, or none for contract work."
MSG_SEGMENT = "Choose one of the segments of your Stage 2 pilots."
MSG_ALUMNUS = "Choose one of the alumni of your pilots."
MSG_EMAIL = "Give their email address, so we can reach them."
CONTRACT_KINDS = [
    (RecommendationKind.CONTRACTOR.value, RecommendationKind.CONTRACTOR.label),
    (RecommendationKind.CONSULTANT.value, RecommendationKind.CONSULTANT.label),
]


class OpeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.pilot.name}, {obj.get_status_display().lower()})"


class SegmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.pilot.name}, rank {obj.rank})"


class AlumnusChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        where = f", {obj.former_department}" if obj.former_department else ""
        return f"{obj.person.full_name}{where} ({obj.pilot.name})"


def _why_field() -> forms.CharField:
    return forms.CharField(
        label="Why them",
        max_length=WHY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": WHY_MAX}),
        help_text=f"What makes them good: a sentence or two (at most {WHY_MAX} characters).",
        error_messages={"required": MSG_WHY},
    )


class ShareForm(forms.Form):
    opening = OpeningChoiceField(
        queryset=JobOpening.objects.none(),
        required=False,
        empty_label="No opening: ask for contractors or consultants",
        error_messages={"invalid_choice": MSG_OPENING},
    )
    segment = SegmentChoiceField(
        queryset=AlumniSegment.objects.none(),
        empty_label="Choose a segment…",
        error_messages={"invalid_choice": MSG_SEGMENT, "required": MSG_SEGMENT},
    )
    channel = forms.ChoiceField(
        label="How",
        choices=ShareChannel.choices,
        initial=ShareChannel.EMAIL,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MESSAGE_MAX}),
        help_text="What the challenge is and what the opportunity is. Talk about it with enthusiasm.",
    )
    policy_confirmed = forms.BooleanField(
        label="I checked the draft against the sharing policy: the words it flags are fine here",
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = share_openings(user)  # type: ignore[attr-defined]
        self.fields["segment"].queryset = share_segments(user)  # type: ignore[attr-defined]


class RecommendForm(forms.Form):
    """The public form behind the signed link: no account, a handful of fields."""

    name = forms.CharField(label="Their name", max_length=NAME_MAX, error_messages={"required": MSG_NAME})
    email = forms.EmailField(label="Their email", max_length=254, error_messages={"required": MSG_EMAIL})
    profile_url = forms.URLField(
        label="Their LinkedIn profile",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Optional, e.g. https://www.linkedin.com/in/…",
    )
    kind = forms.ChoiceField(label="As", choices=CONTRACT_KINDS, widget=forms.RadioSelect)
    why = _why_field()

    def __init__(self, *args: Any, for_opening: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.for_opening = for_opening
        if for_opening:
            # An opening is for an employee: nothing to choose.
            del self.fields["kind"]

    def chosen_kind(self) -> str:
        return RecommendationKind.EMPLOYEE if self.for_opening else str(self.cleaned_data["kind"])

    def recommended(self) -> Recommended:
        data = self.cleaned_data
        return Recommended(name=data["name"], email=data["email"], profile_url=data["profile_url"] or "")


class RecommendationForm(forms.Form):
    """A recommendation recorded by hand: which alumnus, for which opening (or contract work),
    whom (found by email, then profile URL; else a new person) and why."""

    alumnus = AlumnusChoiceField(
        queryset=Alumnus.objects.none(),
        empty_label="Choose the alumnus…",
        error_messages={"invalid_choice": MSG_ALUMNUS, "required": MSG_ALUMNUS},
    )
    opening = OpeningChoiceField(
        queryset=JobOpening.objects.none(),
        required=False,
        empty_label="No opening: a contractor or consultant",
        error_messages={"invalid_choice": MSG_OPENING},
    )
    kind = forms.ChoiceField(
        choices=RecommendationKind.choices,
        initial=RecommendationKind.EMPLOYEE,
        help_text="For an opening: employee. Without one: contractor or consultant.",
    )
    name = forms.CharField(label="Whom they recommend", max_length=NAME_MAX, required=False)
    email = forms.EmailField(
        max_length=254, required=False, help_text="Someone already in the directory is found by email."
    )
    profile_url = forms.URLField(
        label="Profile URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Or by profile address, e.g. their LinkedIn page.",
    )
    why = _why_field()
    allow_same_name = forms.BooleanField(required=False, label="Create anyway: this is someone else with the same name")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alumnus"].queryset = visible_alumni(user).order_by(  # type: ignore[attr-defined]
            "person__last_name", "person__first_name", "pk"
        )
        self.fields["opening"].queryset = share_openings(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if not any((data.get(name) or "").strip() for name in ("name", "email", "profile_url")):
            self.add_error("name", "Give the name of the person they recommend (and their email if you have it).")
        return data

    def recommended(self) -> Recommended:
        data = self.cleaned_data
        return Recommended(name=data["name"], email=data["email"], profile_url=data["profile_url"] or "")


class RecommendationFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any kind"), *RecommendationKind.choices], required=False)
    opening = OpeningChoiceField(queryset=JobOpening.objects.none(), required=False, empty_label="Any opening")
    alumnus = forms.CharField(
        label="Alumnus", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        openings: QuerySet[JobOpening] = visible_openings(user).order_by("pilot__name", "title", "id")
        self.fields["opening"].queryset = openings  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the period comes before its start.")
        return data
