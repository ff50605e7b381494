"""What every people service shares: the error class, the permission gate and the guarded delete."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError

from core.errors import ConflictError, DomainError, ForbiddenError

from ..models import Company, Person


class PeopleError(DomainError):
    pass


MSG_FORBIDDEN = "You may not change this record."


def require(allowed: bool) -> None:
    if not allowed:
        raise ForbiddenError(MSG_FORBIDDEN)


MSG_ERASED_READ_ONLY = "This person's data was erased; their record cannot be changed."


class AlreadyErasedError(ConflictError):
    code = "already_erased"


def require_not_erased(person: Person) -> None:
    """Refuse a change to an erased person: their record stays anonymous."""
    if person.erased_at is not None:
        raise AlreadyErasedError(MSG_ERASED_READ_ONLY)


MSG_STILL_REFERRED = (
    "{name} cannot be deleted: the program's records still refer to them ({what}). Correct or delete "
    "those entries first."
)


def delete_unless_referred(obj: Person | Company, name: str) -> None:
    """Delete, or refuse with a 409 naming what still refers to it (ledger rows protect the people
    and companies they are about; people cannot import the apps that hold them)."""
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        what = ", ".join(sorted({str(o._meta.verbose_name_plural) for o in exc.protected_objects}))
        raise ConflictError(MSG_STILL_REFERRED.format(name=name, what=what)) from exc
