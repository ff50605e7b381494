"""One rule for a sponsor's baselines (metrics.access.can_see_baselines): HR leads and the
sponsor's managers see them and every figure read straight from them; contributors never, on the
report page, its CSV, its JSON data and its charts alike (the baseline API and pages refuse them too).

The ledger is tests/metrics/conftest.py's (hand-computed in test_report_figures.py). Sponsor A's
baseline: 10,000.00 per hire, 60 days, 20.00 per assist point. Pilot A in 2026: legacy cost
2 x 10,000.00 = 20,000.00, savings 20,000.00 - 1,200.00 = 18,800.00, value attributed
13 x 20.00 = 260.00, ROI (18,800 + 260 - 5,000) / 5,000 = 281.20%. Without the baseline none of
these can be redone by hand, so a contributor of pilot A gets the reason instead of a number.
What stays: hires 3, cost per hire 11,400.00 / 3 = 3,800.00, mean time to hire 55.0 days, the
program cost 5,000.00.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
YEAR = {"period": "year", "start": "2026-01-01"}
WITHHELD = ("legacy_cost_per_hire", "savings", "legacy_time_to_hire", "value_attributed", "roi")
BASELINE_NUMBERS = ("10,000.00", "20,000.00", "18,800.00", "260.00", "281.20", "20.00 EUR", "60.0")


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_contributor_sees_no_figure_read_from_a_baseline_on_the_page(client_for, contributor_a, ledger):
    response = client_for(contributor_a).get(reverse("metrics:index"), YEAR)

    assert response.status_code == 200
    html = response.content.decode()
    for number in BASELINE_NUMBERS:
        assert number not in html, number
    cards = {card["key"]: card for card in response.context["cards"]}
    for key in WITHHELD:
        assert cards[key]["withheld"], key
        assert "legacy cost baseline" in cards[key]["withheld"]
    assert cards["cost_per_hire"]["display"] == "3,800.00 EUR" and not cards["cost_per_hire"]["withheld"]
    assert "3,800.00 EUR" in html and "5,000.00 EUR" in html
    assert 'id="table-baselines"' not in html
    assert '<th scope="row">Savings</th>' not in html and "ROI</th>" not in html
    assert "rest on the sponsors’ legacy cost baselines" in html  # the tables say why columns are missing


@pytest.mark.parametrize("table", ["headline", "stages", "pilots", "sources"])
def test_a_contributors_csv_leaves_out_what_rests_on_a_baseline(client_for, contributor_a, ledger, table):
    response = client_for(contributor_a).get(reverse("metrics:report_csv"), {"table": table, **YEAR})

    assert response.status_code == 200
    text = response.content.decode()
    for number in ("10000.00", "20000.00", "18800.00", "260.00", "2.8120"):
        assert number not in text, number
    rows = _csv(response)
    for column in ("Savings (EUR)", "Legacy cost per hire (EUR)", "ROI (fraction)", "Value attributed (EUR)"):
        assert column not in rows[0]
    if table == "headline":
        savings = next(r for r in rows[1:] if r[0] == "Savings against the legacy process")
        assert savings[rows[0].index("Value")] == ""
        assert savings[rows[0].index("Formula with its inputs")].startswith("Withheld:")


def test_a_contributors_chart_data_has_no_baseline_figures(client_for, contributor_a, ledger):
    data = client_for(contributor_a).get(reverse("metrics:report_data"), YEAR).json()

    figures = {f["key"]: f for f in data["figures"]}
    for key in WITHHELD:
        assert figures[key]["value"] is None and figures[key]["withheld"], key
        assert figures[key]["formula"].startswith("Withheld:")
    charts = {c["key"]: c for c in data["charts"]}
    assert "roi" not in charts  # no ROI chart
    assert [s["key"] for s in charts["cost_per_hire"]["series"]] == ["cost_per_hire"]  # no legacy series
    assert figures["roi"]["change"] is None
    assert figures["cost_per_hire"]["value"] == "3800.00"


def test_the_sponsors_manager_sees_the_baseline_figures(client_for, manager, ledger):
    response = client_for(manager).get(reverse("metrics:index"), YEAR)

    html = response.content.decode()
    assert "18,800.00 EUR" in html and "281.20%" in html and 'id="table-baselines"' in html
    cards = {card["key"]: card for card in response.context["cards"]}
    assert not any(cards[key]["withheld"] for key in WITHHELD)
    rows = _csv(client_for(manager).get(reverse("metrics:report_csv"), {"table": "pilots", **YEAR}))
    assert "Savings (EUR)" in rows[0]


def test_a_hire_priced_by_another_sponsors_baseline_is_withheld_from_this_sponsors_manager(
    client_for, hr_lead, manager, hire_priced_by_sponsor_b
):
    """An HR lead books a pilot A hire to sponsor B, whose baseline (5,000.00) prices it: savings
    5,000.00 - 0.00. Sponsor A's manager reads pilot A but may not see sponsor B's baseline."""
    html = client_for(hr_lead).get(reverse("metrics:index"), YEAR).content.decode()
    assert "5,000.00 EUR" in html

    response = client_for(manager).get(reverse("metrics:index"), YEAR)
    cards = {card["key"]: card for card in response.context["cards"]}
    assert cards["savings"]["withheld"]
    assert "5,000.00" not in response.content.decode()


def test_a_contributors_stage_charts_have_no_roi_and_no_legacy_cost(client_for, contributor_a, hr_lead, ledger):
    html = client_for(contributor_a).get(reverse("metrics:index"), YEAR).content.decode()
    assert "Cost per hire by stage" in html and "ROI by stage" not in html
    assert 'data-report-chart="roi"' not in html and "Legacy (baseline)" not in html
    html = client_for(hr_lead).get(reverse("metrics:index"), YEAR).content.decode()
    assert "ROI by stage" in html and 'data-report-chart="roi"' in html
    assert "Legacy (baseline): 10,000.00 EUR over all stages in 2026" in html
