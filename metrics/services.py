"""Writes into the ledger, the costs and the wins. Stage apps call introduction_record,
assist_record and hire_record; views and the API call the same functions.

Every function is keyword-only, one transaction, validates before it writes (nothing is written
when a rule refuses) and records an audit event. A ledger row that qualifies as a win (a hire, a
meaningful introduction, an assist of at least METRICS_BIG_ASSIST_POINTS) gets its Win here,
visibly, and loses it when a correction disqualifies it.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import DomainError, ForbiddenError
from people.models import Company, Person
from programs.access import can_work_in
from programs.models import Membership, Pilot, SponsorOrganization, Venue
from programs.services import current_policy

from . import rollups
from .access import can_confirm_introduction, can_edit_row, report_pilots, visible_rows
from .models import (
    Assist,
    AssistDirection,
    AssistType,
    Celebration,
    CostCategory,
    DigestLog,
    Hire,
    HireSource,
    Introduction,
    IntroductionKind,
    IntroductionPurpose,
    LegacyCostBaseline,
    ProgramCost,
    Win,
    WinKind,
)


class MetricsError(DomainError):
    pass


MSG_PILOT = "Choose one of your pilots: you can only log work for pilots you belong to."
MSG_EMPLOYEE_NOT_MEMBER = "Choose yourself or a member of this pilot."
MSG_FUTURE = "The date cannot be in the future."
MSG_TOO_OLD = "The date is before 2000; check the year."
MSG_INTRO_TARGET = "Say whom the introduction was to: a person, a company, or both."
MSG_INTRO_SELF = "Someone cannot be introduced to themselves."
MSG_CHOICE = "Unknown {what} {value!r}; choose one of: {choices}."
MSG_ASSIST_TYPE = "Unknown assist type {value!r}; choose one of the scale: {choices}."
MSG_ASSIST_TYPE_INACTIVE = "The assist type {name!r} is retired; choose another."
MSG_NEGATIVE = "An amount cannot be negative."
MSG_NEGATIVE_DAYS = "A number of days cannot be negative."
MSG_NOT_A_NUMBER = "Enter a number, e.g. 1250.00."
MSG_HIRE_BEFORE_CONTACT = "The hire date ({hired}) cannot be before the first contact ({first})."
MSG_TITLE = "Give the opening's title."
MSG_CONFIRM = "Only an HR lead or a champion of this pilot can confirm an introduction as meaningful."
MSG_HR_ONLY = "Only an HR lead can change program costs, baselines and the assist scale."
MSG_EDIT_OWN = "You can correct only the entries you logged; ask an HR lead for the others."
MSG_BASELINE_OVERLAP = "{sponsor} already has a baseline for {start} – {end}; adjust that one or pick other dates."
MSG_BASELINE_PERIOD = "The period's end cannot be before its start."
MSG_SOURCE_NOTE = "Say where the baseline's figures come from, so a manager can check them."
MSG_COST_AMOUNT = "Give an amount, or hours and an hourly rate."
MSG_DESCRIPTION = "Describe the cost, e.g. 'Video editing licence'."
MSG_SCALE_POINTS = "Points must be a whole number of at least 1."
MSG_SCALE_NAME = "Give the assist type a name."
MSG_SCALE_EXISTS = "An assist type called {name!r} already exists."

CENTS = Decimal("0.01")
EARLIEST = dt.date(2000, 1, 1)


# --- shared checks ---------------------------------------------------------------------------


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _check_pilot(actor: User, pilot: Pilot) -> None:
    if not can_work_in(actor, pilot):
        raise MetricsError(MSG_PILOT, code="pilot", fields={"pilot": [MSG_PILOT]})


def _check_employee(actor: User, user: User, pilot: Pilot, field: str) -> None:
    """The employee named on a row: the actor, an active member of the pilot, or (named by an HR
    lead) an active HR lead. The message names nobody: the API must not reveal colleagues."""
    if user.pk == actor.pk:
        return
    if user.is_active and actor.is_hr_lead and user.is_hr_lead:
        return
    if not (user.is_active and Membership.objects.filter(pilot=pilot, user=user).exists()):
        raise MetricsError(MSG_EMPLOYEE_NOT_MEMBER, fields={field: [MSG_EMPLOYEE_NOT_MEMBER]})


def _check_date(value: dt.date, field: str, now: dt.datetime | None) -> None:
    if value > _today(now):
        raise MetricsError(MSG_FUTURE, fields={field: [MSG_FUTURE]})
    if value < EARLIEST:
        raise MetricsError(MSG_TOO_OLD, fields={field: [MSG_TOO_OLD]})


def _check_choice(value: str, choices: Any, field: str, what: str) -> None:
    if value not in choices.values:
        msg = MSG_CHOICE.format(what=what, value=value, choices=", ".join(choices.values))
        raise MetricsError(msg, fields={field: [msg]})


MSG_TOO_LARGE = "That amount is too large; check the figure."
# What the columns can hold: 12 digits for amounts, 10 for a point's value, 8 for hours and rates.
LIMITS = {
    "staff_hours": Decimal("1e6"),
    "staff_hour_rate": Decimal("1e6"),
    "hours": Decimal("1e6"),
    "hour_rate": Decimal("1e6"),
    "point_value": Decimal("1e8"),
}
MAX_AMOUNT = Decimal("1e10")


def _money(value: Any, field: str) -> Decimal:
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


def _check_editable(actor: User, row: Any) -> None:
    """HR leads correct anything; a contributor corrects what they logged, in a pilot they work in."""
    if not can_edit_row(actor, row):
        raise ForbiddenError(MSG_EDIT_OWN)


def _repilot(actor: User, row: Any, values: dict[str, Any], *, check_member: bool = True) -> None:
    """A correction that moves a row to another pilot takes that pilot's stage; naming the same
    pilot again changes nothing (the row keeps the stage it was logged in)."""
    pilot = values.get("pilot")
    if pilot is None:
        values.pop("pilot", None)
        return
    if pilot.pk == row.pilot_id:
        del values["pilot"]
        return
    if check_member:
        _check_pilot(actor, pilot)
    values["stage"] = pilot.stage


def _require_hr(actor: User) -> None:
    if not actor.is_hr_lead:
        raise ForbiddenError(MSG_HR_ONLY)


def _audit(actor: User, verb: str, row: Any, data: dict[str, Any], now: dt.datetime | None) -> None:
    audit_record(actor=actor, verb=verb, target=row, data=data, now=now)


# --- wins ------------------------------------------------------------------------------------


def _win_for(row: Introduction | Assist | Hire) -> tuple[str, str] | None:
    """(kind, headline) if the row is a win, else None."""
    if isinstance(row, Hire):
        return WinKind.HIRE, f"{row.person} joined as {row.opening_title}"
    if isinstance(row, Introduction):
        if not row.meaningful:
            return None
        return WinKind.INTRODUCTION, f"{row.on_behalf_of} was introduced to {row.target_label}"
    if row.points >= settings.METRICS_BIG_ASSIST_POINTS:
        verb = "gave" if row.direction == AssistDirection.GIVEN else "received"
        return WinKind.ASSIST, f"We {verb} {row.assist_type.name.lower()} ({row.points} points) with {row.person}"
    return None


def _sync_win(row: Introduction | Assist | Hire) -> None:
    field = {Hire: "hire", Introduction: "introduction", Assist: "assist"}[type(row)]
    wanted = _win_for(row)
    if wanted is None:
        Win.objects.filter(**{field: row}).delete()
        return
    kind, headline = wanted
    lookup: dict[str, Any] = {field: row}
    Win.objects.update_or_create(
        **lookup,
        defaults={"kind": kind, "pilot": row.pilot, "stage": row.stage, "date": row.date, "headline": headline[:300]},
    )


# --- introductions ---------------------------------------------------------------------------


def _validate_introduction(row: Introduction, now: dt.datetime | None, actor: User, *, employee: bool = True) -> None:
    if row.to_person_id is None and row.to_company_id is None:
        raise MetricsError(MSG_INTRO_TARGET, fields={"to_person": [MSG_INTRO_TARGET]})
    if row.to_person_id is not None and row.to_person_id == row.on_behalf_of_id:
        raise MetricsError(MSG_INTRO_SELF, fields={"to_person": [MSG_INTRO_SELF]})
    _check_choice(row.purpose, IntroductionPurpose, "purpose", "purpose")
    _check_choice(row.on_behalf_kind, IntroductionKind, "on_behalf_kind", "kind of person")
    _check_date(row.date, "date", now)
    if employee:
        _check_employee(actor, row.made_by, row.pilot, "made_by")


@transaction.atomic
def introduction_record(
    *,
    actor: User,
    pilot: Pilot,
    on_behalf_of: Person,
    to_person: Person | None = None,
    to_company: Company | None = None,
    purpose: str = IntroductionPurpose.JOB,
    on_behalf_kind: str = IntroductionKind.ALUMNUS,
    made_by: User | None = None,
    date: dt.date | None = None,
    outcome: str = "",
    now: dt.datetime | None = None,
) -> Introduction:
    _check_pilot(actor, pilot)
    row = Introduction(
        made_by=made_by or actor,
        on_behalf_of=on_behalf_of,
        on_behalf_kind=on_behalf_kind,
        to_person=to_person,
        to_company=to_company,
        purpose=purpose,
        pilot=pilot,
        stage=pilot.stage,
        date=date or _today(now),
        outcome=outcome.strip(),
        created_by=actor,
        created_at=now or timezone.now(),
    )
    _validate_introduction(row, now, actor)
    with rollups.kept_in_step(row):
        row.save()
    _audit(actor, "introduction.recorded", row, {"pilot": pilot.pk, "purpose": row.purpose}, now)
    return row


INTRODUCTION_FIELDS = (
    "on_behalf_of",
    "on_behalf_kind",
    "to_person",
    "to_company",
    "purpose",
    "made_by",
    "date",
    "outcome",
)


@transaction.atomic
def introduction_update(
    *, actor: User, introduction: Introduction, now: dt.datetime | None = None, **values: Any
) -> Introduction:
    """Correct an introduction. Allowed keys: INTRODUCTION_FIELDS (and pilot, which must be workable)."""
    _check_editable(actor, introduction)
    _repilot(actor, introduction, values)
    unknown = set(values) - set(INTRODUCTION_FIELDS) - {"pilot", "stage"}
    if unknown:
        raise MetricsError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if "outcome" in values:
        values["outcome"] = (values["outcome"] or "").strip()
    changes = changed_fields(introduction, values)
    # The maker is checked only when the correction changes who or where: a row made by someone
    # who has since left the pilot (or the firm) stays correctable.
    _validate_introduction(introduction, now, actor, employee=bool({"made_by", "pilot"} & set(changes)))
    if changes:
        with rollups.kept_in_step(introduction):
            introduction.save(update_fields=list(changes))
        _sync_win(introduction)
        _audit(actor, "introduction.corrected", introduction, {"changes": changes}, now)
    return introduction


@transaction.atomic
def introduction_confirm(
    *, actor: User, introduction: Introduction, meaningful: bool = True, now: dt.datetime | None = None
) -> Introduction:
    """Mark an introduction meaningful (it led somewhere), or take that back."""
    if not can_confirm_introduction(actor, introduction):
        raise ForbiddenError(MSG_CONFIRM)
    now = now or timezone.now()
    introduction.meaningful = meaningful
    introduction.confirmed_by = actor if meaningful else None
    introduction.confirmed_at = now if meaningful else None
    with rollups.kept_in_step(introduction):
        introduction.save(update_fields=["meaningful", "confirmed_by", "confirmed_at"])
    _sync_win(introduction)
    verb = "introduction.confirmed" if meaningful else "introduction.unconfirmed"
    _audit(actor, verb, introduction, {}, now)
    return introduction


@transaction.atomic
def introduction_delete(*, actor: User, introduction: Introduction, now: dt.datetime | None = None) -> None:
    _check_editable(actor, introduction)
    _audit(actor, "introduction.deleted", introduction, {"pilot": introduction.pilot_id}, now)
    with rollups.kept_in_step(introduction):
        introduction.delete()


# --- assists ---------------------------------------------------------------------------------


def resolve_assist_type(value: AssistType | str | int) -> AssistType:
    """An AssistType from an instance, its key or its id; a clear error for anything unknown."""
    if isinstance(value, AssistType):
        found: AssistType | None = value
    else:
        text = str(value).strip()
        found = AssistType.objects.filter(key=text).first()
        if found is None and text.isascii() and text.isdigit() and len(text) < 12:
            found = AssistType.objects.filter(pk=int(text)).first()
    if found is None:
        choices = ", ".join(AssistType.objects.filter(is_active=True).values_list("key", flat=True))
        msg = MSG_ASSIST_TYPE.format(value=str(value)[:50], choices=choices)
        raise MetricsError(msg, code="unknown_assist_type", fields={"assist_type": [msg]})
    return found


def _validate_assist(row: Assist, now: dt.datetime | None, actor: User, *, employee: bool = True) -> None:
    _check_choice(row.direction, AssistDirection, "direction", "direction")
    _check_date(row.date, "date", now)
    if employee:
        _check_employee(actor, row.employee, row.pilot, "employee")


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
    _check_pilot(actor, pilot)
    kind = resolve_assist_type(assist_type)
    if not kind.is_active:
        msg = MSG_ASSIST_TYPE_INACTIVE.format(name=kind.name)
        raise MetricsError(msg, fields={"assist_type": [msg]})
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
        date=date or _today(now),
        note=note.strip()[:500],
        created_by=actor,
        created_at=now or timezone.now(),
    )
    _validate_assist(row, now, actor)
    with rollups.kept_in_step(row):
        row.save()
    _sync_win(row)
    _audit(actor, "assist.recorded", row, {"pilot": pilot.pk, "points": row.points}, now)
    return row


ASSIST_FIELDS = ("direction", "employee", "person", "date", "reference_kind", "reference_id", "reference_label", "note")


@transaction.atomic
def assist_update(*, actor: User, assist: Assist, now: dt.datetime | None = None, **values: Any) -> Assist:
    """Correct an assist. A new type re-prices it at that type's current points."""
    _check_editable(actor, assist)
    _repilot(actor, assist, values)
    if "assist_type" in values:
        kind = resolve_assist_type(values["assist_type"])
        if kind.pk != assist.assist_type_id:
            if not kind.is_active:
                msg = MSG_ASSIST_TYPE_INACTIVE.format(name=kind.name)
                raise MetricsError(msg, fields={"assist_type": [msg]})
            values["points"] = kind.points
        values["assist_type"] = kind
    unknown = set(values) - set(ASSIST_FIELDS) - {"pilot", "stage", "assist_type", "points"}
    if unknown:
        raise MetricsError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    changes = changed_fields(assist, values)
    _validate_assist(assist, now, actor, employee=bool({"employee", "pilot"} & set(changes)))
    if changes:
        with rollups.kept_in_step(assist):
            assist.save(update_fields=list(changes))
        _sync_win(assist)
        _audit(actor, "assist.corrected", assist, {"changes": changes}, now)
    return assist


