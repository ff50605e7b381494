"""Outplacement: "help employees find other jobs when their jobs get eliminated and there's no role
they want internally". An HR lead opens a case for the employee (someone in the directory, or a
new person), with the roles and companies they aim for and the pilot member who owns the case;
HR leads and the owner keep it up to date and close it (placed, stayed, closed) or reopen it.

Who (alumni.selectors.outplacement): HR leads see and change every case; the owner sees and
changes theirs (reassigning it is for HR leads); opening and deleting are for HR leads. Every
read of a case is audited ("outplacement.viewed"), every write too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from people.models import Company, Person
from people.services import PersonData, company_save, person_create
from programs.models import Membership, Pilot, Stage

from ..access import can_manage, work_pilots
from ..models import OutplacementCase, OutplacementStatus
from ..selectors.outplacement import CLOSED_STATUSES, can_edit_case

ROLE_MAX = 200
TARGET_ROLES_MAX = 500
OUTCOME_MAX = 500
COMPANY_NAME_MAX = 200
MAX_TARGET_COMPANIES = 30
FUTURE_DAYS = 365
PAST_YEARS = 10

MSG_MANAGE = "Only HR leads open and delete outplacement cases."
MSG_EDIT = "Only HR leads and the case's owner change it."
MSG_REASSIGN = "Only HR leads hand a case to another owner."
MSG_PILOT = "Choose one of the Stage 2 pilots you work in."
MSG_WHO = "Choose the employee from the directory, or give a new person's name."
MSG_ERASED = "This person's data was erased; choose someone else."
MSG_OPEN_CASE = "{person} already has an open outplacement case in this pilot."
MSG_ROLE_LONG = f"Keep the current role under {ROLE_MAX} characters."
MSG_TARGET_ROLES = "Say which roles they are looking for (comma-separated)."
MSG_TARGET_ROLES_LONG = f"Keep the target roles under {TARGET_ROLES_MAX} characters."
MSG_ELIMINATED_FUTURE = f"The elimination date can be at most {FUTURE_DAYS} days ahead."
MSG_ELIMINATED_PAST = f"The elimination date can be at most {PAST_YEARS} years ago."
MSG_OWNER = "The owner must be a member of the case's pilot."
MSG_COMPANY_LONG = f"Keep each company name under {COMPANY_NAME_MAX} characters."
MSG_COMPANIES_MANY = f"At most {MAX_TARGET_COMPANIES} target companies."
MSG_CLOSE_STATUS = "Choose how the case ended: placed, stayed internally, or closed."
MSG_CLOSED_FUTURE = "The closing date cannot be in the future."
MSG_OUTCOME_LONG = f"Keep the outcome under {OUTCOME_MAX} characters."
MSG_OUTCOME_PLACED = "Say where they landed (company and role)."
MSG_NOT_CLOSED = "The case is open already."

PHRASES: dict[str, str] = {
    "outplacement.created": "{target} opened",
    "outplacement.updated": "{target} updated",
    "outplacement.closed": "{target} closed",
    "outplacement.reopened": "{target} reopened",
    "outplacement.deleted": "{target} deleted",
    "outplacement.viewed": "{target} viewed",
    "outplacement.listed": "Outplacement cases listed",
}


def _field_error(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def _check_pilot(actor: User, pilot: Pilot) -> None:
    if pilot.stage != Stage.ALUMNI or not work_pilots(actor).filter(pk=pilot.pk).exists():
        raise _field_error("pilot", MSG_PILOT)


def _check_eliminated_on(eliminated_on: dt.date, today: dt.date) -> None:
    if eliminated_on > today + dt.timedelta(days=FUTURE_DAYS):
        raise _field_error("eliminated_on", MSG_ELIMINATED_FUTURE)
    if eliminated_on < today.replace(year=today.year - PAST_YEARS, day=min(today.day, 28)):
        raise _field_error("eliminated_on", MSG_ELIMINATED_PAST)


def _check_texts(current_role: str, target_roles: str) -> tuple[str, str]:
    current_role, target_roles = current_role.strip(), target_roles.strip()
    if len(current_role) > ROLE_MAX:
        raise _field_error("current_role", MSG_ROLE_LONG)
    if not target_roles:
        raise _field_error("target_roles", MSG_TARGET_ROLES)
    if len(target_roles) > TARGET_ROLES_MAX:
        raise _field_error("target_roles", MSG_TARGET_ROLES_LONG)
    return current_role, target_roles


def _check_owner(owner: User | None, pilot: Pilot) -> None:
    if owner is None:
        return
    if not (owner.is_active and Membership.objects.filter(pilot=pilot, user=owner).exists()):
        raise _field_error("owner", MSG_OWNER)


def company_names(text: str) -> list[str]:
    """Company names typed one per line (commas belong to names: "Acme, Inc."), blanks dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _resolve_companies(actor: User, companies: Iterable[Company], names: Sequence[str]) -> list[Company]:
    """The picked companies and, for each typed name, the directory's company of that name (any
    case), else a new one added to the directory (people.services.company_save)."""
    chosen: dict[int, Company] = {c.pk: c for c in companies}
    wanted: list[str] = []
    for name in names:
        name = name.strip()
        if len(name) > COMPANY_NAME_MAX:
            raise _field_error("target_companies", MSG_COMPANY_LONG)
        if name and name.casefold() not in {w.casefold() for w in wanted}:
            wanted.append(name)
    if len(chosen) + len(wanted) > MAX_TARGET_COMPANIES:
        raise _field_error("target_companies", MSG_COMPANIES_MANY)
    for name in wanted:
        found = Company.objects.filter(name__iexact=name).order_by("id").first()
        company = found if found is not None else company_save(actor=actor, name=name)
        chosen[company.pk] = company
    return list(chosen.values())


