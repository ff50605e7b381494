"""What every listening service shares: the domain error, the role checks (whose rules live in
listening.access) and the guard that turns a lost race on a unique name into the usual message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from accounts.models import User
from core.errors import DomainError, ForbiddenError

from ..access import can_set_up, can_triage


class ListeningError(DomainError):
    pass


MSG_HR_ONLY = "Only an HR lead can change searches, keyword families and sources."
MSG_TRIAGE = "Only HR leads and contributors can triage conversations."
MSG_PURPOSE = "Unknown purpose."


@contextmanager
def unique_name(message: str) -> Iterator[None]:
    """Two people creating the same name at once: the loser gets the usual message, not a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise ListeningError(message, fields={"name": [message]}) from exc


def require_hr(actor: User) -> None:
    if not can_set_up(actor):
        raise ForbiddenError(MSG_HR_ONLY)


def require_triager(actor: User) -> None:
    if not can_triage(actor):
        raise ForbiddenError(MSG_TRIAGE)
