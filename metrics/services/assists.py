"""Assists: help given to or received from a person outside the firm, priced on the value scale
(metrics.services.assist_scale). The type's points are copied onto the row when it is logged, so
changing the scale later does not rewrite past reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from people.models import Person
from programs.models import Pilot

from ..models import Assist, AssistDirection, AssistType
from .assist_scale import MSG_ASSIST_TYPE_INACTIVE, resolve_assist_type
from .common import MetricsError, check_choice, check_date, check_employee, check_pilot, today
from .ledger import UNSET, Unset, given, ledger_correct, ledger_delete, ledger_record


def _validate(row: Assist, now: dt.datetime | None, actor: User, *, employee: bool = True) -> None:
    check_choice(row.direction, AssistDirection, "direction", "direction")
    check_date(row.date, "date", now)
    if employee:
        check_employee(actor, row.employee, row.pilot, "employee")


def _active(kind: AssistType) -> AssistType:
    if not kind.is_active:
        msg = MSG_ASSIST_TYPE_INACTIVE.format(name=kind.name)
        raise MetricsError(msg, fields={"assist_type": [msg]})
    return kind


@transaction.atomic
def assist_record(
    *,
    actor: User,
    pilot: Pilot,
    person: Person,
    assist_type: AssistType | str | int,
    direction: str,
    employee: User | None = None,
    date: dt.date | None = None,
    reference_kind: str = "",
    reference_id: str = "",
    reference_label: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Assist:
    """Log help given to or received from ``person``. The type's points are copied onto the row."""
    check_pilot(actor, pilot)
    kind = _active(resolve_assist_type(assist_type))
    row = Assist(
        direction=direction,
        employee=employee or actor,
        person=person,
        assist_type=kind,
        points=kind.points,
        reference_kind=reference_kind.strip()[:30],
        reference_id=str(reference_id).strip()[:64],
        reference_label=reference_label.strip()[:200],
        pilot=pilot,
        stage=pilot.stage,
        date=date or today(now),
        note=note.strip()[:500],
        created_by=actor,
        created_at=now or timezone.now(),
    )
    _validate(row, now, actor)
    return ledger_record(actor=actor, row=row, data={"pilot": pilot.pk, "points": row.points}, now=now)


@transaction.atomic
def assist_update(
    *,
    actor: User,
    assist: Assist,
    pilot: Pilot | Unset | None = UNSET,
    person: Person | Unset = UNSET,
    assist_type: AssistType | str | int | Unset = UNSET,
    direction: str | Unset = UNSET,
    employee: User | Unset = UNSET,
    date: dt.date | Unset = UNSET,
    reference_kind: str | Unset = UNSET,
    reference_id: str | Unset = UNSET,
    reference_label: str | Unset = UNSET,
    note: str | Unset = UNSET,
    now: dt.datetime | None = None,
) -> Assist:
    """Correct an assist; the fields not given keep their values. A new type re-prices it at that
    type's current points (a retired type is refused; keeping the row's own type is fine)."""
    values = given(
        pilot=pilot,
        person=person,
        assist_type=assist_type,
        direction=direction,
        employee=employee,
        date=date,
        reference_kind=reference_kind,
        reference_id=reference_id,
        reference_label=reference_label,
        note=note,
    )

    def prepare(values: dict[str, Any]) -> None:
        if "assist_type" in values:
            kind = resolve_assist_type(values["assist_type"])
            if kind.pk != assist.assist_type_id:
                values["points"] = _active(kind).points
            values["assist_type"] = kind

    def validate(row: Assist, changed: set[str]) -> None:
        _validate(row, now, actor, employee=bool({"employee", "pilot"} & changed))

    ledger_correct(actor=actor, row=assist, values=values, prepare=prepare, validate=validate, now=now)
    return assist


@transaction.atomic
def assist_delete(*, actor: User, assist: Assist, now: dt.datetime | None = None) -> None:
    ledger_delete(actor=actor, row=assist, now=now)
