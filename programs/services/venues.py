"""Social venues where conversations happen."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError

from ..models import Venue
from .common import ProgramError, require_hr

MSG_VENUE_URL = "A venue's address must be a web page (https://…)."
MSG_VENUE_EXISTS = "A venue called {name!r} already exists."


def venue_save(
    *,
    actor: User,
    name: str,
    kind: str,
    visibility: str = Venue.Visibility.PUBLIC,
    url: str = "",
    description: str = "",
    venue: Venue | None = None,
) -> Venue:
    require_hr(actor)
    name = name.strip()
    clash = Venue.objects.filter(name__iexact=name)
    if venue is not None:
        clash = clash.exclude(pk=venue.pk)
    if clash.exists():
        msg = MSG_VENUE_EXISTS.format(name=name)
        raise ConflictError(msg, fields={"name": [msg]})
    if kind not in Venue.Kind.values:
        raise ProgramError("Unknown venue kind.", fields={"kind": ["Unknown venue kind."]})
    if visibility not in Venue.Visibility.values:
        raise ProgramError("Unknown visibility.", fields={"visibility": ["Unknown visibility."]})
    url = url.strip()
    if url and not url.lower().startswith(("https://", "http://")):
        raise ProgramError(MSG_VENUE_URL, fields={"url": [MSG_VENUE_URL]})
    values = {"name": name, "kind": kind, "visibility": visibility, "url": url, "description": description}
    with transaction.atomic():
        if venue is None:
            venue = Venue.objects.create(**values)
            audit_record(actor=actor, verb="venue.created", target=venue)
        else:
            changes = changed_fields(venue, values)
            if changes:
                venue.save(update_fields=list(changes))
                audit_record(actor=actor, verb="venue.updated", target=venue, data={"changes": changes})
    return venue


MSG_VENUE_IN_USE = "{name} is still used elsewhere in the program; edit it instead of deleting it."


def venue_delete(*, actor: User, venue: Venue) -> None:
    require_hr(actor)
    try:
        with transaction.atomic():
            audit_record(actor=actor, verb="venue.deleted", target=venue)
            venue.delete()
    except ProtectedError as exc:
        raise ConflictError(MSG_VENUE_IN_USE.format(name=venue.name)) from exc
