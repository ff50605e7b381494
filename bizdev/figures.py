"""Stage 3's figures in the ROI report (registered with metrics.registry from bizdev.registrations).

Each figure has a stable key (a pilot's goal tracks it by that key: metrics.measures offers every
registered stage figure as a measure), an exact value (int or Decimal; None when undefined), its
formula with the inputs filled in, and its case count (the deals, requests or assists behind it).
A figure resting on fewer than five deals says "too few deals to conclude" in its formula. The
terms are defined once in bizdev.selectors.velocity and bizdev.selectors.balance; seven queries
whatever the data.

- bizdev.opportunities_assisted: deals (open or closed) that received an assist dated in the period.
- bizdev.cycle_days.assisted / .unassisted: median cycle days of the won deals closed in the period.
- bizdev.cycle_days.baseline: the mean legacy sales-cycle days of the won deals' baselines.
- bizdev.cycle_days_saved: Σ (baseline days - cycle days) over the assisted won deals with a
  baseline; its ``attributed_value`` (added to the ROI's value attributed) only when every one of
  those deals' baselines gives the value of a sales-cycle day, otherwise days only.
- bizdev.win_rate.assisted / .unassisted: won / (won + lost) x 100, in percent.
- bizdev.assists_given, bizdev.assists_received, bizdev.assists_received.<type key> (every type of
  the value scale): Stage 3 assists dated in the period.
- bizdev.alumni_requests_met: alumni requests created in the period and met, in percent.
- bizdev.alumni_requests.median_days_to_meet: median days from asked to answered.

Units: "%" figures are levels (a goal compares them as they stand), the others count up over a
pilot (metrics.measures.LEVEL_UNITS).
"""

from __future__ import annotations

from metrics.registry import ReportScope, StageFigure, register_figures

from .selectors import balance, velocity
from .selectors.velocity import Group, Scope, plural


def _noted(formula: str, note: str) -> str:
    return f"{formula} — {note}" if note else formula


def _cycle(key: str, label: str, group: Group) -> StageFigure:
    return StageFigure(
        key=key,
        label=label,
        value=group.median_days,
        unit="days",
        formula=_noted(group.median_formula, group.median_note),
        cases=group.won,
        level=True,
        at_most=True,
    )


def _win_rate(key: str, label: str, group: Group) -> StageFigure:
    return StageFigure(
        key=key,
        label=label,
        value=group.win_rate,
        unit="%",
        formula=_noted(group.win_rate_formula, group.win_rate_note),
        cases=group.deals,
    )


def _velocity_figures(v: velocity.Velocity) -> list[StageFigure]:
    saved = v.saved
    return [
        _cycle("bizdev.cycle_days.assisted", "Median cycle days, assisted deals", v.assisted),
        _cycle("bizdev.cycle_days.unassisted", "Median cycle days, unassisted deals", v.unassisted),
        StageFigure(
            key="bizdev.cycle_days.baseline",
            label="Legacy sales-cycle days (baseline)",
            value=v.baseline.value,
            unit="days",
            formula=_noted(v.baseline.formula, v.baseline.note),
            cases=v.baseline.deals,
            level=True,
            at_most=True,
            baseline=True,
        ),
        StageFigure(
            key="bizdev.cycle_days_saved",
            label="Sales-cycle days saved by assisted deals",
            value=saved.days,
            unit="days",
            formula=_noted(f"{saved.formula}; value: {saved.value_formula}", saved.note),
            cases=saved.deals,
            attributed_value=saved.value,
            baseline=True,
        ),
        _win_rate("bizdev.win_rate.assisted", "Win rate, assisted deals", v.assisted),
        _win_rate("bizdev.win_rate.unassisted", "Win rate, unassisted deals", v.unassisted),
    ]


def _request_figures(r: balance.AlumniRequests) -> list[StageFigure]:
    return [
        StageFigure(
            key="bizdev.alumni_requests_met",
            label="Alumni requests met",
            value=r.share_met,
            unit="%",
            formula=r.share_formula,
            cases=r.asked,
        ),
        StageFigure(
            key="bizdev.alumni_requests.median_days_to_meet",
            label="Median days to meet an alumni request",
            value=r.median_days,
            unit="days",
            formula=r.median_formula,
            cases=r.met,
            level=True,
            at_most=True,
        ),
    ]


def bizdev_figures(scope: ReportScope) -> list[StageFigure]:
    """Stage 3's figures for ``scope`` (pilots already narrowed to the reader): seven queries."""
    s = Scope(pilot_ids=list(scope.pilot_ids), start=scope.start, end=scope.end)
    types = velocity.assist_types()
    v = velocity.velocity(s, types=types)
    counts = velocity.opportunity_counts(s)
    rows = balance.by_type(s)
    assisted = StageFigure(
        key="bizdev.opportunities_assisted",
        label="Opportunities assisted",
        value=counts.assisted,
        unit="opportunities",
        formula=f"count of opportunities that received an assist (directly or through one of their help requests) "
        f"dated {s.period} = {counts.assisted:,}",
        cases=counts.assisted,
    )
    return [
        assisted,
        *_velocity_figures(v),
        *_assist_figures_for(s, types, rows),
        *_request_figures(balance.alumni_requests(s)),
    ]


def _assist_figures_for(
    scope: Scope, types: list[velocity.AssistTypeRef], rows: list[balance.TypeRow]
) -> list[StageFigure]:
    t = balance.totals(rows)
    period = scope.period
    received = {row.pk: row.received for row in rows}

    def parts(attr: str) -> str:
        used = [(row.name, getattr(row, attr)) for row in rows if getattr(row, attr)]
        return " = " + " + ".join(f"{n:,} {name}" for name, n in used) if len(used) > 1 else ""

    figures = [
        StageFigure(
            key="bizdev.assists_given",
            label="Assists given (Stage 3)",
            value=t.given,
            unit="assists",
            formula=f"count of Stage 3 assists given by the firm dated {period}{parts('given')} = {t.given:,} "
            f"({plural(t.given_points, 'point')})",
            cases=t.given,
        ),
        StageFigure(
            key="bizdev.assists_received",
            label="Assists received (Stage 3)",
            value=t.received,
            unit="assists",
            formula=f"count of Stage 3 assists received by the firm dated {period}{parts('received')} = "
            f"{t.received:,} ({plural(t.received_points, 'point')})",
            cases=t.received,
        ),
    ]
    for kind in types:
        n = received.get(kind.pk, 0)
        figures.append(
            StageFigure(
                key=f"bizdev.assists_received.{kind.key}",
                label=f"Assists received: {kind.name}",
                value=n,
                unit="assists",
                formula=f"count of Stage 3 assists of type “{kind.name}” received by the firm dated {period} = {n:,}",
                cases=n,
            )
        )
    return figures


def register() -> None:
    register_figures(stage=3, key="bizdev", provider=bizdev_figures)
