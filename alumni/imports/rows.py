"""One row of an import as the rest of the program sees it, whichever file it came from, and the
checks every format shares (a name, an email, a profile URL, a date, a duplicate of an earlier row).

Row numbers are what a spreadsheet shows: the file's first line is row 1, the LinkedIn preamble
and blank lines count, and a quoted cell that spans lines is still one row."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from people.search import fold
from people.services.persons import canonical_profile_url

MAX_LENGTHS = {
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "company": 200,
    "title": 200,
    "city": 120,
    "department": 150,
    "role": 200,
    "linkedin_url": 500,
}

MSG_FIRST_NAME = "A first name is required."
MSG_LAST_NAME = "A last name is required."
MSG_EMAIL_REQUIRED = "An email address is required."
MSG_EMAIL = "“{value}” is not an email address."
MSG_URL = "“{value}” is not a web address (it should start with https://)."
MSG_TOO_LONG = "Longer than {limit} characters."
MSG_DATE = "“{value}” is not a date written {shape}."
MSG_DUPLICATE = "The same person as row {row} ({why})."


@dataclass(slots=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(slots=True)
class ImportRow:
    """A valid row. Text is stripped and plain (never HTML: it is escaped where shown); the email
    is lower case; the profile URL is canonical (people.services.canonical_profile_url)."""

    row: int
    first_name: str
    last_name: str = ""
    email: str = ""
    company: str = ""
    title: str = ""
    city: str = ""
    country: str = ""
    linkedin_url: str = ""
    department: str = ""
    role: str = ""
    started_on: dt.date | None = None
    left_on: dt.date | None = None
    exit_type: str = ""
    rehire_eligible: bool | None = None
    connected_on: dt.date | None = None
    folded: str = field(default="", repr=False, compare=False)  # folded_name, computed once

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def folded_name(self) -> str:
        """As people's ``search_name`` holds it (people.search.fold of "first last")."""
        if not self.folded:
            self.folded = fold(f"{self.first_name} {self.last_name}")
        return self.folded

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("started_on", "left_on", "connected_on"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        data.pop("folded", None)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportRow:
        values = dict(data)
        for key in ("started_on", "left_on", "connected_on"):
            if values.get(key):
                values[key] = dt.date.fromisoformat(values[key])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


class RowChecker:
    """Collects one row's problems while its cells are read; ``column_names`` maps a field to
    the column's name in the file (what the problem list shows)."""

    def __init__(self, row: int, column_names: dict[str, str], *, validated: bool = False) -> None:
        self.validated = validated
        self.row = row
        self.columns = column_names
        self.errors: list[RowError] = []

    def fail(self, name: str, message: str) -> None:
        self.errors.append(RowError(self.row, self.columns.get(name, name), message))

    def text(self, name: str, value: str, *, required: str = "") -> str:
        value = " ".join(value.split())
        if not value and required:
            self.fail(name, required)
        limit = MAX_LENGTHS.get(name)
        if limit is not None and len(value) > limit:
            self.fail(name, MSG_TOO_LONG.format(limit=limit))
        return value

    def email(self, value: str, *, required: bool = False) -> str:
        value = value.strip().lower()
        if not value:
            if required:
                self.fail("email", MSG_EMAIL_REQUIRED)
            return ""
        if self.validated:
            return value
        try:
            validate_email(value)
        except ValidationError:
            self.fail("email", MSG_EMAIL.format(value=value[:80]))
        return value

    def url(self, name: str, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        scheme = value.split("://", 1)[0].lower() if "://" in value else ""
        canonical = canonical_profile_url(value) if scheme in ("", "http", "https") else None
        if not canonical or len(canonical) > MAX_LENGTHS["linkedin_url"]:
            self.fail(name, MSG_URL.format(value=value[:80]))
            return ""
        return canonical

    def date(self, name: str, value: str, parse: Any, shape: str) -> dt.date | None:
        value = value.strip()
        if not value:
            return None
        try:
            return parse(value)
        except ValueError:
            self.fail(name, MSG_DATE.format(value=value[:40], shape=shape))
            return None


class DuplicateFinder:
    """Rows that are the same person as an earlier row of the file: the same email, the same
    profile URL, or (for rows with neither) the same name at the same company."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def check(self, row: ImportRow) -> tuple[str, str] | None:
        """(field, message) when ``row`` repeats an earlier row; else remembers it."""
        keys: list[tuple[str, str, str]] = []
        if row.email:
            keys.append(("email", f"e:{row.email}", "the same email"))
        if row.linkedin_url:
            keys.append(("linkedin_url", f"u:{row.linkedin_url.lower()}", "the same profile URL"))
        if not keys:
            keys.append(("first_name", f"n:{row.folded_name}|{fold(row.company)}", "the same name and company"))
        for name, key, why in keys:
            earlier = self.seen.get(key)
            if earlier is not None:
                return name, MSG_DUPLICATE.format(row=earlier, why=why)
        for _, key, _ in keys:
            self.seen[key] = row.row
        return None
