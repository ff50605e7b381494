"""The one rule about contacting a person who asked not to be contacted.

A person marked "do not contact" cannot be the subject of an introduction, a digest line or any
email unless the actor writes why (a visible override), and the override is recorded in the audit
log. Every app that introduces, names or emails a person asks here:

    check_contact(person=p, actor=user, purpose="introduction", override_reason=form_value)

Digests and other mails without a person at the keyboard cannot override: they leave such people
out (``contactable``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from accounts.models import User
from accounts.services import audit_record
from core.errors import DomainError

from .models import Person

MSG_DO_NOT_CONTACT = (
    "{name} asked not to be contacted. To go ahead anyway, say why in “Override do-not-contact”; "
    "the override is recorded in the audit log."
)
OVERRIDE_FIELD = "contact_override"


class ContactRefusedError(DomainError):
    code = "do_not_contact"


def contact_allowed(person: Person) -> bool:
    return not person.do_not_contact


def contactable(people: QuerySet[Person]) -> QuerySet[Person]:
    """``people`` without those marked do-not-contact (for digests and mailings: no override)."""
    return people.filter(do_not_contact=False)


def check_contact(
    *,
    person: Person,
    actor: User,
    purpose: str,
    override_reason: str = "",
    field: str = OVERRIDE_FIELD,
    now: dt.datetime | None = None,
) -> None:
    """Refuse (ContactRefusedError on ``field``) when ``person`` is marked do-not-contact and no
    override reason is given; with a reason, record the override and let the caller go ahead.
    Call it inside the caller's transaction, so a refused write leaves no override behind."""
    if contact_allowed(person):
        return
    reason = (override_reason or "").strip()
    if not reason:
        message = MSG_DO_NOT_CONTACT.format(name=person.full_name)
        raise ContactRefusedError(message, fields={field: [message]})
    audit_record(
        actor=actor,
        verb="person.contact_override",
        target=person,
        data={"purpose": purpose, "reason": reason[:500]},
        now=now,
    )
