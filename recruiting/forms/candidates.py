"""Forms of the pipeline pages (add, correct, move, filter, promote a conversation) and of a
referral and its thank-you. Field names equal the services' keyword names, so a service's refusal
lands on the right field (core.web.add_domain_error). The forms check input shape; the rules stay
in recruiting.services and recruiting.pipeline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from people.models import Person
from people.services import HandleData, PersonData
from programs.models import Pilot, Venue

from ..access import visible_openings
from ..models import CandidateSource, JobOpening, Step
from ..pipeline import ACTIVE, COLUMNS, label
from ..services.candidates import NOTE_MAX
from ..services.referrals import MSG_WHO, MSG_WHY, WHY_MAX

MSG_OPENING = "Choose one of the emerging or open openings of your pilots."
MSG_NEW_NAME = "Give the new person's first name (the author's name is prefilled)."


def open_openings(user: User) -> QuerySet[JobOpening]:
    """Openings people may be added to: emerging or open, in the user's pilots."""
    return (
        visible_openings(user)
        .filter(status__in=[JobOpening.Status.EMERGING, JobOpening.Status.OPEN])
        .order_by("pilot__name", "title", "id")
    )


class OpeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.pilot.name}, {obj.get_status_display().lower()})"


def _opening_field(**kwargs: Any) -> OpeningChoiceField:
    return OpeningChoiceField(
        queryset=JobOpening.objects.none(),
        empty_label="Choose an opening…",
        error_messages={"invalid_choice": MSG_OPENING, "required": MSG_OPENING},
        **kwargs,
    )


def _note_field() -> forms.CharField:
    return forms.CharField(
        max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Optional."
    )


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label="Name", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"}))
    opening = OpeningChoiceField(queryset=JobOpening.objects.none(), required=False, empty_label="Any opening")
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any pilot")
    step = forms.ChoiceField(choices=[("", "Any step"), *[(s, label(s)) for s in COLUMNS]], required=False)
    source = forms.ChoiceField(choices=[("", "Any source"), *CandidateSource.choices], required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        openings = visible_openings(user).order_by("pilot__name", "title", "id")
        self.fields["opening"].queryset = openings  # type: ignore[attr-defined]
        self.fields["pilot"].queryset = Pilot.objects.filter(  # type: ignore[attr-defined]
            pk__in=openings.values("pilot_id")
        ).order_by("name")


class CandidateForm(forms.Form):
    """Add a candidate: the person is picked with the ledger's people picker (rendered by the
    template, posted as ``person``)."""

    opening = _opening_field()
    person = forms.ModelChoiceField(
        queryset=Person.objects.not_erased(),
        required=True,
        widget=forms.HiddenInput,
        error_messages={"required": "Choose the person: search for them, then pick one of the matches."},
    )
    source = forms.ChoiceField(choices=CandidateSource.choices, initial=CandidateSource.OTHER)
    step = forms.ChoiceField(
        label="Starts at",
        choices=[(s, label(s)) for s in ACTIVE],
        initial=Step.FOUND,
        help_text="Where they are now; usually “Found”.",
    )
    note = _note_field()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = open_openings(user)  # type: ignore[attr-defined]


class CandidateEditForm(forms.Form):
    source = forms.ChoiceField(choices=CandidateSource.choices)
    note = _note_field()


class MoveForm(forms.Form):
    to = forms.ChoiceField(label="Move to", choices=[(s, label(s)) for s in COLUMNS])
    note = forms.CharField(max_length=NOTE_MAX, required=False)


class _NewPersonFields(forms.Form):
    """A new person's fields, all optional here: the form's ``clean`` asks for them when needed."""

    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)


