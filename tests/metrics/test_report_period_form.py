"""The report's period form shows the period it reports on: its Start field holds the period's
first day (1 January for a year, the quarter's or the month's first day), never today's date, and
a bad date stays as typed next to its error."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from freezegun import freeze_time

INDEX = reverse("metrics:index")
COMPARE = reverse("metrics:compare")


def _start_field(html: str) -> str:
    """The value of the period form's Start input (id_start)."""
    tag = re.search(r"<input[^>]*\bid=\"id_start\"[^>]*>", html)
    assert tag is not None, "no Start field"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


@pytest.mark.parametrize(
    ("params", "shown", "heading"),
    [
        ({}, "2026-01-01", "ROI report · 2026"),
        ({"period": "year"}, "2026-01-01", "ROI report · 2026"),
        ({"period": "quarter"}, "2026-10-01", "ROI report · Q4 2026"),
        ({"period": "month"}, "2026-11-01", "ROI report · November 2026"),
        ({"period": "year", "start": "2025-07-19"}, "2025-01-01", "ROI report · 2025"),
        ({"period": "quarter", "start": "2026-05-17"}, "2026-04-01", "ROI report · Q2 2026"),
        ({"period": "month", "start": "2026-02-28"}, "2026-02-01", "ROI report · February 2026"),
        ({"period": "custom", "start": "2026-03-05", "end": "2026-04-01"}, "2026-03-05", "ROI report · 5 Mar 2026"),
    ],
)
def test_start_field_shows_the_periods_first_day(client_for, hr_lead, params, shown, heading):
    with freeze_time("2026-11-20 12:00:00"):
        response = client_for(hr_lead).get(INDEX, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert _start_field(html) == shown
    assert heading in html
    assert response.context["period"].start.isoformat() == shown


def test_a_bad_start_date_stays_as_typed_next_to_its_error(client_for, hr_lead):
    response = client_for(hr_lead).get(INDEX, {"period": "quarter", "start": "2026-13-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert _start_field(html) == "2026-13-01"
    assert "is not a date like 2026-01-31" in html


def test_compare_start_field_shows_the_periods_first_day(client_for, hr_lead, pilot_a, pilot_b):
    with freeze_time("2026-11-20 12:00:00"):
        response = client_for(hr_lead).get(COMPARE, {"a": pilot_a.pk, "b": pilot_b.pk, "period": "quarter"})
    assert response.status_code == 200
    assert _start_field(response.content.decode()) == "2026-10-01"


def test_the_form_marks_the_shown_period_for_the_kind_switch(client_for, hr_lead):
    """static/js/report.js moves Start to today when the kind changes and today lies in the shown
    period (so "Quarter" from this year's report lands on this quarter): the page names that period."""
    with freeze_time("2026-11-20 12:00:00"):
        html = client_for(hr_lead).get(INDEX).content.decode()
    assert 'data-period-start="2026-01-01"' in html and 'data-period-end="2026-12-31"' in html
    assert 'data-today="2026-11-20"' in html
