"""The words on the report that managers print: the legacy-process rule stated where figures are
combined, plurals, empty cards, and formulas with their inputs filled in.

The ledger is tests/metrics/conftest.py's (hand-computed in test_report_figures.py): 4 hires in
2026, H3 through a recruiter; program costs 5,000.00 (pilot A, January) and 1,000.00 (pilot B,
February). March 2026 holds H1 only (a social hire, no recruiter) and no program cost.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)

YEAR = {"period": "year", "start": "2026-01-01"}
MARCH = {"period": "month", "start": "2026-03-01"}
RULE = "Hires through job ads or recruiters are the legacy process itself"


def _cards(response) -> dict[str, dict]:
    return {card["key"]: card for card in response.context["cards"]}


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


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


def test_hires_without_costs_are_flagged_on_the_report(client_for, hr_lead, ledger, pilot_a, pilot_b, record_hire):
    """The ledger's 4 hires all have costs. Three more in 2026 with none (two in pilot A, one in
    pilot B): "3 hires have no costs recorded"; pilot A's row counts 2, pilot B's 1."""
    client = client_for(hr_lead)
    assert "no costs recorded" not in client.get(reverse("metrics:index"), YEAR).content.decode()

    record_hire(pilot_a, dt.date(2026, 10, 1))
    html = client.get(reverse("metrics:index"), YEAR).content.decode()
    assert "1 hire has no costs recorded" in html

    record_hire(pilot_a, dt.date(2026, 10, 2))
    record_hire(pilot_b, dt.date(2026, 10, 3))
    response = client.get(reverse("metrics:index"), YEAR)
    html = response.content.decode()
    assert "3 hires have no costs recorded" in html
    assert response.context["report"].overall.hires_without_costs == 3
    rows = _csv(client.get(reverse("metrics:report_csv"), {"table": "pilots", **YEAR}))
    column = rows[0].index("Hires without costs")
    assert {row[0]: row[column] for row in rows[1:]} == {pilot_a.name: "2", pilot_b.name: "1"}
    data = client.get(reverse("metrics:report_data"), YEAR).json()
    assert data["hires_without_costs"] == 3


def test_counts_in_formulas_are_in_the_singular_for_one(client_for, hr_lead, ledger, pilot_b):
    """Pilot B in 2026: 1 hire (H4, 10 days, 100.00), no baseline, no assists."""
    response = client_for(hr_lead).get(reverse("metrics:index"), {**YEAR, "pilot": str(pilot_b.pk)})

    cards = _cards(response)
    assert cards["cost_per_hire"]["formula"] == "100.00 EUR actual cost of hires / 1 hire"
    assert cards["time_to_hire"]["formula"] == "10 days from first contact to hire, summed / 1 hire"
    html = response.content.decode()
    for wrong in ("1 hires", "1 days", "1 assists", "1 points", "1 introductions", "1 program hires"):
        assert wrong not in html


def test_a_card_without_cases_says_no_cases_yet(client_for, hr_lead, ledger, pilot_b):
    """Pilot B has no assists: its assist cards rest on 0 cases, which is not "few cases (n=0)"."""
    response = client_for(hr_lead).get(reverse("metrics:index"), {**YEAR, "pilot": str(pilot_b.pk)})

    html = response.content.decode()
    assert "n=0" not in html
    card = html[html.index('id="card-assist_points_given"') :]
    card = card[: card.index("</article>")]
    assert "No cases yet" in card and "few cases" not in card
    assert "few cases (n=1): treat with caution" in html  # the one hire is still a few cases


def test_the_program_cost_formula_lists_its_inputs(client_for, hr_lead, ledger):
    """Program cost 2026: pilot A 5,000.00 + pilot B 1,000.00 = 6,000.00 EUR."""
    cards = _cards(client_for(hr_lead).get(reverse("metrics:index"), YEAR))

    assert cards["program_cost"]["formula"] == (
        "5,000.00 (Engineers on Mastodon) + 1,000.00 (Consulting alumni) = 6,000.00 EUR"
    )
    assert cards["savings"]["formula"].startswith(
        "20,000.00 EUR legacy − 1,200.00 EUR actual = 18,800.00 EUR, over the 2 program hires with a baseline"
    )
