"""Sales-cycle velocity: how much faster (and how much more often) the deals that alumni helped
with close, against the deals they did not help with and against the sponsor's legacy sales cycle.

Definitions, written once here so the velocity page, its CSV, the API, the Stage 3 page and the ROI
report (bizdev.figures) agree:

- The deals of a scope are the opportunities of its pilots **closed** (won or lost, ``closed_on``)
  in the period, both ends included. Open deals have no cycle yet and never count.
- A deal is **assisted** when at least one ledger Assist *received* by the firm references it:
  directly (``reference_kind`` "opportunity", ``reference_id`` = the deal's id) or through a help
  request linked to it (``reference_kind`` "help_request", ``reference_id`` = the request's id,
  ``request.opportunity`` = the deal). Its assist types are the types of those assists; a deal
  counts once under each type it received.
- **Cycle days** = closed_on - opened_on. The **median cycle days** are over the WON deals: the
  middle value once sorted, the mean of the two middle values for an even count. The **win rate**
  = won / (won + lost) x 100, in percent. A figure resting on fewer than ``TOO_FEW`` deals carries
  the note "too few deals to conclude".
- A deal's **baseline** is its pilot's sponsor's LegacyCostBaseline in force on its close date
  (valid_from ≤ closed_on ≤ valid_to; the latest ``valid_from`` first, as the ROI report picks a
  hire's). The **baseline cycle days** = the mean of the baselines' ``sales_cycle_days`` over the
  won deals whose baseline gives them.
- **Days saved** = Σ (baseline sales_cycle_days - cycle days) over the assisted won deals whose
  baseline gives sales-cycle days (a slower deal counts negative); assisted won deals without one
  are left out and counted. When every deal summed has a baseline giving the value of a
  sales-cycle day (``sales_cycle_day_value``), the **value** = Σ (days saved on the deal x its
  baseline's day value); otherwise there is no value: the figure is in days only.

Every value is exact (Decimal); it is rounded once, half-up, where shown (days to 0.1, percent to
0.01, money to cents). Three queries whatever the data: the deals, the assists that reference them
(directly or through their requests) and the baselines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast

from metrics.models import Assist, AssistDirection, LegacyCostBaseline
from metrics.money import half_up
from programs.models import Pilot

from ..models import REF_OPPORTUNITY, REF_REQUEST, HelpRequest, Opportunity, OpportunityStage

TOO_FEW = 5
NOTE_TOO_FEW = "too few deals to conclude"
HUNDRED = Decimal(100)
LISTED = 12  # up to this many values, a formula lists each
MEDIAN_RULE = "the middle value once sorted; for an even count, the mean of the two middle values"


@dataclass(frozen=True)
class Scope:
    """The pilots (already narrowed to what the reader may see) and the days, both ends included."""

    pilot_ids: Sequence[int]
    start: dt.date
    end: dt.date

    @property
    def period(self) -> str:
        return f"between {self.start.isoformat()} and {self.end.isoformat()}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def days_text(value: Decimal | int | None) -> str:
    """Days as shown: one decimal, half-up ("25.0"); "—" for none."""
    return "—" if value is None else f"{half_up(value, '0.1'):,}"


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{half_up(value, '0.01'):,}%"


def median(values: Sequence[int]) -> Decimal | None:
    """The middle value of ``values`` once sorted; the mean of the two middle ones for an even count."""
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    if n % 2:
        return Decimal(ordered[n // 2])
    return (Decimal(ordered[n // 2 - 1]) + Decimal(ordered[n // 2])) / 2


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def median_formula(values: Sequence[int], what: str) -> str:
    """How the median of ``values`` (``what``: "cycle days of the 4 won assisted deals …") was found."""
    n = len(values)
    if not n:
        return f"no {what}: no median"
    ordered = sorted(values)
    listed = f"{what}, sorted" + (": " + ", ".join(str(v) for v in ordered) if n <= LISTED else "")
    if n == 1:
        return f"the one value of the {listed} → {ordered[0]}"
    if n % 2:
        return f"the middle ({_ordinal(n // 2 + 1)}) of the {listed} → {ordered[n // 2]}"
    a, b = ordered[n // 2 - 1], ordered[n // 2]
    return (
        f"the mean of the two middle ({_ordinal(n // 2)} and {_ordinal(n // 2 + 1)}) of the {listed} "
        f"(an even count) → ({a} + {b}) / 2 = {days_text(median(ordered))}"
    )


def note_for(deals: int) -> str:
    return NOTE_TOO_FEW if deals < TOO_FEW else ""


# --- the reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    pk: int
    sponsor_id: int
    valid_from: dt.date
    valid_to: dt.date
    sales_cycle_days: int | None
    day_value: Decimal | None


@dataclass(frozen=True)
class Deal:
    pk: int
    won: bool
    opened_on: dt.date
    closed_on: dt.date
    sponsor_id: int
    types: frozenset[int]  # assist types received (empty: not assisted)
    baseline: Baseline | None

    @property
    def cycle_days(self) -> int:
        return (self.closed_on - self.opened_on).days

    @property
    def assisted(self) -> bool:
        return bool(self.types)


def closed_deals(scope: Scope) -> QuerySet[Opportunity]:
    """The scope's deals: won or lost, closed in the period."""
    return Opportunity.objects.filter(
        pilot_id__in=list(scope.pilot_ids),
        stage__in=[OpportunityStage.WON, OpportunityStage.LOST],
        closed_on__range=(scope.start, scope.end),
    ).order_by()


