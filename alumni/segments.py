"""What an alumni segment's ``definition`` holds, how it is checked, matched and put in words.

A definition is a JSON object of filters over the alumni fields; an alumnus matches when every
filter given matches (AND); an absent filter matches everyone, so ``{}`` is "all the pilot's
alumni". Within a list filter any value matches (OR).

=======================  ==========================================  ==========================
key                      value                                       matches the alumnus when
=======================  ==========================================  ==========================
former_departments       list of department names                    their former department is
                                                                     one of them (case ignored)
exit_types               list of alumni.models.ExitType values       their exit type is one
countries                list of ISO 3166 two-letter codes           their person's country is one
company_relationships    list of people.Company relationship values  their current company's
                                                                     relationship is one
rehire_eligible          true or false (absent: either, or unknown)  their rehire eligibility is it
left_after               a date, YYYY-MM-DD                          they left on or after it
left_before              a date, YYYY-MM-DD                          they left on or before it
goodwill_levels          list of alumni.models.Goodwill values       their goodwill is one
=======================  ==========================================  ==========================

``validate_definition`` returns the normalised definition (sorted, de-duplicated lists; upper-case
country codes; ISO dates) or raises DefinitionError with one message per filter at fault, each
naming the filter. ``definition_q`` turns a valid definition into a Q over Alumnus;
``describe`` says it in words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q

from people.models import CompanyRelationship

from .models import ExitType, Goodwill

MAX_VALUES = 100  # values in one list filter
MAX_TEXT = 150  # characters of one department name

LIST_CHOICES: dict[str, type[Any]] = {
    "exit_types": ExitType,
    "company_relationships": CompanyRelationship,
    "goodwill_levels": Goodwill,
}
FILTERS: dict[str, str] = {
    "former_departments": "Former department",
    "exit_types": "Exit type",
    "countries": "Country",
    "company_relationships": "Current company's relationship",
    "rehire_eligible": "Eligible for rehire",
    "left_after": "Left on or after",
    "left_before": "Left on or before",
    "goodwill_levels": "Goodwill",
}
COUNTRY = re.compile(r"^[A-Z]{2}$")

MSG_NOT_OBJECT = 'A segment definition is a JSON object of filters, e.g. {"countries": ["DE"]}.'
MSG_UNKNOWN = "“{key}” is not a filter; use {known}."
MSG_LIST = "{label} ({key}): give a list of values."
MSG_TOO_MANY = "{label} ({key}): at most {max} values."
MSG_CHOICE = "{label} ({key}): {bad} {is_are} not one of {allowed}."
MSG_TEXT = "{label} ({key}): each value is a name of 1 to {max} characters."
MSG_COUNTRY = "{label} ({key}): {bad} {is_are} not a two-letter ISO country code like DE or US."
MSG_BOOL = "{label} ({key}): true or false (leave it out for either)."
MSG_DATE = "{label} ({key}): {value} is not a date like 2024-01-31."
MSG_DATES_ORDER = "Left on or after ({after}) is later than left on or before ({before}): no one can match."


class DefinitionError(ValueError):
    """A definition that cannot be used. ``errors``: {filter key: [messages]} ("definition" for
    the definition as a whole)."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(" ".join(m for messages in errors.values() for m in messages))


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"“{v}”" for v in values)


def _list(key: str, raw: Any) -> list[Any]:
    label = FILTERS[key]
    if not isinstance(raw, list):
        raise ValueError(MSG_LIST.format(label=label, key=key))
    if len(raw) > MAX_VALUES:
        raise ValueError(MSG_TOO_MANY.format(label=label, key=key, max=MAX_VALUES))
    return raw


def _choices(key: str, raw: Any) -> list[str]:
    choices = LIST_CHOICES[key]
    allowed = [c.value for c in choices]
    values = _list(key, raw)
    bad = [str(v)[:40] for v in values if v not in allowed]
    if bad:
        is_are = "is" if len(bad) == 1 else "are"
        raise ValueError(
            MSG_CHOICE.format(label=FILTERS[key], key=key, bad=_quoted(bad), is_are=is_are, allowed=_quoted(allowed))
        )
    return sorted(set(values), key=allowed.index)


