"""The headline figures as cards (the report page) and as the rows of the compare page."""

from __future__ import annotations

from typing import Any

from ...report import Explained
from .format import fmt, kind_of_unit

UNDEFINED_REASONS = {
    "cost_per_hire": "no hires in this period",
    "time_to_hire": "no hires in this period",
    "median_time_to_hire": "no hires in this period",
    "legacy_cost_per_hire": "no hire with a legacy cost baseline for its sponsor",
    "legacy_time_to_hire": "no hire with a baseline time to hire",
    "meaningful_share": "no introductions on behalf of alumni",
    "roi": "no program cost recorded",
}


def explain_card(e: Explained, currency: str) -> dict[str, Any]:
    return {
        "key": e.key,
        "label": e.label,
        "display": fmt(e.value, kind_of_unit(e.unit), currency),
        "formula": e.formula,
        "note": e.note,
        "cases": e.cases,
        "none": e.cases == 0 and not e.withheld,
        "few": e.too_few_cases and not e.undefined and e.cases != 0,
        "undefined": e.undefined and not e.withheld,
        "withheld": e.withheld,
        "reason": UNDEFINED_REASONS.get(e.key, "not enough data"),
    }


def explain_cards(explained: list[Explained], currency: str) -> list[dict[str, Any]]:
    """Cards in the report's order, ROI first: it is what a manager reads first."""
    cards = [explain_card(e, currency) for e in explained]
    return sorted(cards, key=lambda card: card["key"] != "roi")
