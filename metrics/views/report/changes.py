"""A figure's change against the previous period, as the report's cards and chart captions show it.

The change is worked out from the two values *as shown* (each rounded once, half-up, by .format),
so a manager redoes it from the two figures on the screen:

    change   = shown now - shown before                  (percentage points, pp, for shares and ROI)
    change % = change / |shown before| x 100, rounded half-up to 0.1 %   (not for shares and ROI)

No comparison when either value is undefined (no hires, no program cost) or withheld; no
percentage when the earlier value is zero (nothing to divide by).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...money import half_up
from .format import Kind, fmt, fmt_diff, rounded


@dataclass(frozen=True)
class Change:
    """One figure now against the previous period (``against``: its label, "2025")."""

    against: str
    before: str  # the earlier value as shown: "2", "1,250.00 EUR", "—"
    change: str = (
        ""  # "+2", "-250.00 EUR" (written with a minus sign, U+2212), "+12.00 pp", "no change"; "" without a comparison
    )
    percent: str = ""  # "+100.0%"; "" for shares and ROI, when the earlier value is 0, or without a comparison
    reason: str = ""  # why there is no comparison or no percentage

    @property
    def comparable(self) -> bool:
        return bool(self.change)

    @property
    def text(self) -> str:
        """ "vs 2025: 2 (+2, +100.0%)", "vs 2025: — (no figure then)", "vs 2025: 0 (+3; was 0, so no %)"."""
        detail = ", ".join(filter(None, [self.change, self.percent]))
        if self.reason:
            detail = "; ".join(filter(None, [detail, self.reason]))
        return f"vs {self.against}: {self.before} ({detail})"

    def as_json(self) -> dict[str, Any]:
        return {
            "against": self.against,
            "before": self.before,
            "change": self.change,
            "percent": self.percent,
            "reason": self.reason,
            "text": self.text,
        }


def _signed_percent(value: Decimal) -> str:
    """``value`` rounded half-up to 0.1 with the sign of the change itself, so a tiny change keeps
    its direction: +0.01 EUR on 1,000.00 EUR is "+0.0%"."""
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{abs(half_up(value, '0.1')):,}%"


def change(now: Any, before: Any, *, kind: Kind, currency: str, against: str, withheld: bool = False) -> Change:
    """``now`` against ``before`` (both exact, as the report holds them), by the rule above.
    ``withheld``: the earlier figure rests on a baseline the reader may not see."""
    if withheld:
        return Change(against, "—", reason="not shown: it rests on a baseline you may not see")
    shown_before = fmt(before, kind, currency)
    if now is None or before is None:
        return Change(against, shown_before, reason="no figure then" if before is None else "no figure now")
    difference = Decimal(rounded(now, kind)) - Decimal(rounded(before, kind))
    if not difference:
        return Change(against, shown_before, "no change")
    diff = fmt_diff(now, before, kind, currency)
    if kind == "pct":
        return Change(against, shown_before, diff)
    base = Decimal(rounded(before, kind))
    if not base:
        return Change(against, shown_before, diff, reason="was 0, so no %")
    return Change(against, shown_before, diff, _signed_percent(difference / abs(base) * 100))