def _departments(key: str, raw: Any) -> list[str]:
    names: dict[str, str] = {}
    for value in _list(key, raw):
        name = " ".join(value.split()) if isinstance(value, str) else ""
        if not name or len(name) > MAX_TEXT:
            raise ValueError(MSG_TEXT.format(label=FILTERS[key], key=key, max=MAX_TEXT))
        names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def _countries(key: str, raw: Any) -> list[str]:
    raw_values = _list(key, raw)
    values = [v.strip().upper() if isinstance(v, str) else v for v in raw_values]
    bad = [
        str(r)[:40] for r, v in zip(raw_values, values, strict=True) if not (isinstance(v, str) and COUNTRY.match(v))
    ]
    if bad:
        is_are = "is" if len(bad) == 1 else "are"
        raise ValueError(MSG_COUNTRY.format(label=FILTERS[key], key=key, bad=_quoted(bad), is_are=is_are))
    return sorted(set(values))


def _bool(key: str, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise ValueError(MSG_BOOL.format(label=FILTERS[key], key=key))
    return raw


def _date(key: str, raw: Any) -> str:
    try:
        if isinstance(raw, dt.date):
            return raw.isoformat()
        return dt.date.fromisoformat(str(raw).strip()).isoformat() if isinstance(raw, str) else _fail()
    except ValueError:
        value = f"“{str(raw)[:40]}”"
        raise ValueError(MSG_DATE.format(label=FILTERS[key], key=key, value=value)) from None


def _fail() -> str:
    raise ValueError


CLEAN = {
    "former_departments": _departments,
    "exit_types": _choices,
    "countries": _countries,
    "company_relationships": _choices,
    "rehire_eligible": _bool,
    "left_after": _date,
    "left_before": _date,
    "goodwill_levels": _choices,
}


def validate_definition(raw: Any) -> dict[str, Any]:
    """The normalised definition, or DefinitionError naming each filter at fault. Empty lists are
    dropped (an empty list would match no one, which is never what was meant)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise DefinitionError({"definition": [MSG_NOT_OBJECT]})
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in CLEAN:
            known = ", ".join(FILTERS)
            errors.setdefault("definition", []).append(MSG_UNKNOWN.format(key=str(key)[:40], known=known))
            continue
        if value is None or value == []:
            continue
        try:
            clean[key] = CLEAN[key](key, value)
        except ValueError as exc:
            errors[key] = [str(exc)]
    after, before = clean.get("left_after"), clean.get("left_before")
    if after and before and after > before and not errors:
        errors["left_before"] = [MSG_DATES_ORDER.format(after=after, before=before)]
    if errors:
        raise DefinitionError(errors)
    return {key: clean[key] for key in FILTERS if key in clean}


def definition_q(definition: Mapping[str, Any]) -> Q:
    """A Q over Alumnus matching a definition (validated first: a bad one raises DefinitionError)."""
    d = validate_definition(definition)
    q = Q()
    if "former_departments" in d:
        any_department = Q()
        for name in d["former_departments"]:
            any_department |= Q(former_department__iexact=name)
        q &= any_department
    lookups = {
        "exit_types": "exit_type__in",
        "countries": "person__country__in",
        "company_relationships": "person__company__relationship__in",
        "rehire_eligible": "rehire_eligible",
        "left_after": "left_on__gte",
        "left_before": "left_on__lte",
        "goodwill_levels": "goodwill__in",
    }
    for key, lookup in lookups.items():
        if key in d:
            q &= Q(**{lookup: d[key]})
    return q


def _labels(key: str, values: list[str]) -> str:
    choices = LIST_CHOICES.get(key)
    if choices is None:
        return ", ".join(values)
    names = {c.value: str(c.label) for c in choices}
    return ", ".join(names.get(v, v) for v in values)


def describe(definition: Mapping[str, Any]) -> list[str]:
    """The definition in words, one line per filter; ["Every alumnus of the pilot"] when empty.
    A definition that no longer validates is described as it stands, flagged."""
    try:
        d = validate_definition(definition)
    except DefinitionError as exc:
        return [f"This definition is not valid any more: {exc}"]
    if not d:
        return ["Every alumnus of the pilot"]
    lines = []
    for key, value in d.items():
        label = FILTERS[key]
        if key == "rehire_eligible":
            lines.append("Eligible for rehire" if value else "Not eligible for rehire")
        elif isinstance(value, list):
            lines.append(f"{label}: {_labels(key, value)}")
        else:
            lines.append(f"{label}: {value}")
    return lines
