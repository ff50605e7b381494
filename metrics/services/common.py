"""What every metrics service shares: the error class, the messages several of them use, and the
checks of pilots, employees, dates, choices and amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import DomainError, ForbiddenError
from core.web import as_pk
from programs.access import can_work_in
from programs.models import Membership, Pilot

from ..access import can_manage_costs
from ..money import CENTS


class MetricsError(DomainError):
    pass


MSG_PILOT = "Choose one of your pilots: you can only log work for pilots you belong to."
MSG_EMPLOYEE_NOT_MEMBER = "Choose yourself or a member of this pilot."
MSG_FUTURE = "The date cannot be in the future."
MSG_TOO_OLD = "The date is before 2000; check the year."
MSG_CHOICE = "Unknown {what} {value!r}; choose one of: {choices}."
MSG_NEGATIVE = "An amount cannot be negative."
MSG_NEGATIVE_DAYS = "A number of days cannot be negative."
MSG_NOT_A_NUMBER = "Enter a number, e.g. 1250.00."
MSG_TOO_LARGE = "That amount is too large; check the figure."
MSG_HR_ONLY = "Only an HR lead can change program costs, baselines and the assist scale."

EARLIEST = dt.date(2000, 1, 1)
# What the columns can hold: 12 digits for amounts, 10 for a point's value, 8 for hours and rates.
LIMITS = {
    "staff_hours": Decimal("1e6"),
    "staff_hour_rate": Decimal("1e6"),
    "hours": Decimal("1e6"),
    "hour_rate": Decimal("1e6"),
    "point_value": Decimal("1e8"),
}
MAX_AMOUNT = Decimal("1e10")


def today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def check_pilot(actor: User, pilot: Pilot) -> None:
    """The actor may log work in ``pilot``. One message whether the pilot is not theirs or (at the
    API) does not exist, so other pilots' ids stay unrevealed."""
    if not can_work_in(actor, pilot):
        raise MetricsError(MSG_PILOT, code="pilot", fields={"pilot": [MSG_PILOT]})


def _employee_refused(field: str) -> MetricsError:
    return MetricsError(MSG_EMPLOYEE_NOT_MEMBER, fields={field: [MSG_EMPLOYEE_NOT_MEMBER]})


def check_employee(actor: User, user: User, pilot: Pilot, field: str) -> None:
    """The employee named on a row: the actor, an active member of the pilot, or (named by an HR
    lead) an active HR lead. The message names nobody: the API must not reveal colleagues."""
    if user.pk == actor.pk:
        return
    if user.is_active and actor.is_hr_lead and user.is_hr_lead:
        return
    if not (user.is_active and Membership.objects.filter(pilot=pilot, user=user).exists()):
        raise _employee_refused(field)


def named_employee(actor: User, user_id: object, pilot: Pilot, field: str) -> User:
    """The user whose id the API was given for ``field`` on a row of ``pilot``, if the actor may
    name them there (``check_employee``). An id that does not exist is refused with the very same
    error, at the same point, so the answer does not tell which user ids exist."""
    pk = as_pk(user_id)
    user = User.objects.filter(pk=pk).first() if pk is not None else None
    if user is None:
        raise _employee_refused(field)
    check_employee(actor, user, pilot, field)
    return user


def check_date(value: dt.date, field: str, now: dt.datetime | None) -> None:
    if value > today(now):
        raise MetricsError(MSG_FUTURE, fields={field: [MSG_FUTURE]})
    if value < EARLIEST:
        raise MetricsError(MSG_TOO_OLD, fields={field: [MSG_TOO_OLD]})


def check_choice(value: str, choices: type[models.Choices], field: str, what: str) -> None:
    if value not in choices.values:
        msg = MSG_CHOICE.format(what=what, value=value, choices=", ".join(str(v) for v in choices.values))
        raise MetricsError(msg, fields={field: [msg]})


def money(value: Any, field: str) -> Decimal:
    """A non-negative amount rounded to cents that its column can hold; a clear error otherwise."""
    if value is None or value == "":
        return Decimal("0")
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise MetricsError(MSG_NOT_A_NUMBER, fields={field: [MSG_NOT_A_NUMBER]}) from exc
    if not amount.is_finite():
        raise MetricsError(MSG_NOT_A_NUMBER, fields={field: [MSG_NOT_A_NUMBER]})
    if amount < 0:
        raise MetricsError(MSG_NEGATIVE, fields={field: [MSG_NEGATIVE]})
    if amount >= LIMITS.get(field, MAX_AMOUNT):
        raise MetricsError(MSG_TOO_LARGE, fields={field: [MSG_TOO_LARGE]})
    return amount.quantize(CENTS)


def require_hr(actor: User) -> None:
    """Refuse unless the actor may change costs, baselines and the assist scale (the one rule:
    metrics.access.can_manage_costs)."""
    if not can_manage_costs(actor):
        raise ForbiddenError(MSG_HR_ONLY)


def audit(
    actor: User,
    verb: str,
    row: models.Model,
    data: dict[str, Any],
    now: dt.datetime | None,
    *,
    person_id: int | None = None,
) -> None:
    audit_record(actor=actor, verb=verb, target=row, data=data, person_id=person_id, now=now)