class PromoteForm(_NewPersonFields):
    """Promote a conversation: which opening, and whether the candidate is the person already
    linked to it or a new person made from the author (prefilled, editable)."""

    opening = _opening_field()
    who = forms.ChoiceField(
        label="Who", widget=forms.RadioSelect, choices=[("linked", "The linked person"), ("new", "A new person")]
    )
    handle = forms.CharField(max_length=200, required=False)
    venue_kind = forms.ChoiceField(label="Venue kind", choices=Venue.Kind.choices, required=False)
    profile_url = forms.CharField(label="Profile URL", max_length=500, required=False)
    note = _note_field()
    confirm = forms.BooleanField(required=False, label="Create anyway: this is someone else with the same name")

    field_order = ["opening", "who", "first_name", "last_name", "handle", "venue_kind", "profile_url", "note"]

    def __init__(self, *args: Any, user: User, linked: Person | None, source_detail: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = open_openings(user)  # type: ignore[attr-defined]
        self.source_detail = source_detail
        who = self.fields["who"]
        if linked is None:
            who.choices = [("new", "A new person, from the post's author")]  # type: ignore[attr-defined]
        else:
            who.choices = [  # type: ignore[attr-defined]
                ("linked", f"{linked.full_name}, already linked to the conversation"),
                ("new", "A new person, from the post's author"),
            ]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("who") == "new" and not (data.get("first_name") or "").strip():
            self.add_error("first_name", MSG_NEW_NAME)
        return data

    def new_person(self) -> PersonData:
        data = self.cleaned_data
        handles = []
        if data["handle"] or data["profile_url"]:
            handles.append(
                HandleData(
                    venue_kind=data["venue_kind"] or Venue.Kind.OTHER,
                    handle=data["handle"].lstrip("@"),
                    profile_url=data["profile_url"],
                )
            )
        return PersonData(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            handles=handles,
            source=Person.Source.LISTENING,
            source_detail=self.source_detail[:255],
        )


class ReferralForm(_NewPersonFields):
    """One short form: who (picked with the people picker, or a new person's name and contact),
    which opening, why."""

    opening = _opening_field(help_text="The emerging and open openings of your pilots.")
    person = forms.ModelChoiceField(queryset=Person.objects.not_erased(), required=False, widget=forms.HiddenInput)
    email = forms.EmailField(required=False, max_length=254)
    profile_url = forms.URLField(label="Profile URL", required=False, max_length=500, assume_scheme="https")
    why = forms.CharField(
        label="Why them",
        max_length=WHY_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": WHY_MAX}),
        help_text="What makes them a good fit: a sentence or two.",
        error_messages={"required": MSG_WHY},
    )
    confirm = forms.BooleanField(required=False, label="Create anyway: this is someone else with the same name")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = open_openings(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        typed = any((data.get(name) or "").strip() for name in ("first_name", "last_name", "email", "profile_url"))
        if data.get("person") is None and not typed:
            self.add_error("person", MSG_WHO)
        elif data.get("person") is None and not (data.get("first_name") or "").strip():
            self.add_error("first_name", "Give the new person's first name.")
        return data

    def new_person(self) -> PersonData:
        data = self.cleaned_data
        handles = []
        if data["profile_url"]:
            handles.append(HandleData(venue_kind=_venue_kind_of(data["profile_url"]), profile_url=data["profile_url"]))
        return PersonData(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            emails=[data["email"]] if data["email"] else [],
            handles=handles,
            source=Person.Source.REFERRAL,
        )


PROFILE_HOSTS = {
    "linkedin.com": Venue.Kind.LINKEDIN,
    "x.com": Venue.Kind.X,
    "twitter.com": Venue.Kind.X,
    "facebook.com": Venue.Kind.FACEBOOK,
    "bsky.app": Venue.Kind.BLUESKY,
    "reddit.com": Venue.Kind.REDDIT,
    "xing.com": Venue.Kind.XING,
    "youtube.com": Venue.Kind.YOUTUBE,
    "news.ycombinator.com": Venue.Kind.HACKER_NEWS,
}


def _venue_kind_of(url: str) -> str:
    """The venue kind a profile address belongs to, by its host ("other" when unknown)."""
    host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    for domain, kind in PROFILE_HOSTS.items():
        if host == domain or host.endswith(f".{domain}"):
            return str(kind)
    return str(Venue.Kind.OTHER)


class ThankForm(forms.Form):
    note = forms.CharField(
        label="Thank-you note",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Sent to the referrer by email, whatever became of the referral.",
    )
