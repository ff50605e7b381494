"""Writes into the ledger, the costs and the wins. Stage apps call record_introduction,
record_assist and record_hire; views and the API call the same functions.

Every function is keyword-only, one transaction, validates before it writes (nothing is written
when a rule refuses) and records an audit event. A ledger row that qualifies as a win (a hire, a
meaningful introduction, an assist of at least METRICS_BIG_ASSIST_POINTS) gets its Win here,
visibly, and loses it when a correction disqualifies it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.errors import DomainError, ForbiddenError
from accounts.models import User
from accounts.services import audit_record, changed_fields
from people.models import Company, Person
from programs.access import can_work_in
from programs.models import Membership, Pilot, SponsorOrganization

from .models import (
    Assist,
    AssistDirection,
    AssistType,
    CostCategory,
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
MSG_EMPLOYEE_NOT_MEMBER = "{user} is not in this pilot; the employee must be a member or an HR lead."
MSG_FUTURE = "The date cannot be in the future."
MSG_TOO_OLD = "The date is before 2000; check the year."
MSG_INTRO_TARGET = "Say whom the introduction was to: a person, a company, or both."
MSG_INTRO_SELF = "Someone cannot be introduced to themselves."
MSG_CHOICE = "Unknown {what} {value!r}; choose one of: {choices}."
MSG_ASSIST_TYPE = "Unknown assist type {value!r}; choose one of the scale: {choices}."
MSG_ASSIST_TYPE_INACTIVE = "The assist type {name!r} is retired; choose another."
MSG_NEGATIVE = "An amount cannot be negative."
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


def _check_employee(user: User, pilot: Pilot, field: str) -> None:
    if user.is_hr_lead and user.is_active:
        return
    if not (user.is_active and Membership.objects.filter(pilot=pilot, user=user).exists()):
        msg = MSG_EMPLOYEE_NOT_MEMBER.format(user=user)
        raise MetricsError(msg, fields={field: [msg]})


def _check_date(value: dt.date, field: str, now: dt.datetime | None) -> None:
    if value > _today(now):
        raise MetricsError(MSG_FUTURE, fields={field: [MSG_FUTURE]})
    if value < EARLIEST:
        raise MetricsError(MSG_TOO_OLD, fields={field: [MSG_TOO_OLD]})


def _check_choice(value: str, choices: Any, field: str, what: str) -> None:
    if value not in choices.values:
        msg = MSG_CHOICE.format(what=what, value=value, choices=", ".join(choices.values))
        raise MetricsError(msg, fields={field: [msg]})


def _money(value: Any, field: str) -> Decimal:
    """A non-negative amount rounded to cents; a clear error for anything else."""
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
    if amount >= Decimal("1e10"):
        msg = "That amount is too large; check the figure."
        raise MetricsError(msg, fields={field: [msg]})
    return amount.quantize(CENTS)


def _check_editable(actor: User, row: Any) -> None:
    """HR leads correct anything; a contributor corrects what they logged, in a pilot they work in."""
    if actor.is_hr_lead:
        return
    if row.created_by_id != actor.pk or not can_work_in(actor, row.pilot):
        raise ForbiddenError(MSG_EDIT_OWN)


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


def _validate_introduction(row: Introduction, now: dt.datetime | None) -> None:
    if row.to_person_id is None and row.to_company_id is None:
        raise MetricsError(MSG_INTRO_TARGET, fields={"to_person": [MSG_INTRO_TARGET]})
    if row.to_person_id is not None and row.to_person_id == row.on_behalf_of_id:
        raise MetricsError(MSG_INTRO_SELF, fields={"to_person": [MSG_INTRO_SELF]})
    _check_choice(row.purpose, IntroductionPurpose, "purpose", "purpose")
    _check_choice(row.on_behalf_kind, IntroductionKind, "on_behalf_kind", "kind of person")
    _check_date(row.date, "date", now)
    _check_employee(row.made_by, row.pilot, "made_by")


@transaction.atomic
def record_introduction(
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
    _validate_introduction(row, now)
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
    if "pilot" in values:
        _check_pilot(actor, values["pilot"])
        values["stage"] = values["pilot"].stage
    unknown = set(values) - set(INTRODUCTION_FIELDS) - {"pilot", "stage"}
    if unknown:
        raise MetricsError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if "outcome" in values:
        values["outcome"] = (values["outcome"] or "").strip()
    changes = changed_fields(introduction, values)
    _validate_introduction(introduction, now)
    if changes:
        introduction.save(update_fields=list(changes))
        _sync_win(introduction)
        _audit(actor, "introduction.corrected", introduction, {"changes": changes}, now)
    return introduction


@transaction.atomic
def introduction_confirm(
    *, actor: User, introduction: Introduction, meaningful: bool = True, now: dt.datetime | None = None
) -> Introduction:
    """Mark an introduction meaningful (it led somewhere), or take that back."""
    is_champion = Membership.objects.filter(
        pilot=introduction.pilot_id, user=actor, role=Membership.Role.CHAMPION
    ).exists()
    if not (actor.is_hr_lead or (actor.is_contributor and is_champion)):
        raise ForbiddenError(MSG_CONFIRM)
    now = now or timezone.now()
    introduction.meaningful = meaningful
    introduction.confirmed_by = actor if meaningful else None
    introduction.confirmed_at = now if meaningful else None
    introduction.save(update_fields=["meaningful", "confirmed_by", "confirmed_at"])
    _sync_win(introduction)
    verb = "introduction.confirmed" if meaningful else "introduction.unconfirmed"
    _audit(actor, verb, introduction, {}, now)
    return introduction


@transaction.atomic
def introduction_delete(*, actor: User, introduction: Introduction, now: dt.datetime | None = None) -> None:
    _check_editable(actor, introduction)
    _audit(actor, "introduction.deleted", introduction, {"pilot": introduction.pilot_id}, now)
    introduction.delete()


# --- assists ---------------------------------------------------------------------------------


def resolve_assist_type(value: AssistType | str | int) -> AssistType:
    """An AssistType from an instance, its key or its id; a clear error for anything unknown."""
    if isinstance(value, AssistType):
        found: AssistType | None = value
    else:
        text = str(value).strip()
        found = AssistType.objects.filter(key=text).first()
        if found is None and text.isdigit() and len(text) < 12:
            found = AssistType.objects.filter(pk=int(text)).first()
    if found is None:
        choices = ", ".join(AssistType.objects.filter(is_active=True).values_list("key", flat=True))
        msg = MSG_ASSIST_TYPE.format(value=str(value)[:50], choices=choices)
        raise MetricsError(msg, code="unknown_assist_type", fields={"assist_type": [msg]})
    return found


def _validate_assist(row: Assist, now: dt.datetime | None) -> None:
    _check_choice(row.direction, AssistDirection, "direction", "direction")
    _check_date(row.date, "date", now)
    _check_employee(row.employee, row.pilot, "employee")


@transaction.atomic
def record_assist(
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
    _validate_assist(row, now)
    row.save()
    _sync_win(row)
    _audit(actor, "assist.recorded", row, {"pilot": pilot.pk, "points": row.points}, now)
    return row


ASSIST_FIELDS = ("direction", "employee", "person", "date", "reference_kind", "reference_id", "reference_label", "note")


@transaction.atomic
def assist_update(*, actor: User, assist: Assist, now: dt.datetime | None = None, **values: Any) -> Assist:
    """Correct an assist. A new type re-prices it at that type's current points."""
    _check_editable(actor, assist)
    if "pilot" in values:
        _check_pilot(actor, values["pilot"])
        values["stage"] = values["pilot"].stage
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
    _validate_assist(assist, now)
    if changes:
        assist.save(update_fields=list(changes))
        _sync_win(assist)
        _audit(actor, "assist.corrected", assist, {"changes": changes}, now)
    return assist


