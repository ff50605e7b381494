"""The reads of the Stage 2 page and of the goodwill page: a fixed number of queries each, whatever
the number of alumni, introductions and pilots.

Counts go over the pilots whose figures the reader may see (``alumni.access.figure_pilots``,
narrowed to Stage 2 by ``stage_two``); the per-contributor table names employees and is built only
for readers who work in Stage 2 (``can_work``); no read here names an alumnus. The terms (reached,
an introduction on behalf of alumni, goodwill at a day…) are those of alumni.selectors.figures, so
the page and the ROI report agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from metrics.money import half_up
from metrics.report import Period
from metrics.report.period import add_months
from programs.models import Pilot, Stage

from ..models import AlumniSegment, Alumnus, Goodwill
from ..models.directory import GOODWILL_SCORE
from . import figures as reads

MONTHS = 12  # the goodwill page's months
HUNDRED = Decimal(100)
SCORED = [level for level in Goodwill if level in GOODWILL_SCORE]  # the bell curve, warmest first


def stage_two(pilots: QuerySet[Pilot]) -> QuerySet[Pilot]:
    """Of ``pilots``, those of Stage 2: in Stage 2, or with alumni (kept after moving on)."""
    has_alumni = Exists(Alumnus.objects.filter(pilot=OuterRef("pk")))
    return pilots.filter(Q(stage=Stage.ALUMNI) | Q(has_alumni)).order_by("name")


@dataclass(frozen=True)
class LevelCount:
    level: str
    label: str
    n: int
    share: Decimal | None  # percent of all the alumni counted, to 0.1 half-up (None when there are none)


def level_counts(counts: dict[str, int]) -> list[LevelCount]:
    """Every goodwill level, warmest first, "not known yet" last, with its share in percent."""
    total = sum(counts.values())
    return [
        LevelCount(
            level.value,
            str(level.label),
            counts.get(level.value, 0),
            half_up(HUNDRED * counts.get(level.value, 0) / total, "0.1") if total else None,
        )
        for level in Goodwill
    ]


@dataclass(frozen=True)
class StageCounts:
    period: Period
    reach: reads.Reach
    introductions: reads.Introductions
    by_contributor: list[reads.IntroductionRow] | None  # None: the reader may not see employees' names
    by_segment: list[reads.IntroductionRow]
    referrals: reads.Referrals
    assists: list[reads.AssistRow]
    assists_total: int
    events: int
    event_introductions: int
    survey: reads.SurveyResponses
    survey_rate: Decimal | None  # percent, to 0.1 half-up
    goodwill: list[LevelCount]
    goodwill_day: dt.date


def stage_counts(pilots: QuerySet[Pilot], period: Period, *, names: bool, today: dt.date) -> StageCounts:
    """The Stage 2 page's numbers over ``pilots`` for ``period``: ten queries (nine without names).
    The goodwill distribution is the one in force at the period's end (today, if that is later)."""
    scope = reads.Scope(pilot_ids=list(pilots.values_list("pk", flat=True)), start=period.start, end=period.end)
    assists = reads.assists_received(scope)
    survey = reads.survey_responses(scope)
    day = min(period.end, today)
    return StageCounts(
        period=period,
        reach=reads.reach(scope),
        introductions=reads.introductions(scope),
        by_contributor=reads.introductions_by_contributor(scope) if names else None,
        by_segment=reads.introductions_by_segment(scope),
        referrals=reads.referrals(scope),
        assists=assists,
        assists_total=sum(a.n for a in assists),
        events=reads.events_held(scope),
        event_introductions=reads.event_introductions(scope),
        survey=survey,
        survey_rate=half_up(HUNDRED * survey.answered / survey.sent, "0.1") if survey.sent else None,
        goodwill=level_counts(reads.goodwill_counts(reads.alumni_of(scope), day)),
        goodwill_day=day,
    )


# --- goodwill over time ---------------------------------------------------------------------------------


def month_ends(today: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The last day of each of the ``months`` months up to this one, oldest first; this month's is
    today (its end has not come yet)."""
    first = today.replace(day=1)
    ends = [add_months(first, i - months + 2) - dt.timedelta(days=1) for i in range(months - 1)]
    return [*ends, today]


@dataclass(frozen=True)
class MonthDistribution:
    day: dt.date
    levels: list[LevelCount]
    total: int
    mean_score: Decimal | None  # over the alumni with a known level, to 0.01 half-up


def _mean(counts: dict[str, int]) -> Decimal | None:
    known = sum(counts.get(level.value, 0) for level in SCORED)
    if not known:
        return None
    return half_up(Decimal(sum(GOODWILL_SCORE[level] * counts.get(level.value, 0) for level in SCORED)) / known)


def goodwill_history(
    pilots: QuerySet[Pilot], *, segment: AlumniSegment | None, today: dt.date, months: int = MONTHS
) -> list[MonthDistribution]:
    """Alumni of ``pilots`` (of ``segment`` when given: its current members) per goodwill level at
    each month's end: one query per month, grouped in SQL."""
    alumni = Alumnus.objects.filter(pilot__in=pilots).order_by()
    if segment is not None:
        alumni = alumni.filter(segment=segment)
    history = []
    for day in month_ends(today, months):
        counts = reads.goodwill_counts(alumni, day)
        history.append(MonthDistribution(day, level_counts(counts), sum(counts.values()), _mean(counts)))
    return history


# --- the chart (server-drawn SVG, no script) --------------------------------------------------------------

COLOURS = {
    Goodwill.LOVES: "#15803d",
    Goodwill.POSITIVE: "#65a30d",
    Goodwill.NEUTRAL: "#6b7280",
    Goodwill.NEGATIVE: "#ea580c",
    Goodwill.HOSTILE: "#b91c1c",
}
BAR, GAP, TOP, PLOT, LEFT = 9, 16, 10, 140, 8


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    colour: str
    title: str


@dataclass(frozen=True)
class Column:
    x: int  # the label's centre
    label: str
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: int
    columns: list[Column]
    legend: list[tuple[str, str]]  # (label, colour)
    peak: int


def chart(history: list[MonthDistribution]) -> Chart:
    """One small bell curve per month (the known levels, warmest on the left), scaled to the
    largest count of all the months so the curves compare."""
    peak = max((c.n for m in history for c in m.levels if c.level in GOODWILL_SCORE), default=0)
    group = len(SCORED) * BAR + GAP
    columns = []
    for i, month in enumerate(history):
        left = LEFT + i * group
        bars = []
        for j, c in enumerate(x for x in month.levels if x.level in GOODWILL_SCORE):
            height = round(PLOT * c.n / peak) if peak else 0
            bars.append(
                Bar(
                    x=left + j * BAR,
                    y=TOP + PLOT - height,
                    width=BAR - 1,
                    height=height,
                    colour=COLOURS[Goodwill(c.level)],
                    title=f"{month.day:%b %Y}: {c.label} {c.n}",
                )
            )
        columns.append(Column(x=left + (len(SCORED) * BAR) // 2, label=f"{month.day:%b %y}", bars=bars))
    return Chart(
        width=LEFT * 2 + len(history) * group,
        height=TOP + PLOT + 24,
        baseline=TOP + PLOT,
        columns=columns,
        legend=[(str(level.label), COLOURS[level]) for level in SCORED],
        peak=peak,
    )
