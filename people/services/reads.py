"""Reads of personal data are audited: one event per request (never per row), naming the person
when it is one person. Pages and the API call these after the read succeeded."""

from __future__ import annotations

from collections.abc import Mapping

from accounts.models import User
from accounts.services import audit_record

from ..models import Person

QUERY_KEEP = 20  # query parameters kept in a list event (names and values, each cut to 100 characters)


def person_viewed(*, actor: User, person: Person, via: str) -> None:
    """``actor`` opened ``person`` (via "page" or "api")."""
    audit_record(actor=actor, verb="person.viewed", target=person, data={"via": via})


def people_listed(*, actor: User, rows: int, query: Mapping[str, str]) -> None:
    """``actor`` read a page of ``rows`` people through the API, with the filters used. (People
    has no CSV download; an app that adds one records "<thing>.csv_exported" the same way.)"""
    kept = {str(k)[:100]: str(v)[:100] for k, v in list(query.items())[:QUERY_KEEP]}
    audit_record(actor=actor, verb="people.api_listed", target_type="people.person", data={"rows": rows, "query": kept})
