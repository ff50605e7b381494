"""An audit event's data as words, for the audit log page and API: field labels instead of field
names, choice labels instead of codes, names instead of ids where the name is known.

    details_for_page([event, …]) -> {event.pk: [("Role", "Contributor → Manager"), …]}

Labels and choices come from the target's model (the event's ``target_type``) through Django's
app registry, so accounts imports no app. Ids of related rows (a pilot, a user) are looked up in
one query per related model for the whole page; a row that no longer exists reads "#id".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import AuditEvent

Pair = tuple[str, str]

# Keys that services write into ``data`` without a model field of the same name.
KEY_LABELS = {
    "changes": "Changed",
    "count": "How many",
    "reason": "Why",
    "fields": "Fields",
    "inline": "Section",
    "owner": "Owner",
    "read_only": "Read only",
    "expires_at": "Expires",
    "name": "Name",
    "email": "Email address",
    "invitation": "Invitation number",
}
REASONS = {"password_changed": "the password was changed", "deactivated": "the account was deactivated"}
# Keys holding a user's id.
USER_KEYS = {"owner", "actor", "user"}
NOTHING = "—"


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _label(model: type[models.Model] | None, key: str) -> str:
    field = _field(model, key)
    if field is not None:
        return str(field.verbose_name).capitalize()
    return KEY_LABELS.get(key, key.replace("_", " ").capitalize())


def _related_model(model: type[models.Model] | None, key: str) -> type[models.Model] | None:
    if key in USER_KEYS:
        return _model("accounts.user")
    field = _field(model, key)
    if field is not None and field.is_relation and field.related_model is not None:
        related = field.related_model
        return related if isinstance(related, type) else None
    return None


class _Names:
    """Names of related rows for a page of events, one query per related model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], int], str] = {}

    def want(self, model: type[models.Model], value: Any) -> None:
        for pk in value if isinstance(value, list) else [value]:
            if isinstance(pk, int) and not isinstance(pk, bool):
                self.wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            for pk, obj in model._default_manager.in_bulk(list(pks)).items():
                self.found[(model, int(pk))] = str(obj)

    def name(self, model: type[models.Model], pk: Any) -> str:
        if isinstance(pk, int) and not isinstance(pk, bool):
            return self.found.get((model, pk), f"#{pk}")
        return _plain(pk)


def _plain(value: Any) -> str:
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {_plain(item)}" for key, item in value.items())
    return str(value)


class _Reader:
    """Turns one event's data into (label, words) pairs, given the page's related names."""

    def __init__(self, names: _Names) -> None:
        self.names = names

    def value(self, model: type[models.Model] | None, key: str, value: Any) -> str:
        related = _related_model(model, key)
        if related is not None:
            if isinstance(value, list):
                return ", ".join(self.names.name(related, item) for item in value) or NOTHING
            return self.names.name(related, value)
        field = _field(model, key)
        if field is not None and field.choices and not isinstance(value, (list, dict)):
            return str(dict(field.flatchoices).get(value, _plain(value)))
        if key == "reason":
            return REASONS.get(str(value), _plain(value))
        if key == "fields" and isinstance(value, list):
            return ", ".join(_label(model, str(item)) for item in value) or NOTHING
        return _plain(value)

    def pairs(self, event: AuditEvent) -> list[Pair]:
        model = _model(event.target_type)
        data = event.data if isinstance(event.data, dict) else {"value": event.data}
        out: list[Pair] = []
        for key, value in data.items():
            if key == "changes" and isinstance(value, dict):
                out.extend(self._change(model, str(name), change) for name, change in value.items())
            else:
                out.append((_label(model, str(key)), self.value(model, str(key), value)))
        return out

    def _change(self, model: type[models.Model] | None, name: str, change: Any) -> Pair:
        if isinstance(change, list) and len(change) == 2:
            before, after = (self.value(model, name, side) for side in change)
            return _label(model, name), f"{before} → {after}"
        return _label(model, name), self.value(model, name, change)


def _collect(names: _Names, event: AuditEvent) -> None:
    model = _model(event.target_type)
    data = event.data if isinstance(event.data, dict) else {}
    items: list[tuple[str, Any]] = list(data.items())
    changes = data.get("changes")
    if isinstance(changes, dict):
        for name, change in changes.items():
            items.extend((str(name), side) for side in (change if isinstance(change, list) else [change]))
    for key, value in items:
        related = _related_model(model, str(key))
        if related is not None:
            names.want(related, value)


def details_for_page(events: Iterable[AuditEvent]) -> dict[int, list[Pair]]:
    """Each event's details as (label, words) pairs, keyed by the event's id."""
    events = list(events)
    names = _Names()
    for event in events:
        _collect(names, event)
    names.load()
    reader = _Reader(names)
    return {event.pk: reader.pairs(event) for event in events}
