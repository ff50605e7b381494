"""A pilot's "program average": the headline figures of the pilots a reader may see, per pilot.

The average is taken over the pilots of a report (build it narrowed to what should be averaged,
e.g. a stage: a Stage 1 pilot is compared with the Stage 1 pilots the reader may see), never over
pilots the reader may not see, and its baseline figures follow the report's baseline rule. So it
reveals nothing the reader's own report does not already show.

- sums (savings, assist points given and received, value attributed, program cost): the pilots'
  total / the number of pilots;
- ratios and medians (cost per hire, legacy cost per hire, times to hire, the meaningful share,
  ROI): over the pilots' hires, introductions and costs taken together, which is the average
  weighted by each pilot's cases (ROI's numerator and denominator are both divided by the same
  number of pilots, so it is the pooled ROI).

The values stay exact; a sum's average of points is shown to one decimal (unit ``points per pilot``).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .build import Report
from .explain import Explained, amount, plural

SUMMED = frozenset({"savings", "assist_points_given", "assist_points_received", "value_attributed", "program_cost"})
PER_PILOT_UNIT = {"points": "points per pilot"}


def _total(e: Explained, currency: str) -> str:
    if e.unit == "points":
        return f"{int(e.value or 0):,} points"
    return f"{amount(Decimal(e.value or 0))} {currency}"


def explain_average(report: Report) -> list[Explained]:
    """``report``'s headline figures per pilot, each with its formula (see the module's rule)."""
    n = len(report.pilots)
    together = f"the {plural(n, 'pilot')} taken together"
    out = []
    for e in report.explain():
        if e.withheld or not n:
            out.append(e)
        elif e.key in SUMMED:
            value = None if e.value is None else Decimal(e.value) / n
            out.append(
                replace(
                    e,
                    value=value,
                    formula=f"{_total(e, report.currency)} for {together} / {plural(n, 'pilot')}",
                    unit=PER_PILOT_UNIT.get(e.unit, e.unit),
                    note="",
                )
            )
        else:
            out.append(replace(e, note=" ".join(filter(None, [f"Over {together}.", e.note]))))
    return out
