"""The report's "N hires have no costs recorded" links to exactly those hires: the hires list (and
the API) filter by the report's rule, with the report's period, stage, sponsor and pilot.

The conftest ledger's 4 hires of 2026 all have costs. Added here, with none: two in pilot A
(1 Oct 2026, 2 Oct 2026) and one in pilot B (3 Oct 2026); and one in pilot A in 2025, outside the
period.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
from django.urls import reverse

INDEX = reverse("metrics:index")
HIRES = reverse("metrics:hire_list")
YEAR = {"period": "year", "start": "2026-01-01"}


@pytest.fixture
def uncosted(ledger, pilot_a, pilot_b, record_hire):
    hires = [
        record_hire(pilot_a, dt.date(2026, 10, 1)),
        record_hire(pilot_a, dt.date(2026, 10, 2)),
        record_hire(pilot_b, dt.date(2026, 10, 3)),
    ]
    record_hire(pilot_a, dt.date(2025, 6, 1))
    return hires


def _no_costs_link(html: str) -> str:
    match = re.search(r'<a href="([^"]*)">See the hires with no costs recorded</a>', html)
    assert match is not None, "no link to the hires without costs"
    return html_lib.unescape(match.group(1))


def test_the_flag_links_to_exactly_the_hires_it_counts(client_for, hr_lead, uncosted):
    client = client_for(hr_lead)
    report = client.get(INDEX, YEAR)
    html = report.content.decode()
    assert "3 hires have no costs recorded" in html

    link = _no_costs_link(html)
    assert link == f"{HIRES}?date_from=2026-01-01&date_to=2026-12-31&no_costs=true"
    listed = client.get(link)
    assert listed.status_code == 200
    assert {hire.pk for hire in listed.context["hires"]} == {hire.pk for hire in uncosted}
    assert listed.context["totals"]["count"] == report.context["report"].overall.hires_without_costs == 3
    assert 'name="no_costs" id="id_no_costs" checked' in listed.content.decode()


def test_the_link_keeps_the_reports_pilot_filter(client_for, hr_lead, uncosted, pilot_a):
    client = client_for(hr_lead)
    html = client.get(INDEX, {**YEAR, "pilot": pilot_a.pk}).content.decode()
    assert "2 hires have no costs recorded" in html

    link = _no_costs_link(html)
    assert f"pilot={pilot_a.pk}" in link
    assert {hire.pk for hire in client.get(link).context["hires"]} == {uncosted[0].pk, uncosted[1].pk}


def test_a_manager_follows_the_link_to_their_own_pilots_hires_only(client_for, manager, uncosted, pilot_a):
    client = client_for(manager)
    html = client.get(INDEX, YEAR).content.decode()
    assert "2 hires have no costs recorded" in html
    assert {hire.pk for hire in client.get(_no_costs_link(html)).context["hires"]} == {
        uncosted[0].pk,
        uncosted[1].pk,
    }


def test_without_the_filter_the_list_shows_every_hire(client_for, hr_lead, uncosted):
    listed = client_for(hr_lead).get(HIRES, {"date_from": "2026-01-01", "date_to": "2026-12-31"})
    assert listed.context["totals"]["count"] == 7  # the ledger's 4 and the 3 without costs


def test_the_api_filters_hires_without_costs(api_client_for, hr_lead, uncosted):
    client = api_client_for(hr_lead)
    response = client.get("/api/v1/hires/", {"no_costs": "true", "date_from": "2026-01-01"})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {hire.pk for hire in uncosted}
    with_costs = client.get("/api/v1/hires/", {"no_costs": "false", "date_from": "2026-01-01"}).json()
    assert len(with_costs["results"]) == 4
