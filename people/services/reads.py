"""Reads of personal data are audited: one event per request (never per row), naming the person
when it is one person. Pages and the API call these after the read succeeded."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.services import audit_record

from ..models import Person


def person_viewed(*, actor: User, person: Person, via: str) -> None:
    """``actor`` opened ``person`` (via "page" or "api")."""
    audit_record(actor=actor, verb="person.viewed", target=person, data={"via": via})


def people_listed(*, actor: User, data: dict[str, Any]) -> None:
    """``actor`` read a list of people through the API; ``data`` is core.api.listing_audit_data
    (the filters used and the rows matched), as every audited list records it. (People has no CSV
    download; an app that adds one records "<thing>.csv_exported" the same way.)"""
    audit_record(actor=actor, verb="people.api_listed", target_type="people.person", data=data)
