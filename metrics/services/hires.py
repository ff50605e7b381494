"""Hires with their source channel, time to hire and actual costs: record, correct, delete.

Refused (nothing is written):
- a hire dated before its pilot started: the pilot cannot have produced it, and crediting it would
  inflate the pilot's results;
- the same person hired for the same opening of the same sponsor on the same day again: that is
  the same hire recorded twice, and it would count its savings twice.

Accepted with a warning (``hire_warnings``), which the hire form asks the user to confirm first
and the API returns in its answer:
- no costs at all: the report would count the sponsor's whole legacy cost per hire as saved;
- a pilot still in planning: its results count from when it goes active (statuses often lag
  reality, so this is a question, not a refusal);
- the same person already hired for the same opening on another day: a rehire is real (alumni
  come back), a duplicate is not; the user says which.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import ConflictError
from people.models import Person
from programs.models import Pilot, SponsorOrganization

from ..models import Hire, HireSource
from .common import (
    MAX_AMOUNT,
    MSG_TOO_LARGE,
    MetricsError,
    check_choice,
    check_date,
    check_pilot,
    money,
)
from .ledger import UNSET, Unset, given, ledger_correct, ledger_delete, ledger_record

HIRE_COSTS = (
    "cost_travel",
    "cost_recruiter_fee",
    "cost_job_ads",
    "cost_video_tooling",
    "staff_hours",
    "staff_hour_rate",
)

MSG_TITLE = "Give the opening's title."
MSG_HIRE_BEFORE_CONTACT = "The hire date ({hired}) cannot be before the first contact ({first})."
MSG_HIRE_SPONSOR = "A hire belongs to its pilot's sponsor organization; only an HR lead can book it to another."
MSG_HIRE_BEFORE_PILOT = (
    "The hire date ({hired}) is before {pilot} started ({start}): a hire from before the pilot cannot be "
    "credited to it. Choose the pilot that was running then, or ask an HR lead to correct the pilot's start date."
)
MSG_HIRE_TWICE = (
    "{person} is already recorded as hired for “{title}” on {date}; correct that hire instead of recording it twice."
)
MSG_NO_COSTS = (
    "No costs are recorded for this hire, so the report counts the whole legacy cost per hire of its sponsor "
    "as saved. Add what it cost (travel, fees, ads, tools, staff hours), or confirm that it cost nothing."
)
MSG_PILOT_PLANNING = (
    "{pilot} is still in planning: a pilot's results count from when it goes active. "
    "Check that this hire belongs to it, or ask an HR lead to set the pilot active."
)
MSG_SAME_OPENING = (
    "{person} was already recorded as hired for “{title}” on {date}. Confirm if this is a rehire; "
    "if it is the same hire, correct that one instead."
)
MSG_CONFIRM_WARNINGS = "Check the warnings below, then confirm to save the hire anyway."
CONFIRM_FIELD = "confirm_warnings"


@dataclass(frozen=True)
class HireWarning:
    """Something about a hire a careful person checks before relying on it."""

    code: str  # "no_costs" | "pilot_planning" | "same_opening"
    message: str


def _same_opening(row: Hire) -> Any:
    """Other hires of the same person for the same opening (title, any case) of the same sponsor."""
    others = Hire.objects.filter(
        person=row.person_id, sponsor=row.sponsor_id, opening_title__iexact=row.opening_title.strip()
    )
    return others.exclude(pk=row.pk) if row.pk else others


def hire_warnings(row: Hire) -> list[HireWarning]:
    """What is odd about ``row`` (saved or not) but not wrong enough to refuse."""
    found = []
    if not row.total_cost:
        found.append(HireWarning("no_costs", MSG_NO_COSTS))
    if row.pilot.status == Pilot.Status.PLANNING:
        found.append(HireWarning("pilot_planning", MSG_PILOT_PLANNING.format(pilot=row.pilot.name)))
    earlier = _same_opening(row).exclude(date=row.date).order_by("-date").first()
    if earlier is not None:
        message = MSG_SAME_OPENING.format(person=row.person, title=earlier.opening_title, date=earlier.date.isoformat())
        found.append(HireWarning("same_opening", message))
    return found


def _require_confirmation(warnings: list[HireWarning], confirmed: bool) -> None:
    if warnings and not confirmed:
        raise MetricsError(
            MSG_CONFIRM_WARNINGS, code="confirm_warnings", fields={CONFIRM_FIELD: [w.message for w in warnings]}
        )


def _validate(row: Hire, now: dt.datetime | None, actor: User, *, when: bool = True) -> None:
    """Check and price ``row``. ``when``: also check the dates against the pilot and other hires
    (a correction that changes neither the date, the pilot, the person nor the opening skips it)."""
    if row.sponsor_id != row.pilot.sponsor_id and not actor.is_hr_lead:
        raise MetricsError(MSG_HIRE_SPONSOR, fields={"sponsor": [MSG_HIRE_SPONSOR]})
    if not row.opening_title.strip():
        raise MetricsError(MSG_TITLE, fields={"opening_title": [MSG_TITLE]})
    check_choice(row.source, HireSource, "source", "source channel")
    check_date(row.first_contact_date, "first_contact_date", now)
    check_date(row.date, "date", now)
    if row.date < row.first_contact_date:
        msg = MSG_HIRE_BEFORE_CONTACT.format(hired=row.date.isoformat(), first=row.first_contact_date.isoformat())
        raise MetricsError(msg, fields={"date": [msg]})
    if when and row.pilot.start_date is not None and row.date < row.pilot.start_date:
        msg = MSG_HIRE_BEFORE_PILOT.format(
            hired=row.date.isoformat(), pilot=row.pilot.name, start=row.pilot.start_date.isoformat()
        )
        raise MetricsError(msg, code="before_pilot", fields={"date": [msg]})
    if when and _same_opening(row).filter(date=row.date).exists():
        msg = MSG_HIRE_TWICE.format(person=row.person, title=row.opening_title.strip(), date=row.date.isoformat())
        raise ConflictError(msg, fields={"person": [msg]})
    for name in HIRE_COSTS:
        setattr(row, name, money(getattr(row, name), name))
    row.time_to_hire_days = (row.date - row.first_contact_date).days
    row.total_cost = (
        row.cost_travel + row.cost_recruiter_fee + row.cost_job_ads + row.cost_video_tooling + row.staff_cost
    )
    if row.total_cost >= MAX_AMOUNT:
        raise MetricsError(MSG_TOO_LARGE, fields={"cost_travel": [MSG_TOO_LARGE]})


@transaction.atomic
def hire_record(
    *,
    actor: User,
    pilot: Pilot,
    person: Person,
    opening_title: str,
    source: str,
    first_contact_date: dt.date,
    date: dt.date,
    sponsor: SponsorOrganization | None = None,
    cost_travel: Decimal | int | str = 0,
    cost_recruiter_fee: Decimal | int | str = 0,
    cost_job_ads: Decimal | int | str = 0,
    cost_video_tooling: Decimal | int | str = 0,
    staff_hours: Decimal | int | str = 0,
    staff_hour_rate: Decimal | int | str = 0,
    reference_id: str = "",
    note: str = "",
    warnings_confirmed: bool = True,
    now: dt.datetime | None = None,
) -> Hire:
    """Record a hire with its actual costs. ``date`` is the hire date; the sponsor defaults to the
    pilot's. ``warnings_confirmed=False`` (the hire form) refuses a hire with warnings
    (``hire_warnings``) until the user confirms them; callers that pass True (the default: the API,
    stage apps) read the warnings themselves and pass them on."""
    check_pilot(actor, pilot)
    row = Hire(
        person=person,
        opening_title=opening_title.strip()[:200],
        sponsor=sponsor or pilot.sponsor,
        pilot=pilot,
        stage=pilot.stage,
        source=source,
        first_contact_date=first_contact_date,
        date=date,
        cost_travel=cost_travel,
        cost_recruiter_fee=cost_recruiter_fee,
        cost_job_ads=cost_job_ads,
        cost_video_tooling=cost_video_tooling,
        staff_hours=staff_hours,
        staff_hour_rate=staff_hour_rate,
        reference_id=str(reference_id).strip()[:64],
        note=note.strip()[:500],
        created_by=actor,
        created_at=now or timezone.now(),
    )
    _validate(row, now, actor)
    _require_confirmation(hire_warnings(row), warnings_confirmed)
    data = {"pilot": pilot.pk, "source": row.source, "total_cost": str(row.total_cost)}
    return ledger_record(actor=actor, row=row, data=data, now=now)


@transaction.atomic
def hire_update(
    *,
    actor: User,
    hire: Hire,
    pilot: Pilot | Unset | None = UNSET,
    person: Person | Unset = UNSET,
    opening_title: str | Unset = UNSET,
    sponsor: SponsorOrganization | Unset = UNSET,
    source: str | Unset = UNSET,
    first_contact_date: dt.date | Unset = UNSET,
    date: dt.date | Unset = UNSET,
    reference_id: str | Unset = UNSET,
    note: str | Unset = UNSET,
    cost_travel: Decimal | int | str | Unset = UNSET,
    cost_recruiter_fee: Decimal | int | str | Unset = UNSET,
    cost_job_ads: Decimal | int | str | Unset = UNSET,
    cost_video_tooling: Decimal | int | str | Unset = UNSET,
    staff_hours: Decimal | int | str | Unset = UNSET,
    staff_hour_rate: Decimal | int | str | Unset = UNSET,
    warnings_confirmed: bool = True,
    now: dt.datetime | None = None,
) -> Hire:
    """Correct a hire; the fields not given keep their values, time to hire and the total are
    recomputed. ``warnings_confirmed=False`` refuses only warnings the correction brings in."""
    values = given(
        pilot=pilot,
        person=person,
        opening_title=opening_title,
        sponsor=sponsor,
        source=source,
        first_contact_date=first_contact_date,
        date=date,
        reference_id=reference_id,
        note=note,
        cost_travel=cost_travel,
        cost_recruiter_fee=cost_recruiter_fee,
        cost_job_ads=cost_job_ads,
        cost_video_tooling=cost_video_tooling,
        staff_hours=staff_hours,
        staff_hour_rate=staff_hour_rate,
    )
    known = {w.code for w in hire_warnings(hire)} if not warnings_confirmed else set()

    def prepare(values: dict[str, Any]) -> None:
        for name in HIRE_COSTS:
            if name in values:
                values[name] = money(values[name], name)

    def validate(row: Hire, changed: set[str]) -> None:
        _validate(row, now, actor, when=bool({"date", "pilot", "person", "opening_title", "sponsor"} & changed))
        if not warnings_confirmed:
            _require_confirmation([w for w in hire_warnings(row) if w.code not in known], False)

    ledger_correct(
        actor=actor,
        row=hire,
        values=values,
        prepare=prepare,
        validate=validate,
        derived=("time_to_hire_days", "total_cost"),
        now=now,
    )
    return hire


@transaction.atomic
def hire_delete(*, actor: User, hire: Hire, now: dt.datetime | None = None) -> None:
    ledger_delete(actor=actor, row=hire, now=now)
