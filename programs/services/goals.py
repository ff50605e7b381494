"""A pilot's goals, each with a target number and, optionally, the measure that tracks it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields

from ..measures import Measure
from ..models import Pilot, PilotGoal
from ..progress import measures_for
from .common import ProgramError, require_hr

MSG_NEGATIVE_TARGET = "A goal's target cannot be negative."
MSG_UNKNOWN_MEASURE = (
    "There is no such measure for this pilot: choose one of the pilot's measures, "
    "or none for a goal that is not measured."
)


def _offered(actor: User, pilot: Pilot, key: str, today: dt.date) -> Measure:
    """The measure ``key`` if it is offered for ``pilot``; else a ProgramError (400)."""
    found = next((m for m in measures_for(pilot, actor, today=today) if m.key == key), None)
    if found is None:
        raise ProgramError(MSG_UNKNOWN_MEASURE, code="unknown_measure", fields={"measure": [MSG_UNKNOWN_MEASURE]})
    return found


def goal_save(
    *,
    actor: User,
    pilot: Pilot,
    name: str,
    target: Any,
    unit: str = "",
    due_date: dt.date | None = None,
    measure: str = "",
    goal: PilotGoal | None = None,
    today: dt.date | None = None,
) -> PilotGoal:
    """Create a goal, or update ``goal`` when given.

    A measured goal takes its measure's unit. The measure is checked against those offered for the
    pilot only when it is set or changed, so a goal whose measure has since disappeared can still
    be renamed (it reads "measure no longer available" until another measure is chosen)."""
    require_hr(actor)
    if target is None or target < 0:
        raise ProgramError(MSG_NEGATIVE_TARGET, fields={"target": [MSG_NEGATIVE_TARGET]})
    measure = measure.strip()
    if measure and (goal is None or measure != goal.measure):
        unit = _offered(actor, pilot, measure, today or timezone.localdate()).unit
    elif measure and goal is not None:
        unit = goal.unit  # unchanged measure: keeps its unit even if the measure has gone since
    values = {"name": name.strip(), "measure": measure, "target": target, "unit": unit.strip(), "due_date": due_date}
    with transaction.atomic():
        if goal is None:
            goal = PilotGoal.objects.create(pilot=pilot, **values)
            audit_record(
                actor=actor,
                verb="pilot.goal_added",
                target=pilot,
                data={"goal": goal.pk, "name": goal.name, "measure": goal.measure},
            )
        else:
            changes = changed_fields(goal, values)
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
