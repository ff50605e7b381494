"""The sums of one slice of the report (all, a stage, a pilot, a source, a month) and the ratios
derived from them. Slices add up: a stage's figures are the sum of its cells'.

Sums are exact (money in cents); ratios are exact quotients, *not* rounded here: a figure is
rounded once, half-up, where it is shown (metrics.views.report.format), so the page, the CSV and
the chart data give the same digits and no figure is rounded twice.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    actual_cost: Decimal = ZERO
    actual_cost_with_baseline: Decimal = ZERO
    legacy_cost: Decimal = ZERO
    time_to_hire_days: int = 0
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
