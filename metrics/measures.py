"""The ledger's figures and the stage apps' registered figures as measures a pilot's goal can track
(programs.measures), and what a pilot page shows of its results.

programs sits below metrics, so metrics registers here, in MetricsConfig.ready():

- one measure source: the ledger's figures ("ledger.hires", "ledger.savings", …; LEDGER below) and
  every figure a stage app registers with metrics.registry, by its own key ("recruiting.leads").
  Both are read from **one** ROI report of the slice (metrics.report.build_report over the pilot's
  id and dates), so a goal shows exactly the figure the report shows for that pilot and period,
  and a pilot page runs a fixed number of queries whatever its goals;
- the pilot results: the headline figures (HEADLINE), the report narrowed to the pilot and its
  dates, and the latest hires and introductions booked to the pilot.

Values are exact and in the unit shown: shares and ROI in percent (the report's fraction x 100),
money in the program's currency, days. Figures resting on a sponsor's baseline (savings, value
attributed, ROI) follow metrics.access.can_see_baselines through the report: a reader who may not
see them gets the reason (metrics.report.WITHHELD) instead of a value, and no headline figure.

Stage figures: a share or ratio (unit "share", "ratio" or "%") or a figure flagged ``level`` (a
median, a shift) is a level compared with the goal's target as it stands (``at_most``: lower is
better); any other figure counts up over the pilot and is paced (programs.progress).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from programs.measures import (
    Measure,
    MeasureSource,
    PilotResults,
    Reading,
    RecentRow,
    RecentRows,
    Slice,
    register_measure_source,
    register_pilot_results,
)

from .access import visible_rows
from .models import Hire, HireSource, Introduction
from .registry import ReportScope, StageFigure, providers_for
from .report import Explained, Figures, Period, Report, build_report, plural, stage_label

SOURCE_KEY = "metrics"
PREFIX = "ledger."
HIRES, INTRODUCTIONS, MONEY = "Ledger · Hires", "Ledger · Introductions and assists", "Ledger · Money"
HUNDRED = Decimal(100)

Value = tuple[Decimal | int | None, int | None, str]  # value, cases, formula


@dataclass(frozen=True)
class LedgerMeasure:
    measure: Measure
    # The value, its cases and formula from the slice's figures; or, for figures the report
    # explains (``explained``), read from its explanation (which withholds baseline figures).
    value: Callable[[Report, Figures], Value] | None = None
    explained: str = ""
    percent: bool = False  # the report's fraction, shown x 100


def _count(
    attr: str, word: str, words: str | None = None, cases: str | None = None
) -> Callable[[Report, Figures], Value]:
    """A count of the slice's figures, its formula "3 hires dated 1 Jan 2026 - 14 Mar 2026"."""

    def value(report: Report, f: Figures) -> Value:
        n = getattr(f, attr)
        return n, getattr(f, cases) if cases else n, f"{plural(n, word, words)} dated {report.period.label}"

    return value


SOCIAL_SOURCES = (HireSource.SOCIAL, HireSource.SHARED_CONTENT)


def _social_hires(report: Report, f: Figures) -> Value:
    parts = [
        (HireSource(s).label.lower(), report.by_source[s].hires if s in report.by_source else 0) for s in SOCIAL_SOURCES
    ]
    total = sum(n for _label, n in parts)
    return total, total, " + ".join(f"{n:,} from {label}s" for label, n in parts) + f" = {plural(total, 'hire')}"


def _alumni_hires(report: Report, f: Figures) -> Value:
    n = report.by_source[HireSource.ALUMNI_REFERRAL].hires if HireSource.ALUMNI_REFERRAL in report.by_source else 0
    return n, n, f"{plural(n, 'hire')} through alumni referrals dated {report.period.label}"


def _assists(report: Report, f: Figures) -> Value:
    n = f.assists_given + f.assists_received
    return n, n, f"{f.assists_given:,} given + {f.assists_received:,} received = {plural(n, 'assist')}"


def _ledger(
    key: str,
    label: str,
    unit: str,
    group: str,
    *,
    places: int = 0,
    paced: bool = True,
    at_most: bool = False,
    value: Callable[[Report, Figures], Value] | None = None,
    explained: str = "",
    percent: bool = False,
) -> LedgerMeasure:
    measure = Measure(PREFIX + key, label, unit, group, places=places, paced=paced, at_most=at_most)
    return LedgerMeasure(measure, value, explained, percent)