def _check_person(person: Person | None, new_person: PersonData | None) -> None:
    if person is None and new_person is None:
        raise _field_error("person", MSG_WHO)
    if person is not None and person.erased_at is not None:
        raise _field_error("person", MSG_ERASED)


@transaction.atomic
def outplacement_create(
    *,
    actor: User,
    pilot: Pilot,
    eliminated_on: dt.date,
    target_roles: str,
    person: Person | None = None,
    new_person: PersonData | None = None,
    allow_same_name: bool = False,
    current_role: str = "",
    target_companies: Iterable[Company] = (),
    new_companies: Sequence[str] = (),
    owner: User | None = None,
    now: dt.datetime | None = None,
) -> OutplacementCase:
    """Open a case for ``person`` (or a ``new_person``, added to the directory). Refuses a second
    open case for the same person in the same pilot."""
    if not can_manage(actor):
        raise ForbiddenError(MSG_MANAGE)
    now = now or timezone.now()
    _check_pilot(actor, pilot)
    _check_person(person, new_person)
    current_role, target_roles = _check_texts(current_role, target_roles)
    _check_eliminated_on(eliminated_on, timezone.localdate(now))
    _check_owner(owner, pilot)
    if person is not None:
        open_case = OutplacementCase.objects.filter(person=person, pilot=pilot, status=OutplacementStatus.OPEN)
        if open_case.exists():
            raise ConflictError(
                MSG_OPEN_CASE.format(person=person), fields={"person": [MSG_OPEN_CASE.format(person=person)]}
            )
    companies = _resolve_companies(actor, target_companies, new_companies)
    if person is None:
        assert new_person is not None
        new_person.source_detail = new_person.source_detail or "Outplacement"
        person = person_create(actor=actor, data=new_person, allow_same_name=allow_same_name, now=now)
    case = OutplacementCase.objects.create(
        pilot=pilot,
        person=person,
        current_role=current_role,
        eliminated_on=eliminated_on,
        target_roles=target_roles,
        owner=owner,
        created_by=actor,
        created_at=now,
    )
    case.target_companies.set(companies)
    audit_record(
        actor=actor,
        verb="outplacement.created",
        target=case,
        person_id=person.pk,
        data={"pilot": pilot.pk, "owner": owner.pk if owner else None, "companies": sorted(c.pk for c in companies)},
        now=now,
    )
    return case


def _require_edit(actor: User, case: OutplacementCase) -> None:
    if not can_edit_case(actor, case):
        raise ForbiddenError(MSG_EDIT)


