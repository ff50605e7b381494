"""The headline figures as the page shows them: each value with its formula, the inputs filled
in, and the number of cases it rests on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings

from ..money import cents
from .figures import Figures


def amount(value: Decimal) -> str:
    """An amount inside a formula: cents, half-up, thousands separated (the page's digits)."""
    return f"{cents(value):,.2f}"


# The figures read straight from a sponsor's legacy cost baseline, which cannot be redone by hand
# without it: shown only to who may see that baseline (metrics.access.can_see_baselines).
BASELINE_FIGURES = frozenset({"legacy_cost_per_hire", "savings", "legacy_time_to_hire", "value_attributed", "roi"})
WITHHELD = "rests on a sponsor's legacy cost baseline, which only HR leads and that sponsor's managers see"

LEGACY_RULE = (
    "Hires through job ads or recruiters are the legacy process itself: they count in hires, cost per "
    "hire and time to hire, and are not priced as savings"
)


def plural(n: int, word: str, words: str | None = None) -> str:
    """ "1 hire", "4 hires", "1,000 hires" (``words``: an irregular plural)."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def _cost_per_hire_note(f: Figures) -> str:
    through = f", {f.legacy_channel_hires:,} through job ads or recruiters" if f.legacy_channel_hires else ""
    return f"Covers all {plural(f.hires, 'hire')}{through}. {LEGACY_RULE}."


def _priced_note(f: Figures) -> str:
    return (
        f"Covers the {plural(f.hires_with_baseline, 'program hire')} with a baseline; hires through job ads "
        "or recruiters (the legacy process itself) and hires without a baseline are not priced."
    )


def no_costs_flag(f: Figures, currency: str) -> str:
    """The warning about hires with no costs recorded (they price at nothing), or ""."""
    n = f.hires_without_costs
    if not n:
        return ""
    return (
        f"{plural(n, 'hire')} {'has' if n == 1 else 'have'} no costs recorded: {'it counts' if n == 1 else 'they count'} "
        f"at 0.00 {currency} in the cost per hire and, with a baseline, as the whole legacy cost saved. "
        "Record the costs on the hire to correct the figures."
    )


LISTED_COSTS = 10  # up to this many pilots with a cost, the program cost's formula lists each


def _program_cost_formula(f: Figures, currency: str, pilot_costs: Sequence[tuple[str, Decimal]]) -> str:
    costs = [(name, cost) for name, cost in pilot_costs if cost]
    total = f"{amount(f.program_cost)} {currency}"
    if not f.program_cost:
        return f"{total}: no program cost recorded"
    if not costs:
        return f"the pilots' program costs, summed = {total}"
    if len(costs) > LISTED_COSTS:
        return f"the program costs of {plural(len(costs), 'pilot')} (see “By pilot”), summed = {total}"
    return " + ".join(f"{amount(cost)} ({name})" for name, cost in costs) + f" = {total}"


LISTED_DAYS = 12  # up to this many hires, the median's formula lists every hire's days


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _median_formula(f: Figures) -> str:
    """The median with its inputs: the sorted days (or, for many hires, which ones are the middle)."""
    n, middle = len(f.hire_days), f.middle_days()
    if not middle:
        return "the middle of the hires' days from first contact to hire, sorted"
    if n == 1:
        return f"the days from first contact to hire of the one hire → {middle[0]}"
    what = f"days from first contact to hire of {plural(n, 'hire')}, sorted"
    if n <= LISTED_DAYS:
        what += ": " + ", ".join(str(d) for d in sorted(f.hire_days))
    if len(middle) == 1:
        return f"the middle ({_ordinal(n // 2 + 1)}) of the {what} → {middle[0]}"
    return f"the two middle ({_ordinal(n // 2)} and {_ordinal(n // 2 + 1)}) of the {what} → ({middle[0]} + {middle[1]}) / 2"


def _left_out(f: Figures) -> str:
    parts = []
    if f.legacy_channel_hires:
        parts.append(f"{f.legacy_channel_hires} through job ads or recruiters, the legacy process itself")
    if f.hires_without_baseline:
        parts.append(f"{f.hires_without_baseline} without a baseline")
    return f" ({'; '.join(parts)}: left out)" if parts else ""


@dataclass(frozen=True)
class Explained:
    """One figure as the page shows it: the value, how it was computed, and on how many cases."""

    key: str
    label: str
    value: Decimal | int | str | None
    formula: str
    cases: int | None = None
    unit: str = ""
    note: str = ""  # which cases the figure covers, so figures side by side combine by hand
    withheld: str = ""  # why the reader may not see this figure (it rests on a baseline they may not see)

    @property
    def too_few_cases(self) -> bool:
        return self.cases is not None and self.cases < settings.METRICS_MIN_CASES

    @property
    def undefined(self) -> bool:
        return self.value is None


def explain(
    f: Figures, currency: str, pilot_costs: Sequence[tuple[str, Decimal]] = (), *, withhold: bool = False
) -> list[Explained]:
    """The headline figures of one slice with their formulas filled in with its inputs.
    ``pilot_costs``: (pilot name, program cost) of the slice's pilots, the program cost's inputs.
    ``withhold``: the reader may not see the baselines, so the figures read from them
    (BASELINE_FIGURES) carry the reason instead of a value, a formula or a case count."""
    explained = _explain(f, currency, pilot_costs)
    if not withhold:
        return explained
    return [
        replace(e, value=None, formula=f"Withheld: {WITHHELD}.", cases=None, note="", withheld=WITHHELD)
        if e.key in BASELINE_FIGURES
        else e
        for e in explained
    ]


def _explain(f: Figures, currency: str, pilot_costs: Sequence[tuple[str, Decimal]]) -> list[Explained]:
    c = currency
    return [
        Explained(
            "cost_per_hire",
            "Cost per hire",
            f.cost_per_hire,
            f"{amount(f.actual_cost)} {c} actual cost of hires / {plural(f.hires, 'hire')}",
            f.hires,
            c,
            _cost_per_hire_note(f),
        ),
        Explained(
            "legacy_cost_per_hire",
            "Legacy cost per hire",
            f.legacy_cost_per_hire,
            f"{amount(f.legacy_cost)} {c} legacy cost (baseline per hire, summed) / "
            f"{plural(f.hires_with_baseline, 'hire')} with a baseline",
            f.hires_with_baseline,
            c,
            _priced_note(f),
        ),
        Explained(
            "savings",
            "Savings against the legacy process",
            f.savings,
            f"{amount(f.legacy_cost)} {c} legacy − {amount(f.actual_cost_with_baseline)} {c} actual = "
            f"{amount(f.savings)} {c}, over the {plural(f.hires_with_baseline, 'program hire')} with a baseline"
            + _left_out(f),
            f.hires_with_baseline,
            c,
            _priced_note(f),
        ),
        Explained(
            "time_to_hire",
            "Mean time to hire (days)",
            f.avg_time_to_hire,
            f"{plural(f.time_to_hire_days, 'day')} from first contact to hire, summed / {plural(f.hires, 'hire')}",
            f.hires,
            "days",
        ),
        Explained(
            "median_time_to_hire",
            "Median time to hire (days)",
            f.median_time_to_hire,
            _median_formula(f),
            f.hires,
            "days",
        ),
        Explained(
            "legacy_time_to_hire",
            "Legacy time to hire (days)",
            f.legacy_time_to_hire,
            f"{plural(f.legacy_time_to_hire_days, 'baseline day')}, summed / "
            f"{plural(f.hires_with_legacy_time, 'hire')} with a baseline time to hire",
            f.hires_with_legacy_time,
            "days",
        ),
        Explained(
            "meaningful_share",
            "Meaningful introductions on behalf of alumni",
            f.meaningful_share,
            f"{f.meaningful_alumni_introductions:,} confirmed meaningful / "
            f"{plural(f.alumni_introductions, 'introduction')} on behalf of alumni",
            f.alumni_introductions,
            "share",
        ),
        Explained(
            "assist_points_given",
            "Assists given (value points)",
            f.assist_points_given,
            f"points of {plural(f.assists_given, 'assist')} given, summed",
            f.assists_given,
            "points",
        ),
        Explained(
            "assist_points_received",
            "Assists received (value points)",
            f.assist_points_received,
            f"points of {plural(f.assists_received, 'assist')} received, summed",
            f.assists_received,
            "points",
        ),
        Explained(
            "value_attributed",
            "Value attributed",
            f.value_attributed,
            f"{amount(f.assist_value)} {c} (points received × the baseline's point value)"
            + (
                f" + {amount(f.registered_value)} {c} from stage figures = {amount(f.value_attributed)} {c}"
                if f.registered_value
                else ""
            ),
            f.assists_received,
            c,
        ),
        Explained("program_cost", "Program cost", f.program_cost, _program_cost_formula(f, c, pilot_costs), None, c),
        Explained(
            "roi",
            "ROI",
            f.roi,
            f"({amount(f.savings)} savings + {amount(f.value_attributed)} value attributed − "
            f"{amount(f.program_cost)} program cost) / {amount(f.program_cost)} program cost"
            + ("" if f.program_cost else " — undefined until a program cost is recorded"),
            f.hires + f.assists_received,
            "ratio",
        ),
    ]