CURRENCY = settings.PROGRAM_CURRENCY
LEDGER: tuple[LedgerMeasure, ...] = (
    _ledger("hires", "Hires", "hires", HIRES, value=_count("hires", "hire")),
    _ledger("social_hires", "Hires from social channels", "hires", HIRES, value=_social_hires),
    _ledger("alumni_referral_hires", "Hires referred by alumni", "hires", HIRES, value=_alumni_hires),
    _ledger(
        "cost_per_hire", "Cost per hire", CURRENCY, HIRES, places=2, paced=False, at_most=True,
        explained="cost_per_hire",
    ),
    _ledger(
        "time_to_hire", "Mean time to hire", "days", HIRES, places=1, paced=False, at_most=True,
        explained="time_to_hire",
    ),
    _ledger(
        "median_time_to_hire", "Median time to hire", "days", HIRES, places=1, paced=False, at_most=True,
        explained="median_time_to_hire",
    ),
    _ledger("introductions", "Introductions", "introductions", INTRODUCTIONS, value=_count("introductions", "introduction")),
    _ledger(
        "alumni_introductions", "Introductions on behalf of alumni", "introductions", INTRODUCTIONS,
        value=_count(
            "alumni_introductions", "introduction on behalf of alumni", "introductions on behalf of alumni"
        ),
    ),
    _ledger(
        "meaningful_alumni_introductions", "Meaningful introductions on behalf of alumni", "introductions",
        INTRODUCTIONS,
        value=_count(
            "meaningful_alumni_introductions",
            "meaningful introduction on behalf of alumni",
            "meaningful introductions on behalf of alumni",
            cases="alumni_introductions",
        ),
    ),
    _ledger(
        "meaningful_share", "Share of introductions for alumni confirmed meaningful", "%", INTRODUCTIONS,
        places=2, paced=False, explained="meaningful_share", percent=True,
    ),
    _ledger("assists", "Assists given and received", "assists", INTRODUCTIONS, value=_assists),
    _ledger("assists_given", "Assists given", "assists", INTRODUCTIONS, value=_count("assists_given", "assist given", "assists given")),
    _ledger(
        "assists_received", "Assists received", "assists", INTRODUCTIONS,
        value=_count("assists_received", "assist received", "assists received"),
    ),
    _ledger("assist_points_given", "Assist points given", "points", INTRODUCTIONS, explained="assist_points_given"),
    _ledger(
        "assist_points_received", "Assist points received", "points", INTRODUCTIONS,
        explained="assist_points_received",
    ),
    _ledger("savings", "Savings against the legacy process", CURRENCY, MONEY, places=2, explained="savings"),
    _ledger("value_attributed", "Value attributed", CURRENCY, MONEY, places=2, explained="value_attributed"),
    _ledger("roi", "ROI", "%", MONEY, places=2, paced=False, explained="roi", percent=True),
)  # fmt: skip
LEDGER_BY_KEY = {m.measure.key: m for m in LEDGER}

# The pilot page's headline figures, in order (those the reader may not see are left out).
HEADLINE = (
    "ledger.hires",
    "ledger.meaningful_alumni_introductions",
    "ledger.assists",
    "ledger.savings",
    "ledger.roi",
)


def _decimal(value: Decimal | int | float | None, percent: bool = False) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return number * HUNDRED if percent else number


def _ledger_reading(spec: LedgerMeasure, report: Report, explained: Mapping[str, Explained]) -> Reading:
    if spec.value is not None:
        value, cases, formula = spec.value(report, report.overall)
        return Reading(spec.measure, _decimal(value), cases, formula)
    e = explained[spec.explained]
    value = e.value if isinstance(e.value, Decimal | int) else None
    return Reading(spec.measure, _decimal(value, spec.percent), e.cases, e.formula, e.withheld)


# --- stage figures -----------------------------------------------------------------------------

LEVEL_UNITS = frozenset({"share", "ratio", "%"})


def _stage_measure(stage: int, figure: StageFigure) -> Measure | None:
    """The measure of a registered stage figure; None for one that is not a number."""
    if isinstance(figure.value, str) or not figure.key or figure.key.startswith(PREFIX):
        return None
    share = figure.unit in LEVEL_UNITS
    unit = "%" if share else figure.unit
    if share or figure.unit in ("days", CURRENCY):
        places = 1 if figure.unit == "days" else 2
    else:
        places = 0 if isinstance(figure.value, int) or figure.value is None else 2
    level = share or figure.level
    return Measure(
        figure.key,
        figure.label,
        unit,
        f"{stage_label(stage)} figures",
        places=places,
        paced=not level,
        at_most=level and figure.at_most,
    )


