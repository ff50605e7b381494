"""The words on the report that managers print: the legacy-process rule stated where figures are
combined, plurals, empty cards, and formulas with their inputs filled in.

The ledger is tests/metrics/conftest.py's (hand-computed in test_report_figures.py): 4 hires in
2026, H3 through a recruiter; program costs 5,000.00 (pilot A, January) and 1,000.00 (pilot B,
February). March 2026 holds H1 only (a social hire, no recruiter) and no program cost.
"""

from __future__ import annotations

from django.urls import reverse

YEAR = {"period": "year", "start": "2026-01-01"}
MARCH = {"period": "month", "start": "2026-03-01"}
RULE = "Hires through job ads or recruiters are the legacy process itself"


def _cards(response) -> dict[str, dict]:
    return {card["key"]: card for card in response.context["cards"]}


def _headline_paragraph(html: str) -> str:
    start = html.index('id="headline-heading"')
    return html[start : html.index("</p>", start)]


def test_the_legacy_rule_is_in_the_general_formula_line_even_without_such_a_hire(client_for, hr_lead, ledger):
    """March has no recruiter or job-ad hire, so the savings formula has no parenthetical; the
    rule must still be on the page, in the line that explains how the figures combine."""
    response = client_for(hr_lead).get(reverse("metrics:index"), MARCH)

    assert "through job ads or recruiters" not in _cards(response)["savings"]["formula"]
    line = _headline_paragraph(response.content.decode())
    assert RULE in line and "not priced as savings" in line


def test_the_cost_per_hire_card_says_which_hires_it_covers(client_for, hr_lead, ledger):
    """2026: cost per hire covers all 4 hires, 1 of them through a recruiter; savings and the
    legacy cost per hire cover the 2 program hires with a baseline (H4 has none)."""
    year = _cards(client_for(hr_lead).get(reverse("metrics:index"), YEAR))
    note = year["cost_per_hire"]["note"]
    assert "all 4 hires" in note and "1 through job ads or recruiters" in note
    assert "not priced as savings" in note
    assert "the 2 program hires with a baseline" in year["savings"]["note"]
    assert "the 2 program hires with a baseline" in year["legacy_cost_per_hire"]["note"]

    march = client_for(hr_lead).get(reverse("metrics:index"), MARCH)
    assert RULE in _cards(march)["cost_per_hire"]["note"]  # stated even when no such hire exists
    assert RULE in march.content.decode()
