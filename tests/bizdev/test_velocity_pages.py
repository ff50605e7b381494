# ruff: noqa: F811  (the dataset fixture `world` is imported from test_velocity)
"""The velocity page, its CSV and the API figures (velocity, balance) on the dataset of
tests/bizdev/test_velocity.py (Q2 2026, pilot ``retail``), whose docstring computes every figure:
assisted median 50.0 days over 2 won deals, win rate 66.67% over 3; unassisted 90.0 days over 3,
75.00% over 4; baseline 100.0 days over 5; 100 days saved worth 20,000.00 EUR. The page, the CSV
and the API give the same digits.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from bizdev.selectors.stage import AUDIT_BALANCE_API_LISTED
from metrics.models import LegacyCostBaseline
from tests.bizdev.test_velocity import world  # noqa: F401  (the dataset fixture)

pytestmark = pytest.mark.django_db

PAGE, CSV = reverse("bizdev:velocity"), reverse("bizdev:velocity_csv")
VELOCITY_API, BALANCE_API = "/api/v1/bizdev/velocity/", "/api/v1/bizdev/balance/"
Q2 = {"period": "quarter", "start": "2026-04-01"}
Q2_API = {"start": "2026-04-01", "end": "2026-06-30"}

EXPECTED = {
    "bizdev.cycle_days.assisted": ("50.0", 2, "too few deals to conclude"),
    "bizdev.win_rate.assisted": ("66.67", 3, "too few deals to conclude"),
    "bizdev.cycle_days.unassisted": ("90.0", 3, "too few deals to conclude"),
    "bizdev.win_rate.unassisted": ("75.00", 4, "too few deals to conclude"),
    "bizdev.cycle_days.type.introduction": ("40.0", 1, "too few deals to conclude"),
    "bizdev.win_rate.type.introduction": ("50.00", 2, "too few deals to conclude"),
    "bizdev.cycle_days.type.decision-maker-introduction": ("", 0, "too few deals to conclude"),
    "bizdev.cycle_days.baseline": ("100.0", 5, ""),
    "bizdev.cycle_days_saved": ("100", 2, "too few deals to conclude"),
    "bizdev.cycle_days_saved.value": ("20000.00", 2, ""),
}


def csv_rows(response) -> dict[str, dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return {row["Key"]: row for row in csv.DictReader(io.StringIO(text))}


def test_page_csv_and_api_give_the_same_digits(client_for, api_client_for, hr_lead, world):
    page = client_for(hr_lead).get(PAGE, {**Q2, "pilot": world.retail.pk})
    assert page.status_code == 200
    html = page.content.decode()
    rows = csv_rows(client_for(hr_lead).get(CSV, {**Q2, "pilot": world.retail.pk}))
    api = api_client_for(hr_lead).get(VELOCITY_API, {**Q2_API, "pilot": world.retail.pk})
    assert api.status_code == 200
    figures = {f["key"]: f for f in api.json()["figures"]}
    assert api.json()["deals"] == 7
    for key, (value, deals, note) in EXPECTED.items():
        assert (rows[key]["Value"], rows[key]["Deals"], rows[key]["Note"]) == (value, str(deals), note), key
        assert (figures[key]["value"] or "", figures[key]["deals"], figures[key]["note"]) == (value, deals, note), key
        assert f'data-key="{key}"' in html
        assert f'data-value="{value}"' in html.split(f'data-key="{key}"', 1)[1].split("</tr>", 1)[0], key
        assert rows[key]["Formula"] == figures[key]["formula"], key
    assert "66.67%" in html and "20,000.00 EUR" in html
    assert "<svg" in html and "Median cycle days of won deals" in html


def test_without_a_day_value_the_formula_says_days_only(client_for, hr_lead, world):
    LegacyCostBaseline.objects.update(sales_cycle_day_value=None)
    rows = csv_rows(client_for(hr_lead).get(CSV, Q2))
    assert rows["bizdev.cycle_days_saved.value"]["Value"] == ""
    assert rows["bizdev.cycle_days_saved.value"]["Formula"].startswith("in days only")
    assert "shown in days only" in client_for(hr_lead).get(PAGE, Q2).content.decode()


def test_contributor_reads_velocity_but_not_the_figures_resting_on_the_baseline(
    client_for, api_client_for, contributor_a, world
):
    page = client_for(contributor_a).get(PAGE, Q2)
    assert page.status_code == 200
    assert "20,000.00" not in page.content.decode()
    figures = {f["key"]: f for f in api_client_for(contributor_a).get(VELOCITY_API, Q2_API).json()["figures"]}
    assert figures["bizdev.cycle_days_saved"]["value"] is None
    assert "baseline" in figures["bizdev.cycle_days_saved"]["withheld"]
    assert figures["bizdev.cycle_days.assisted"]["value"] == "50.0"


def test_manager_reads_velocity_of_their_sponsors_pilots(client_for, api_client_for, manager, world):
    assert client_for(manager).get(PAGE, Q2).status_code == 200
    response = api_client_for(manager).get(VELOCITY_API, {**Q2_API, "pilot": world.retail.pk})
    assert response.status_code == 200
    assert {f["key"]: f["value"] for f in response.json()["figures"]}["bizdev.cycle_days_saved.value"] == "20000.00"


def test_who_reads_no_stage_3_figures_gets_404_on_the_page(client_for, contributor_b, outsider, world):
    assert client_for(contributor_b).get(PAGE).status_code == 404
    assert client_for(contributor_b).get(CSV).status_code == 404
    assert client_for(outsider).get(PAGE).status_code == 404


def test_api_refuses_outsiders_unknown_pilots_and_bad_dates(api_client_for, outsider, manager, hr_lead, world):
    assert api_client_for(outsider).get(VELOCITY_API).status_code == 403
    assert api_client_for(None).get(VELOCITY_API).status_code in (401, 403)
    assert api_client_for(manager).get(VELOCITY_API, {"pilot": world.other.pk}).status_code == 404
    assert api_client_for(hr_lead).get(VELOCITY_API, {"pilot": 2**62}).status_code == 404
    for bad in ({"start": "2026-13-01"}, {"start": "2026-06-30", "end": "2026-04-01"}, {"pilot": "x"}, {"pilot": 0}):
        response = api_client_for(hr_lead).get(VELOCITY_API, bad)
        assert response.status_code == 400, bad
        assert response.json()["error"]["message"]
    response = api_client_for(hr_lead).get(BALANCE_API, {"start": "2026-06-30", "end": "2026-04-01"})
    assert response.status_code == 400
    assert "The end cannot be before the start." in response.content.decode()


def test_a_bad_period_on_the_csv_is_a_400(client_for, hr_lead, world):
    response = client_for(hr_lead).get(CSV, {"period": "custom", "start": "2026-06-30", "end": "2026-04-01"})
    assert response.status_code == 400


def test_balance_api_as_computed_by_hand(api_client_for, contributor_a, world):
    response = api_client_for(contributor_a).get(BALANCE_API, {**Q2_API, "pilot": world.retail.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["totals"] | {"id": 0} == {
        "id": 0,
        "name": "All",
        "given": 2,
        "given_points": 11,
        "received": 5,
        "received_points": 19,
        "balance": -8,
    }
    assert {r["name"]: r["balance"] for r in data["by_alumnus"]} == {"Ben Brook": 2, "Alma Ahlberg": -5}
    assert {r["name"]: r["balance"] for r in data["by_contributor"]} == {"Ann Contributor": 0, "Cleo Seller": -8}
    assert data["alumni_requests"] == {"asked": 6, "met": 4, "share_met": "66.67", "median_days_to_meet": "2.5"}
    assert AuditEvent.objects.filter(verb=AUDIT_BALANCE_API_LISTED, actor=contributor_a).count() == 1


def test_balance_api_gives_managers_no_names(api_client_for, manager, world):
    response = api_client_for(manager).get(BALANCE_API, Q2_API)
    assert response.status_code == 200
    data = response.json()
    assert data["by_alumnus"] is None and data["by_contributor"] is None
    assert [r["name"] for r in data["by_team"]] == ["Retail deals"]
    assert "Alma" not in response.content.decode()
    assert not AuditEvent.objects.filter(verb=AUDIT_BALANCE_API_LISTED).exists()


def test_velocity_page_query_count_is_fixed(client_for, hr_lead, world, django_assert_max_num_queries):
    client = client_for(hr_lead)
    client.get(PAGE, Q2)
    with django_assert_max_num_queries(25) as first:
        client.get(PAGE, Q2)
    from tests.bizdev.factories import OpportunityFactory

    for _ in range(4):
        OpportunityFactory(pilot=world.retail, owner=world.cleo, stage="lost", closed_on="2026-05-05")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(PAGE, Q2)
