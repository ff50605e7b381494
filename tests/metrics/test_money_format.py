"""Every page that shows money writes it one way: thousands separated, two decimals rounded once
(half-up), the currency after it — "2,400.00 EUR" on the hire, cost and baseline pages as in the
report (metrics.money.money_text through the ``money`` template filter). CSV and the API keep
the plain "2400.00" (money_cell), which machines read."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from metrics import services
from metrics.models import ProgramCost
from tests.metrics.conftest import NOW

pytestmark = pytest.mark.django_db

HIRED = dt.date(2026, 3, 2)


def bare_amounts(html: str) -> list[str]:
    """Amounts written the other way ("2400.00"): four or more digits before the point with no
    thousands separator, outside attributes (form values and links may carry plain numbers)."""
    text = re.sub(r"<[^>]*>", " ", html)
    return re.findall(r"(?<![\d,.])\d{4,}\.\d{2}\b", text)


@pytest.fixture
def money_pages(hr_lead, pilot_a, sponsor_a, record_hire):
    hire = record_hire(
        pilot_a,
        HIRED,
        cost_travel=Decimal("1200.50"),
        cost_recruiter_fee=Decimal("2400"),
        staff_hours=Decimal("10"),
        staff_hour_rate=Decimal("1234.5"),
    )
    services.program_cost_record(
        actor=hr_lead,
        pilot=pilot_a,
        category=ProgramCost.Category.values[0],
        description="Tooling",
        amount=Decimal("12345.678"),
        now=NOW,
    )
    baseline = services.baseline_save(
        actor=hr_lead,
        sponsor=sponsor_a,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        travel_per_hire=Decimal("1500"),
        recruiter_fees_per_hire=Decimal("9000"),
        point_value=Decimal("2500"),
        source_note="Finance, FY2025",
    )
    return hire, baseline


def test_every_money_page_writes_amounts_with_separators_and_the_currency(client_for, hr_lead, money_pages):
    hire, baseline = money_pages
    client = client_for(hr_lead)
    expected = {
        reverse("metrics:hire_detail", args=[hire.pk]): ["1,200.50 EUR", "2,400.00 EUR", "1,234.50 EUR/h"],
        reverse("metrics:hire_list"): [f"{hire.total_cost:,.2f} EUR"],
        reverse("metrics:cost_list"): ["12,345.68 EUR"],  # rounded once, half-up
        reverse("metrics:baseline_list"): ["1,500.00 EUR", "9,000.00 EUR", "10,500.00 EUR", "2,500.00 EUR"],
        reverse("metrics:baseline_edit", args=[baseline.pk]): ["10,500.00 EUR"],
    }
    for url, amounts in expected.items():
        html = client.get(url).content.decode()
        for amount in amounts:
            assert amount in html, (url, amount)
        assert bare_amounts(html) == [], url


def test_the_csv_keeps_plain_amounts(client_for, hr_lead, money_pages):
    body = b"".join(client_for(hr_lead).get(reverse("metrics:cost_csv")).streaming_content).decode()

    assert "12345.68" in body and "12,345.68" not in body


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2400"), "2,400.00 EUR"),
        (Decimal("1234.565"), "1,234.57 EUR"),
        (Decimal("-0.005"), "-0.01 EUR"),
        (None, "—"),
        ("", "—"),
        ("not a number", "—"),
    ],
)
def test_the_money_filter(value, shown):
    html = Template("{% load money %}{{ value|money }}").render(Context({"value": value}))

    assert html == shown
