"""Stage 1's figures in the ROI report (registered with metrics.registry in RecruitingConfig.ready()).

Each figure has a stable key (a pilot's goal tracks it by that key), an exact value (int or
Decimal; None when undefined), its formula with the inputs filled in, and its case count. The
reads are recruiting.selectors.figures: a fixed number of queries (seven) whatever the data.

- recruiting.leads: candidates added in the period; recruiting.quality_leads: of those, candidates
  for an opening of a top-ranked profile (priority 1) whose furthest step reached "engaged" or
  later; recruiting.leads.profile.<id>: the leads of each of the first ten profiles (by priority,
  then name), with their quality leads in the formula.
- recruiting.conversion.<step>: among the candidates added in the period, reached the next path
  step / reached this one, in percent.
- recruiting.days_in.<step>: the median calendar days spent in a step by the moves that left it
  in the period (the ROI report's median: the middle value, or the mean of the two middle ones).
- recruiting.hires.<source>: hires dated in the period of candidates from each source.
- recruiting.travel_avoided: trips replaced by video interviews; never value attributed.
- recruiting.referrals, referrals_hired, feedback_given, feedback_used, thanked.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings

from metrics.registry import ReportScope, StageFigure

from .models import CandidateProfile, CandidateSource
from .pipeline import ACTIVE, PATH, label
from .selectors import figures as reads

HUNDRED = Decimal(100)
LISTED_DAYS = 12  # up to this many moves, a median's formula lists every move's days


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def _period(scope: ReportScope) -> str:
    return f"between {scope.start.isoformat()} and {scope.end.isoformat()}"


def _quoted(step: str) -> str:
    return f"“{label(step)}”"


# --- leads ---------------------------------------------------------------------------------------


def _lead_figures(scope: ReportScope, reach: Sequence[reads.Reach]) -> list[StageFigure]:
    leads = sum(r.leads for r in reach)
    quality = sum(r.quality for r in reach)
    added = f"candidates added {_period(scope)}"
    return [
        StageFigure(
            key="recruiting.leads",
            label="Leads",
            value=leads,
            unit="candidates",
            formula=f"count of {added} = {leads:,}",
            cases=leads,
        ),
        StageFigure(
            key="recruiting.quality_leads",
            label="Quality leads",
            value=quality,
            unit="candidates",
            formula=(
                f"count of {added} for an opening of a top-ranked profile (priority {reads.TOP_PRIORITY}) who "
                f"reached {_quoted(PATH[reads.QUALITY_FROM])} or later (their furthest step on the path; ended "
                f"candidates count by the furthest step they reached) = {quality:,} of {_plural(leads, 'lead')}"
            ),
            cases=quality,
        ),
    ]


def _profile_figure(scope: ReportScope, profile: CandidateProfile, reach: reads.Reach | None) -> StageFigure:
    leads, quality = (reach.leads, reach.quality) if reach else (0, 0)
    if profile.priority == reads.TOP_PRIORITY:
        of_whom = f"of whom {quality:,} quality (reached {_quoted(PATH[reads.QUALITY_FROM])} or later)"
    else:
        of_whom = f"no quality leads: priority {profile.priority} is not top-ranked"
    return StageFigure(
        key=f"recruiting.leads.profile.{profile.pk}",
        label=f"Leads — {profile.name}",
        value=leads,
        unit="candidates",
        formula=(
            f"count of candidates added {_period(scope)} for openings of the profile “{profile.name}” "
            f"(priority {profile.priority}) = {leads:,}; {of_whom}"
        ),
        cases=leads,
    )


# --- conversion and time in each step --------------------------------------------------------------


def _conversion_figures(scope: ReportScope, reach: Sequence[reads.Reach]) -> list[StageFigure]:
    reached = [sum(r.reached[i] for r in reach) for i in range(len(PATH))]
    figures = []
    for i, step in enumerate(PATH[:-1]):
        nxt, here, there = PATH[i + 1], reached[i], reached[i + 1]
        among = f"among the candidates added {_period(scope)}"
        if here:
            value: Decimal | None = Decimal(there) * HUNDRED / Decimal(here)
            formula = (
                f"{among}: reached {_quoted(nxt)} or later / reached {_quoted(step)} or later "
                f"= {there:,} / {here:,} x 100"
            )
        else:
            value, formula = None, f"no candidates reached {_quoted(step)} {among}"
        figures.append(
            StageFigure(
                key=f"recruiting.conversion.{step}",
                label=f"Conversion {label(step)} → {label(nxt)}",
                value=value,
                unit="%",
                formula=formula,
                cases=here,
            )
        )
    return figures


def middle(values: Sequence[int]) -> tuple[int, ...]:
    """The one or two middle values once sorted, as the ROI report's median takes them."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return ()
    return (ordered[n // 2],) if n % 2 else (ordered[n // 2 - 1], ordered[n // 2])


def _median_formula(step: str, days: Sequence[int], mid: tuple[int, ...], scope: ReportScope) -> str:
    what = (
        f"calendar days in {_quoted(step)} (from the move that entered it to the move that left it) of "
        f"{_plural(len(days), 'move')} that left it {_period(scope)}, sorted"
    )
    if not mid:
        return f"the median of the {what}: no move left {_quoted(step)} in the period"
    if len(days) <= LISTED_DAYS:
        what += ": " + ", ".join(str(d) for d in sorted(days))
    if len(mid) == 1:
        return f"the median (the middle value, as the ROI report takes it) of the {what} → {mid[0]}"
    return f"the median (the mean of the two middle values, as the ROI report takes it) of the {what} → ({mid[0]} + {mid[1]}) / 2"


def _days_figures(scope: ReportScope, days_by_step: dict[str, list[int]]) -> list[StageFigure]:
    figures = []
    for step in ACTIVE:
        days = days_by_step.get(step, [])
        mid = middle(days)
        figures.append(
            StageFigure(
                key=f"recruiting.days_in.{step}",
                label=f"Median days in {label(step)}",
                value=Decimal(sum(mid)) / len(mid) if mid else None,
                unit="days",
                formula=_median_formula(step, days, mid, scope),
                cases=len(days),
            )
        )
    return figures


# --- hires, travel, contributions ------------------------------------------------------------------


def _hire_figures(scope: ReportScope, by_source: dict[str, int]) -> list[StageFigure]:
    figures = []
    for source in CandidateSource:
        n = by_source.get(source.value, 0)
        figures.append(
            StageFigure(
                key=f"recruiting.hires.{source.value}",
                label=f"Hires — {source.label}",
                value=n,
                unit="hires",
                formula=f"count of candidates from “{source.label}” whose hire on the ledger is dated {_period(scope)} = {n:,}",
                cases=n,
            )
        )
    return figures


def _travel_figure(scope: ReportScope, total: Decimal, n: int) -> StageFigure:
    currency = settings.PROGRAM_CURRENCY
    return StageFigure(
        key="recruiting.travel_avoided",
        label="Travel avoided by video interviews",
        value=total,
        unit=currency,
        formula=(
            f"Σ the trip's cost avoided over {_plural(n, 'video interview')} scheduled {_period(scope)} that "
            f"replaced a trip (cancelled ones left out) = {total:,.2f} {currency}. Not added to value attributed: "
            "each hire's own saving against the baseline already contains the travel it did not spend."
        ),
        cases=n,
    )


def _contribution_figures(scope: ReportScope, c: reads.Contributions) -> list[StageFigure]:
    period = _period(scope)
    thanked = c.referrals_thanked + c.feedback_thanked
    given = c.referrals + c.feedback

    def figure(key: str, name: str, value: int, unit: str, formula: str, cases: int) -> StageFigure:
        return StageFigure(key=key, label=name, value=value, unit=unit, formula=formula, cases=cases)

    return [
        figure(
            "recruiting.referrals",
            "Referrals made",
            c.referrals,
            "referrals",
            f"count of referrals made {period} = {c.referrals:,}",
            c.referrals,
        ),
        figure(
            "recruiting.referrals_hired",
            "Referrals hired",
            c.referrals_hired,
            "referrals",
            f"of the {_plural(c.referrals, 'referral')} made {period}, those whose candidate has a hire on the "
            f"ledger = {c.referrals_hired:,}",
            c.referrals,
        ),
        figure(
            "recruiting.feedback_given",
            "Feedback given on openings",
            c.feedback,
            "comments",
            f"count of feedback comments on openings given {period} = {c.feedback:,}",
            c.feedback,
        ),
        figure(
            "recruiting.feedback_used",
            "Feedback used",
            c.feedback_used,
            "comments",
            f"of the {_plural(c.feedback, 'feedback comment')} given {period}, those the HR lead marked used "
            f"= {c.feedback_used:,}",
            c.feedback,
        ),
        figure(
            "recruiting.thanked",
            "Referrals and feedback thanked",
            thanked,
            "thanks",
            f"of the {_plural(c.referrals, 'referral')} and {_plural(c.feedback, 'feedback comment')} given "
            f"{period}, those thanked so far = {c.referrals_thanked:,} + {c.feedback_thanked:,} = {thanked:,}",
            given,
        ),
    ]


# --- the provider ----------------------------------------------------------------------------------


def recruiting_figures(scope: ReportScope) -> list[StageFigure]:
    """Stage 1's figures for ``scope`` (pilots already narrowed to the reader): seven queries."""
    reach = reads.reach_by_profile(scope)
    by_profile = {r.profile_id: r for r in reach if r.profile_id is not None}
    profiles = [_profile_figure(scope, p, by_profile.get(p.pk)) for p in reads.top_profiles(scope)]
    total, trips = reads.travel_avoided(scope)
    return [
        *_lead_figures(scope, reach),
        *profiles,
        *_conversion_figures(scope, reach),
        *_days_figures(scope, reads.days_in_steps(scope)),
        *_hire_figures(scope, reads.hires_by_source(scope)),
        _travel_figure(scope, total, trips),
        *_contribution_figures(scope, reads.contributions(scope)),
    ]
