"""Opportunities: the deals Stage 3 helps win, and the pipeline they move through.

Who: HR leads and the contributors of a Stage 3 pilot create deals there; the owner and HR leads
change, move and delete one (bizdev.access.can_change_opportunity), the other contributors of the
pilot read it. Rules: a Stage 3 pilot the actor works in; a prospect company (chosen, or typed:
an existing company of that name, else a new one); a value that is not negative; an owner who
may work in the pilot (its contributors and HR leads); dates from 2000 on, never in the future;
``closed_on`` exactly for won and lost deals (moving to won or lost sets it, today by default;
back to an open stage clears it) and never before ``opened_on``. A deal the ledger's assists
refer to is not deleted. Every refusal names its field; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import ConflictError, DomainError, ForbiddenError
from people.models import Company
from people.services.companies import company_save
from programs.access import step_owner_candidates
from programs.models import Pilot, Stage

from ..access import can_change_opportunity, stage_pilots
from ..models import CLOSED_STAGES, Opportunity, OpportunityStage
from ..selectors.assists import count_assists_for_opportunity

MSG_PILOT = "Choose one of your Stage 3 pilots."
MSG_NAME = "Give the deal a name."
MSG_COMPANY = "Choose the prospect company, or type a new company's name."
MSG_COMPANY_BOTH = "Choose a company or type a new one's name, not both."
MSG_VALUE_NEGATIVE = "The value cannot be negative."
MSG_VALUE_NUMBER = "Enter the value as a number, e.g. 25000.00."
MSG_VALUE_LARGE = "That value is too large; check the figure."
MSG_STAGE = "Choose one of the stages: {choices}."
MSG_OWNER = "The owner must be a contributor of the pilot or an HR lead."
MSG_DATE_OLD = "The date is before 2000; check the year."
MSG_OPENED_FUTURE = "The opened date cannot be in the future."
MSG_CLOSED_FUTURE = "The closed date cannot be in the future."
MSG_CLOSED_BEFORE_OPENED = "The closed date cannot be before the opened date ({opened})."
MSG_CLOSED_OPEN_STAGE = "Only a won or lost deal has a closed date; leave it empty or choose won or lost."
MSG_CHANGE = "Only the deal's owner or an HR lead can change it."
MSG_DELETE_ASSISTS = (
    "This deal cannot be deleted: {count} assist{s} on the ledger refer{verb} to it (directly or through its "
    "help requests). Move it to lost instead, or correct those assists first."
)

EARLIEST = dt.date(2000, 1, 1)
MAX_VALUE = Decimal("1e12")  # the column holds 12 digits before the point
CENTS = Decimal("0.01")

PHRASES: dict[str, str] = {
    "opportunity.created": "Opportunity {target} recorded",
    "opportunity.changed": "Opportunity {target} changed",
    "opportunity.moved": "Opportunity {target} moved to another stage",
    "opportunity.deleted": "Opportunity {target} deleted",
    "opportunity.viewed": "Opportunity {target} viewed with the people who helped on it",
    "opportunities.exported": "Opportunities exported as CSV",
    "opportunities.api_listed": "Opportunities listed through the API",
}


def _error(message: str, field: str, *, code: str | None = None) -> DomainError:
    return DomainError(message, code=code, fields={field: [message]})


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def check_pilot(actor: User, pilot: Pilot) -> None:
    """The actor works in ``pilot`` and it is a Stage 3 pilot (one message either way, so other
    pilots' ids stay unrevealed)."""
    if pilot.stage != Stage.BIZDEV or not stage_pilots(actor).filter(pk=pilot.pk).exists():
        raise DomainError(MSG_PILOT, code="pilot", fields={"pilot": [MSG_PILOT]})


def check_change(actor: User, opportunity: Opportunity) -> None:
    """The owner and HR leads change a deal (403 for the pilot's other contributors)."""
    if not can_change_opportunity(actor, opportunity):
        raise ForbiddenError(MSG_CHANGE)


def clean_value(value: Any) -> Decimal:
    """A non-negative amount in the program's currency, in cents."""
    if value is None or value == "":
        return Decimal("0.00")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise _error(MSG_VALUE_NUMBER, "value") from exc
    if not amount.is_finite():
        raise _error(MSG_VALUE_NUMBER, "value")
    if amount < 0:
        raise _error(MSG_VALUE_NEGATIVE, "value", code="negative_value")
    if amount >= MAX_VALUE:
        raise _error(MSG_VALUE_LARGE, "value")
    return amount.quantize(CENTS)


def _check_company(company: Company | None, new_company: str) -> str:
    name = " ".join(str(new_company or "").split())[:200]
    if company is not None and name:
        raise _error(MSG_COMPANY_BOTH, "company")
    if company is None and not name:
        raise _error(MSG_COMPANY, "company")
    return name


def resolve_company(actor: User, company: Company | None, name: str, *, relationship: str) -> Company:
    """The chosen company; for a typed name the existing company of that name, else a new one
    (people.services.company_save, with ``relationship``). Call it last: it may write."""
    if company is not None:
        return company
    existing = Company.objects.filter(name__iexact=name).order_by("id").first()
    if existing is not None:
        return existing
    return company_save(actor=actor, name=name, relationship=relationship)


def _check_owner(pilot: Pilot, owner: User) -> None:
    if not step_owner_candidates(pilot).filter(pk=owner.pk).exists():
        raise _error(MSG_OWNER, "owner")


def _check_stage(stage: str) -> None:
    if stage not in OpportunityStage.values:
        raise _error(MSG_STAGE.format(choices=", ".join(OpportunityStage.values)), "stage")


def _check_dates(opened_on: dt.date, closed_on: dt.date | None, now: dt.datetime | None) -> None:
    today = _today(now)
    if opened_on < EARLIEST:
        raise _error(MSG_DATE_OLD, "opened_on")
    if opened_on > today:
        raise _error(MSG_OPENED_FUTURE, "opened_on")
    if closed_on is None:
        return
    if closed_on > today:
        raise _error(MSG_CLOSED_FUTURE, "closed_on")
    if closed_on < opened_on:
        raise _error(
            MSG_CLOSED_BEFORE_OPENED.format(opened=opened_on.isoformat()), "closed_on", code="closed_before_opened"
        )


def _closed_on_for(
    stage: str, closed_on: dt.date | None, *, carried: dt.date | None, now: dt.datetime | None
) -> dt.date | None:
    """The closed date a deal at ``stage`` gets. Won or lost: the date given, else ``carried``
    (the deal's own, when it was closed already), else today. Open: none; a date given is
    refused unless it is only the one the deal carried from its closed stage (a form posts it
    back as it was)."""
    if stage in CLOSED_STAGES:
        return closed_on or carried or _today(now)
    if closed_on is not None and closed_on != carried:
        raise _error(MSG_CLOSED_OPEN_STAGE, "closed_on")
    return None


def _audit(actor: User, verb: str, opportunity: Opportunity, now: dt.datetime | None, **data: Any) -> None:
    audit_record(actor=actor, verb=verb, target=opportunity, data={"pilot": opportunity.pilot_id, **data}, now=now)


@transaction.atomic
def opportunity_create(
    *,
    actor: User,
    pilot: Pilot,
    name: str,
    company: Company | None = None,
    new_company: str = "",
    value: Any = Decimal("0"),
    stage: str = OpportunityStage.PROSPECTING,
    owner: User | None = None,
    opened_on: dt.date | None = None,
    closed_on: dt.date | None = None,
    description: str = "",
    now: dt.datetime | None = None,
) -> Opportunity:
    """Record a deal in one of the actor's Stage 3 pilots; the owner defaults to the actor."""
    check_pilot(actor, pilot)
    clean_name = " ".join(str(name or "").split())[:200]
    if not clean_name:
        raise _error(MSG_NAME, "name")
    company_name = _check_company(company, new_company)
    amount = clean_value(value)
    _check_stage(stage)
    owner = owner or actor
    _check_owner(pilot, owner)
    opened = opened_on or _today(now)
    closed = _closed_on_for(stage, closed_on, carried=None, now=now)
    _check_dates(opened, closed, now)
    prospect = resolve_company(actor, company, company_name, relationship=Company.Relationship.PROSPECT)
    moment = now or timezone.now()
    opportunity = Opportunity.objects.create(
        pilot=pilot,
        company=prospect,
        name=clean_name,
        value=amount,
        stage=stage,
        owner=owner,
        opened_on=opened,
        closed_on=closed,
        description=str(description or "").strip()[:2000],
        created_by=actor,
        created_at=moment,
        updated_at=moment,
    )
    _audit(actor, "opportunity.created", opportunity, now, stage=stage)
    return opportunity


EDITABLE = ("name", "company", "value", "stage", "owner", "opened_on", "closed_on", "description")


@transaction.atomic
def opportunity_update(
    *, actor: User, opportunity: Opportunity, now: dt.datetime | None = None, **changes: Any
) -> list[str]:
    """Correct a deal; the fields not given keep their values (``new_company``, a typed name,
    replaces the company). The pilot does not change: its assists are the pilot's. Returns the
    names of the fields that changed."""
    unknown = set(changes) - {*EDITABLE, "new_company"}
    if unknown:
        raise TypeError(f"opportunity_update() got unexpected fields: {sorted(unknown)}")
    check_pilot(actor, opportunity.pilot)
    check_change(actor, opportunity)
    merged: dict[str, Any] = {name: changes.get(name, getattr(opportunity, name)) for name in EDITABLE}
    new_company = str(changes.get("new_company") or "")
    if new_company.strip():
        if changes.get("company") is not None:
            raise _error(MSG_COMPANY_BOTH, "company")
        merged["company"] = None
    company_name = _check_company(merged["company"], new_company)
    merged["name"] = " ".join(str(merged["name"] or "").split())[:200]
    if not merged["name"]:
        raise _error(MSG_NAME, "name")
    merged["value"] = clean_value(merged["value"])
    _check_stage(merged["stage"])
    if merged["owner"] is None:
        raise _error(MSG_OWNER, "owner")
    if merged["owner"].pk != opportunity.owner_id:
        _check_owner(opportunity.pilot, merged["owner"])
    if merged["opened_on"] is None:
        merged["opened_on"] = opportunity.opened_on
    merged["closed_on"] = _closed_on_for(merged["stage"], merged["closed_on"], carried=opportunity.closed_on, now=now)
    _check_dates(merged["opened_on"], merged["closed_on"], now)
    merged["description"] = str(merged["description"] or "").strip()[:2000]
    merged["company"] = resolve_company(
        actor, merged["company"], company_name, relationship=Company.Relationship.PROSPECT
    )
    changed = [name for name in EDITABLE if getattr(opportunity, name) != merged[name]]
    if changed:
        for name in changed:
            setattr(opportunity, name, merged[name])
        opportunity.updated_at = now or timezone.now()
        opportunity.save(update_fields=[*changed, "updated_at"])
        _audit(actor, "opportunity.changed", opportunity, now, changed=changed)
    return changed


@transaction.atomic
def opportunity_move(
    *,
    actor: User,
    opportunity: Opportunity,
    stage: str,
    closed_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Opportunity:
    """Move a deal to ``stage``. Won or lost sets ``closed_on`` (the date given, else the one it
    had when already closed, else today); an open stage clears it. Moving to the stage it is at
    changes nothing (a closed date given then corrects it)."""
    check_pilot(actor, opportunity.pilot)
    check_change(actor, opportunity)
    _check_stage(stage)
    if stage not in CLOSED_STAGES and closed_on is not None:
        raise _error(MSG_CLOSED_OPEN_STAGE, "closed_on")
    # Read the row again under a lock: two moves at once end in one order, each audited.
    row = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    carried = row.closed_on if row.stage in CLOSED_STAGES else None
    new_closed = _closed_on_for(stage, closed_on, carried=carried, now=now)
    _check_dates(row.opened_on, new_closed, now)
    if row.stage == stage and row.closed_on == new_closed:
        return row
    before = row.stage
    row.stage, row.closed_on, row.updated_at = stage, new_closed, now or timezone.now()
    row.save(update_fields=["stage", "closed_on", "updated_at"])
    opportunity.stage, opportunity.closed_on, opportunity.updated_at = row.stage, row.closed_on, row.updated_at
    _audit(
        actor,
        "opportunity.moved",
        row,
        now,
        **{"from": before, "to": stage, "closed_on": new_closed.isoformat() if new_closed else None},
    )
    return row


@transaction.atomic
def opportunity_delete(*, actor: User, opportunity: Opportunity, now: dt.datetime | None = None) -> None:
    """Delete a deal nothing on the ledger refers to; its help requests stay (unlinked)."""
    check_pilot(actor, opportunity.pilot)
    check_change(actor, opportunity)
    count = count_assists_for_opportunity(opportunity)
    if count:
        msg = MSG_DELETE_ASSISTS.format(count=count, s="" if count == 1 else "s", verb="s" if count == 1 else "")
        raise ConflictError(msg, code="has_assists")
    _audit(actor, "opportunity.deleted", opportunity, now, name=opportunity.name)
    opportunity.delete()


def opportunity_viewed(*, actor: User, opportunity: Opportunity, people: int, now: dt.datetime | None = None) -> None:
    """A page showed who helped on the deal (personal data of alumni): one audit event."""
    if people:
        _audit(actor, "opportunity.viewed", opportunity, now, people=people)


def opportunities_exported(*, actor: User, rows: int, filters: dict[str, str], now: dt.datetime | None = None) -> None:
    audit_record(actor=actor, verb="opportunities.exported", data={"rows": rows, "filters": filters}, now=now)
