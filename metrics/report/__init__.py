"""The ROI report: every figure of a period, per stage and per pilot, with the formula behind it.

The definitions, shown on the page next to each figure (metrics.report.explain fills in the
inputs):
- cost per hire = actual cost of the period's hires / hires
- legacy cost per hire = the sponsor's baseline (travel + recruiter fees + job ads + other) in
  force on the hire date; savings = Σ (legacy cost per hire - actual cost) over the program's
  hires that have a baseline. Hires through job ads or recruiters are the legacy process itself and
  save nothing by definition; they and hires without a baseline are counted and flagged, not priced.
- mean time to hire = Σ (hired - first contact) / hires, against the baseline's legacy time to hire;
  median time to hire = the middle hire's days once sorted (the mean of the two middle ones for an
  even count), which one slow hire does not move
- meaningful share = meaningful introductions on behalf of alumni / introductions on behalf of alumni
- value attributed = Σ assist points received x the baseline's point value, plus any money that a
  stage app's registered figure attributes
- ROI = (savings + value attributed - program cost) / program cost; undefined without program cost
- hires without costs: hires whose costs are all zero; flagged, since they count at 0.00 in the
  cost per hire and, with a baseline, as the whole legacy cost saved

Every figure is kept exact here and rounded once, half-up, where it is shown (money to cents,
shares and ROI to 0.01 %, days to 0.1): the page, the CSV and the chart data give the same digits.
The figures read straight from a baseline (BASELINE_FIGURES: legacy cost per hire, savings, legacy
time to hire, value attributed, ROI) are shown only to who may see the baselines of every sponsor
that priced them (metrics.access.can_see_baselines); others get the reason instead (WITHHELD).

Layout: ``period`` (reading a month, quarter, year or custom range), ``figures`` (the sums of a
slice and the ratios derived from them), ``explain`` (each headline figure with its formula and
case count), ``build`` (the grouped queries and the slices: ``build_report``), ``average`` (a
report's figures per pilot: the "program average" a pilot is compared with). The pages, CSV and
chart data that show a report are in metrics.views.report.
"""

from __future__ import annotations

from .average import explain_average
from .build import NO_COSTS, PilotRow, Report, build_report, stage_label
from .explain import BASELINE_FIGURES, LEGACY_RULE, WITHHELD, Explained, explain, no_costs_flag, plural
from .figures import Figures
from .period import PERIODS, Period, PeriodError, months_of, parse_period, period_containing

__all__ = [
    "BASELINE_FIGURES",
    "LEGACY_RULE",
    "NO_COSTS",
    "PERIODS",
    "WITHHELD",
    "Explained",
    "Figures",
    "Period",
    "PeriodError",
    "PilotRow",
    "Report",
    "build_report",
    "explain",
    "explain_average",
    "months_of",
    "no_costs_flag",
    "parse_period",
    "period_containing",
    "plural",
    "stage_label",
]
