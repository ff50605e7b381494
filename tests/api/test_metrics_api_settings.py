"""/api/v1/ for the ledger's settings: the assist scale, program costs and legacy baselines (split
from test_metrics_api.py). Who may read and change them, bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from metrics import services
from metrics.models import AssistType, LegacyCostBaseline, ProgramCost

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def cost(actor, pilot, **kw) -> ProgramCost:
    kw.setdefault("category", "tools")
    kw.setdefault("description", "Scheduling tool")
    kw.setdefault("amount", "100")
    return services.program_cost_record(actor=actor, pilot=pilot, **kw)


def baseline(actor, sponsor, **kw) -> LegacyCostBaseline:
    kw.setdefault("valid_from", dt.date(2025, 1, 1))
    kw.setdefault("valid_to", dt.date(2025, 12, 31))
    kw.setdefault("travel_per_hire", "1000")
    kw.setdefault("source_note", "Finance, FY2025")
    return services.baseline_save(actor=actor, sponsor=sponsor, **kw)


# --- The assist scale -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["hr_lead", "contributor_a", "manager", "outsider"])
def test_everyone_signed_in_reads_the_assist_scale(api_client_for, request, persona):
    response = api_client_for(request.getfixturevalue(persona)).get("/api/v1/assist-types/")

    assert response.status_code == 200
    assert [t["points"] for t in response.json()["results"]] == [10, 5, 3, 1]


def test_hr_lead_adds_and_changes_an_assist_type(api_client_for, hr_lead):
    client = api_client_for(hr_lead)

    response = client.post("/api/v1/assist-types/", {"name": "Warm lead", "points": 7}, format="json")

    assert response.status_code == 201, response.json()
    row = AssistType.objects.get(name="Warm lead")
    assert (response.json()["key"], row.points, row.is_active) == ("warm-lead", 7, True)

    response = client.patch(f"/api/v1/assist-types/{row.pk}/", {"points": 8, "is_active": False}, format="json")

    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.name, row.points, row.is_active) == ("Warm lead", 8, False)


def test_assist_type_name_clash_and_zero_points_are_400(api_client_for, hr_lead):
    client = api_client_for(hr_lead)

    clash = client.post("/api/v1/assist-types/", {"name": "introduction", "points": 2}, format="json")
    zero = client.post("/api/v1/assist-types/", {"name": "Nothing", "points": 0}, format="json")

    assert clash.status_code == 400 and "name" in clash.json()["error"]["fields"]
    assert zero.status_code == 400 and "points" in zero.json()["error"]["fields"]
    assert AssistType.objects.count() == 4


@pytest.mark.parametrize("persona", ["contributor_a", "manager"])
def test_only_hr_leads_change_the_assist_scale(api_client_for, request, persona):
    client = api_client_for(request.getfixturevalue(persona))
    existing = AssistType.objects.get(key="introduction")

    assert client.post("/api/v1/assist-types/", {"name": "Mine", "points": 99}, format="json").status_code == 403
    assert client.patch(f"/api/v1/assist-types/{existing.pk}/", {"points": 99}, format="json").status_code == 403
    existing.refresh_from_db()
    assert existing.points == 5 and AssistType.objects.count() == 4


# --- Program costs ----------------------------------------------------------------------------


def test_hr_lead_records_a_cost_from_hours_and_rate(api_client_for, hr_lead, pilot_a):
    response = api_client_for(hr_lead).post(
        "/api/v1/program-costs/",
        {"pilot": pilot_a.pk, "category": "staff_time", "description": "Coaching", "hours": "12.5", "hour_rate": "80"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "1000.00" and response.json()["stage"] == 1
    assert ProgramCost.objects.get().amount == Decimal("1000.00")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "twelve"}, "amount"),
        ({"amount": None}, "amount"),
        ({"date": (TODAY + DAY).isoformat()}, "date"),
        ({"hours": "999999", "hour_rate": "999999", "amount": None}, "amount"),
    ],
    ids=["negative", "non-numeric", "missing", "future", "too-large"],
)
def test_bad_program_cost_is_a_400_naming_the_field(api_client_for, hr_lead, pilot_a, body, field):
    payload = {"pilot": pilot_a.pk, "category": "tools", "description": "Licence", "amount": "10", **body}

    response = api_client_for(hr_lead).post("/api/v1/program-costs/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not ProgramCost.objects.exists()


def test_program_costs_are_read_with_the_pilot_and_written_by_hr_leads(
    api_client_for, hr_lead, contributor_a, contributor_b, manager, pilot_a
):
    row = cost(hr_lead, pilot_a)

    assert ids(api_client_for(contributor_a).get("/api/v1/program-costs/")) == {row.pk}
    assert ids(api_client_for(manager).get("/api/v1/program-costs/")) == {row.pk}
    assert ids(api_client_for(contributor_b).get("/api/v1/program-costs/")) == set()
    assert api_client_for(contributor_b).get(f"/api/v1/program-costs/{row.pk}/").status_code == 404
    for persona in (contributor_a, manager):
        client = api_client_for(persona)
        body = {"pilot": pilot_a.pk, "category": "tools", "description": "x", "amount": "1"}
        assert client.post("/api/v1/program-costs/", body, format="json").status_code == 403
        assert client.patch(f"/api/v1/program-costs/{row.pk}/", {"amount": "1"}, format="json").status_code == 403
        assert client.delete(f"/api/v1/program-costs/{row.pk}/").status_code == 403
    row.refresh_from_db()
    assert row.amount == Decimal("100.00") and ProgramCost.objects.count() == 1


def test_hr_lead_corrects_and_deletes_a_cost(api_client_for, hr_lead, pilot_a):
    row = cost(hr_lead, pilot_a, hours="2", hour_rate="10")
    client = api_client_for(hr_lead)

    response = client.patch(f"/api/v1/program-costs/{row.pk}/", {"amount": "55.5"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["amount"] == "55.50" and response.json()["hours"] is None
    row.refresh_from_db()
    assert (row.amount, row.hours) == (Decimal("55.50"), None)
    assert client.delete(f"/api/v1/program-costs/{row.pk}/").status_code == 204
    assert not ProgramCost.objects.exists()


# --- Baselines --------------------------------------------------------------------------------

BASELINE = {
    "valid_from": "2025-01-01",
    "valid_to": "2025-12-31",
    "travel_per_hire": "1000",
    "recruiter_fees_per_hire": "8000",
    "job_ads_per_hire": "500",
    "other_per_hire": "500",
    "time_to_hire_days": 60,
    "point_value": "20",
    "source_note": "Finance, FY2025 recruiting spend / hires",
}


def test_hr_lead_creates_a_baseline(api_client_for, hr_lead, sponsor_a):
    response = api_client_for(hr_lead).post("/api/v1/baselines/", {**BASELINE, "sponsor": sponsor_a.pk}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["cost_per_hire"] == "10000.00" and response.json()["sponsor_name"] == "Engineering"
    row = LegacyCostBaseline.objects.get()
    assert (row.sponsor, row.recruiter_fees_per_hire, row.time_to_hire_days) == (sponsor_a, Decimal("8000"), 60)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"travel_per_hire": "-5"}, "travel_per_hire"),
        ({"point_value": "n/a"}, "point_value"),
        ({"valid_to": "2024-12-31"}, "valid_to"),
        ({"source_note": ""}, "source_note"),
        ({"time_to_hire_days": -1}, "time_to_hire_days"),
    ],
    ids=["negative", "non-numeric", "period-reversed", "no-source", "negative-days"],
)
def test_bad_baseline_is_a_400_naming_the_field(api_client_for, hr_lead, sponsor_a, body, field):
    response = api_client_for(hr_lead).post(
        "/api/v1/baselines/", {**BASELINE, "sponsor": sponsor_a.pk, **body}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not LegacyCostBaseline.objects.exists()


def test_an_overlapping_baseline_is_refused(api_client_for, hr_lead, sponsor_a):
    baseline(hr_lead, sponsor_a)

    response = api_client_for(hr_lead).post(
        "/api/v1/baselines/", {**BASELINE, "sponsor": sponsor_a.pk, "valid_from": "2025-06-01"}, format="json"
    )

    assert response.status_code == 400
    assert "valid_from" in response.json()["error"]["fields"]
    assert LegacyCostBaseline.objects.count() == 1


def test_manager_reads_their_sponsors_baselines_only_and_cannot_write(
    api_client_for, hr_lead, manager, sponsor_a, sponsor_b
):
    mine = baseline(hr_lead, sponsor_a)
    other = baseline(hr_lead, sponsor_b)
    client = api_client_for(manager)

    assert ids(client.get("/api/v1/baselines/")) == {mine.pk}
    assert client.get(f"/api/v1/baselines/{other.pk}/").status_code == 404
    assert client.post("/api/v1/baselines/", {**BASELINE, "sponsor": sponsor_a.pk}).status_code == 403
    assert client.patch(f"/api/v1/baselines/{mine.pk}/", {"point_value": "1"}, format="json").status_code == 403
    assert client.delete(f"/api/v1/baselines/{mine.pk}/").status_code == 403
    assert LegacyCostBaseline.objects.count() == 2


def test_contributors_do_not_see_baselines(api_client_for, hr_lead, contributor_a, sponsor_a):
    row = baseline(hr_lead, sponsor_a)
    client = api_client_for(contributor_a)

    assert client.get("/api/v1/baselines/").status_code == 403
    assert client.get(f"/api/v1/baselines/{row.pk}/").status_code == 403


def test_hr_lead_corrects_and_deletes_a_baseline(api_client_for, hr_lead, sponsor_a):
    row = baseline(hr_lead, sponsor_a)
    client = api_client_for(hr_lead)

    response = client.patch(f"/api/v1/baselines/{row.pk}/", {"job_ads_per_hire": "250"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["cost_per_hire"] == "1250.00"
    row.refresh_from_db()
    assert row.job_ads_per_hire == Decimal("250.00")
    assert client.delete(f"/api/v1/baselines/{row.pk}/").status_code == 204
    assert not LegacyCostBaseline.objects.exists()
