"""The seed's playbook as data, and each pilot's checklist of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ForbiddenError

from ..access import can_work_in
from ..models import Pilot, PilotStep, PlaybookStep
from ..playbook import PLAYBOOK
from .common import ProgramError

MSG_OWNER_NOT_MEMBER = "{user} is not in this pilot; a step's owner must be a member or an HR lead."
MSG_STEP_FORBIDDEN = "Only members of this pilot and HR leads can update its checklist."


def playbook_sync() -> int:
    """Load programs.playbook into PlaybookStep rows (insert or update by stage + key)."""
    count = 0
    for stage, steps in PLAYBOOK.items():
        for order, data in enumerate(steps, start=1):
            PlaybookStep.objects.update_or_create(
                stage=stage,
                key=data["key"],
                defaults={"order": order, "title": data["title"], "guidance": data["guidance"], "kind": data["kind"]},
            )
            count += 1
    return count


def pilot_checklist_create(pilot: Pilot) -> None:
    steps = PlaybookStep.objects.filter(stage=pilot.stage)
    if not steps.exists():
        playbook_sync()
    PilotStep.objects.bulk_create(
        [PilotStep(pilot=pilot, step=step) for step in PlaybookStep.objects.filter(stage=pilot.stage)],
        ignore_conflicts=True,
    )


def pilot_step_update(
    *,
    actor: User,
    pilot_step: PilotStep,
    owner: User | None,
    due_date: dt.date | None,
    done: bool,
    note: str = "",
    now: dt.datetime | None = None,
) -> PilotStep:
    """Update one checklist step. HR leads and the pilot's contributors may do this; the owner
    must be an HR lead or a member of the pilot."""
    if not can_work_in(actor, pilot_step.pilot):
        raise ForbiddenError(MSG_STEP_FORBIDDEN)
    changing_owner = owner is not None and owner.pk != getattr(pilot_step.owner, "pk", None)
    if owner is not None and changing_owner and not can_work_in(owner, pilot_step.pilot):
        msg = MSG_OWNER_NOT_MEMBER.format(user=owner)
        raise ProgramError(msg, fields={"owner": [msg]})
    now = now or timezone.now()
    values: dict[str, Any] = {"owner": owner, "due_date": due_date, "note": note.strip()}
    if done and pilot_step.done_at is None:
        values.update(done_at=now, done_by=actor)
    elif not done and pilot_step.done_at is not None:
        values.update(done_at=None, done_by=None)
    with transaction.atomic():
        changes = changed_fields(pilot_step, values)
        if changes:
            pilot_step.save(update_fields=list(changes))
            audit_record(
                actor=actor,
                verb="pilot.step_updated",
                target=pilot_step.pilot,
                data={"step": pilot_step.step.key, "changes": changes},
                now=now,
            )
    return pilot_step
