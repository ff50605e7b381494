"""What every programs service shares: its error class, the HR-lead gate and the date check."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from core.errors import DomainError, ForbiddenError

from ..access import can_manage_pilots


class ProgramError(DomainError):
    pass


MSG_NOT_HR = "Only an HR lead can change pilot settings."
MSG_DATES = "The end date cannot be before the start date."


def require_hr(actor: User) -> None:
    """Refuse unless the actor may manage pilots (the one rule: programs.access.can_manage_pilots)."""
    if not can_manage_pilots(actor):
        raise ForbiddenError(MSG_NOT_HR)


def check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ProgramError(MSG_DATES, fields={"end_date": [MSG_DATES]})
