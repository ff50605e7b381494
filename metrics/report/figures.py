"""The sums of one slice of the report (all, a stage, a pilot, a source, a month) and the ratios
derived from them. Slices add up: a stage's figures are the sum of its cells'.

Sums are exact (money in cents); ratios are exact quotients, *not* rounded here: a figure is
rounded once, half-up, where it is shown (metrics.views.report.format), so the page, the CSV and
the chart data give the same digits and no figure is rounded twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0")


def ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """numerator / denominator, exact to Decimal's 28 digits; None when the denominator is zero."""
    if not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


@dataclass
class Figures:
    """The sums for one slice (all, a stage, a pilot, a source, a month); ratios are properties."""

    hires: int = 0
    legacy_channel_hires: int = 0  # through job ads or recruiters: the legacy process itself
    hires_with_baseline: int = 0  # program hires (not legacy channels) priced against a baseline
    hires_with_legacy_time: int = 0
    hires_without_costs: int = 0  # no cost recorded at all: 0.00 in cost per hire, full legacy cost saved
    actual_cost: Decimal = ZERO
    actual_cost_with_baseline: Decimal = ZERO
    legacy_cost: Decimal = ZERO
    time_to_hire_days: int = 0
    hire_days: list[int] = field(default_factory=list)  # each hire's days to hire, for the median
    legacy_time_to_hire_days: int = 0
    introductions: int = 0
    meaningful_introductions: int = 0
    alumni_introductions: int = 0
    meaningful_alumni_introductions: int = 0
    assists_given: int = 0
    assists_received: int = 0
    assist_points_given: int = 0
    assist_points_received: int = 0
    assist_value: Decimal = ZERO
    registered_value: Decimal = ZERO
    program_cost: Decimal = ZERO

    def add(self, other: Figures) -> None:
        """Add ``other``'s sums to these (and its hires' days to this list)."""
        mine = self.__dict__
        for name, value in other.__dict__.items():
            mine[name] += value

    @property
    def cost_per_hire(self) -> Decimal | None:
        return ratio(self.actual_cost, self.hires)

    @property
    def legacy_cost_per_hire(self) -> Decimal | None:
        return ratio(self.legacy_cost, self.hires_with_baseline)

    @property
    def savings(self) -> Decimal:
        return self.legacy_cost - self.actual_cost_with_baseline

    @property
    def hires_without_baseline(self) -> int:
        """Program hires no baseline covers (left out of savings, flagged on the page)."""
        return self.hires - self.legacy_channel_hires - self.hires_with_baseline

    @property
    def avg_time_to_hire(self) -> Decimal | None:
        return ratio(self.time_to_hire_days, self.hires)

    @property
    def median_time_to_hire(self) -> Decimal | None:
        """The middle hire's days to hire (the mean of the two middle ones for an even count)."""
        middle = self.middle_days()
        return None if not middle else Decimal(sum(middle)) / len(middle)

    def middle_days(self) -> tuple[int, ...]:
        """The one or two middle values of the hires' days to hire, sorted; () without hires."""
        days = sorted(self.hire_days)
        n = len(days)
        if not n:
            return ()
        return (days[n // 2],) if n % 2 else (days[n // 2 - 1], days[n // 2])

    @property
    def legacy_time_to_hire(self) -> Decimal | None:
        return ratio(self.legacy_time_to_hire_days, self.hires_with_legacy_time)

    @property
    def meaningful_share(self) -> Decimal | None:
        return ratio(self.meaningful_alumni_introductions, self.alumni_introductions)

    @property
    def value_attributed(self) -> Decimal:
        return self.assist_value + self.registered_value

    @property
    def net_benefit(self) -> Decimal:
        return self.savings + self.value_attributed - self.program_cost

    @property
    def roi(self) -> Decimal | None:
        return ratio(self.net_benefit, self.program_cost)
