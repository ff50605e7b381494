"""A pilot's goals, each with a target number."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields

from ..models import Pilot, PilotGoal
from .common import ProgramError, require_hr

MSG_NEGATIVE_TARGET = "A goal's target cannot be negative."


def goal_save(
    *,
    actor: User,
    pilot: Pilot,
    name: str,
    target: Any,
    unit: str = "",
    due_date: dt.date | None = None,
    goal: PilotGoal | None = None,
) -> PilotGoal:
    """Create a goal, or update ``goal`` when given."""
    require_hr(actor)
    if target is None or target < 0:
        raise ProgramError(MSG_NEGATIVE_TARGET, fields={"target": [MSG_NEGATIVE_TARGET]})
    with transaction.atomic():
        if goal is None:
            goal = PilotGoal.objects.create(
                pilot=pilot, name=name.strip(), target=target, unit=unit.strip(), due_date=due_date
            )
            audit_record(actor=actor, verb="pilot.goal_added", target=pilot, data={"goal": goal.pk, "name": goal.name})
        else:
            changes = changed_fields(
                goal, {"name": name.strip(), "target": target, "unit": unit.strip(), "due_date": due_date}
            )
            if changes:
                goal.save(update_fields=list(changes))
                audit_record(
                    actor=actor, verb="pilot.goal_updated", target=pilot, data={"goal": goal.pk, "changes": changes}
                )
    return goal


def goal_delete(*, actor: User, goal: PilotGoal) -> None:
    require_hr(actor)
    with transaction.atomic():
        audit_record(
            actor=actor, verb="pilot.goal_removed", target=goal.pilot, data={"goal": goal.pk, "name": goal.name}
        )
        goal.delete()