@transaction.atomic
def assist_delete(*, actor: User, assist: Assist, now: dt.datetime | None = None) -> None:
    _check_editable(actor, assist)
    _audit(actor, "assist.deleted", assist, {"pilot": assist.pilot_id}, now)
    with rollups.kept_in_step(assist):
        assist.delete()


# --- hires -----------------------------------------------------------------------------------

HIRE_COSTS = (
    "cost_travel",
    "cost_recruiter_fee",
    "cost_job_ads",
    "cost_video_tooling",
    "staff_hours",
    "staff_hour_rate",
)


MSG_HIRE_SPONSOR = "A hire belongs to its pilot's sponsor organization; only an HR lead can book it to another."


def _validate_hire(row: Hire, now: dt.datetime | None, actor: User) -> None:
    if row.sponsor_id != row.pilot.sponsor_id and not actor.is_hr_lead:
        raise MetricsError(MSG_HIRE_SPONSOR, fields={"sponsor": [MSG_HIRE_SPONSOR]})
    if not row.opening_title.strip():
        raise MetricsError(MSG_TITLE, fields={"opening_title": [MSG_TITLE]})
    _check_choice(row.source, HireSource, "source", "source channel")
    _check_date(row.first_contact_date, "first_contact_date", now)
    _check_date(row.date, "date", now)
    if row.date < row.first_contact_date:
        msg = MSG_HIRE_BEFORE_CONTACT.format(hired=row.date.isoformat(), first=row.first_contact_date.isoformat())
        raise MetricsError(msg, fields={"date": [msg]})
    for name in HIRE_COSTS:
        setattr(row, name, _money(getattr(row, name), name))
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
    cost_travel: Any = 0,
    cost_recruiter_fee: Any = 0,
    cost_job_ads: Any = 0,
    cost_video_tooling: Any = 0,
    staff_hours: Any = 0,
    staff_hour_rate: Any = 0,
    reference_id: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Hire:
    """Record a hire with its actual costs. ``date`` is the hire date; the sponsor defaults to the pilot's."""
    _check_pilot(actor, pilot)
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
    _validate_hire(row, now, actor)
    row.save()
    _sync_win(row)
    _audit(
        actor, "hire.recorded", row, {"pilot": pilot.pk, "source": row.source, "total_cost": str(row.total_cost)}, now
    )
    return row


