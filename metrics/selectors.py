"""Read queries of metrics used by views, the API, the digest and the personal-data export,
with their joins done. Writes are in metrics.services; who may see what in metrics.access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from accounts.models import Role, User
from people.consent import contactable
from people.models import Person
from programs.models import Pilot

from .access import visible_rows
from .models import Assist, AssistDirection, AssistType, CostCategory, Hire, Introduction, ProgramCost, Win
from .money import cents, half_up, money_cell
from .report import build_report

# --- list totals --------------------------------------------------------------------------------


def introduction_totals(rows: QuerySet[Introduction]) -> dict[str, Any]:
    """How many, how many meaningful, and that share in whole percent (None without rows)."""
    totals = rows.aggregate(count=Count("id"), meaningful=Count("id", filter=Q(meaningful=True)))
    totals["share"] = round(100 * totals["meaningful"] / totals["count"]) if totals["count"] else None
    return totals


def assist_totals(rows: QuerySet[Assist]) -> dict[str, Any]:
    """How many, and the points given and received."""
    return rows.aggregate(
        count=Count("id"),
        given=Sum("points", filter=Q(direction=AssistDirection.GIVEN), default=0),
        received=Sum("points", filter=Q(direction=AssistDirection.RECEIVED), default=0),
    )


def hire_totals(rows: QuerySet[Hire]) -> dict[str, Any]:
    """How many, their total cost in cents (every database), the average days to hire."""
    totals = rows.aggregate(count=Count("id"), total_cost=Sum("total_cost"), avg_days=Avg("time_to_hire_days"))
    totals["total_cost"] = cents(totals["total_cost"])
    return totals


def cost_totals(rows: QuerySet[ProgramCost]) -> tuple[list[dict[str, Any]], Decimal]:
    """Costs per category (label, count, total in cents) and the sum of them all."""
    labels = dict(CostCategory.choices)
    per_category = [
        {
            "category": labels.get(row["category"], row["category"]),
            "count": row["count"],
            "total": cents(row["total"]) or Decimal("0.00"),
        }
        for row in rows.order_by()
        .values("category")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("category")
    ]
    return per_category, sum((row["total"] for row in per_category), start=Decimal("0.00"))


# --- the quick log's defaults ---------------------------------------------------------------------


def last_logged_pilot(user: User, pilots: QuerySet[Pilot]) -> Pilot | None:
    """Of ``pilots``, the one of the introduction or assist ``user`` logged most recently."""
    latest: list[tuple[Any, int]] = []
    for model in (Introduction, Assist):
        found = model.objects.filter(created_by=user).order_by("-created_at").values_list("created_at", "pilot_id")
        row = found.first()
        if row is not None:
            latest.append(row)
    if not latest:
        return None
    return pilots.filter(pk=max(latest)[1]).first()


def last_assist_choice(user: User) -> tuple[str, str] | None:
    """(direction, assist type key) of the assist ``user`` logged last."""
    return (
        Assist.objects.filter(created_by=user)
        .order_by("-created_at")
        .values_list("direction", "assist_type__key")
        .first()
    )


def assist_scale_with_usage() -> QuerySet[AssistType]:
    """The value scale in its order, each type with ``usage`` (how many assists use it)."""
    return AssistType.objects.annotate(usage=Count("assists")).order_by("position", "-points", "name")


# --- the weekly digest ----------------------------------------------------------------------------


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
        """ROI as the report defines it ((savings + value - cost) / cost), in percent, rounded once,
        half-up, to 0.1 % where the mail shows it (12.25 % -> 12.3 %, as the report would round)."""
        return None if self.roi is None else half_up(self.roi * 100, "0.1")

    @property
    def quiet(self) -> bool:
        return not (self.hires or self.introductions or self.assist_points_given or self.assist_points_received)


def digest_managers() -> QuerySet[User]:
    """Active managers with an email address of a sponsor that has pilots."""
    return (
        User.objects.filter(role=Role.MANAGER, is_active=True, managed_sponsors__pilots__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def digest_figures(user: User, start: dt.date, end: dt.date) -> DigestFigures:
    """The week's figures of the pilots ``user`` may see, exactly as the ROI report computes them."""
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


def digest_wins(user: User, start: dt.date, end: dt.date) -> QuerySet[Win]:
    """The week's wins ``user`` may see whose rows name nobody marked do-not-contact (their lines
    are left out of any mail; the figures still count them)."""
    ok = contactable(Person.objects.all()).values("pk")
    names_only_contactable = (
        (Q(hire__isnull=True) | Q(hire__person__in=ok))
        & (Q(assist__isnull=True) | Q(assist__person__in=ok))
        & (
            Q(introduction__isnull=True)
            | (
                Q(introduction__on_behalf_of__in=ok)
                & (Q(introduction__to_person__isnull=True) | Q(introduction__to_person__in=ok))
            )
        )
    )
    rows = visible_rows(user, Win).filter(date__gte=start, date__lte=end)
    return rows.filter(names_only_contactable).order_by("date", "id")


# --- one person's ledger rows (the personal-data export) ----------------------------------------------


def person_ledger(person: Person) -> list[dict[str, Any]]:
    """Every ledger row naming ``person``: introductions on their behalf or to them, assists with
    them, their hires; with date, pilot, kind and amounts (money as two-decimal strings). Other
    people on a row are not named (the employee, the other side of an introduction)."""
    out: list[dict[str, Any]] = []
    intros = (
        Introduction.objects.filter(Q(on_behalf_of=person) | Q(to_person=person))
        .select_related("pilot", "to_company")
        .order_by("date", "id")
    )
    for row in intros:
        introduced = row.on_behalf_of_id == person.pk
        out.append(
            {
                "kind": "introduction",
                "role": "introduced" if introduced else "introduced to",
                "id": row.pk,
                "date": row.date.isoformat(),
                "pilot": row.pilot.name,
                "stage": row.stage,
                "purpose": row.get_purpose_display(),
                "to_company": row.to_company.name if row.to_company else None,
                "meaningful": row.meaningful,
                # What came of it is about the person introduced; the other side gets no one else's news.
                "outcome": row.outcome if introduced else "",
            }
        )
    for assist in Assist.objects.filter(person=person).select_related("pilot", "assist_type").order_by("date", "id"):
        out.append(
            {
                "kind": "assist",
                "id": assist.pk,
                "date": assist.date.isoformat(),
                "pilot": assist.pilot.name,
                "stage": assist.stage,
                "direction": assist.get_direction_display(),
                "assist_type": assist.assist_type.name,
                "points": assist.points,
                "reference": assist.reference_label,
                "note": assist.note,
            }
        )
    for hire in Hire.objects.filter(person=person).select_related("pilot", "sponsor").order_by("date", "id"):
        out.append(
            {
                "kind": "hire",
                "id": hire.pk,
                "date": hire.date.isoformat(),
                "pilot": hire.pilot.name,
                "stage": hire.stage,
                "sponsor": hire.sponsor.name,
                "opening_title": hire.opening_title,
                "source": hire.get_source_display(),
                "first_contact_date": hire.first_contact_date.isoformat(),
                "time_to_hire_days": hire.time_to_hire_days,
                "total_cost": money_cell(hire.total_cost),
                "note": hire.note,
            }
        )
    return out
