"""Forms of the people directory. They check input shape; the rules live in people.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from programs.models import Venue

from .countries import country_code
from .models import Company, Person, Tag
from .search import validate_search
from .selectors import SORTS, PersonFilters
from .services import MAX_EMAILS, MAX_HANDLES, MAX_TAGS, MSG_COUNTRY, MSG_TOO_MANY, HandleData, PersonData

BLANK = [("", "Any")]
MSG_BAD_EMAIL = "“{email}” is not a valid email address."
MSG_COMPANY_BOTH = "Choose a company or type a new company name, not both."
MSG_HANDLE_KIND = "Choose the venue for this handle."


def _clean_country(value: str) -> str:
    code = country_code(value)
    if code is None:
        raise ValidationError(MSG_COUNTRY.format(value=value.strip()))
    return code


class PersonFilterForm(forms.Form):
    """The GET form above the directory. Invalid values are dropped, never an error page."""

    q = forms.CharField(label="Search", required=False, validators=[validate_search])
    country = forms.CharField(label="Country", required=False, max_length=2)
    city = forms.CharField(label="City", required=False, max_length=120)
    company = forms.ModelChoiceField(
        label="Company", required=False, queryset=Company.objects.only("id", "name"), empty_label="Any"
    )
    tag = forms.ModelChoiceField(
        label="Tag", required=False, queryset=Tag.objects.all(), to_field_name="name", empty_label="Any"
    )
    source = forms.ChoiceField(label="Source", required=False, choices=BLANK + Person.Source.choices)
    consent = forms.ChoiceField(
        label="Consent to contact", required=False, choices=[*BLANK, ("yes", "Yes"), ("no", "No")]
    )
    relationship = forms.ChoiceField(
        label="Company relationship", required=False, choices=BLANK + Company.Relationship.choices
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=[("name", "Name"), ("newest", "Newest first")])

    @property
    def search_refused(self) -> bool:
        """A search over the bounds is an error shown on the form (and no result), not dropped."""
        return self.is_bound and "q" in self.errors

    def filters(self) -> PersonFilters:
        # After is_valid(), cleaned_data holds the fields that validated: one bad value (an unknown
        # company id, say) drops that filter only.
        self.is_valid()
        data: dict[str, Any] = self.cleaned_data
        tag = data.get("tag")
        sort = data.get("sort") or "name"
        return PersonFilters(
            q=data.get("q", ""),
            country=data.get("country", ""),
            city=data.get("city", ""),
            company=data.get("company"),
            tag=tag.name if tag else "",
            source=data.get("source", ""),
            consent=data.get("consent", ""),
            relationship=data.get("relationship", ""),
            sort=sort if sort in SORTS else "name",
        )


class CompanyFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, validators=[validate_search])
    relationship = forms.ChoiceField(label="Relationship", required=False, choices=BLANK + Company.Relationship.choices)


class PersonForm(forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100, required=False)
    title = forms.CharField(label="Current title", max_length=200, required=False)
    company = forms.ModelChoiceField(
        label="Company", required=False, queryset=Company.objects.only("id", "name"), empty_label="— none —"
    )
    new_company = forms.CharField(
        label="or type a new company name",
        max_length=200,
        required=False,
        help_text="Creates the company if no company of that name exists.",
    )
    # No max_length: a longer value gets the service's own message from clean_country.
    country = forms.CharField(
        required=False,
        help_text="A country name or its two-letter ISO code, e.g. Germany or DE.",
        widget=forms.TextInput(attrs={"autocomplete": "country-name", "list": "country-names"}),
    )
    city = forms.CharField(max_length=120, required=False)
    emails = forms.CharField(
        label="Emails",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line; the first is the primary address.",
    )
    tags = forms.CharField(
        label="Tags", required=False, max_length=500, help_text="Comma-separated, e.g. python, berlin."
    )
    source = forms.ChoiceField(choices=Person.Source.choices, initial=Person.Source.MANUAL)
    source_detail = forms.CharField(
        label="Source detail", max_length=255, required=False, help_text="Which file, search or referrer."
    )
    consent_to_contact = forms.BooleanField(label="Consents to be contacted", required=False)
    consent_date = forms.DateField(
        label="Consent date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for today.",
    )
    do_not_contact = forms.BooleanField(
        label="Do not contact: they asked us not to",
        required=False,
        help_text="Nobody introduces, names in a digest or emails them without a recorded override. "
        "This withdraws consent.",
    )
    consent_source = forms.CharField(
        label="How they told us",
        max_length=200,
        required=False,
        help_text="Recorded in the consent history when consent or “do not contact” changes, "
        "e.g. “reply to our email of 3 May”.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    confirm_duplicate = forms.BooleanField(
        label="Create anyway: this is a different person with the same name", required=False
    )

    # Fields rendered together on the page, in this order (confirm_duplicate only when needed).
    groups = (
        ("Name and work", ("first_name", "last_name", "title", "company", "new_company")),
        ("Location", ("country", "city")),
        ("Contact", ("emails",)),
        ("Tags and source", ("tags", "source", "source_detail")),
        ("Consent", ("consent_to_contact", "consent_date", "do_not_contact", "consent_source")),
        ("Notes", ("notes",)),
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "title": person.title,
            "company": person.company_id,
            "country": person.country,
            "city": person.city,
            "emails": "\n".join(e.email for e in person.emails.all()),
            "tags": ", ".join(t.name for t in person.tags.all()),
            "source": person.source,
            "source_detail": person.source_detail,
            "consent_to_contact": person.consent_to_contact,
            "consent_date": person.consent_date,
            "do_not_contact": person.do_not_contact,
            "notes": person.notes,
        }

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if person is not None and person.do_not_contact:
            # Clearing "do not contact" is an HR lead's deliberate step on the person page, with a note.
            field = self.fields["do_not_contact"]
            field.disabled, field.initial = True, True
            field.help_text = "Only an HR lead can clear this, on the person page, saying why."

    def field_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data["country"])

    def clean_emails(self) -> list[str]:
        emails: list[str] = []
        errors = []
        lines = [line for line in self.cleaned_data["emails"].splitlines() if line.strip().strip(",;").strip()]
        if len(lines) > MAX_EMAILS:
            raise ValidationError(MSG_TOO_MANY.format(limit=MAX_EMAILS, what="email addresses"))
        for line in lines:
            email = line.strip().strip(",;").strip()
            if not email:
                continue
            try:
                validate_email(email)
            except ValidationError:
                errors.append(MSG_BAD_EMAIL.format(email=email))
                continue
            emails.append(email)
        if errors:
            raise ValidationError(errors)
        return emails

    def clean_tags(self) -> list[str]:
        tags = [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        if len(tags) > MAX_TAGS:
            raise ValidationError(MSG_TOO_MANY.format(limit=MAX_TAGS, what="tags"))
        return tags

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("company") and (data.get("new_company") or "").strip():
            self.add_error("new_company", MSG_COMPANY_BOTH)
        return data

    def person_data(self, *, handles: list[HandleData]) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            first_name=d["first_name"],
            last_name=d["last_name"],
            title=d["title"],
            company=d.get("company"),
            new_company=(d.get("new_company") or "").strip(),
            country=d["country"],
            city=d["city"],
            emails=list(d["emails"]),
            handles=handles,
            tags=list(d["tags"]),
            source=d["source"],
            source_detail=d["source_detail"],
            consent_to_contact=d["consent_to_contact"],
            consent_date=d["consent_date"],
            notes=d["notes"],
            do_not_contact=d["do_not_contact"],
            consent_source=d["consent_source"],
        )


class HandleForm(forms.Form):
    venue_kind = forms.ChoiceField(label="Venue", required=False, choices=[("", "—"), *Venue.Kind.choices])
    handle = forms.CharField(label="Handle", max_length=200, required=False)
    profile_url = forms.URLField(label="Profile URL", max_length=500, required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("handle") or data.get("profile_url")) and not data.get("venue_kind"):
            self.add_error("venue_kind", MSG_HANDLE_KIND)
        return data


class BaseHandleFormSet(forms.BaseFormSet):
    default_error_messages = {"too_many_forms": MSG_TOO_MANY.format(limit=MAX_HANDLES, what="handles")}

    def clean(self) -> None:
        super().clean()
        if len(self.handles()) > MAX_HANDLES:
            raise ValidationError(MSG_TOO_MANY.format(limit=MAX_HANDLES, what="handles"))

    def handles(self) -> list[HandleData]:
        out = []
        for form in self.forms:
            d = getattr(form, "cleaned_data", None) or {}
            if d.get("venue_kind") and (d.get("handle") or d.get("profile_url")):
                out.append(HandleData(venue_kind=d["venue_kind"], handle=d["handle"], profile_url=d["profile_url"]))
        return out


HandleFormSet = cast(
    type[BaseHandleFormSet],
    forms.formset_factory(
        HandleForm, formset=BaseHandleFormSet, extra=3, max_num=MAX_HANDLES, absolute_max=MAX_HANDLES, validate_max=True
    ),
)


def handle_initial(person: Person) -> list[dict[str, str]]:
    return [
        {"venue_kind": h.venue_kind, "handle": h.handle, "profile_url": h.profile_url} for h in person.handles.all()
    ]


class ConsentForm(forms.Form):
    consent = forms.TypedChoiceField(
        choices=[("yes", "Record consent"), ("no", "Withdraw consent")], coerce=lambda v: v == "yes"
    )
    consent_date = forms.DateField(
        label="Consent given on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for today.",
    )
    source = forms.CharField(label="How they told us", max_length=200, required=False)
    note = forms.CharField(label="Note", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DoNotContactForm(ConsentForm):
    """The same "how they told us" and note as consent; the date is when they asked."""

    consent = None  # type: ignore[assignment]
    consent_date = None  # type: ignore[assignment]
    do_not_contact = forms.TypedChoiceField(
        choices=[("yes", "Mark do not contact"), ("no", "Clear do not contact")], coerce=lambda v: v == "yes"
    )
    date = forms.DateField(
        label="They asked on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for today.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = "Required to clear it: say why."


class CompanyForm(forms.Form):
    name = forms.CharField(max_length=200)
    domain = forms.CharField(max_length=253, required=False, help_text="e.g. example.com")
    industry = forms.CharField(max_length=120, required=False)
    relationship = forms.ChoiceField(choices=Company.Relationship.choices, initial=Company.Relationship.OTHER)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))

    @classmethod
    def initial_for(cls, company: Company) -> dict[str, Any]:
        return {f: getattr(company, f) for f in ("name", "domain", "industry", "relationship", "notes")}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("A name is required.")
        return name