HIRE_FIELDS = (
    "person",
    "opening_title",
    "sponsor",
    "source",
    "first_contact_date",
    "date",
    "reference_id",
    "note",
    *HIRE_COSTS,
)


@transaction.atomic
def hire_update(*, actor: User, hire: Hire, now: dt.datetime | None = None, **values: Any) -> Hire:
    _check_editable(actor, hire)
    _repilot(actor, hire, values)
    unknown = set(values) - set(HIRE_FIELDS) - {"pilot", "stage"}
    if unknown:
        raise MetricsError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    for name in HIRE_COSTS:
        if name in values:
            values[name] = _money(values[name], name)
    changes = changed_fields(hire, values)
    _validate_hire(hire, now, actor)
    if changes:
        hire.save(update_fields=[*changes, "time_to_hire_days", "total_cost"])
        _sync_win(hire)
        _audit(actor, "hire.corrected", hire, {"changes": changes}, now)
    return hire


@transaction.atomic
def hire_delete(*, actor: User, hire: Hire, now: dt.datetime | None = None) -> None:
    _check_editable(actor, hire)
    _audit(actor, "hire.deleted", hire, {"pilot": hire.pilot_id}, now)
    hire.delete()


# --- program costs ---------------------------------------------------------------------------


def _price_cost(row: ProgramCost, now: dt.datetime | None) -> None:
    _check_choice(row.category, CostCategory, "category", "category")
    if not row.description.strip():
        raise MetricsError(MSG_DESCRIPTION, fields={"description": [MSG_DESCRIPTION]})
    _check_date(row.date, "date", now)
    hours = None if row.hours in (None, "") else _money(row.hours, "hours")
    rate = None if row.hour_rate in (None, "") else _money(row.hour_rate, "hour_rate")
    row.hours, row.hour_rate = hours, rate
    if hours is not None and rate is not None:
        row.amount = (hours * rate).quantize(CENTS)
        if row.amount >= MAX_AMOUNT:
            raise MetricsError(MSG_TOO_LARGE, fields={"hours": [MSG_TOO_LARGE]})
    elif row.amount in (None, ""):
        raise MetricsError(MSG_COST_AMOUNT, fields={"amount": [MSG_COST_AMOUNT]})
    row.amount = _money(row.amount, "amount")


