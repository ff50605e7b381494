"""Keyword families: named term lists referenced in searches as @name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError
from programs.models import Pilot

from .. import query as q
from ..models import KeywordFamily, Purpose, Search
from ..selectors import searches_using_family
from .common import MSG_PURPOSE, ListeningError, require_hr, unique_name

MSG_FAMILY_NAME = "Use letters, digits, - and _ only (it is written @name in searches)."
MSG_FAMILY_EXISTS = "A keyword family called @{name} already exists."
MSG_FAMILY_EMPTY = "Give the family at least one term."
MSG_FAMILY_IN_USE = "@{name} is used by: {searches}. Change those searches first."


def _family_terms(name: str, terms: Iterable[str]) -> list[str]:
    """Each term checked with the query language's rules; duplicates dropped, order kept."""
    cleaned: list[str] = []
    for raw in terms:
        for part in str(raw).split("\n"):
            term = part.strip()
            if not term:
                continue
            q.family_term(term, family=name)  # raises QuerySyntaxError with the term named
            if term.casefold() not in {t.casefold() for t in cleaned}:
                cleaned.append(term)
    if not cleaned:
        raise ListeningError(MSG_FAMILY_EMPTY, fields={"terms": [MSG_FAMILY_EMPTY]})
    return cleaned


def _in_use(name: str, users: list[Search]) -> str:
    return MSG_FAMILY_IN_USE.format(name=name, searches=", ".join(s.name for s in users))


def _clean_name(name: str) -> str:
    name = name.strip().lstrip("@")
    if not name or slugify(name) != name.lower() or len(name) > 60:
        raise ListeningError(MSG_FAMILY_NAME, fields={"name": [MSG_FAMILY_NAME]})
    return name.lower()


@transaction.atomic
def family_save(
    *,
    actor: User,
    family: KeywordFamily | None = None,
    name: str,
    terms: Iterable[str],
    purpose: str = Purpose.PROFILE,
    description: str = "",
    pilot: Pilot | None = None,
    now: dt.datetime | None = None,
) -> KeywordFamily:
    """Create or change a family. Renaming one that searches use is refused (they name it)."""
    require_hr(actor)
    now = now or timezone.now()
    name = _clean_name(name)
    try:
        cleaned = _family_terms(name, terms)
    except q.QuerySyntaxError as exc:
        raise ListeningError(exc.message, fields={"terms": [exc.message]}) from exc
    if purpose not in Purpose.values:
        raise ListeningError(MSG_PURPOSE, fields={"purpose": [MSG_PURPOSE]})
    clash = KeywordFamily.objects.filter(name=name)
    if family is not None:
        clash = clash.exclude(pk=family.pk)
    if clash.exists():
        msg = MSG_FAMILY_EXISTS.format(name=name)
        raise ListeningError(msg, fields={"name": [msg]})
    description = description.strip()
    if family is None:
        with unique_name(MSG_FAMILY_EXISTS.format(name=name)):
            family = KeywordFamily.objects.create(
                name=name,
                terms=cleaned,
                purpose=purpose,
                description=description,
                pilot=pilot,
                created_by=actor,
                created_at=now,
                updated_at=now,
            )
        audit_record(actor=actor, verb="family.created", target=family, data={"terms": len(cleaned)}, now=now)
        return family
    if family.name != name:
        users = searches_using_family(family.name)
        if users:
            msg = _in_use(family.name, users)
            raise ConflictError(msg, fields={"name": [msg]})
    changes = changed_fields(
        family, {"name": name, "terms": cleaned, "purpose": purpose, "description": description, "pilot": pilot}
    )
    if changes:
        family.updated_at = now
        family.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, verb="family.changed", target=family, data={"changes": changes}, now=now)
    return family


@transaction.atomic
def family_delete(*, actor: User, family: KeywordFamily) -> None:
    require_hr(actor)
    users = searches_using_family(family.name)
    if users:
        raise ConflictError(_in_use(family.name, users))
    audit_record(actor=actor, verb="family.deleted", target=family)
    family.delete()
