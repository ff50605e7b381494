"""The reads of the Stage 3 page: a fixed number of queries whatever the number of deals, requests
and assists.

Counts go over the pilots whose figures the reader may see (``bizdev.access.figure_pilots``,
narrowed to Stage 3 by ``stage_three``). The tables that name people are built only when asked:
alumni's names (the give/get per alumnus, the open alumni requests) and employees' names (per
contributor) only for who works in Stage 3 (``bizdev.access.can_work``), as on the Stage 2 page;
managers get counts and the per-team balance. The terms are those of bizdev.selectors.velocity and
bizdev.selectors.balance, so the page, the API and the ROI report agree.

The figures resting on a sponsor's legacy baseline (baseline cycle days, days saved and their
value) follow metrics.access.can_see_baselines, THE rule of the ROI report: a reader who may not
see the baseline of every sponsor that priced them gets the reason instead (``baselines_visible``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from metrics.access import can_see_baselines
from metrics.report import WITHHELD, Period
from programs.models import Pilot, Stage

from ..access import can_read_figures, figure_pilots
from ..models import Opportunity
from . import balance, velocity

# Audit verbs of the Stage 3 figure pages (registered by bizdev.figures.register).
AUDIT_STAGE_LISTED = "bizdev_stage.listed"
AUDIT_BALANCE_API_LISTED = "bizdev_balance.api_listed"
PHRASES: dict[str, str] = {
    AUDIT_STAGE_LISTED: "Stage 3 page listing alumni viewed",
    AUDIT_BALANCE_API_LISTED: "Stage 3 give/get balance per alumnus listed through the API",
}


def stage_three(pilots: QuerySet[Pilot]) -> QuerySet[Pilot]:
    """Of ``pilots``, those of Stage 3: in Stage 3, or with opportunities (kept after moving on)."""
    has_deals = Exists(Opportunity.objects.filter(pilot=OuterRef("pk")))
    return pilots.filter(Q(stage=Stage.BIZDEV) | Q(has_deals)).order_by("name")


def readable_pilots(user: User) -> QuerySet[Pilot]:
    """The Stage 3 pilots whose figures ``user`` reads (none for who reads no figures)."""
    if not can_read_figures(user):
        return Pilot.objects.none()
    return stage_three(figure_pilots(user))


def baselines_visible(user: User, figures: velocity.Velocity) -> bool:
    """May ``user`` see the figures of ``figures`` read from baselines (metrics' one rule)?"""
    if not can_see_baselines(user):
        return False
    return all(can_see_baselines(user, sponsor_id) for sponsor_id in sorted(figures.priced_by))


@dataclass(frozen=True)
class StageCounts:
    period: Period
    opportunities: velocity.OpportunityCounts
    assists: balance.Totals
    by_type: list[balance.TypeRow]
    requests: balance.AlumniRequests
    velocity: velocity.Velocity
    baselines_visible: bool
    withheld: str
    by_team: list[balance.BalanceRow]
    by_contributor: list[balance.BalanceRow] | None  # None: the reader may not see employees' names
    by_alumnus: list[balance.BalanceRow] | None  # None: the reader may not see alumni's names
    open_requests: list[balance.OpenRequest] | None
    open_total: int

    @property
    def names_alumni(self) -> bool:
        return bool(self.by_alumnus or self.open_requests)


def stage_counts(
    pilots: QuerySet[Pilot], period: Period, *, user: User, named: QuerySet[Pilot] | None, today: dt.date
) -> StageCounts:
    """The Stage 3 page's numbers over ``pilots`` for ``period``. ``named``: the pilots whose
    alumni and employees the reader may see named (those of ``pilots`` they work in), None for a
    reader who may see no names. A fixed number of queries: eleven, five more with ``named``
    (its ids, per alumnus, per contributor, the open alumni requests and their count), plus one per
    sponsor whose baseline priced a figure, for the baseline rule."""
    ids = list(pilots.values_list("pk", flat=True))
    named_ids = list(named.values_list("pk", flat=True)) if named is not None else None
    names = named_ids is not None
    named_scope = velocity.Scope(pilot_ids=named_ids or [], start=period.start, end=period.end)
    scope = velocity.Scope(pilot_ids=ids, start=period.start, end=period.end)
    figures = velocity.velocity(scope)
    types = balance.by_type(scope)
    visible = baselines_visible(user, figures)
    open_requests, open_total = balance.open_alumni_requests(named_ids or [], today=today) if names else (None, 0)
    return StageCounts(
        period=period,
        opportunities=velocity.opportunity_counts(scope),
        assists=balance.totals(types),
        by_type=types,
        requests=balance.alumni_requests(scope),
        velocity=figures,
        baselines_visible=visible,
        withheld="" if visible else WITHHELD,
        by_team=balance.by_team(scope),
        by_contributor=balance.by_contributor(named_scope) if names else None,
        by_alumnus=balance.by_alumnus(named_scope) if names else None,
        open_requests=open_requests,
        open_total=open_total,
    )
