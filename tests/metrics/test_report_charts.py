"""The report's charts and their changes against the previous period, through the JSON endpoint and
the page.

The ledger is tests/metrics/conftest.py's (worked out in test_report_figures.py). By quarter:

Q1 2026: H1 (pilot A, social, 30 days, 700.00, priced against sponsor A's 10,000.00 baseline);
  program costs 5,000.00 (A, January) + 1,000.00 (B, February) = 6,000.00; no introductions.
  Cost per hire 700.00; savings 10,000 - 700 = 9,300.00; time to hire 30.0 days;
  ROI (9,300 + 0 - 6,000) / 6,000 = 0.55 -> 55.00 %.
Q2 2026: H2 (pilot A, employee referral, 45 days, 500.00, priced); 5 introductions in April (4 on
  behalf of alumni, 3 of them and the candidate's confirmed meaningful: 4); no program cost.
  Cost per hire 500.00; savings 10,000 - 500 = 9,500.00; time to hire 45.0; meaningful share 3 / 4;
  ROI undefined (no program cost).

Q2 against Q1, from the values as shown (change = now - before; % = change / |before| x 100,
half-up to 0.1):
  cost per hire   500.00 - 700.00     = -200.00 EUR;  -200 / 700 = -28.571… % -> -28.6 %
  savings         9,500.00 - 9,300.00 = +200.00 EUR;  200 / 9,300 = 2.150… %  -> +2.2 %
  time to hire    45.0 - 30.0         = +15.0;        15 / 30                 -> +50.0 %
  program cost    0.00 - 6,000.00     = -6,000.00 EUR                         -> -100.0 %
  introductions   5 - 0               = +5 (was 0, so no %)
  hires           1 - 1               = no change
  meaningful share: no figure in Q1; ROI: no figure in Q2.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.urls import reverse

DATA_URL = reverse("metrics:report_data")
INDEX = reverse("metrics:index")
CSV_URL = reverse("metrics:report_csv")
YEAR = {"period": "year", "start": "2026-01-01"}
Q2 = {"period": "quarter", "start": "2026-04-01"}
UNITS = {"count", "points", "money", "percent"}


def _charts(data) -> dict:
    return {c["key"]: c for c in data["charts"]}


def test_every_chart_draws_one_measure_in_one_unit(client_for, hr_lead, ledger):
    """No chart mixes a percentage with euros, or a few hires with hundreds of points: each chart
    has one unit and one axis title, and every series of it is in that unit."""
    data = client_for(hr_lead).get(DATA_URL, YEAR).json()

    measures = set()
    for chart in data["charts"]:
        assert chart["unit"] in UNITS
        assert {s["unit"] for s in chart["series"]} == {chart["unit"]}, chart["key"]
        assert 1 <= len(chart["series"]) <= 2
        measures.add(chart["measure"])
    assert len(measures) == len(data["charts"])  # one measure per chart, none twice
    units = {c["key"]: c["unit"] for c in data["charts"]}
    assert units == {
        "hires": "count",
        "introductions": "count",
        "assist_points": "points",
        "program_cost": "money",
        "cost_per_hire": "money",
        "roi": "percent",
    }
    charts = _charts(data)
    assert charts["roi"]["measure"] == "ROI (%)" and charts["program_cost"]["measure"] == "Program cost (EUR)"


def test_chart_series_are_the_tables_columns_with_the_same_digits(client_for, hr_lead, ledger):
    """The text alternative of every chart is its table: each series is a column of "By month" or
    "By stage", with the same digits (ROI: the CSV's fraction x 100)."""
    client = client_for(hr_lead)
    data = client.get(DATA_URL, YEAR).json()

    for chart in data["charts"]:
        rows = list(csv.reader(io.StringIO(client.get(CSV_URL, {"table": chart["table"], **YEAR}).content.decode())))
        header, body = rows[0], rows[1 : 1 + len(chart["labels"])]
        for series in chart["series"]:
            column = next(
                i for i, h in enumerate(header) if h == series["column"] or h.startswith(series["column"] + " (")
            )
            for cell, number in zip((r[column] for r in body), series["data"], strict=True):
                if number is None:
                    assert cell == "", (chart["key"], series["key"])
                    continue
                shown = Decimal(cell) * (100 if chart["unit"] == "percent" else 1)
                assert shown == Decimal(str(number)), (chart["key"], series["key"], cell, number)


def test_changes_against_the_previous_quarter_match_the_hand_computation(client_for, hr_lead, ledger):
    data = client_for(hr_lead).get(DATA_URL, Q2).json()

    assert data["previous_period"]["label"] == "Q1 2026"
    changes = {f["key"]: f["change"] for f in data["figures"]}
    assert changes["cost_per_hire"]["text"] == "vs Q1 2026: 700.00 EUR (−200.00 EUR, −28.6%)"
    assert changes["savings"]["text"] == "vs Q1 2026: 9,300.00 EUR (+200.00 EUR, +2.2%)"
    assert changes["time_to_hire"]["text"] == "vs Q1 2026: 30.0 (+15.0, +50.0%)"
    assert changes["legacy_cost_per_hire"]["change"] == "no change"
    assert changes["program_cost"]["text"] == "vs Q1 2026: 6,000.00 EUR (−6,000.00 EUR, −100.0%)"
    assert changes["meaningful_share"]["text"] == "vs Q1 2026: — (no figure then)"
    assert changes["roi"]["text"] == "vs Q1 2026: 55.00% (no figure now)"

    charts = _charts(data)
    assert charts["hires"]["summary"] == ["Hires: 1 in Q2 2026; vs Q1 2026: 1 (no change)"]
    assert charts["introductions"]["summary"] == [
        "All introductions: 5 in Q2 2026; vs Q1 2026: 0 (+5; was 0, so no %)",
        "Confirmed meaningful: 4 in Q2 2026; vs Q1 2026: 0 (+4; was 0, so no %)",
    ]
    assert charts["cost_per_hire"]["summary"][0] == (
        "Actual: 500.00 EUR over all stages in Q2 2026; vs Q1 2026: 700.00 EUR (−200.00 EUR, −28.6%)"
    )


def test_the_page_shows_the_changes_without_javascript(client_for, hr_lead, ledger):
    response = client_for(hr_lead).get(INDEX, Q2)

    html = response.content.decode()
    cards = {card["key"]: card for card in response.context["cards"]}
    assert cards["cost_per_hire"]["change"].text == "vs Q1 2026: 700.00 EUR (−200.00 EUR, −28.6%)"
    assert "vs Q1 2026: 700.00 EUR (−200.00 EUR, −28.6%)" in html
    assert "Program cost: 0.00 EUR in Q2 2026; vs Q1 2026: 6,000.00 EUR (−6,000.00 EUR, −100.0%)" in html
    for key in ("hires", "introductions", "assist_points", "program_cost", "cost_per_hire", "roi"):
        assert f'data-report-chart="{key}"' in html
    assert html.count("<canvas") == 6
    assert 'href="#table-months"' in html and 'href="#table-stages"' in html


def test_a_contributor_gets_no_roi_chart_and_no_legacy_series(client_for, contributor_a, ledger):
    response = client_for(contributor_a).get(INDEX, YEAR)
    html = response.content.decode()
    assert 'data-report-chart="roi"' not in html
    assert [c.key for c in response.context["charts"]][-1] == "cost_per_hire"
    assert "Legacy (baseline)" not in html
    cards = {card["key"]: card for card in response.context["cards"]}
    assert cards["roi"]["change"] is None and cards["savings"]["change"] is None
    assert cards["cost_per_hire"]["change"] is not None


def test_a_previous_figure_resting_on_a_hidden_baseline_is_not_compared(
    client_for, manager, ledger, hire_priced_by_sponsor_b
):
    """The manager of sponsor A sees Q2's savings (sponsor A's baseline prices H2), but Q1's rest
    on sponsor B's baseline too (the hire booked to B), which they may not see: no comparison,
    and nothing of it in the data. Cost per hire needs no baseline: Q1 (700 + 0) / 2 = 350.00,
    Q2 500.00: +150.00 EUR, 150 / 350 = 42.857… % -> +42.9 %."""
    data = client_for(manager).get(DATA_URL, Q2).json()

    changes = {f["key"]: f["change"] for f in data["figures"]}
    assert changes["savings"]["before"] == "—"
    assert changes["savings"]["text"] == "vs Q1 2026: — (not shown: it rests on a baseline you may not see)"
    assert changes["roi"]["before"] == "—"
    assert changes["cost_per_hire"]["text"] == "vs Q1 2026: 350.00 EUR (+150.00 EUR, +42.9%)"
    legacy = next(c for c in _charts(data)["cost_per_hire"]["changes"] if c["series"] == "Legacy (baseline)")
    assert legacy["before"] == "—"
    # Q1's legacy cost per hire (10,000 + 5,000) / 2 and savings 9,300 + 5,000 appear nowhere.
    assert not any(figure in str(data) for figure in ("7,500.00", "7500.0", "14,300.00", "14300.0"))
