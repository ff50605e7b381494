"""The report shows the median time to hire next to the mean, with its formula and case count:
on the card, in the tables, in the CSV and in the JSON data.

Hand-computed from tests/metrics/conftest.py's ledger (2026): hires took 30 (H1), 45 (H2),
90 (H3) and 10 (H4) days from first contact.
- All: sorted 10, 30, 45, 90 -> the two middle ones (30 + 45) / 2 = 37.5 days; mean 175 / 4 = 43.75.
- Stage 1 (pilot A: H1, H2, H3): sorted 30, 45, 90 -> the middle one, 45 days; mean 165 / 3 = 55.
- Stage 2 (pilot B: H4): 10 days.
One slow hire moves the mean, not the median: adding a hire of 1,000 days to stage 1 (see the last
test) makes the mean (165 + 1,000) / 4 = 291.25 and the median (45 + 90) / 2 = 67.5.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse

from metrics.report import build_report

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
YEAR = {"period": "year", "start": "2026-01-01"}


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_median_card_shows_its_formula_and_cases(client_for, hr_lead, ledger):
    response = client_for(hr_lead).get(reverse("metrics:index"), YEAR)

    cards = {card["key"]: card for card in response.context["cards"]}
    median = cards["median_time_to_hire"]
    assert median["label"] == "Median time to hire (days)"
    assert median["display"] == "37.5"
    assert median["cases"] == 4
    assert "10, 30, 45, 90" in median["formula"] and "(30 + 45) / 2" in median["formula"]
    assert cards["time_to_hire"]["label"] == "Mean time to hire (days)"
    assert cards["time_to_hire"]["display"] == "43.8"
    html = response.content.decode()
    assert "Median time to hire (days)" in html and "(30 + 45) / 2" in html


def test_the_stage_table_and_its_csv_carry_the_median(client_for, hr_lead, ledger):
    client = client_for(hr_lead)
    html = client.get(reverse("metrics:index"), YEAR).content.decode()
    assert '<th scope="row">Median time to hire (days)</th>' in html

    rows = _csv(client.get(reverse("metrics:report_csv"), {"table": "stages", **YEAR}))
    column = rows[0].index("Median time to hire (days)")
    by_stage = {row[0]: row[column] for row in rows[1:]}
    assert by_stage == {"Stage 1 · Recruiting": "45.0", "Stage 2 · Alumni": "10.0", "All stages": "37.5"}

    sources = _csv(client.get(reverse("metrics:report_csv"), {"table": "sources", **YEAR}))
    assert "Median time to hire (days)" in sources[0]

    headline = _csv(client.get(reverse("metrics:report_csv"), {"table": "headline", **YEAR}))
    row = next(r for r in headline[1:] if r[0] == "Median time to hire (days)")
    assert row[headline[0].index("Value")] == "37.5" and row[headline[0].index("Cases")] == "4"


def test_the_json_data_carries_the_median_with_formula_and_cases(client_for, hr_lead, ledger):
    data = client_for(hr_lead).get(reverse("metrics:report_data"), YEAR).json()

    figures = {f["key"]: f for f in data["figures"]}
    assert figures["median_time_to_hire"]["value"] == "37.5"
    assert figures["median_time_to_hire"]["cases"] == 4
    assert "(30 + 45) / 2" in figures["median_time_to_hire"]["formula"]
    assert figures["time_to_hire"]["value"] == "43.8"


def test_one_slow_hire_moves_the_mean_not_the_median(hr_lead, ledger, pilot_a, record_hire):
    record_hire(pilot_a, dt.date(2026, 1, 2), days=1000)
    stage1 = build_report(user=hr_lead, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), stage=1).overall
    assert sorted(stage1.hire_days) == [30, 45, 90, 1000]
    assert stage1.avg_time_to_hire == Decimal("291.25")
    assert stage1.median_time_to_hire == Decimal("67.5")