@transaction.atomic
def assist_delete(*, actor: User, assist: Assist, now: dt.datetime | None = None) -> None:
    _check_editable(actor, assist)
    _audit(actor, "assist.deleted", assist, {"pilot": assist.pilot_id}, now)
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


def _validate_hire(row: Hire, now: dt.datetime | None) -> None:
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


@transaction.atomic
def record_hire(
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
    _validate_hire(row, now)
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
    if "pilot" in values:
        _check_pilot(actor, values["pilot"])
        values["stage"] = values["pilot"].stage
    unknown = set(values) - set(HIRE_FIELDS) - {"pilot", "stage"}
    if unknown:
        raise MetricsError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    for name in HIRE_COSTS:
        if name in values:
            values[name] = _money(values[name], name)
    changes = changed_fields(hire, values)
    _validate_hire(hire, now)
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
    if "pilot" in values:
        values["stage"] = values["pilot"].stage
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
        cost.save()
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
            msg = "A number of days cannot be negative."
            raise MetricsError(msg, fields={name: [msg]})
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
    SponsorOrganization.objects.select_for_update().filter(pk=baseline.sponsor_id).first()
    changes = changed_fields(baseline, values)
    _validate_baseline(baseline)
    if changes:
        baseline.save()
        _audit(actor, "baseline.corrected", baseline, {"changes": changes}, now)
    return baseline


@transaction.atomic
def baseline_delete(*, actor: User, baseline: LegacyCostBaseline, now: dt.datetime | None = None) -> None:
    _require_hr(actor)
    _audit(actor, "baseline.deleted", baseline, {"sponsor": baseline.sponsor_id}, now)
    baseline.delete()


# --- the assist value scale ------------------------------------------------------------------


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
        row = AssistType.objects.create(
            key=key,
            name=name,
            points=points_int,
            is_active=is_active,
            position=position if position is not None else AssistType.objects.count(),
        )
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
