"""The headline figures as cards (the report page) and as the rows of the compare page; a card
also says how its figure moved against the previous period (.changes)."""

from __future__ import annotations

from typing import Any

from ...report import Explained, Report
from .changes import Change, change
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


def headline_changes(report: Report, previous: Report) -> dict[str, Change]:
    """Each headline figure against the previous period's, by figure key; none for a figure
    withheld from the reader now (and no comparison with one withheld then)."""
    before = {e.key: e for e in previous.explain()}
    against = previous.period.label
    changes = {}
    for e in report.explain():
        if e.withheld:
            continue
        then = before[e.key]
        changes[e.key] = change(
            e.value,
            then.value,
            kind=kind_of_unit(e.unit),
            currency=report.currency,
            against=against,
            withheld=bool(then.withheld),
        )
    return changes


def report_cards(report: Report, previous: Report) -> list[dict[str, Any]]:
    """The report page's cards, each with its change against the previous period."""
    changes = headline_changes(report, previous)
    return [{**card, "change": changes.get(card["key"])} for card in explain_cards(report.explain(), report.currency)]
