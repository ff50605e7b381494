"""The guardrail's list of sensitive terms: HR leads add, correct, deactivate and delete them
(bizdev.rules looks for the active ones in every request of ours before it is sent).

Rules: only HR leads (403 otherwise); a term has at least one letter or digit and at most 100
characters; no two terms the same ignoring case and accents (a 409). Deleting a term keeps the
checks that found it (they store the term's text).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import ConflictError, DomainError, ForbiddenError
from people.search import fold

from ..access import can_manage
from ..models import GuardrailTerm
from ..rules import term_pattern

MSG_FORBIDDEN = "Only HR leads keep the guardrail's list of sensitive terms."
MSG_TERM = "Write the word or phrase to look for (letters or digits)."
MSG_TERM_LONG = "Keep the term under 100 characters."
MSG_NOTE_LONG = "Keep the note under 300 characters."
MSG_DUPLICATE = "“{term}” is on the list already."

PHRASES: dict[str, str] = {
    "guardrail_term.created": "Guardrail term {target} added",
    "guardrail_term.changed": "Guardrail term {target} changed",
    "guardrail_term.deleted": "Guardrail term {target} deleted",
}

# The defaults the data migration 0002_guardrail_defaults wrote (kept in step with it).
DEFAULT_TERMS = [
    ("price", "Their prices or price lists are commercially confidential: ask about needs, not prices."),
    ("pricing", "Pricing is privileged information; ask about how they decide, not what they pay or charge."),
    ("contract", "The terms of a contract are confidential to the parties."),
    ("confidential", "If it is confidential, an alumnus may not share it, and we must not ask."),
    ("internal figures", "Internal figures (revenue, volumes, costs) are privileged information."),
    ("bid", "Details of a bid belong to the bidders and the buyer."),
    ("tender", "What is in a tender, or who bid on it, is not to be shared."),
    ("NDA", "Anything covered by a non-disclosure agreement is off limits."),
    ("non-disclosure", "Anything covered by a non-disclosure agreement is off limits."),
    ("margin", "Margins are commercially sensitive figures."),
    ("salary", "Salaries are personal and confidential."),
    ("trade secret", "Trade secrets are protected by law."),
    ("roadmap", "An unannounced product roadmap is usually under NDA."),
    ("budget", "A company's budget figures are internal; ask about priorities instead."),
    ("discount", "Discounts granted to customers are confidential commercial terms."),
    ("insider", "Insider information must never be asked for or used."),
]


def guardrail_defaults_ensure() -> int:
    """Put the default terms back when the list is empty (a flushed test database); returns how
    many were added. An HR lead's edited list is left alone."""
    if GuardrailTerm.objects.exists():
        return 0
    rows = GuardrailTerm.objects.bulk_create([GuardrailTerm(term=t, note=n) for t, n in DEFAULT_TERMS])
    return len(rows)


def _check(actor: User) -> None:
    if not can_manage(actor):
        raise ForbiddenError(MSG_FORBIDDEN)


def _clean(term: str, note: str, *, exclude: int | None = None) -> tuple[str, str]:
    term = " ".join(str(term).split())
    note = " ".join(str(note).split())
    if not term or term_pattern(term) is None:
        raise DomainError(MSG_TERM, fields={"term": [MSG_TERM]})
    if len(term) > 100:
        raise DomainError(MSG_TERM_LONG, fields={"term": [MSG_TERM_LONG]})
    if len(note) > 300:
        raise DomainError(MSG_NOTE_LONG, fields={"note": [MSG_NOTE_LONG]})
    key = fold(term)
    others = GuardrailTerm.objects.exclude(pk=exclude) if exclude else GuardrailTerm.objects.all()
    if any(fold(existing) == key for existing in others.values_list("term", flat=True)):
        msg = MSG_DUPLICATE.format(term=term)
        raise ConflictError(msg, fields={"term": [msg]})
    return term, note


@transaction.atomic
def guardrail_term_create(
    *, actor: User, term: str, note: str = "", is_active: bool = True, now: dt.datetime | None = None
) -> GuardrailTerm:
    _check(actor)
    term, note = _clean(term, note)
    row = GuardrailTerm.objects.create(
        term=term, note=note, is_active=is_active, created_by=actor, created_at=now or timezone.now()
    )
    audit_record(actor=actor, verb="guardrail_term.created", target=row, data={"active": is_active}, now=now)
    return row


@transaction.atomic
def guardrail_term_update(
    *,
    actor: User,
    term_row: GuardrailTerm,
    term: str | None = None,
    note: str | None = None,
    is_active: bool | None = None,
    now: dt.datetime | None = None,
) -> list[str]:
    """Correct, deactivate or reactivate a term; the values not given stay. Returns what changed."""
    _check(actor)
    new_term, new_note = _clean(
        term_row.term if term is None else term, term_row.note if note is None else note, exclude=term_row.pk
    )
    values = {"term": new_term, "note": new_note, "is_active": term_row.is_active if is_active is None else is_active}
    changed = [name for name, value in values.items() if getattr(term_row, name) != value]
    for name in changed:
        setattr(term_row, name, values[name])
    if changed:
        term_row.save(update_fields=changed)
        audit_record(actor=actor, verb="guardrail_term.changed", target=term_row, data={"changed": changed}, now=now)
    return changed


@transaction.atomic
def guardrail_term_delete(*, actor: User, term_row: GuardrailTerm, now: dt.datetime | None = None) -> None:
    _check(actor)
    audit_record(actor=actor, verb="guardrail_term.deleted", target=term_row, data={"term": term_row.term}, now=now)
    term_row.delete()
