"""Sponsor organizations: the departments pilots serve, and the managers who read their reports."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError

from ..models import SponsorOrganization
from .common import require_hr

MSG_SPONSOR_EXISTS = "A sponsor organization called {name!r} already exists."
MSG_SPONSOR_IN_USE = "This sponsor organization still has pilots; close or move them first."


def sponsor_create(
    *, actor: User, name: str, description: str = "", managers: list[User] | None = None
) -> SponsorOrganization:
    require_hr(actor)
    name = name.strip()
    if SponsorOrganization.objects.filter(name__iexact=name).exists():
        raise ConflictError(
            MSG_SPONSOR_EXISTS.format(name=name), fields={"name": [MSG_SPONSOR_EXISTS.format(name=name)]}
        )
    with transaction.atomic():
        sponsor = SponsorOrganization.objects.create(name=name, description=description)
        if managers:
            sponsor.managers.set(managers)
        audit_record(actor=actor, verb="sponsor.created", target=sponsor)
    return sponsor


def sponsor_update(
    *, actor: User, sponsor: SponsorOrganization, name: str, description: str = "", managers: list[User] | None = None
) -> SponsorOrganization:
    require_hr(actor)
    name = name.strip()
    if SponsorOrganization.objects.filter(name__iexact=name).exclude(pk=sponsor.pk).exists():
        raise ConflictError(
            MSG_SPONSOR_EXISTS.format(name=name), fields={"name": [MSG_SPONSOR_EXISTS.format(name=name)]}
        )
    with transaction.atomic():
        changes = changed_fields(sponsor, {"name": name, "description": description})
        if changes:
            sponsor.save(update_fields=list(changes))
        if managers is not None:
            before = sorted(sponsor.managers.values_list("pk", flat=True))
            sponsor.managers.set(managers)
            after = sorted(u.pk for u in managers)
            if before != after:
                changes["managers"] = [before, after]
        if changes:
            audit_record(actor=actor, verb="sponsor.updated", target=sponsor, data={"changes": changes})
    return sponsor


def sponsor_delete(*, actor: User, sponsor: SponsorOrganization) -> None:
    require_hr(actor)
    if sponsor.pilots.exists():
        raise ConflictError(MSG_SPONSOR_IN_USE)
    with transaction.atomic():
        audit_record(actor=actor, verb="sponsor.deleted", target=sponsor)
        sponsor.delete()