def _as_text(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Ids as text, to match the ledger's ``reference_id`` (a CharField) in SQL."""
    return qs.annotate(ref=Cast("pk", output_field=CharField())).values("ref")


def received_assists_of(deals: QuerySet[Opportunity]) -> QuerySet[Any]:
    """Assists received by the firm that reference one of ``deals``, directly or through one of
    their help requests; ``via`` is the request's deal (None for a direct reference)."""
    requests = HelpRequest.objects.filter(opportunity__in=deals.values("pk")).order_by()
    request_deal = (
        HelpRequest.objects.annotate(ref=Cast("pk", output_field=CharField()))
        .filter(ref=OuterRef("reference_id"))
        .values("opportunity_id")[:1]
    )
    return (
        Assist.objects.filter(direction=AssistDirection.RECEIVED)
        .filter(
            Q(reference_kind=REF_OPPORTUNITY, reference_id__in=_as_text(deals))
            | Q(reference_kind=REF_REQUEST, reference_id__in=_as_text(requests))
        )
        .annotate(via=Subquery(request_deal))
        .order_by()
    )


def baselines_of(scope: Scope) -> list[Baseline]:
    """The baselines of the scope's pilots' sponsors that overlap the period, latest first."""
    sponsors = Pilot.objects.filter(pk__in=list(scope.pilot_ids)).values("sponsor_id")
    rows = (
        LegacyCostBaseline.objects.filter(sponsor_id__in=sponsors, valid_from__lte=scope.end, valid_to__gte=scope.start)
        .order_by("-valid_from", "id")
        .values_list("pk", "sponsor_id", "valid_from", "valid_to", "sales_cycle_days", "sales_cycle_day_value")
    )
    return [Baseline(*row) for row in rows]


def baseline_on(baselines: Sequence[Baseline], sponsor_id: int, day: dt.date) -> Baseline | None:
    return next((b for b in baselines if b.sponsor_id == sponsor_id and b.valid_from <= day <= b.valid_to), None)


def deals_of(scope: Scope) -> list[Deal]:
    """The scope's closed deals with their assist types and baseline: three queries."""
    deals_qs = closed_deals(scope)
    rows = list(deals_qs.values_list("pk", "stage", "opened_on", "closed_on", "pilot__sponsor_id"))
    if not rows:
        return []
    types: dict[int, set[int]] = defaultdict(set)
    for kind, ref, via, type_id in (
        received_assists_of(deals_qs).values_list("reference_kind", "reference_id", "via", "assist_type_id").distinct()
    ):
        deal_id = int(ref) if kind == REF_OPPORTUNITY else via
        if deal_id is not None:
            types[deal_id].add(type_id)
    baselines = baselines_of(scope)
    return [
        Deal(
            pk=pk,
            won=stage == OpportunityStage.WON,
            opened_on=opened,
            closed_on=cast(dt.date, closed),
            sponsor_id=sponsor_id,
            types=frozenset(types.get(pk, ())),
            baseline=baseline_on(baselines, sponsor_id, cast(dt.date, closed)),
        )
        for pk, stage, opened, closed, sponsor_id in rows
    ]


# --- the figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """Median cycle days and win rate of a group of deals (assisted, unassisted, one assist type)."""

    key: str
    label: str
    what: str  # "assisted deals", "deals that received “Introduction”"
    one: str  # "assisted deal"
    won_days: tuple[int, ...]  # each won deal's cycle days
    lost: int
    period: str

    @property
    def won(self) -> int:
        return len(self.won_days)

    @property
    def deals(self) -> int:
        return self.won + self.lost

    @property
    def median_days(self) -> Decimal | None:
        return median(self.won_days)

    @property
    def win_rate(self) -> Decimal | None:
        return HUNDRED * self.won / self.deals if self.deals else None

    @property
    def median_text(self) -> str:
        return days_text(self.median_days)

    @property
    def win_rate_text(self) -> str:
        return percent_text(self.win_rate)

    @property
    def median_note(self) -> str:
        return note_for(self.won)

    @property
    def win_rate_note(self) -> str:
        return note_for(self.deals)

    @property
    def median_formula(self) -> str:
        what = f"cycle days (closed - opened) of the {plural(self.won, 'won ' + self.one, 'won ' + self.what)} closed {self.period}"
        return f"{median_formula(self.won_days, what)} ({MEDIAN_RULE})"

    @property
    def win_rate_formula(self) -> str:
        if not self.deals:
            return f"no {self.what} closed {self.period}: no win rate"
        return (
            f"won / (won + lost) x 100 over the {self.what} closed {self.period} = {self.won:,} / "
            f"({self.won:,} + {self.lost:,}) x 100"
        )


def _group(key: str, label: str, one: str, what: str, deals: Sequence[Deal], period: str) -> Group:
    won = tuple(sorted(d.cycle_days for d in deals if d.won))
    return Group(key, label, what, one, won, sum(1 for d in deals if not d.won), period)


@dataclass(frozen=True)
class AssistTypeRef:
    pk: int
    key: str
    name: str


@dataclass(frozen=True)
class BaselineDays:
    value: Decimal | None  # mean of the baselines' sales-cycle days over the won deals with one
    deals: int
    formula: str

    @property
    def value_text(self) -> str:
        return days_text(self.value)

    @property
    def note(self) -> str:
        return note_for(self.deals) if self.deals else ""


@dataclass(frozen=True)
class DaysSaved:
    days: int  # Σ (baseline days - cycle days) over ``deals``
    deals: int  # assisted won deals whose baseline gives sales-cycle days
    skipped: int  # assisted won deals without one: left out
    value: Decimal | None  # money, only when every deal summed has a day value
    formula: str
    value_formula: str
    currency: str

    @property
    def in_money(self) -> bool:
        return self.value is not None

    @property
    def value_text(self) -> str:
        return "—" if self.value is None else _money(self.value, self.currency)

    @property
    def note(self) -> str:
        return note_for(self.deals) if self.deals else ""


@dataclass(frozen=True)
class Velocity:
    scope: Scope
    deals: int  # closed in the period (open deals never count)
    assisted: Group
    unassisted: Group
    by_type: list[Group]
    baseline: BaselineDays
    saved: DaysSaved
    priced_by: frozenset[int] = field(default_factory=frozenset)  # sponsors whose baselines the figures read

    @property
    def groups(self) -> list[Group]:
        return [self.assisted, self.unassisted, *self.by_type]


def _baseline_days(won: Sequence[Deal], period: str) -> BaselineDays:
    days = [d.baseline.sales_cycle_days for d in won if d.baseline and d.baseline.sales_cycle_days is not None]
    if not days:
        return BaselineDays(None, 0, f"no won deal closed {period} has a baseline giving the legacy sales-cycle days")
    counts: dict[int, int] = defaultdict(int)
    for n in days:
        counts[n] += 1
    terms = " + ".join(f"{value} x {count}" for value, count in sorted(counts.items()))
    left = len(won) - len(days)
    tail = f" ({plural(left, 'won deal')} without one left out)" if left else ""
    return BaselineDays(
        Decimal(sum(days)) / len(days),
        len(days),
        f"the mean of the sponsors' legacy sales-cycle days (the baseline in force on each deal's close date) over "
        f"the {plural(len(days), 'won deal')} closed {period} with one = ({terms}) / {len(days):,}{tail}",
    )


def _money(value: Decimal, currency: str) -> str:
    return f"{half_up(value):,.2f} {currency}"


@dataclass(frozen=True)
class _Priced:
    """An assisted won deal with its baseline's sales-cycle days (and day value, if any)."""

    legacy: int
    cycle: int
    day_value: Decimal | None

    @property
    def saved(self) -> int:
        return self.legacy - self.cycle


def _days_saved(assisted_won: Sequence[Deal], period: str, currency: str) -> DaysSaved:
    priced = [
        _Priced(d.baseline.sales_cycle_days, d.cycle_days, d.baseline.day_value)
        for d in assisted_won
        if d.baseline is not None and d.baseline.sales_cycle_days is not None
    ]
    skipped = len(assisted_won) - len(priced)
    left = f"; {plural(skipped, 'assisted won deal')} without a baseline's sales-cycle days left out" if skipped else ""
    if not priced:
        formula = f"no assisted won deal closed {period} has a baseline giving the legacy sales-cycle days{left}"
        return DaysSaved(0, 0, skipped, None, formula, "in days only: no deal to value", currency)
    days = sum(p.saved for p in priced)
    terms = " + ".join(f"({p.legacy} - {p.cycle})" for p in priced) if len(priced) <= LISTED else "…"
    formula = (
        f"Σ (baseline sales-cycle days - cycle days) over the {plural(len(priced), 'assisted won deal')} closed "
        f"{period} with a baseline = {terms} = {days:,} days{left}"
    )
    unvalued = sum(1 for p in priced if p.day_value is None)
    if unvalued:
        value_formula = (
            f"in days only: the baseline of {plural(unvalued, 'deal')} of the {len(priced):,} gives no value of a "
            "sales-cycle day, so no money is attributed"
        )
        return DaysSaved(days, len(priced), skipped, None, formula, value_formula, currency)
    rates = [p.day_value for p in priced if p.day_value is not None]
    value = sum((Decimal(p.saved) * rate for p, rate in zip(priced, rates, strict=True)), Decimal(0))
    if len(set(rates)) == 1:
        value_formula = f"{days:,} days saved x {_money(rates[0], currency)} a day = {_money(value, currency)}"
    else:
        parts = " + ".join(f"{p.saved} x {_money(rate, currency)}" for p, rate in zip(priced, rates, strict=True))
        value_formula = (
            "Σ (days saved on the deal x its baseline's value of a day) = "
            f"{parts if len(priced) <= LISTED else '…'} = {_money(value, currency)}"
        )
    return DaysSaved(days, len(priced), skipped, value, formula, value_formula, currency)


def assist_types() -> list[AssistTypeRef]:
    """Every type of the value scale, in the scale's order (one query)."""
    from metrics.models import AssistType

    return [AssistTypeRef(pk, key, name) for pk, key, name in AssistType.objects.values_list("pk", "key", "name")]


def velocity(scope: Scope, *, types: Sequence[AssistTypeRef] | None = None) -> Velocity:
    """The velocity figures of ``scope``: four queries (three with ``types`` given). ``by_type``
    lists every type of the scale in its order (a type no deal received shows no figure)."""
    deals = deals_of(scope)
    period = scope.period
    currency = settings.PROGRAM_CURRENCY
    assisted = [d for d in deals if d.assisted]
    unassisted = [d for d in deals if not d.assisted]
    scale = list(types) if types is not None else assist_types()
    by_type = [
        _group(
            f"type:{t.key}",
            t.name,
            f"deal that received “{t.name}”",
            f"deals that received “{t.name}”",
            [d for d in assisted if t.pk in d.types],
            period,
        )
        for t in scale
    ]
    won = [d for d in deals if d.won]
    return Velocity(
        scope=scope,
        deals=len(deals),
        assisted=_group("assisted", "Assisted", "assisted deal", "assisted deals", assisted, period),
        unassisted=_group("unassisted", "Unassisted", "unassisted deal", "unassisted deals", unassisted, period),
        by_type=by_type,
        baseline=_baseline_days(won, period),
        saved=_days_saved([d for d in won if d.assisted], period, currency),
        priced_by=frozenset(d.baseline.sponsor_id for d in won if d.baseline is not None),
    )


# --- opportunities of a period ------------------------------------------------------------------


@dataclass(frozen=True)
class OpportunityCounts:
    """``open``: deals still open that were opened by the period's end; ``won``/``lost``: closed in
    the period; ``assisted``: deals (open or closed) that received at least one assist dated in the
    period, directly or through one of their help requests."""

    open: int
    won: int
    lost: int
    assisted: int


def assisted_in_period_q(scope: Scope) -> Q:
    """An Opportunity that received an assist dated in the period (see OpportunityCounts)."""
    received = Assist.objects.filter(direction=AssistDirection.RECEIVED, date__range=(scope.start, scope.end))
    direct = received.filter(
        reference_kind=REF_OPPORTUNITY, reference_id=Cast(OuterRef("pk"), output_field=CharField())
    )
    requests = _as_text(HelpRequest.objects.filter(opportunity=OuterRef(OuterRef("pk"))).order_by())
    through = received.filter(reference_kind=REF_REQUEST, reference_id__in=requests)
    return Q(Exists(direct)) | Q(Exists(through))


def opportunity_counts(scope: Scope) -> OpportunityCounts:
    """One query."""
    closed_in = Q(closed_on__range=(scope.start, scope.end))
    row = (
        Opportunity.objects.filter(pilot_id__in=list(scope.pilot_ids))
        .order_by()
        .aggregate(
            open=Count("id", filter=Q(closed_on__isnull=True, opened_on__lte=scope.end)),
            won=Count("id", filter=closed_in & Q(stage=OpportunityStage.WON)),
            lost=Count("id", filter=closed_in & Q(stage=OpportunityStage.LOST)),
            assisted=Count("id", filter=assisted_in_period_q(scope)),
        )
    )
    return OpportunityCounts(row["open"] or 0, row["won"] or 0, row["lost"] or 0, row["assisted"] or 0)


# --- the velocity figures as rows: the page, its CSV and the API show these -----------------------

PLACES = {"days": "0.1", "%": "0.01"}


@dataclass(frozen=True)
class FigureRow:
    """One velocity figure with its value (exact), unit, deal count, note and formula. ``withheld``:
    the reason the reader may not see it (it rests on a baseline they may not see)."""

    key: str
    label: str
    value: Decimal | int | None
    unit: str  # "days", "%" or the currency
    cases: int | None
    note: str
    formula: str
    withheld: str = ""

    @property
    def rounded(self) -> Decimal | None:
        """The value rounded once, half-up: days to 0.1, percent to 0.01, money to cents."""
        if self.value is None:
            return None
        if isinstance(self.value, int):  # whole days (days saved) stay whole, as the ROI report shows them
            return Decimal(self.value)
        return half_up(self.value, PLACES.get(self.unit, "0.01"))

    @property
    def plain(self) -> str:
        """The shown digits without separators, "" for no figure (CSV cells, the API)."""
        value = self.rounded
        return "" if value is None else f"{value:f}"

    @property
    def shown(self) -> str:
        """As the page shows it: "50.0 days", "66.67%", "20,000.00 EUR"; "—" for none."""
        value = self.rounded
        if value is None:
            return "—"
        if self.unit == "%":
            return f"{value:,}%"
        return f"{value:,} {self.unit}"


def _group_rows(group: Group, key: str) -> list[FigureRow]:
    return [
        FigureRow(
            f"bizdev.cycle_days.{key}",
            f"Median cycle days, {group.label.lower() if key in ('assisted', 'unassisted') else group.label}",
            group.median_days,
            "days",
            group.won,
            group.median_note,
            group.median_formula,
        ),
        FigureRow(
            f"bizdev.win_rate.{key}",
            f"Win rate, {group.label.lower() if key in ('assisted', 'unassisted') else group.label}",
            group.win_rate,
            "%",
            group.deals,
            group.win_rate_note,
            group.win_rate_formula,
        ),
    ]


def figure_rows(v: Velocity, *, withheld: str = "") -> list[FigureRow]:
    """Every velocity figure, in the page's order. ``withheld``: the reason the reader may not see
    the figures read from baselines (then shown without value, formula or count)."""
    rows = [*_group_rows(v.assisted, "assisted"), *_group_rows(v.unassisted, "unassisted")]
    for group in v.by_type:
        rows.extend(_group_rows(group, group.key.replace("type:", "type.")))
    saved = v.saved
    baseline_rows = [
        FigureRow(
            "bizdev.cycle_days.baseline",
            "Legacy sales-cycle days (baseline)",
            v.baseline.value,
            "days",
            v.baseline.deals,
            v.baseline.note,
            v.baseline.formula,
        ),
        FigureRow(
            "bizdev.cycle_days_saved",
            "Sales-cycle days saved by assisted deals",
            saved.days,
            "days",
            saved.deals,
            saved.note,
            saved.formula,
        ),
        FigureRow(
            "bizdev.cycle_days_saved.value",
            "Value of the days saved",
            saved.value,
            saved.currency,
            saved.deals,
            "",
            saved.value_formula,
        ),
    ]
    if withheld:
        baseline_rows = [FigureRow(r.key, r.label, None, r.unit, None, "", "", withheld) for r in baseline_rows]
    return rows + baseline_rows