@transaction.atomic
def program_cost_record(
    *,
    actor: User,
    pilot: Pilot,
    category: str,
    description: str,
    amount: Any = None,
    hours: Any = None,
    hour_rate: Any = None,
    date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ProgramCost:
    """What running the pilot cost. Hours x rate, when both are given, sets the amount."""
    _require_hr(actor)
    row = ProgramCost(
        pilot=pilot,
        stage=pilot.stage,
        category=category,
        description=description.strip()[:200],
        amount=amount,
        hours=hours,
        hour_rate=hour_rate,
        date=date or _today(now),
        created_by=actor,
        created_at=now or timezone.now(),
    )
    _price_cost(row, now)
    row.save()
    _audit(actor, "program_cost.recorded", row, {"pilot": pilot.pk, "amount": str(row.amount)}, now)
    return row


@transaction.atomic
def program_cost_update(
    *, actor: User, cost: ProgramCost, now: dt.datetime | None = None, **values: Any
) -> ProgramCost:
    _require_hr(actor)
    _repilot(actor, cost, values, check_member=False)
    unknown = set(values) - {"pilot", "stage", "category", "description", "amount", "hours", "hour_rate", "date"}
    if unknown:
        raise MetricsError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    before = {
        f: getattr(cost, f) for f in ("pilot_id", "category", "description", "amount", "hours", "hour_rate", "date")
    }
    for key, value in values.items():
        setattr(cost, key, value)
    if "amount" in values and ("hours" not in values and "hour_rate" not in values):
        cost.hours = cost.hour_rate = None
    _price_cost(cost, now)
    after = {f: getattr(cost, f) for f in before}
    changes = {k: [str(before[k]), str(after[k])] for k in before if before[k] != after[k]}
    if changes:
        fields = {"pilot_id": "pilot"}
        cost.save(update_fields=[fields.get(k, k) for k in changes] + ["stage", "amount", "hours", "hour_rate"])
        _audit(actor, "program_cost.corrected", cost, {"changes": changes}, now)
    return cost


@transaction.atomic
def program_cost_delete(*, actor: User, cost: ProgramCost, now: dt.datetime | None = None) -> None:
    _require_hr(actor)
    _audit(actor, "program_cost.deleted", cost, {"pilot": cost.pilot_id, "amount": str(cost.amount)}, now)
    cost.delete()


# --- legacy baselines ------------------------------------------------------------------------

BASELINE_MONEY = ("travel_per_hire", "recruiter_fees_per_hire", "job_ads_per_hire", "other_per_hire", "point_value")
BASELINE_FIELDS = (
    "sponsor",
    "valid_from",
    "valid_to",
    *BASELINE_MONEY,
    "time_to_hire_days",
    "sales_cycle_days",
    "source_note",
)


def _validate_baseline(row: LegacyCostBaseline) -> None:
    if row.valid_to < row.valid_from:
        raise MetricsError(MSG_BASELINE_PERIOD, fields={"valid_to": [MSG_BASELINE_PERIOD]})
    if not (row.source_note or "").strip():
        raise MetricsError(MSG_SOURCE_NOTE, fields={"source_note": [MSG_SOURCE_NOTE]})
    for name in BASELINE_MONEY:
        setattr(row, name, _money(getattr(row, name), name))
    for name in ("time_to_hire_days", "sales_cycle_days"):
        value = getattr(row, name)
        if value is not None and value < 0:
            raise MetricsError(MSG_NEGATIVE_DAYS, fields={name: [MSG_NEGATIVE_DAYS]})
    overlapping = (
        LegacyCostBaseline.objects.select_for_update()
        .filter(sponsor=row.sponsor_id, valid_from__lte=row.valid_to, valid_to__gte=row.valid_from)
        .exclude(pk=row.pk)
        .first()
    )
    if overlapping is not None:
        msg = MSG_BASELINE_OVERLAP.format(
            sponsor=row.sponsor, start=overlapping.valid_from.isoformat(), end=overlapping.valid_to.isoformat()
        )
        raise MetricsError(msg, code="overlap", fields={"valid_from": [msg]})


@transaction.atomic
def baseline_save(
    *, actor: User, baseline: LegacyCostBaseline | None = None, now: dt.datetime | None = None, **values: Any
) -> LegacyCostBaseline:
    """Create (baseline=None) or correct a sponsor's legacy cost baseline. Periods may not overlap."""
    _require_hr(actor)
    unknown = set(values) - set(BASELINE_FIELDS)
    if unknown:
        raise MetricsError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if baseline is None:
        row = LegacyCostBaseline(created_by=actor, created_at=now or timezone.now(), **values)
        # Serialise baseline writes per sponsor so two overlapping periods can't both pass the check.
        SponsorOrganization.objects.select_for_update().filter(pk=row.sponsor_id).first()
        _validate_baseline(row)
        row.save()
        _audit(actor, "baseline.created", row, {"sponsor": row.sponsor_id}, now)
        return row
    old_sponsor = baseline.sponsor_id
    changes = changed_fields(baseline, values)
    # Lock the old and the new sponsor (in id order, so two corrections cannot deadlock) before the
    # overlap check: a baseline moved to another sponsor races with that sponsor's writes too.
    for sponsor_id in sorted({old_sponsor, baseline.sponsor_id}):
        SponsorOrganization.objects.select_for_update().filter(pk=sponsor_id).first()
    _validate_baseline(baseline)
    if changes:
        baseline.save(update_fields=list(changes))
        _audit(actor, "baseline.corrected", baseline, {"changes": changes}, now)
    return baseline


@transaction.atomic
def baseline_delete(*, actor: User, baseline: LegacyCostBaseline, now: dt.datetime | None = None) -> None:
    _require_hr(actor)
    _audit(actor, "baseline.deleted", baseline, {"sponsor": baseline.sponsor_id}, now)
    baseline.delete()


# --- the assist value scale ------------------------------------------------------------------

# The seed's default scale (also loaded by migration 0002, which keeps its own copy as migrations must).
DEFAULT_ASSIST_SCALE = [
    ("decision-maker-introduction", "Introduction to a decision maker", 10),
    ("introduction", "Introduction", 5),
    ("prospect-insight", "Insight about a prospect", 3),
    ("general-information", "General information", 1),
]


def assist_scale_ensure_defaults() -> int:
    """Put the default scale back when the scale is empty (a flushed test database, a fresh
    restore). Returns how many types it created; an existing scale is never touched."""
    if AssistType.objects.exists():
        return 0
    AssistType.objects.bulk_create(
        AssistType(key=key, name=name, points=points, position=position)
        for position, (key, name, points) in enumerate(DEFAULT_ASSIST_SCALE)
    )
    return len(DEFAULT_ASSIST_SCALE)


@transaction.atomic
def assist_type_save(
    *,
    actor: User,
    assist_type: AssistType | None = None,
    name: str,
    points: Any,
    is_active: bool = True,
    position: int | None = None,
    now: dt.datetime | None = None,
) -> AssistType:
    """Add or change a step of the value scale. Past assists keep the points they were logged with."""
    from django.utils.text import slugify

    _require_hr(actor)
    name = name.strip()
    if not name:
        raise MetricsError(MSG_SCALE_NAME, fields={"name": [MSG_SCALE_NAME]})
    try:
        points_int = int(points)
    except (TypeError, ValueError):
        points_int = 0
    if points_int < 1 or points_int > 1_000_000:
        raise MetricsError(MSG_SCALE_POINTS, fields={"points": [MSG_SCALE_POINTS]})
    clash = AssistType.objects.filter(name__iexact=name)
    if assist_type is not None:
        clash = clash.exclude(pk=assist_type.pk)
    if clash.exists():
        msg = MSG_SCALE_EXISTS.format(name=name)
        raise MetricsError(msg, fields={"name": [msg]})
    if assist_type is None:
        key = slugify(name)[:40] or "type"
        base, n = key, 2
        while AssistType.objects.filter(key=key).exists():
            key, n = f"{base}-{n}", n + 1
        try:
            with transaction.atomic():  # two HR leads adding the same name at once: one wins cleanly
                row = AssistType.objects.create(
                    key=key,
                    name=name,
                    points=points_int,
                    is_active=is_active,
                    position=position if position is not None else AssistType.objects.count(),
                )
        except IntegrityError as exc:
            msg = MSG_SCALE_EXISTS.format(name=name)
            raise MetricsError(msg, fields={"name": [msg]}) from exc
        _audit(actor, "assist_type.created", row, {"points": points_int}, now)
        return row
    values: dict[str, Any] = {"name": name, "points": points_int, "is_active": is_active}
    if position is not None:
        values["position"] = position
    changes = changed_fields(assist_type, values)
    if changes:
        assist_type.save(update_fields=list(changes))
        _audit(actor, "assist_type.changed", assist_type, {"changes": changes}, now)
    return assist_type


# --- celebrations ----------------------------------------------------------------------------
# Appended for the wins feed: "celebrate" drafts a short post for a venue within the pilot's
# sharing policy. Posting to networks is out of scope: the user edits and copies the text.

MSG_CELEBRATE_FORBIDDEN = "Only HR leads and members of this pilot can celebrate its wins; managers read them."
MSG_CELEBRATE_NO_POLICY = (
    "{pilot} has no approved sharing policy yet, so nothing about it may be shared. "
    "An HR lead writes and approves the policy on the pilot's page; then celebrate this win."
)

# Neutral descriptions used instead of a name the draft may not use.
NEUTRAL_BEHALF: dict[str, str] = {
    IntroductionKind.ALUMNUS: "one of our alumni",
    IntroductionKind.CANDIDATE: "a candidate",
    IntroductionKind.EMPLOYEE: "a colleague",
    IntroductionKind.OTHER: "someone in our network",
}
PURPOSE_PHRASE: dict[str, str] = {
    IntroductionPurpose.JOB: "about a job",
    IntroductionPurpose.CONTRACT: "about contract work",
    IntroductionPurpose.CLIENT: "to explore working together",
    IntroductionPurpose.INSIGHT: "to share insight",
    IntroductionPurpose.PARTNERSHIP: "about a partnership",
    IntroductionPurpose.OTHER: "",
}
HIRE_VIA: dict[str, str] = {
    HireSource.ALUMNI_REFERRAL: ", recommended by one of our alumni",
    HireSource.EMPLOYEE_REFERRAL: ", recommended by one of our team",
    HireSource.SOCIAL: ", after a conversation that started online",
    HireSource.SHARED_CONTENT: ", after responding to something we shared",
    HireSource.VIDEO_FIRST: ", through our video-first interviews",
}
# Stage-appropriate opening line (1 recruiting, 2 alumni, 3 business development).
STAGE_OPENER: dict[int, str] = {
    1: "Our social recruiting at work!",
    2: "Alumni helping alumni!",
    3: "Our alumni network helps us grow!",
}
HASHTAGS: dict[object, str] = {
    (WinKind.HIRE, 1): "#hiring #WelcomeAboard",
    (WinKind.HIRE, 2): "#alumni #hiring",
    (WinKind.HIRE, 3): "#alumni #hiring",
    1: "#careers #networking",
    2: "#alumni #AlumniNetwork",
    3: "#alumni #partnerships",
}


def _is_private(venue: Venue) -> bool:
    return bool(venue.visibility == Venue.Visibility.PRIVATE)


def _outsider_name(person: Person | None, venue: Venue, neutral: str) -> str:
    """A person outside the firm is named only by first name, only on a private venue, and only
    with their consent to be contacted; everywhere else the neutral description stands in."""
    if person is not None and person.consent_to_contact and _is_private(venue) and person.first_name.strip():
        return person.first_name.strip()
    return neutral


def _colleague_name(user: User | None, venue: Venue, neutral: str) -> str:
    """Colleagues get their first name on a private venue; public posts name nobody."""
    if user is not None and _is_private(venue) and user.full_name.strip():
        return user.full_name.split()[0]
    return neutral


def celebration_text(win: Win, venue: Venue) -> str:
    """The draft of a post celebrating ``win`` on ``venue``. Built from the ledger row, never
    from the win's headline (which names people for the internal feed)."""
    stage = int(win.stage)
    opener = STAGE_OPENER.get(stage, "Good news!")
    tags = HASHTAGS.get((win.kind, stage)) or HASHTAGS.get(stage, "#alumni")
    if win.kind == WinKind.HIRE and win.hire is not None:
        hire = win.hire
        who = _outsider_name(hire.person, venue, "a new colleague")
        who = who[0].upper() + who[1:]
        via = HIRE_VIA.get(hire.source, "")
        body = f"Welcome aboard! {who} joins our {hire.sponsor.name} team as {hire.opening_title}{via}."
        return f"{opener} {body} Thank you to everyone who helped. {tags}"
    if win.kind == WinKind.INTRODUCTION and win.introduction is not None:
        intro = win.introduction
        who = _outsider_name(intro.on_behalf_of, venue, NEUTRAL_BEHALF.get(intro.on_behalf_kind, "someone"))
        if intro.to_person is not None:
            target = _outsider_name(intro.to_person, venue, "a contact in our network")
            if intro.to_company is not None and _is_private(venue):
                target = f"{target} at {intro.to_company.name}"
        elif intro.to_company is not None and _is_private(venue):
            target = intro.to_company.name
        else:
            target = "a company in our network"
        purpose = PURPOSE_PHRASE.get(intro.purpose, "")
        purpose = f" {purpose}" if purpose else ""
        colleague = _colleague_name(intro.made_by, venue, "our team")
        return (
            f"{opener} We introduced {who} to {target}{purpose}, and it led somewhere. "
            f"Thanks to {colleague} for making the connection. {tags}"
        )
    if win.kind == WinKind.ASSIST and win.assist is not None:
        assist = win.assist
        who = _outsider_name(assist.person, venue, "someone in our alumni network")
        help_kind = assist.assist_type.name.lower()
        article = "an" if help_kind[:1] in "aeiou" else "a"
        if assist.direction == AssistDirection.GIVEN:
            body = f"We were glad to help {who} with {article} {help_kind}."
        else:
            body = f"A big thank you to {who} for {article} {help_kind}!"
        return f"{opener} {body} {tags}"
    return f"{opener} {tags}"


@transaction.atomic
def celebration_draft(*, actor: User, win: Win, venue: Venue, now: dt.datetime | None = None) -> Celebration:
    """Draft a post celebrating ``win`` on ``venue``, checked against the pilot's approved policy.

    HR leads and members of the win's pilot may celebrate (managers read). Without an approved
    sharing policy nothing is drafted. The draft names only consenting outside people, by first
    name, on private venues; it records the policy version it was checked against.
    """
    if not can_work_in(actor, win.pilot):
        raise ForbiddenError(MSG_CELEBRATE_FORBIDDEN)
    policy = current_policy(win.pilot)
    if policy is None:
        raise MetricsError(MSG_CELEBRATE_NO_POLICY.format(pilot=win.pilot.name), code="no_policy")
    celebration = Celebration.objects.create(
        win=win,
        venue=venue,
        text=celebration_text(win, venue),
        policy_version=policy.version,
        created_by=actor,
        created_at=now or timezone.now(),
    )
    _audit(
        actor,
        "celebration.drafted",
        celebration,
        {"win": win.pk, "venue": venue.pk, "policy_version": policy.version},
        now,
    )
    return celebration


# --- the weekly digest to managers -----------------------------------------------------------

logger = logging.getLogger(__name__)

# A digest lists at most this many wins; the feed has the rest.
DIGEST_MAX_WINS = 20
MSG_DIGEST_FAILED = "The weekly digest could not be sent to {count} manager(s); a retry sends only those."


class DigestDeliveryError(Exception):
    """Some digests could not be handed to the mail server; raised after the others were sent."""


@dataclass(frozen=True)
class DigestFigures:
    hires: int
    introductions: int
    meaningful_introductions: int
    assist_points_given: int
    assist_points_received: int
    program_cost: Decimal
    savings: Decimal | None
    roi: Decimal | None

    @property
    def roi_percent(self) -> Decimal | None:
        """ROI as the report defines it ((savings + value - cost) / cost), in percent."""
        return None if self.roi is None else (self.roi * 100).quantize(Decimal("0.1"))

    @property
    def quiet(self) -> bool:
        return not (self.hires or self.introductions or self.assist_points_given or self.assist_points_received)


def digest_week(now: dt.datetime | None = None) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the last full week before ``now`` (local time)."""
    today = _today(now)
    start = today - dt.timedelta(days=today.weekday() + 7)
    return start, start + dt.timedelta(days=6)


def _digest_figures(user: User, start: dt.date, end: dt.date) -> DigestFigures:
    """The week's figures of the pilots ``user`` may see, exactly as the ROI report computes them."""
    from .report import build_report  # imported here: the report module is the heavier one

    overall = build_report(user=user, start=start, end=end).overall
    return DigestFigures(
        hires=overall.hires,
        introductions=overall.introductions,
        meaningful_introductions=overall.meaningful_introductions,
        assist_points_given=overall.assist_points_given,
        assist_points_received=overall.assist_points_received,
        program_cost=overall.program_cost,
        savings=overall.savings,
        roi=overall.roi,
    )


def _digest_message(user: User, start: dt.date, end: dt.date) -> EmailMultiAlternatives:
    figures = _digest_figures(user, start, end)
    week_wins = visible_rows(user, Win).filter(date__gte=start, date__lte=end).order_by("date", "id")
    wins = list(week_wins[:DIGEST_MAX_WINS])
    win_count = len(wins) if len(wins) < DIGEST_MAX_WINS else week_wins.count()
    # The report's own period parameters (metrics.report.parse_period): a custom Monday-Sunday range.
    query = urlencode({"period": "custom", "start": start.isoformat(), "end": end.isoformat()})
    context = {
        "user": user,
        "start": start,
        "end": end,
        "figures": figures,
        "quiet": figures.quiet and not wins,
        "wins": [(w, settings.SITE_URL + reverse("metrics:win_detail", args=[w.pk])) for w in wins],
        "win_count": win_count,
        "more_wins": win_count - len(wins),
        "pilots": list(report_pilots(user).order_by("sponsor__name", "name")),
        "currency": settings.PROGRAM_CURRENCY,
        "report_url": f"{settings.SITE_URL}{reverse('metrics:index')}?{query}",
        "wins_url": f"{settings.SITE_URL}{reverse('metrics:win_list')}?{query}",
    }
    subject = " ".join(render_to_string("metrics/email/digest_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("metrics/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string("metrics/email/digest.html", context), "text/html")
    return message


def _digest_send_one(user: User, start: dt.date, now: dt.datetime) -> bool:
    """Claim this manager's week, then send. The claim and the send share one transaction: a
    concurrent run blocks on the unique (user, week_start) row and then finds it taken; a failed
    send rolls the claim back so a retry sends it."""
    end = start + dt.timedelta(days=6)
    with transaction.atomic():
        _log, created = DigestLog.objects.get_or_create(user=user, week_start=start, defaults={"sent_at": now})
        if not created:
            return False
        _digest_message(user, start, end).send()
    return True


def digest_send_weekly(*, now: dt.datetime | None = None) -> int:
    """Email every active manager of a sponsor with pilots last week's figures and wins.

    A quiet week is sent too, with its figures at zero: a manager deciding whether to scale a
    pilot learns as much from a week without results as from a good one, and a digest that
    sometimes doesn't arrive can't be told apart from one that was lost. Safe to run twice (one
    DigestLog per manager and week). Returns the number of emails sent.
    """
    now = now or timezone.now()
    start, _end = digest_week(now)
    managers = (
        User.objects.filter(role=Role.MANAGER, is_active=True, managed_sponsors__pilots__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    sent, failed = 0, 0
    for manager in managers:
        try:
            if _digest_send_one(manager, start, now):
                sent += 1
        except (smtplib.SMTPException, OSError):
            logger.exception("Weekly digest to user %s failed", manager.pk)
            failed += 1
    if failed:
        raise DigestDeliveryError(MSG_DIGEST_FAILED.format(count=failed))
    return sent
