"""The value of a sales-cycle day on a sponsor's legacy baseline (LegacyCostBaseline.
sales_cycle_day_value): HR leads set it on the baseline form and through the API, may leave it
empty (Stage 3 then reports days saved in days only), never negative; the list and the API show it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from metrics.models import LegacyCostBaseline

pytestmark = pytest.mark.django_db

API = "/api/v1/baselines/"


def baseline_post(sponsor, **overrides):
    data = {
        "sponsor": sponsor.pk,
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
        "travel_per_hire": "200",
        "recruiter_fees_per_hire": "3000",
        "job_ads_per_hire": "500",
        "other_per_hire": "0",
        "time_to_hire_days": "55",
        "sales_cycle_days": "120",
        "sales_cycle_day_value": "450.50",
        "point_value": "12.50",
        "source_note": "Finance, FY2025",
    }
    data.update(overrides)
    return data


def test_hr_lead_sets_the_value_of_a_sales_cycle_day_on_the_form(client_for, hr_lead, sponsor_a):
    response = client_for(hr_lead).post(reverse("metrics:baseline_create"), baseline_post(sponsor_a))
    assert response.status_code == 302
    baseline = LegacyCostBaseline.objects.get()
    assert (baseline.sales_cycle_days, baseline.sales_cycle_day_value) == (120, Decimal("450.50"))
    html = client_for(hr_lead).get(reverse("metrics:baseline_list")).content.decode()
    assert "450.50 EUR" in html


def test_an_empty_day_value_stays_empty_not_zero(client_for, hr_lead, sponsor_a):
    client_for(hr_lead).post(reverse("metrics:baseline_create"), baseline_post(sponsor_a, sales_cycle_day_value=""))
    assert LegacyCostBaseline.objects.get().sales_cycle_day_value is None


def test_editing_keeps_and_clears_the_day_value(client_for, hr_lead, sponsor_a):
    client = client_for(hr_lead)
    client.post(reverse("metrics:baseline_create"), baseline_post(sponsor_a))
    baseline = LegacyCostBaseline.objects.get()
    edit = reverse("metrics:baseline_edit", args=[baseline.pk])
    assert 'value="450.50"' in client.get(edit).content.decode()
    assert client.post(edit, baseline_post(sponsor_a, sales_cycle_day_value="")).status_code == 302
    baseline.refresh_from_db()
    assert baseline.sales_cycle_day_value is None


def test_a_negative_day_value_is_refused_and_nothing_is_written(client_for, hr_lead, sponsor_a):
    response = client_for(hr_lead).post(
        reverse("metrics:baseline_create"), baseline_post(sponsor_a, sales_cycle_day_value="-1")
    )
    assert response.status_code == 400
    assert "An amount cannot be negative." in response.content.decode()
    assert not LegacyCostBaseline.objects.exists()


def test_api_writes_and_reads_the_day_value(api_client_for, hr_lead, manager, sponsor_a):
    response = api_client_for(hr_lead).post(API, baseline_post(sponsor_a), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["sales_cycle_day_value"] == "450.50"
    pk = response.json()["id"]
    assert api_client_for(manager).get(f"{API}{pk}/").json()["sales_cycle_day_value"] == "450.50"
    patched = api_client_for(hr_lead).patch(f"{API}{pk}/", {"sales_cycle_day_value": None}, format="json")
    assert patched.status_code == 200
    assert patched.json()["sales_cycle_day_value"] is None
    assert LegacyCostBaseline.objects.get().sales_cycle_day_value is None


def test_api_refuses_a_negative_day_value(api_client_for, hr_lead, sponsor_a):
    response = api_client_for(hr_lead).post(API, baseline_post(sponsor_a, sales_cycle_day_value="-5"), format="json")
    assert response.status_code == 400
    assert "sales_cycle_day_value" in response.content.decode()
    assert not LegacyCostBaseline.objects.exists()


def test_api_leaves_it_empty_when_not_given(api_client_for, hr_lead, sponsor_a):
    data = baseline_post(sponsor_a)
    del data["sales_cycle_day_value"]
    response = api_client_for(hr_lead).post(API, data, format="json")
    assert response.status_code == 201
    assert response.json()["sales_cycle_day_value"] is None
