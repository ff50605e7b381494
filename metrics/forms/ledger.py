"""Forms of the ledger pages: the quick log (and correction) of introductions and assists, the
person and company pickers they use, and the filters above the lists.

Field names equal metrics.services' keyword names, so add_domain_error puts a service's refusal
on the right field. The forms check input shape; the rules (dates, targets, pilots, the value
scale) stay in metrics.services.

People are picked with a search box and a short list of radio buttons, never a <select> of the
whole directory (100,000 people): htmx refreshes the list as the user types; without JavaScript
the "Find" button posts the form back with the matches. Nothing is picked for the user: not the
first match, not an empty row. An optional picker offers an explicit "no one" row, last; a search
typed without a pick is refused on that field, so the error always names what the page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from accounts.models import User
from core.errors import DomainError
from core.web import as_pk, filter_by
from people.consent import OVERRIDE_FIELD
from people.models import Company, Person
from people.selectors import company_lookup, person_lookup
from programs.access import visible_pilots, workable_pilots
from programs.models import Pilot, Stage

from ..models import (
    Assist,
    AssistDirection,
    AssistType,
    Introduction,
    IntroductionKind,
    IntroductionPurpose,
)
from ..selectors import last_assist_choice, last_logged_pilot
from ..services import MSG_INTRO_TARGET, MSG_PILOT, resolve_assist_type

LOOKUP_LIMIT = 20
LOOKUP_MIN_CHARS = 2
MSG_PICK_PERSON = "Choose a person: type part of a name, then pick one of the matches."
MSG_PICK_GONE = "That person or company no longer exists; search again."
MSG_PICK_TYPED = "Pick one of the matches for “{query}”, or empty the search box."
BLANK = [("", "Any")]


# --- pickers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PickerSpec:
    kind: str  # "person" or "company"
    label: str
    required: bool
    help: str
    nobody: str = ""  # the explicit "no one" row of an optional picker


PICKERS: dict[str, PickerSpec] = {
    "on_behalf_of": PickerSpec("person", "Introduced", True, "The alumnus, candidate or colleague you introduced."),
    "to_person": PickerSpec(
        "person",
        "To this person",
        False,
        "Leave empty when you introduced them to a company.",
        "No one: a company only",
    ),
    "to_company": PickerSpec("company", "To this company", False, "Optional when you chose a person.", "No company"),
    "person": PickerSpec("person", "With", True, "The alumnus or contact who gave or received the help."),
}


@dataclass
class PickerOption:
    pk: int
    label: str
    detail: str
    checked: bool


@dataclass(frozen=True)
class PickerError:
    """An error shown on a picker; ``cleared_by`` names the other pickers whose pick answers it
    too (picking a company answers "say whom the introduction was to")."""

    text: str
    cleared_by: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass
class Picker:
    """What the picker partial renders: the search box, the matches as radios, the errors."""

    name: str
    spec: PickerSpec
    query: str = ""
    options: list[PickerOption] = field(default_factory=list)
    errors: list[PickerError] = field(default_factory=list)
    autofocus: bool = False
    more: bool = False  # more matches than shown
    too_short: bool = False
    nobody_checked: bool = False  # the user chose the "no one" row

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def required(self) -> bool:
        return self.spec.required

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def has_checked(self) -> bool:
        return self.nobody_checked or any(o.checked for o in self.options)

    @property
    def lookup_url(self) -> str:
        return reverse("metrics:person_lookup" if self.kind == "person" else "metrics:company_lookup")


def _option(obj: Person | Company, checked: bool) -> PickerOption:
    if isinstance(obj, Person):
        company = obj.company.name if obj.company_id and obj.company else ""
        detail = " · ".join(x for x in (obj.title, company) if x)
        return PickerOption(obj.pk, obj.full_name or f"Person {obj.pk}", detail, checked)
    return PickerOption(obj.pk, obj.name, obj.domain, checked)


def picked_object(kind: str, value: Any) -> Person | Company | None:
    """The person or company (``kind``) a picker's value names: the object itself, or its id as
    posted or linked (?person=3); None for anything else, or an id that no longer exists."""
    model: type[Person] | type[Company] = Person if kind == "person" else Company
    if isinstance(value, model):
        return value
    if (pk := as_pk(value)) is not None:
        qs = model.objects.select_related("company") if model is Person else model.objects.all()
        return qs.filter(pk=pk).first()
    return None


def picker_matches(
    kind: str, query: str, *, picked: Sequence[Person | Company] = (), limit: int = LOOKUP_LIMIT
) -> tuple[list[Any], bool]:
    """What a picker lists, and whether more matched than it shows: what the user picked first
    (each once, in order), then up to ``limit`` matches for ``query`` (people through
    people.selectors.person_lookup, companies through people.selectors.company_lookup). An empty
    query lists only what was picked. Every person or company picker (the ledger forms, the
    hire form) lists its rows through here."""
    matches: list[Any] = []
    more = False
    if query:
        found = person_lookup(query) if kind == "person" else company_lookup(query).only("id", "name", "domain")
        matches = list(found[: limit + 1])
        more = len(matches) > limit
        matches = matches[:limit]
    first = list({obj.pk: obj for obj in picked}.values())
    shown = {obj.pk for obj in first}
    return [*first, *(m for m in matches if m.pk not in shown)], more


def build_picker(
    name: str, *, query: str, selected: Any, errors: list[PickerError] | None = None, nobody: bool = False
) -> Picker:
    """The matches for ``query`` (at most LOOKUP_LIMIT, through picker_matches) with the selected
    row first and checked, whatever was typed since. Nothing is checked that the user did not
    pick: ``nobody`` checks the "no one" row of an optional picker."""
    spec = PICKERS[name]
    picker = Picker(name=name, spec=spec, query=query.strip()[:200], errors=errors or [])
    selected_obj = picked_object(spec.kind, selected)
    long_enough = len(picker.query) >= LOOKUP_MIN_CHARS
    picker.too_short = bool(picker.query) and not long_enough
    matches, picker.more = picker_matches(
        spec.kind, picker.query if long_enough else "", picked=[selected_obj] if selected_obj is not None else []
    )
    picker.options = [_option(m, selected_obj is not None and m.pk == selected_obj.pk) for m in matches]
    picker.nobody_checked = nobody and not spec.required and selected_obj is None
    return picker


# --- the log and correction forms ----------------------------------------------------------


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def default_pilot(user: User, pilots: QuerySet[Pilot], *, came_from: str = "") -> Pilot | None:
    """The pilot of the page the user came from (``came_from``, the log link's ``next``) when they
    may log for it; else the only pilot they work in; else the pilot of what they logged last."""
    if (pk := pilot_of_page(came_from)) is not None and (pilot := pilots.filter(pk=pk).first()) is not None:
        return pilot
    first_two = list(pilots[:2])
    if len(first_two) == 1:
        return first_two[0]
    return last_logged_pilot(user, pilots)


def pilot_of_page(url: str) -> int | None:
    """The pilot a page of this site belongs to: a pilot's own pages (/pilots/<pk>/…: the pilot,
    its edit, goals, members and policies) or a page filtered to one pilot (?pilot=<pk>)."""
    if not url:
        return None
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        match = None
    if match is not None and match.namespace == "programs" and match.route.startswith("pilots/<int:pk>/"):
        return as_pk(match.kwargs.get("pk"))
    return as_pk((parse_qs(parts.query).get("pilot") or [""])[0])


class LedgerForm(forms.Form):
    """Shared by the introduction and assist forms: the pilot (only the user's own), the date
    (today by default, never in the future: the service says so) and the pickers."""

    picker_names: tuple[str, ...] = ()

    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        empty_label="Choose a pilot",
        error_messages={"invalid_choice": MSG_PILOT, "required": MSG_PILOT},
    )
    date = forms.DateField(widget=_date_widget(), help_text="When it happened.")

    def __init__(
        self,
        data: Any = None,
        *,
        user: User,
        initial: dict[str, Any] | None = None,
        searches: dict[str, str] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.user = user
        self.searches = searches or {}
        pilot_field = self.fields["pilot"]
        assert isinstance(pilot_field, forms.ModelChoiceField)
        pilot_field.queryset = workable_pilots(user).order_by("name")
        for name in self.picker_names:
            spec = PICKERS[name]
            model = Person if spec.kind == "person" else Company
            self.fields[name] = forms.ModelChoiceField(
                queryset=model.objects.all(),
                required=spec.required,
                label=spec.label,
                widget=forms.HiddenInput,  # rendered by the picker partial, never as a <select>
                error_messages={"required": MSG_PICK_PERSON, "invalid_choice": MSG_PICK_GONE},
            )

    # Errors one picker shows that a pick in another answers as well: {message: pickers}.
    shared_errors: dict[str, tuple[str, ...]] = {}

    def clean(self) -> dict[str, Any]:
        """A search typed into a picker without a pick is refused on that picker (an optional one
        too), rather than saved as "nobody" or refused elsewhere: the error names what was typed.
        The optional pickers' explicit "no one" row sends an empty value, which is a pick."""
        cleaned = super().clean() or {}
        for name in self.picker_names:
            query = str(self.data.get(f"{name}_search", "")).strip()[:200]
            picked = cleaned.get(name) is not None or name in self.errors
            if query and not picked and (PICKERS[name].required or name not in self.data):
                self.add_error(name, MSG_PICK_TYPED.format(query=query))
        return cleaned

    def pickers(self) -> list[Picker]:
        out = []
        for i, name in enumerate(self.picker_names):
            nobody = False
            if self.is_bound:
                query = str(self.data.get(f"{name}_search", ""))
                selected: Any = self.data.get(name, "")
                nobody = name in self.data and selected == ""
            else:
                query = self.searches.get(name, "")
                selected = self.initial.get(name)
            errors = [self._picker_error(name, str(e)) for e in self.errors.get(name, [])] if self.is_bound else []
            picker = build_picker(name, query=query, selected=selected, errors=errors, nobody=nobody)
            picker.autofocus = i == 0
            out.append(picker)
        return out

    def _picker_error(self, name: str, text: str) -> PickerError:
        others = [p for p in self.shared_errors.get(text, ()) if p != name]
        return PickerError(text, " ".join(others))

    plain_fields: tuple[str, ...] = ()

    def plain(self) -> list[forms.BoundField]:
        """The fields the generic partials render (the pickers have their own)."""
        return [self[name] for name in self.plain_fields]

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        return dict(self.cleaned_data)


class IntroductionForm(LedgerForm):
    picker_names = ("on_behalf_of", "to_person", "to_company")
    shared_errors = {MSG_INTRO_TARGET: ("to_person", "to_company")}

    on_behalf_kind = forms.ChoiceField(
        label="They are", choices=IntroductionKind.choices, initial=IntroductionKind.ALUMNUS
    )
    purpose = forms.ChoiceField(choices=IntroductionPurpose.choices, initial=IntroductionPurpose.JOB)
    outcome = forms.CharField(
        required=False, max_length=500, help_text="Optional: what came of it so far.", widget=forms.TextInput
    )
    contact_override = forms.CharField(
        label="Override do-not-contact",
        required=False,
        max_length=500,
        widget=forms.TextInput,
        help_text="Someone on this introduction asked not to be contacted. Say why it goes ahead anyway; "
        "your reason is recorded in the audit log.",
    )

    # The plain fields, in page order (the pickers come first).
    plain_fields = ("on_behalf_kind", "purpose", "pilot", "date", "outcome")

    def plain(self) -> list[forms.BoundField]:
        """The override of do-not-contact appears only once it is needed: after the service refused
        a person who asked not to be contacted (or while a reason is being given)."""
        fields = super().plain()
        if self.is_bound and (self.errors.get(OVERRIDE_FIELD) or str(self.data.get(OVERRIDE_FIELD, "")).strip()):
            fields.append(self[OVERRIDE_FIELD])
        return fields

    @classmethod
    def initial_for(cls, row: Introduction) -> dict[str, Any]:
        return {
            "on_behalf_of": row.on_behalf_of,
            "on_behalf_kind": row.on_behalf_kind,
            "to_person": row.to_person,
            "to_company": row.to_company,
            "purpose": row.purpose,
            "pilot": row.pilot_id,
            "date": row.date,
            "outcome": row.outcome,
        }


class AssistTypeField(forms.CharField):
    """An assist type by key (or id, as the API accepts): the service resolves it, so an unknown
    value gets the same message in the form as in the API."""

    def clean(self, value: Any) -> AssistType | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return resolve_assist_type(text)
        except DomainError as e:
            raise ValidationError(e.message) from e


class AssistForm(LedgerForm):
    picker_names = ("person",)

    direction = forms.ChoiceField(
        choices=AssistDirection.choices, widget=forms.RadioSelect, initial=AssistDirection.GIVEN
    )
    assist_type = AssistTypeField(label="Kind of help", error_messages={"required": "Choose the kind of help."})
    note = forms.CharField(required=False, max_length=500, help_text="Optional: a line of context.")

    plain_fields = ("direction", "assist_type", "pilot", "date", "note")

    def __init__(self, data: Any = None, *, current: AssistType | None = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        types = list(AssistType.objects.filter(Q(is_active=True) | Q(pk=getattr(current, "pk", None))))
        self.fields["assist_type"].widget = forms.RadioSelect(choices=[(t.key, str(t)) for t in types])

    @classmethod
    def initial_for(cls, row: Assist) -> dict[str, Any]:
        return {
            "person": row.person,
            "direction": row.direction,
            "assist_type": row.assist_type.key,
            "pilot": row.pilot_id,
            "date": row.date,
            "note": row.note,
        }


def quick_defaults(user: User, form_class: type[LedgerForm], *, came_from: str = "") -> dict[str, Any]:
    """Defaults of a new entry: today, the user's pilot (the one of the page they came from, see
    default_pilot), and for assists the direction and kind they logged last time."""
    pilots = workable_pilots(user).order_by("name")
    pilot = default_pilot(user, pilots, came_from=came_from)
    initial: dict[str, Any] = {"date": timezone.localdate(), "pilot": pilot.pk if pilot else None}
    if form_class is AssistForm:
        last = last_assist_choice(user)
        if last is not None:
            initial["direction"], initial["assist_type"] = last
        elif pilot is not None and pilot.stage == Stage.BIZDEV:
            initial["direction"] = AssistDirection.RECEIVED  # stage 3: alumni help the firm sell
    return initial


# --- list filters ------------------------------------------------------------------------------


YES_NO = [*BLANK, ("yes", "Yes"), ("no", "No")]


class LedgerFilterForm(forms.Form):
    """The GET form above a ledger list. A bad value drops that filter only, never an error page."""

    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any")
    stage = forms.TypedChoiceField(choices=[*BLANK, *Stage.choices], required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label="From", required=False, widget=_date_widget())
    date_to = forms.DateField(label="To", required=False, widget=_date_widget())
    mine = forms.BooleanField(label="Only mine", required=False)

    def __init__(self, data: Any = None, *, user: User) -> None:
        super().__init__(data)
        self.user = user
        pilot_field = self.fields["pilot"]
        assert isinstance(pilot_field, forms.ModelChoiceField)
        pilot_field.queryset = visible_pilots(user).order_by("name")

    @property
    def active(self) -> bool:
        return any(v not in (None, "", False) for v in self.data_clean().values())

    def data_clean(self) -> dict[str, Any]:
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def apply(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        d = self.data_clean()
        qs = filter_by(qs, d, LEDGER_FILTERS)
        if d.get("mine"):
            qs = qs.filter(self.mine_q())
        return qs

    def mine_q(self) -> Q:
        return Q(created_by=self.user)


# The filters every ledger list shares: {form field: lookup}.
LEDGER_FILTERS = {"pilot": "pilot", "stage": "stage", "date_from": "date__gte", "date_to": "date__lte"}


class IntroductionFilterForm(LedgerFilterForm):
    purpose = forms.ChoiceField(choices=BLANK + IntroductionPurpose.choices, required=False)
    meaningful = forms.ChoiceField(choices=YES_NO, required=False)

    field_order = ("pilot", "stage", "date_from", "date_to", "purpose", "meaningful", "mine")

    def apply(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        qs = super().apply(qs)
        d = self.data_clean()
        qs = filter_by(qs, d, {"purpose": "purpose"})
        if d.get("meaningful"):
            qs = qs.filter(meaningful=d["meaningful"] == "yes")
        return qs

    def mine_q(self) -> Q:
        return Q(created_by=self.user) | Q(made_by=self.user)


class AssistFilterForm(LedgerFilterForm):
    assist_type = forms.ModelChoiceField(
        label="Kind of help", queryset=AssistType.objects.all(), required=False, empty_label="Any", to_field_name="key"
    )
    direction = forms.ChoiceField(choices=BLANK + AssistDirection.choices, required=False)

    field_order = ("pilot", "stage", "date_from", "date_to", "assist_type", "direction", "mine")

    def apply(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        qs = super().apply(qs)
        return filter_by(qs, self.data_clean(), {"assist_type": "assist_type", "direction": "direction"})

    def mine_q(self) -> Q:
        return Q(created_by=self.user) | Q(employee=self.user)
