"""Assists linked to a Stage 3 deal or help request: written to the ledger through
metrics.services.assist_record (the value scale, the pilot and date rules are the ledger's), with
the reference fields pointing at the deal or request.

Who: whoever works in the target's pilot (HR leads, its contributors) logs an assist on any of
its deals and requests. Rules added here: the target's pilot is a Stage 3 pilot, and an assist
has a giver: a received assist names the person who gave it, a given one the employee who gave it
(the actor by default) and the person who received it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import User
from accounts.services import audit_record
from core.errors import DomainError
from metrics.models import Assist, AssistDirection, AssistType
from metrics.services import assist_record
from people.models import Person
from programs.models import Stage

from ..access import work_pilots
from ..models import REF_OPPORTUNITY, REF_REQUEST, HelpRequest, Opportunity

MSG_NO_GIVER = "Say who gave the help: a received assist needs the person who gave it."
MSG_NO_RECEIVER = "Say who received the help."
MSG_NO_EMPLOYEE = "Say which employee gave the help."
MSG_DIRECTION = "Choose whether the firm received or gave the help."
MSG_TARGET = "Choose a deal or a help request of one of your Stage 3 pilots."

PHRASES: dict[str, str] = {
    "opportunity.assist_logged": "Assist logged on opportunity {target}",
    "help_request.assist_logged": "Assist logged on help request {target}",
    "bizdev_assists.api_listed": "Stage 3 assists listed through the API",
}


def _error(message: str, field: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def reference_of(target: Opportunity | HelpRequest) -> tuple[str, str, str]:
    """The ledger's (reference_kind, reference_id, reference_label) for a deal or request."""
    if isinstance(target, Opportunity):
        return REF_OPPORTUNITY, str(target.pk), target.name
    return REF_REQUEST, str(target.pk), target.title


@transaction.atomic
def assist_log(
    *,
    actor: User,
    target: Opportunity | HelpRequest,
    person: Person | None,
    assist_type: AssistType | str | int,
    direction: str = AssistDirection.RECEIVED,
    date: dt.date | None = None,
    note: str = "",
    employee: User | None = None,
    now: dt.datetime | None = None,
) -> Assist:
    """Log help received from (or given to) ``person`` on a deal or request, in the target's
    pilot, linked to it through the ledger's reference fields."""
    if not isinstance(target, Opportunity | HelpRequest):
        raise TypeError("assist_log() target must be an Opportunity or a HelpRequest")
    pilot = target.pilot
    if pilot.stage != Stage.BIZDEV or not work_pilots(actor).filter(pk=pilot.pk).exists():
        raise DomainError(MSG_TARGET, code="target", fields={"target": [MSG_TARGET]})
    if direction not in AssistDirection.values:
        raise _error(MSG_DIRECTION, "direction")
    if person is None:
        raise _error(MSG_NO_GIVER if direction == AssistDirection.RECEIVED else MSG_NO_RECEIVER, "person")
    giver = employee or actor
    if direction == AssistDirection.GIVEN and not giver.is_active:
        raise _error(MSG_NO_EMPLOYEE, "employee")
    kind, ref_id, label = reference_of(target)
    row = assist_record(
        actor=actor,
        pilot=pilot,
        person=person,
        assist_type=assist_type,
        direction=direction,
        employee=giver,
        date=date,
        reference_kind=kind,
        reference_id=ref_id,
        reference_label=label,
        note=note,
        now=now,
    )
    verb = "opportunity.assist_logged" if kind == REF_OPPORTUNITY else "help_request.assist_logged"
    audit_record(
        actor=actor,
        verb=verb,
        target=target,
        data={"pilot": pilot.pk, "assist": row.pk, "direction": direction, "points": row.points},
        person_id=person.pk,
        now=now,
    )
    return row