@transaction.atomic
def outplacement_update(
    *,
    actor: User,
    case: OutplacementCase,
    eliminated_on: dt.date,
    target_roles: str,
    current_role: str = "",
    target_companies: Iterable[Company] = (),
    new_companies: Sequence[str] = (),
    owner: User | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Change the case's details; its target companies become exactly ``target_companies`` plus
    ``new_companies``. Returns what changed ({field: [old, new]}); nothing changed, nothing audited."""
    _require_edit(actor, case)
    now = now or timezone.now()
    current_role, target_roles = _check_texts(current_role, target_roles)
    if eliminated_on != case.eliminated_on:
        _check_eliminated_on(eliminated_on, timezone.localdate(now))
    if owner != case.owner:
        if not can_manage(actor):
            raise _field_error("owner", MSG_REASSIGN)
        _check_owner(owner, case.pilot)
    companies = _resolve_companies(actor, target_companies, new_companies)
    values = {
        "current_role": current_role,
        "eliminated_on": eliminated_on,
        "target_roles": target_roles,
        "owner": owner,
    }
    changes = changed_fields(case, values)
    if changes:
        case.save(update_fields=list(changes))
    before = sorted(case.target_companies.values_list("pk", flat=True))
    after = sorted(c.pk for c in companies)
    if before != after:
        case.target_companies.set(companies)
        changes["target_companies"] = [before, after]
    if changes:
        audit_record(
            actor=actor,
            verb="outplacement.updated",
            target=case,
            person_id=case.person_id,
            data={"changes": changes},
            now=now,
        )
    return changes


@transaction.atomic
def outplacement_close(
    *,
    actor: User,
    case: OutplacementCase,
    status: str,
    outcome: str = "",
    closed_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> OutplacementCase:
    """Close the case as placed, stayed or closed, with what came of it (a closed case may be
    closed again to correct it)."""
    _require_edit(actor, case)
    now = now or timezone.now()
    today = timezone.localdate(now)
    closed_on = closed_on or today
    outcome = outcome.strip()
    if status not in CLOSED_STATUSES:
        raise _field_error("status", MSG_CLOSE_STATUS)
    if closed_on > today:
        raise _field_error("closed_on", MSG_CLOSED_FUTURE)
    if len(outcome) > OUTCOME_MAX:
        raise _field_error("outcome", MSG_OUTCOME_LONG)
    if status == OutplacementStatus.PLACED and not outcome:
        raise _field_error("outcome", MSG_OUTCOME_PLACED)
    was = case.status
    case.status, case.outcome, case.closed_on = status, outcome, closed_on
    case.save(update_fields=["status", "outcome", "closed_on"])
    audit_record(
        actor=actor,
        verb="outplacement.closed",
        target=case,
        person_id=case.person_id,
        data={"from": was, "status": status, "closed_on": closed_on.isoformat()},
        now=now,
    )
    return case


@transaction.atomic
def outplacement_reopen(*, actor: User, case: OutplacementCase, now: dt.datetime | None = None) -> OutplacementCase:
    """Back to "searching": the closing date and outcome are cleared (the audit log keeps them)."""
    _require_edit(actor, case)
    if case.status == OutplacementStatus.OPEN:
        raise ConflictError(MSG_NOT_CLOSED)
    data = {
        "from": case.status,
        "outcome": case.outcome,
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
    }
    case.status, case.outcome, case.closed_on = OutplacementStatus.OPEN, "", None
    case.save(update_fields=["status", "outcome", "closed_on"])
    audit_record(actor=actor, verb="outplacement.reopened", target=case, person_id=case.person_id, data=data, now=now)
    return case


@transaction.atomic
def outplacement_delete(*, actor: User, case: OutplacementCase) -> None:
    if not can_manage(actor):
        raise ForbiddenError(MSG_MANAGE)
    audit_record(
        actor=actor,
        verb="outplacement.deleted",
        target=case,
        person_id=case.person_id,
        data={"pilot": case.pilot_id, "status": case.status},
    )
    case.delete()


def outplacement_viewed(*, actor: User, case: OutplacementCase, via: str = "page") -> None:
    """One audit event per read of a case (its page, the API, its surfaced alumni)."""
    audit_record(actor=actor, verb="outplacement.viewed", target=case, person_id=case.person_id, data={"via": via})


def outplacement_listed(*, actor: User, data: dict[str, Any]) -> None:
    """One audit event per list request (the list names the employees)."""
    audit_record(actor=actor, verb="outplacement.listed", data=data)
