"""A figure is rounded once, half-up, where it is shown: the page, the CSV and the chart data give
the same digits.

Two hand-computed cases where rounding twice (half-to-even to 4 places, then half-up) went wrong:

1. ROI of 12.345 %. Pilot A (sponsor A, stage 1) in March 2026: one social hire, actual cost
   10,000.00, priced against a baseline of 32,469.00 per hire -> savings 22,469.00; no assists;
   program cost 20,000.00. ROI = (22,469.00 + 0 - 20,000.00) / 20,000.00 = 2,469 / 20,000
   = 0.12345 exactly -> 12.35 % (half-up), 0.1235 as a fraction. Rounded half-to-even to 4 places
   first, it became 0.1234 and showed as 12.34 %.
2. Cost per hire of 200.01 / 2. Pilot A in May 2026: two social hires costing 100.00 and 100.01
   -> 200.01 / 2 = 100.005 -> 100.01 (half-up). Rounded half-to-even to cents first: 100.00.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from metrics import services

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
MARCH = {"period": "month", "start": "2026-03-01"}
MAY = {"period": "month", "start": "2026-05-01"}


@pytest.fixture
def roi_of_12_345_percent(hr_lead, pilot_a, sponsor_a, record_hire):
    services.baseline_save(
        actor=hr_lead,
        sponsor=sponsor_a,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        recruiter_fees_per_hire="32469",
        source_note="Finance",
        now=NOW,
    )
    record_hire(pilot_a, dt.date(2026, 3, 10), cost_travel="10000")
    services.program_cost_record(
        actor=hr_lead,
        pilot=pilot_a,
        category="tools",
        description="Licences",
        amount="20000",
        date=dt.date(2026, 3, 1),
        now=NOW,
    )


@pytest.fixture
def cost_per_hire_of_200_01_over_2(pilot_a, record_hire):
    record_hire(pilot_a, dt.date(2026, 5, 10), cost_travel="100.00")
    record_hire(pilot_a, dt.date(2026, 5, 11), cost_travel="100.01")


def _csv_cell(response, row_start: str, column: str) -> str:
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    row = next(r for r in rows[1:] if r[0] == row_start)
    return row[rows[0].index(column)]


def test_an_roi_of_12_345_percent_shows_as_12_35_everywhere(client_for, hr_lead, roi_of_12_345_percent, pilot_a):
    client = client_for(hr_lead)

    page = client.get(reverse("metrics:index"), MARCH)
    roi_card = next(card for card in page.context["cards"] if card["key"] == "roi")
    assert roi_card["display"] == "12.35%"
    assert "12.34%" not in page.content.decode()

    pilots = client.get(reverse("metrics:report_csv"), {"table": "pilots", **MARCH})
    assert _csv_cell(pilots, pilot_a.name, "ROI (fraction)") == "0.1235"
    headline = client.get(reverse("metrics:report_csv"), {"table": "headline", **MARCH})
    assert _csv_cell(headline, "ROI", "Value") == "0.1235"

    data = client.get(reverse("metrics:report_data"), MARCH).json()
    roi = next(c for c in data["charts"] if c["key"] == "roi")
    assert roi["series"][0]["data"] == [12.35]


def test_200_01_over_two_hires_is_100_01_everywhere(client_for, hr_lead, cost_per_hire_of_200_01_over_2):
    client = client_for(hr_lead)

    page = client.get(reverse("metrics:index"), MAY)
    card = next(card for card in page.context["cards"] if card["key"] == "cost_per_hire")
    assert card["display"] == "100.01 EUR"
    assert "200.01 EUR actual cost of hires / 2 hires" in card["formula"]

    stages = client.get(reverse("metrics:report_csv"), {"table": "stages", **MAY})
    assert _csv_cell(stages, "All stages", "Cost per hire (EUR)") == "100.01"
    headline = client.get(reverse("metrics:report_csv"), {"table": "headline", **MAY})
    assert _csv_cell(headline, "Cost per hire", "Value") == "100.01"

    data = client.get(reverse("metrics:report_data"), MAY).json()
    chart = next(c for c in data["charts"] if c["key"] == "cost_per_hire")
    cost = next(s for s in chart["series"] if s["key"] == "cost_per_hire")
    assert cost["data"] == [100.01]


def test_time_to_hire_and_shares_round_half_up_once_in_the_csv(client_for, hr_lead, ledger):
    """All 2026 (conftest's ledger): time to hire (30 + 45 + 90 + 10) / 4 = 43.75 days -> 43.8 on
    the page and in the CSV (one decimal, half-up); meaningful share 3 / 4 -> 0.7500."""
    stages = client_for(hr_lead).get(
        reverse("metrics:report_csv"), {"table": "stages", "period": "year", "start": "2026-01-01"}
    )
    assert _csv_cell(stages, "All stages", "Mean time to hire (days)") == "43.8"
    assert _csv_cell(stages, "All stages", "Meaningful share (fraction)") == "0.7500"
