"""Stage 2's figures in the ROI report (registered with metrics.registry from alumni.registrations).

Each figure has a stable key (a pilot's goal tracks it by that key: metrics.measures offers every
registered stage figure as a measure), an exact value (int or Decimal; None when undefined), its
formula with the inputs filled in, a manager can redo by hand, and its case count. None of them is
attributed money: a hire from an alumni referral is already the ledger's Hire. The reads are
alumni.selectors.figures (its docstring defines each term): nine queries whatever the data.

- alumni.reached: alumni of the scope's pilots reached in the period.
- alumni.introductions, alumni.introductions.meaningful: introductions on behalf of alumni.
- alumni.introductions.per_contributor: meaningful introductions ÷ contributors who made at least
  one introduction on behalf of alumni in the period.
- alumni.referrals, alumni.referral_hires: candidates recommended by alumni, and those hired.
- alumni.events, alumni.event_introductions: networking events held; introductions linked to them.
- alumni.survey_response_rate: invites answered ÷ invites sent in the period, in percent.
- alumni.goodwill_shift: mean goodwill score (alumni.models.GOODWILL_SCORE) at the period's end
  minus at its start, over the alumni with a known level at both.
- alumni.assists_received: assists received from alumni ("alumni helping employees").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from metrics.registry import ReportScope, StageFigure, register_figures

from .models import Goodwill
from .models.directory import GOODWILL_SCORE
from .selectors import figures as reads

HUNDRED = Decimal(100)


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def _period(scope: reads.Scope) -> str:
    return f"between {scope.start.isoformat()} and {scope.end.isoformat()}"


def _ratio(part: int, whole: int, scale: Decimal = Decimal(1)) -> Decimal | None:
    return Decimal(part) * scale / Decimal(whole) if whole else None


def _introduction_figures(scope: reads.Scope, intros: reads.Introductions) -> list[StageFigure]:
    period = _period(scope)
    per = _ratio(intros.meaningful, intros.contributors)
    if intros.contributors:
        per_formula = (
            f"meaningful introductions on behalf of alumni {period} / contributors who made at least one "
            f"introduction on behalf of alumni in the period = {intros.meaningful:,} / {intros.contributors:,}"
        )
    else:
        per_formula = f"no contributor made an introduction on behalf of alumni {period}"
    return [
        StageFigure(
            key="alumni.introductions",
            label="Introductions on behalf of alumni",
            value=intros.total,
            unit="introductions",
            formula=f"count of introductions on behalf of alumni dated {period} = {intros.total:,}",
            cases=intros.total,
        ),
        StageFigure(
            key="alumni.introductions.meaningful",
            label="Meaningful introductions on behalf of alumni",
            value=intros.meaningful,
            unit="introductions",
            formula=(
                f"of the {_plural(intros.total, 'introduction')} on behalf of alumni dated {period}, those "
                f"confirmed meaningful = {intros.meaningful:,}"
            ),
            cases=intros.meaningful,
        ),
        StageFigure(
            key="alumni.introductions.per_contributor",
            label="Meaningful introductions per contributor",
            value=per,
            unit="per contributor",
            formula=per_formula,
            cases=intros.contributors,
            level=True,
        ),
    ]


def _reach_figure(scope: reads.Scope, r: reads.Reach) -> StageFigure:
    return StageFigure(
        key="alumni.reached",
        label="Alumni reached",
        value=r.reached,
        unit="alumni",
        formula=(
            f"of the {_plural(r.alumni, 'alumnus', 'alumni')} in the directory, those with an introduction on "
            f"their behalf, an assist, a networking event they recommended or a survey invite dated "
            f"{_period(scope)} = {r.reached:,}"
        ),
        cases=r.reached,
    )


def _count(key: str, label: str, n: int, unit: str, formula: str) -> StageFigure:
    return StageFigure(key=key, label=label, value=n, unit=unit, formula=f"{formula} = {n:,}", cases=n)


def _referral_figures(scope: reads.Scope, r: reads.Referrals) -> list[StageFigure]:
    period = _period(scope)
    return [
        _count(
            "alumni.referrals",
            "Referrals from alumni",
            r.referrals,
            "candidates",
            f"count of candidates from “Alumni referral” added {period}",
        ),
        StageFigure(
            key="alumni.referral_hires",
            label="Hires from alumni referrals",
            value=r.hired,
            unit="hires",
            formula=(
                f"of the {_plural(r.referrals, 'candidate')} from alumni referrals added {period}, those whose "
                f"hire is on the ledger = {r.hired:,} (their money is the ledger's hire, not added here)"
            ),
            cases=r.referrals,
        ),
    ]


def _survey_figure(scope: reads.Scope, s: reads.SurveyResponses) -> StageFigure:
    if s.sent:
        formula = (
            f"survey invites answered / survey invites sent {_period(scope)} x 100 = {s.answered:,} / {s.sent:,} x 100"
        )
    else:
        formula = f"no survey invite sent {_period(scope)}"
    return StageFigure(
        key="alumni.survey_response_rate",
        label="Survey response rate",
        value=_ratio(s.answered, s.sent, HUNDRED),
        unit="%",
        formula=formula,
        cases=s.sent,
    )


def goodwill_shift(pairs: dict[tuple[str, str], int]) -> tuple[Decimal | None, int, int, int]:
    """(mean score at the end - mean score at the start, alumni counted, Σ scores at the start,
    Σ scores at the end) over the alumni with a scored level at both."""
    n = then = now = 0
    for (before, after), count in pairs.items():
        if before in GOODWILL_SCORE and after in GOODWILL_SCORE:
            n += count
            then += GOODWILL_SCORE[before] * count
            now += GOODWILL_SCORE[after] * count
    if not n:
        return None, 0, 0, 0
    return Decimal(now - then) / Decimal(n), n, then, now


def _goodwill_figure(scope: reads.Scope, pairs: dict[tuple[str, str], int]) -> StageFigure:
    value, n, then, now = goodwill_shift(pairs)
    scale = ", ".join(f"{level.label} {score:+d}" for level, score in _scores())
    start = scope.start - dt.timedelta(days=1)
    if n:
        formula = (
            f"over the {_plural(n, 'alumnus', 'alumni')} whose goodwill was known on {start.isoformat()} and on "
            f"{scope.end.isoformat()} (scores: {scale}): mean score at the end - mean score at the start "
            f"= {now:,} / {n:,} - {then:,} / {n:,}"
        )
    else:
        formula = f"no alumnus had a known goodwill both on {start.isoformat()} and on {scope.end.isoformat()}"
    return StageFigure(
        key="alumni.goodwill_shift",
        label="Goodwill shift",
        value=value,
        unit="points",
        formula=formula,
        cases=n,
        level=True,
    )


def _scores() -> list[tuple[Goodwill, int]]:
    return [(level, GOODWILL_SCORE[level]) for level in Goodwill if level in GOODWILL_SCORE]


def _assist_figure(scope: reads.Scope, rows: list[reads.AssistRow]) -> StageFigure:
    n = sum(r.n for r in rows)
    parts = " + ".join(f"{r.n:,} {r.name}" for r in rows)
    formula = f"count of assists received from alumni dated {_period(scope)}"
    return StageFigure(
        key="alumni.assists_received",
        label="Assists received from alumni",
        value=n,
        unit="assists",
        formula=f"{formula}{' = ' + parts if len(rows) > 1 else ''} = {n:,}",
        cases=n,
    )


def alumni_figures(scope: ReportScope) -> list[StageFigure]:
    """Stage 2's figures for ``scope`` (pilots already narrowed to the reader): nine queries."""
    s = reads.Scope(pilot_ids=list(scope.pilot_ids), start=scope.start, end=scope.end)
    period = _period(s)
    before = scope.start - dt.timedelta(days=1)
    return [
        _reach_figure(s, reads.reach(s)),
        *_introduction_figures(s, reads.introductions(s)),
        *_referral_figures(s, reads.referrals(s)),
        _count(
            "alumni.events", "Networking events held", reads.events_held(s), "events", f"count of events dated {period}"
        ),
        _count(
            "alumni.event_introductions",
            "Introductions exchanged at events",
            reads.event_introductions(s),
            "introductions",
            f"count of introductions linked to a networking event, dated {period}",
        ),
        _survey_figure(s, reads.survey_responses(s)),
        _goodwill_figure(s, reads.goodwill_pairs(s, before=before, after=scope.end)),
        _assist_figure(s, reads.assists_received(s)),
    ]


def register() -> None:
    register_figures(stage=2, key="alumni", provider=alumni_figures)