def _stage_reading(stage: int, figure: StageFigure) -> Reading | None:
    measure = _stage_measure(stage, figure)
    if measure is None:
        return None
    value = _decimal(figure.value if not isinstance(figure.value, str) else None, figure.unit in ("share", "ratio"))
    return Reading(measure, value, figure.cases, figure.formula)


def _stage_figures(s: Slice) -> list[StageFigure]:
    scope = ReportScope(start=s.start, end=s.end, pilot_ids=list(s.pilot_ids), stages=(s.stage,))
    return [figure for _key, provider in providers_for(s.stage) for figure in provider(scope)]


# --- the source --------------------------------------------------------------------------------


def offered(s: Slice) -> Sequence[Measure]:
    """The ledger's measures, then the slice's stage figures (each provider called once)."""
    stage = [m for f in _stage_figures(s) if (m := _stage_measure(s.stage, f)) is not None]
    return [spec.measure for spec in LEDGER] + stage


def slice_report(s: Slice) -> Report:
    """The ROI report of the slice, for the slice's reader (one fixed set of queries)."""
    return build_report(
        user=s.viewer, start=s.start, end=s.end, pilot_ids=s.pilot_ids, period=Period("custom", s.start, s.end)
    )


def read(s: Slice, keys: Collection[str]) -> Mapping[str, Reading]:
    """Readings of the ledger keys and stage figure keys among ``keys``, from one report."""
    if not keys:
        return {}
    report = slice_report(s)
    explained = {e.key: e for e in report.explain(report.overall)}
    readings: dict[str, Reading] = {}
    for key in keys:
        if key in LEDGER_BY_KEY:
            readings[key] = _ledger_reading(LEDGER_BY_KEY[key], report, explained)
    for figure in report.stage_figures.get(s.stage, []):
        if figure.key in keys and figure.key not in readings:
            reading = _stage_reading(s.stage, figure)
            if reading is not None:
                readings[figure.key] = reading
    return readings


# --- the pilot page's results --------------------------------------------------------------------


def report_url(s: Slice) -> str:
    """The ROI report narrowed to the slice's pilot (when one) and dates."""
    params = Period("custom", s.start, s.end).as_params()
    if len(s.pilot_ids) == 1:
        params["pilot"] = str(s.pilot_ids[0])
    return f"{reverse('metrics:index')}?{urlencode(params)}"


def _see_all(list_name: str, s: Slice) -> str | None:
    if len(s.pilot_ids) != 1:
        return None
    return f"{reverse(list_name)}?{urlencode({'pilot': s.pilot_ids[0]})}"


def recent(s: Slice, limit: int) -> Sequence[RecentRows]:
    """The latest hires and introductions booked to the slice's pilots, two queries. The rows come
    from metrics.access.visible_rows, the rule the hire and introduction pages apply, so the reader
    may open every row listed: each links to its page."""
    hires = visible_rows(s.viewer, Hire).filter(pilot_id__in=s.pilot_ids).order_by("-date", "-id")[:limit]
    intros = visible_rows(s.viewer, Introduction).filter(pilot_id__in=s.pilot_ids).order_by("-date", "-id")[:limit]
    return [
        RecentRows(
            "Latest hires",
            [
                RecentRow(h.date, f"{h.person} hired as {h.opening_title}", reverse("metrics:hire_detail", args=[h.pk]))
                for h in hires
            ],
            _see_all("metrics:hire_list", s),
            "No hire booked to this pilot yet.",
            "See all hires of this pilot",
        ),
        RecentRows(
            "Latest introductions",
            [
                RecentRow(
                    i.date,
                    f"{i.on_behalf_of} introduced to {i.target_label}" + (" · meaningful" if i.meaningful else ""),
                    reverse("metrics:introduction_detail", args=[i.pk]),
                )
                for i in intros
            ],
            _see_all("metrics:introduction_list", s),
            "No introduction booked to this pilot yet.",
            "See all introductions of this pilot",
        ),
    ]


def register() -> None:
    """Called by MetricsConfig.ready()."""
    register_measure_source(MeasureSource(key=SOURCE_KEY, offered=offered, read=read))
    register_pilot_results(PilotResults(headline=HEADLINE, report_url=report_url, recent=recent))
