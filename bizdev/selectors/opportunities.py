"""Reads of opportunities: the filtered list (pages, CSV and API share it) with its totals, and
the pipeline board (a column per stage). A fixed number of queries, however many deals."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce

from accounts.models import User
from metrics.money import cents

from ..access import visible_opportunities
from ..models import CLOSED_STAGES, OPEN_STAGES, Opportunity, OpportunityStage
from .assists import with_assisted

MAX_SEARCH = 200


@dataclass(frozen=True)
class OpportunityFilters:
    """What the list, the CSV, the board and the API filter on; empty means "any"."""

    pilot: int | None = None
    stage: str = ""
    owner: int | None = None
    status: str = ""  # "open" or "closed"
    assisted: bool | None = None
    q: str = ""


def opportunity_rows(user: User, filters: OpportunityFilters | None = None) -> QuerySet[Opportunity]:
    """The deals ``user`` may see, narrowed by ``filters``, each with ``assisted``, newest opened first."""
    f = filters or OpportunityFilters()
    qs = with_assisted(visible_opportunities(user))
    if f.pilot:
        qs = qs.filter(pilot_id=f.pilot)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.owner:
        qs = qs.filter(owner_id=f.owner)
    if f.status == "open":
        qs = qs.filter(stage__in=OPEN_STAGES)
    elif f.status == "closed":
        qs = qs.filter(stage__in=CLOSED_STAGES)
    if f.assisted is not None:
        qs = qs.filter(Q(assisted=f.assisted))
    for word in f.q[:MAX_SEARCH].split()[:10]:
        qs = qs.filter(Q(name__icontains=word) | Q(company__name__icontains=word))
    return qs.order_by("-opened_on", "-id")


@dataclass(frozen=True)
class Totals:
    count: int
    value: Decimal


def totals(qs: QuerySet[Opportunity]) -> Totals:
    """How many deals and their value, in cents (cast in SQL: SQLite sums decimals as floats)."""
    money = DecimalField(max_digits=16, decimal_places=2)
    row = qs.order_by().aggregate(
        count=Count("pk"), value=Coalesce(Cast(Sum("value"), money), Value(Decimal("0")), output_field=money)
    )
    return Totals(count=row["count"], value=cents(row["value"]) or Decimal("0.00"))


# A column shows at most this many deals; the rest are one click away in the filtered list.
COLUMN_CARDS = 50


@dataclass
class Column:
    stage: str
    label: str
    cards: list[Opportunity] = field(default_factory=list)
    total: int = 0
    value: Decimal = Decimal("0.00")

    @property
    def more(self) -> int:
        return self.total - len(self.cards)

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES


def board(user: User, filters: OpportunityFilters | None = None, *, keep: int | None = None) -> list[Column]:
    """A column per stage, in pipeline order: open deals longest open first, closed deals latest
    closed first; at most COLUMN_CARDS each (``keep``, a deal just moved, is shown past the cap),
    with each column's count and value. Two queries: the counts per stage, and the cards."""
    qs = opportunity_rows(user, filters)
    money = DecimalField(max_digits=16, decimal_places=2)
    counts: dict[str, dict[str, Any]] = {
        row["stage"]: dict(row)
        for row in qs.order_by()
        .values("stage")
        .annotate(n=Count("pk"), total=Coalesce(Cast(Sum("value"), money), Value(Decimal("0")), output_field=money))
    }
    columns = {
        stage: Column(
            stage=stage,
            label=label,
            total=counts.get(stage, {}).get("n", 0),
            value=cents(counts.get(stage, {}).get("total", 0)) or Decimal("0.00"),
        )
        for stage, label in OpportunityStage.choices
    }
    cards = qs.select_related("pilot", "company", "owner").order_by("opened_on", "id")
    shown: dict[str, int] = {}
    closed: list[Opportunity] = []
    for deal in cards:
        if deal.stage in CLOSED_STAGES:
            closed.append(deal)
            continue
        column = columns[deal.stage]
        if shown.get(deal.stage, 0) < COLUMN_CARDS or deal.pk == keep:
            column.cards.append(deal)
            shown[deal.stage] = shown.get(deal.stage, 0) + 1
    closed.sort(key=lambda d: (d.closed_on, d.pk), reverse=True)
    for deal in closed:
        column = columns[deal.stage]
        if len(column.cards) < COLUMN_CARDS or deal.pk == keep:
            column.cards.append(deal)
    return list(columns.values())


def owner_choices(user: User) -> QuerySet[User]:
    """The owners of the deals the user may see, for the filters."""
    return User.objects.filter(pk__in=visible_opportunities(user).values("owner_id")).order_by("full_name", "email")


def parse_filters(data: dict[str, Any]) -> OpportunityFilters:
    """OpportunityFilters from a form's cleaned data (pilot/owner instances or ids)."""

    def pk(value: Any) -> int | None:
        return getattr(value, "pk", value) or None

    assisted = data.get("assisted")
    return OpportunityFilters(
        pilot=pk(data.get("pilot")),
        stage=data.get("stage") or "",
        owner=pk(data.get("owner")),
        status=data.get("status") or "",
        assisted=True if assisted == "yes" else False if assisted == "no" else None,
        q=str(data.get("q") or "").strip(),
    )
