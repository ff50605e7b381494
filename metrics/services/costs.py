"""What running a pilot cost (tools, staff time, events, videos, policy work): HR leads record,
correct and delete it. Hours x rate, when both are given, sets the amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from programs.models import Pilot

from ..models import CostCategory, ProgramCost
from ..money import half_up
from .common import MAX_AMOUNT, MSG_TOO_LARGE, MetricsError, audit, check_choice, check_date, money, require_hr, today
from .ledger import UNSET, Unset, given, repilot

MSG_COST_AMOUNT = "Give an amount, or hours and an hourly rate."
MSG_DESCRIPTION = "Describe the cost, e.g. 'Video editing licence'."

Amount = Decimal | int | str | None


def _price(row: ProgramCost, now: dt.datetime | None) -> None:
    check_choice(row.category, CostCategory, "category", "category")
    if not row.description.strip():
        raise MetricsError(MSG_DESCRIPTION, fields={"description": [MSG_DESCRIPTION]})
    check_date(row.date, "date", now)
    hours = None if row.hours in (None, "") else money(row.hours, "hours")
    rate = None if row.hour_rate in (None, "") else money(row.hour_rate, "hour_rate")
    row.hours, row.hour_rate = hours, rate
    if hours is not None and rate is not None:
        row.amount = half_up(hours * rate)
        if row.amount >= MAX_AMOUNT:
            raise MetricsError(MSG_TOO_LARGE, fields={"hours": [MSG_TOO_LARGE]})
    elif row.amount in (None, ""):
        raise MetricsError(MSG_COST_AMOUNT, fields={"amount": [MSG_COST_AMOUNT]})
    row.amount = money(row.amount, "amount")


@transaction.atomic
def program_cost_record(
    *,
    actor: User,
    pilot: Pilot,
    category: str,
    description: str,
    amount: Amount = None,
    hours: Amount = None,
    hour_rate: Amount = None,
    date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ProgramCost:
    """What running the pilot cost. Hours x rate, when both are given, sets the amount."""
    require_hr(actor)
    # The amount, hours and rate are raw input until _price checks and rounds them.
    unpriced: dict[str, Any] = {"amount": amount, "hours": hours, "hour_rate": hour_rate}
    row = ProgramCost(
        pilot=pilot,
        stage=pilot.stage,
        category=category,
        description=description.strip()[:200],
        date=date or today(now),
        created_by=actor,
        created_at=now or timezone.now(),
        **unpriced,
    )
    _price(row, now)
    row.save()
    audit(actor, "program_cost.recorded", row, {"pilot": pilot.pk, "amount": str(row.amount)}, now)
    return row


COST_AUDITED = ("pilot_id", "category", "description", "amount", "hours", "hour_rate", "date")


@transaction.atomic
def program_cost_update(
    *,
    actor: User,
    cost: ProgramCost,
    pilot: Pilot | Unset | None = UNSET,
    category: str | Unset = UNSET,
    description: str | Unset = UNSET,
    amount: Amount | Unset = UNSET,
    hours: Amount | Unset = UNSET,
    hour_rate: Amount | Unset = UNSET,
    date: dt.date | Unset = UNSET,
    now: dt.datetime | None = None,
) -> ProgramCost:
    """Correct a cost; the fields not given keep their values. A new amount without hours or a
    rate replaces an hours x rate cost by that amount."""
    require_hr(actor)
    values = given(
        pilot=pilot,
        category=category,
        description=description,
        amount=amount,
        hours=hours,
        hour_rate=hour_rate,
        date=date,
    )
    repilot(actor, cost, values, check_member=False)
    before = {f: getattr(cost, f) for f in COST_AUDITED}
    for key, value in values.items():
        setattr(cost, key, value)
    if "amount" in values and ("hours" not in values and "hour_rate" not in values):
        cost.hours = cost.hour_rate = None
    _price(cost, now)
    after = {f: getattr(cost, f) for f in before}
    changes = {k: [str(before[k]), str(after[k])] for k in before if before[k] != after[k]}
    if changes:
        fields = {"pilot_id": "pilot"}
        cost.save(update_fields=[fields.get(k, k) for k in changes] + ["stage", "amount", "hours", "hour_rate"])
        audit(actor, "program_cost.corrected", cost, {"changes": changes}, now)
    return cost


@transaction.atomic
def program_cost_delete(*, actor: User, cost: ProgramCost, now: dt.datetime | None = None) -> None:
    require_hr(actor)
    audit(actor, "program_cost.deleted", cost, {"pilot": cost.pilot_id, "amount": str(cost.amount)}, now)
    cost.delete()
