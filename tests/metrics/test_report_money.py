"""Money in the ROI report is cents in every database.

SQLite hands ``Sum()`` of a decimal column back through a float (``37799.990000000000``, or
``3200`` for whole amounts), PostgreSQL with the column's scale. The report reads every sum as
cents, and every money cell of every CSV table has exactly two decimals. Run these with the
default SQLite settings too (``DATABASE_URL= .venv/bin/pytest tests/metrics/test_report_*.py``).

Hand-computed: in pilot A, June 2026, three hires costing 0.10, 0.20 and 37,799.69 (travel)
-> 37,799.99 actual cost (SQLite: 37799.9900000000); program costs 1,000 and
2,200 (whole amounts) -> 3,200.00.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics import services
from metrics.report import build_report

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
TWO_DECIMALS = re.compile(r"^-?\d+\.\d{2}$")


@pytest.fixture
def june(hr_lead, pilot_a, record_hire):
    for day, travel in ((3, "0.10"), (4, "0.20"), (5, "37799.69")):
        record_hire(pilot_a, dt.date(2026, 6, day), cost_travel=travel)
    for amount in ("1000", "2200"):
        services.program_cost_record(
            actor=hr_lead,
            pilot=pilot_a,
            category="events",
            description="Meetup",
            amount=amount,
            date=dt.date(2026, 6, 10),
            now=NOW,
        )


def test_report_sums_are_exact_cents(hr_lead, june):
    report = build_report(user=hr_lead, start=JUNE[0], end=JUNE[1])

    for amount, expected in (
        (report.overall.actual_cost, Decimal("37799.99")),
        (report.overall.program_cost, Decimal("3200.00")),
        (report.program_cost_by_category["events"], Decimal("3200.00")),
        (report.by_source["social"].actual_cost, Decimal("37799.99")),
    ):
        assert amount == expected
        assert amount.as_tuple().exponent == -2, amount  # cents, not 37799.9900000000 or 3200


@pytest.mark.parametrize("table", ["headline", "stages", "pilots", "sources", "costs", "baselines", "months"])
def test_every_money_cell_of_every_csv_has_two_decimals(client_for, hr_lead, ledger, june, table):
    response = client_for(hr_lead).get(
        reverse("metrics:report_csv"), {"table": table, "period": "year", "start": "2026-01-01"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    money = [i for i, label in enumerate(header) if label.endswith("(EUR)")]
    if table == "headline":
        money = [header.index("Value")]
        rows = [rows[0], *(r for r in rows[1:] if r[header.index("Unit")] == "EUR")]
    assert money and len(rows) > 1
    cells = [row[i] for row in rows[1:] for i in money if row[i]]
    assert cells and all(TWO_DECIMALS.match(cell) for cell in cells), cells
