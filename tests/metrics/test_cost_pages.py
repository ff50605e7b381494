"""Program costs, legacy cost baselines and the assist value scale: who may read and write them,
hand-checked totals, and bad input refused with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from metrics import services
from metrics.models import Assist, AssistDirection, AssistType, CostCategory, LegacyCostBaseline, ProgramCost
from tests.people.factories import PersonFactory

DAY = dt.date(2025, 3, 1)


# --- program costs ----------------------------------------------------------------------------


@pytest.fixture
def costs(hr_lead, pilot_a, pilot_b):
    """pilot_a: tools 100 + tools 50.50 + staff time 10 h x 45 = 600.50; pilot_b: events 999."""
    rec = services.program_cost_record
    return {
        "tools": rec(actor=hr_lead, pilot=pilot_a, category=CostCategory.TOOLS, description="Licence", amount="100", date=DAY),
        "tools2": rec(actor=hr_lead, pilot=pilot_a, category=CostCategory.TOOLS, description="Plugin", amount="50.50", date=DAY),
        "staff": rec(
            actor=hr_lead, pilot=pilot_a, category=CostCategory.STAFF_TIME, description="Champion time",
            hours="10", hour_rate="45", date=dt.date(2025, 4, 1),
        ),
        "b": rec(actor=hr_lead, pilot=pilot_b, category=CostCategory.EVENTS, description="Alumni evening", amount="999", date=DAY),
    }  # fmt: skip


def cost_post(pilot, **overrides):
    data = {
        "pilot": pilot.pk,
        "category": CostCategory.TOOLS,
        "description": "Video editing licence",
        "date": "2025-03-01",
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_login_from_cost_pages(client_for, costs):
    client = client_for(None)
    for url in (
        reverse("metrics:cost_list"),
        reverse("metrics:cost_create"),
        reverse("metrics:cost_edit", args=[costs["tools"].pk]),
        reverse("metrics:cost_delete", args=[costs["tools"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_hr_lead_sees_all_costs_with_totals_by_category(client_for, hr_lead, costs, pilot_a):
    response = client_for(hr_lead).get(reverse("metrics:cost_list"), {"pilot": pilot_a.pk})
    assert response.status_code == 200
    assert set(response.context["costs"]) == {costs["tools"], costs["tools2"], costs["staff"]}
    totals = {row["category"]: row["total"] for row in response.context["by_category"]}
    assert totals == {"Staff time": Decimal("450.00"), "Tools": Decimal("150.50")}
    assert response.context["total"] == Decimal("600.50")
    html = response.content.decode()
    assert "600.50 EUR" in html and "150.50 EUR" in html
    assert "10.00 h × 45.00 EUR/h" in html
    assert reverse("metrics:cost_edit", args=[costs["tools"].pk]) in html


def test_cost_list_filters_by_category_and_date(client_for, hr_lead, costs):
    client = client_for(hr_lead)
    url = reverse("metrics:cost_list")
    assert list(client.get(url, {"category": CostCategory.STAFF_TIME}).context["costs"]) == [costs["staff"]]
    assert list(client.get(url, {"date_from": "2025-03-15"}).context["costs"]) == [costs["staff"]]
    assert list(client.get(url, {"stage": 2}).context["costs"]) == [costs["b"]]


@pytest.mark.parametrize(("persona", "sees"), [("contributor_a", "a"), ("manager", "a"), ("contributor_b", "b")])
def test_contributors_and_managers_read_costs_of_pilots_they_see(client_for, request, costs, persona, sees):
    response = client_for(request.getfixturevalue(persona)).get(reverse("metrics:cost_list"))
    assert response.status_code == 200
    shown = set(response.context["costs"])
    expected = {costs["tools"], costs["tools2"], costs["staff"]} if sees == "a" else {costs["b"]}
    assert shown == expected
    assert reverse("metrics:cost_create") not in response.content.decode()


def test_outsider_sees_no_costs(client_for, outsider, costs):
    response = client_for(outsider).get(reverse("metrics:cost_list"))
    assert response.status_code == 200
    assert list(response.context["costs"]) == []
    assert response.context["total"] == 0


def test_hr_lead_records_a_cost_as_an_amount(client_for, hr_lead, pilot_a):
    response = client_for(hr_lead).post(reverse("metrics:cost_create"), cost_post(pilot_a, amount="120.40"))
    assert response.status_code == 302
    cost = ProgramCost.objects.get()
    assert (cost.amount, cost.hours, cost.hour_rate, cost.stage) == (Decimal("120.40"), None, None, 1)


def test_hr_lead_records_a_cost_as_hours_times_rate(client_for, hr_lead, pilot_a):
    data = cost_post(pilot_a, category=CostCategory.STAFF_TIME, hours="7.5", hour_rate="40", amount="")
    assert client_for(hr_lead).post(reverse("metrics:cost_create"), data).status_code == 302
    assert ProgramCost.objects.get().amount == Decimal("300.00")


@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_leads_write_costs(client_for, request, costs, pilot_a, persona):
    client = client_for(request.getfixturevalue(persona))
    before = ProgramCost.objects.count()
    tools = costs["tools"]
    assert client.get(reverse("metrics:cost_create")).status_code == 403
    assert client.post(reverse("metrics:cost_create"), cost_post(pilot_a, amount="1")).status_code == 403
    assert client.post(reverse("metrics:cost_edit", args=[tools.pk]), cost_post(pilot_a, amount="1")).status_code == 403
    assert client.post(reverse("metrics:cost_delete", args=[tools.pk])).status_code == 403
    assert ProgramCost.objects.count() == before
    tools.refresh_from_db()
    assert tools.amount == Decimal("100.00")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "-10"}, "amount", "cannot be negative"),
        ({"amount": "ten euros"}, "amount", "Enter a number"),
        ({"hours": "-2", "hour_rate": "40"}, "hours", "cannot be negative"),
        ({"amount": ""}, "amount", "Give an amount, or hours and an hourly rate."),
        ({"hours": "3", "amount": ""}, "hour_rate", "Give both the hours and the hourly rate"),
        ({"amount": "5", "date": "2999-01-01"}, "date", services.MSG_FUTURE),
        ({"amount": "5", "description": ""}, "description", "required"),
    ],
)
def test_bad_cost_input_is_refused_and_nothing_written(client_for, hr_lead, pilot_a, overrides, field, message):
    response = client_for(hr_lead).post(reverse("metrics:cost_create"), cost_post(pilot_a, **overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not ProgramCost.objects.exists()


def test_hr_lead_edits_a_cost_from_amount_to_hours(client_for, hr_lead, costs, pilot_a):
    tools = costs["tools"]
    client = client_for(hr_lead)
    form = client.get(reverse("metrics:cost_edit", args=[tools.pk])).context["form"]
    assert form["amount"].value() == Decimal("100.00")
    data = cost_post(pilot_a, description="Licence", hours="2", hour_rate="30", amount="100")
    assert client.post(reverse("metrics:cost_edit", args=[tools.pk]), data).status_code == 302
    tools.refresh_from_db()
    assert (tools.amount, tools.hours, tools.hour_rate) == (Decimal("60.00"), Decimal("2.00"), Decimal("30.00"))


def test_bad_cost_correction_leaves_the_cost_unchanged(client_for, hr_lead, costs, pilot_a):
    tools = costs["tools"]
    response = client_for(hr_lead).post(reverse("metrics:cost_edit", args=[tools.pk]), cost_post(pilot_a, amount="-1"))
    assert response.status_code == 400
    tools.refresh_from_db()
    assert tools.amount == Decimal("100.00")


def test_hr_lead_deletes_a_cost_after_confirming(client_for, hr_lead, costs):
    client = client_for(hr_lead)
    tools = costs["tools"]
    confirm = client.get(reverse("metrics:cost_delete", args=[tools.pk]))
    assert confirm.status_code == 200 and "This cannot be undone" in confirm.content.decode()
    assert client.post(reverse("metrics:cost_delete", args=[tools.pk])).status_code == 302
    assert not ProgramCost.objects.filter(pk=tools.pk).exists()


# --- legacy baselines -------------------------------------------------------------------------


@pytest.fixture
def baseline_a(hr_lead, sponsor_a):
    """300 + 4000 + 700 + 0 = 5000.00 per hire."""
    return services.baseline_save(
        actor=hr_lead,
        sponsor=sponsor_a,
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        travel_per_hire=Decimal("300"),
        recruiter_fees_per_hire=Decimal("4000"),
        job_ads_per_hire=Decimal("700"),
        other_per_hire=Decimal("0"),
        time_to_hire_days=60,
        source_note="Finance, FY2024 recruiting spend / hires",
    )


@pytest.fixture
def baseline_b(hr_lead, sponsor_b):
    return services.baseline_save(
        actor=hr_lead,
        sponsor=sponsor_b,
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        travel_per_hire=Decimal("1"),
        source_note="Consulting controller",
    )


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
        "sales_cycle_days": "",
        "point_value": "12.50",
        "source_note": "Finance, FY2025",
    }
    data.update(overrides)
    return data


def test_hr_lead_sees_every_baseline_with_computed_cost_per_hire(client_for, hr_lead, baseline_a, baseline_b):
    response = client_for(hr_lead).get(reverse("metrics:baseline_list"))
    assert response.status_code == 200
    assert set(response.context["baselines"]) == {baseline_a, baseline_b}
    html = response.content.decode()
    assert "5,000.00 EUR" in html
    assert "Finance, FY2024 recruiting spend / hires" in html


def test_manager_reads_only_their_sponsors_baselines(client_for, manager, baseline_a, baseline_b):
    response = client_for(manager).get(reverse("metrics:baseline_list"))
    assert response.status_code == 200
    assert list(response.context["baselines"]) == [baseline_a]
    html = response.content.decode()
    assert "Consulting controller" not in html
    assert reverse("metrics:baseline_create") not in html


@pytest.mark.parametrize("persona", ["contributor_a", "contributor_b", "outsider"])
def test_contributors_cannot_see_baselines(client_for, request, persona, baseline_a):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("metrics:baseline_list")).status_code == 403
    assert client.get(reverse("metrics:baseline_edit", args=[baseline_a.pk])).status_code == 403


def test_manager_cannot_write_baselines(client_for, manager, sponsor_a, baseline_a):
    client = client_for(manager)
    assert client.post(reverse("metrics:baseline_create"), baseline_post(sponsor_a)).status_code == 403
    data = baseline_post(sponsor_a, valid_from="2025-01-01", valid_to="2025-12-31", travel_per_hire="0")
    assert client.post(reverse("metrics:baseline_edit", args=[baseline_a.pk]), data).status_code == 403
    assert client.post(reverse("metrics:baseline_delete", args=[baseline_a.pk])).status_code == 403
    assert LegacyCostBaseline.objects.count() == 1
    baseline_a.refresh_from_db()
    assert baseline_a.travel_per_hire == Decimal("300.00")


def test_hr_lead_creates_a_baseline(client_for, hr_lead, sponsor_a):
    response = client_for(hr_lead).post(reverse("metrics:baseline_create"), baseline_post(sponsor_a))
    assert response.status_code == 302
    baseline = LegacyCostBaseline.objects.get()
    assert baseline.cost_per_hire == Decimal("3700.00")
    assert (baseline.time_to_hire_days, baseline.sales_cycle_days) == (55, None)
    assert baseline.point_value == Decimal("12.50")
    assert baseline.created_by == hr_lead


def test_overlapping_baseline_is_refused_with_the_services_message(client_for, hr_lead, sponsor_a, baseline_a):
    data = baseline_post(sponsor_a, valid_from="2025-06-01", valid_to="2026-05-31")
    response = client_for(hr_lead).post(reverse("metrics:baseline_create"), data)
    assert response.status_code == 400
    expected = services.MSG_BASELINE_OVERLAP.format(sponsor=sponsor_a, start="2025-01-01", end="2025-12-31")
    assert expected in response.context["form"].errors["valid_from"]
    assert "already has a baseline for 2025-01-01 – 2025-12-31" in response.content.decode()
    assert LegacyCostBaseline.objects.count() == 1


def test_same_period_for_another_sponsor_is_fine(client_for, hr_lead, sponsor_b, baseline_a):
    data = baseline_post(sponsor_b, valid_from="2025-06-01", valid_to="2025-08-31")
    assert client_for(hr_lead).post(reverse("metrics:baseline_create"), data).status_code == 302
    assert LegacyCostBaseline.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"source_note": ""}, "source_note", "Say where the baseline's figures come from"),
        ({"travel_per_hire": "-1"}, "travel_per_hire", "cannot be negative"),
        ({"job_ads_per_hire": "abc"}, "job_ads_per_hire", "Enter a number"),
        ({"valid_to": "2025-12-31"}, "valid_to", "The period's end cannot be before its start."),
        ({"time_to_hire_days": "-3"}, "time_to_hire_days", "cannot be negative"),
    ],
)
def test_bad_baseline_input_is_refused_and_nothing_written(client_for, hr_lead, sponsor_a, overrides, field, message):
    response = client_for(hr_lead).post(reverse("metrics:baseline_create"), baseline_post(sponsor_a, **overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not LegacyCostBaseline.objects.exists()


def test_hr_lead_edits_a_baseline_and_overlap_on_edit_is_refused(client_for, hr_lead, sponsor_a, baseline_a):
    other = services.baseline_save(
        actor=hr_lead, sponsor=sponsor_a, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 31),
        source_note="Finance, FY2025",
    )  # fmt: skip
    client = client_for(hr_lead)
    form = client.get(reverse("metrics:baseline_edit", args=[other.pk])).context["form"]
    assert form["source_note"].value() == "Finance, FY2025"
    clash = baseline_post(sponsor_a, valid_from="2025-12-01")
    response = client.post(reverse("metrics:baseline_edit", args=[other.pk]), clash)
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.valid_from == dt.date(2026, 1, 1)
    response = client.post(reverse("metrics:baseline_edit", args=[other.pk]), baseline_post(sponsor_a))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.cost_per_hire == Decimal("3700.00")


def test_hr_lead_deletes_a_baseline_after_confirming(client_for, hr_lead, baseline_a):
    client = client_for(hr_lead)
    assert client.get(reverse("metrics:baseline_delete", args=[baseline_a.pk])).status_code == 200
    assert LegacyCostBaseline.objects.exists()
    assert client.post(reverse("metrics:baseline_delete", args=[baseline_a.pk])).status_code == 302
    assert not LegacyCostBaseline.objects.exists()


def test_anonymous_is_sent_to_login_from_baselines(client_for, baseline_a):
    response = client_for(None).get(reverse("metrics:baseline_list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- the assist value scale -------------------------------------------------------------------


@pytest.fixture
def logged_assist(contributor_a, pilot_a):
    return services.assist_record(
        actor=contributor_a,
        pilot=pilot_a,
        person=PersonFactory(),
        assist_type="introduction",
        direction=AssistDirection.RECEIVED,
        date=timezone.localdate(),
    )


def test_hr_lead_sees_the_scale_with_points_and_usage(client_for, hr_lead, logged_assist):
    response = client_for(hr_lead).get(reverse("metrics:assist_type_list"))
    assert response.status_code == 200
    usage = {t.key: (t.points, t.usage) for t in response.context["types"]}
    assert usage["introduction"] == (5, 1)
    assert usage["decision-maker-introduction"] == (10, 0)
    assert "changing the points here changes only assists logged from now on" in response.content.decode()


@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_leads_manage_the_scale(client_for, request, persona):
    kind = AssistType.objects.get(key="introduction")
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("metrics:assist_type_list")).status_code == 403
    assert client.post(reverse("metrics:assist_type_create"), {"name": "Favour", "points": "2"}).status_code == 403
    assert client.post(reverse("metrics:assist_type_edit", args=[kind.pk]), {"action": "retire"}).status_code == 403
    assert not AssistType.objects.filter(name="Favour").exists()
    kind.refresh_from_db()
    assert kind.is_active


def test_hr_lead_adds_a_type(client_for, hr_lead):
    data = {"name": "Reference check", "points": "4", "is_active": "on"}
    assert client_for(hr_lead).post(reverse("metrics:assist_type_create"), data).status_code == 302
    kind = AssistType.objects.get(name="Reference check")
    assert (kind.points, kind.is_active, kind.key) == (4, True, "reference-check")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "Introduction", "points": "2"}, "name", "already exists"),
        ({"name": "Nothing", "points": "0"}, "points", "greater than or equal to 1"),
        ({"name": "Half", "points": "1.5"}, "points", "Enter a whole number"),
        ({"name": "", "points": "3"}, "name", "required"),
    ],
)
def test_bad_scale_input_is_refused(client_for, hr_lead, data, field, message):
    before = AssistType.objects.count()
    response = client_for(hr_lead).post(reverse("metrics:assist_type_create"), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert AssistType.objects.count() == before


def test_changing_points_leaves_past_assists_their_points(client_for, hr_lead, logged_assist):
    kind = logged_assist.assist_type
    client = client_for(hr_lead)
    page = client.get(reverse("metrics:assist_type_edit", args=[kind.pk]))
    assert "Past assists keep the points they were logged with" in page.content.decode()
    data = {"name": "Warm introduction", "points": "8", "is_active": "on"}
    assert client.post(reverse("metrics:assist_type_edit", args=[kind.pk]), data).status_code == 302
    kind.refresh_from_db()
    assert (kind.name, kind.points) == ("Warm introduction", 8)
    assert Assist.objects.get(pk=logged_assist.pk).points == 5


def test_retiring_a_type_in_use_keeps_it_and_its_assists(client_for, hr_lead, logged_assist):
    kind = logged_assist.assist_type
    client = client_for(hr_lead)
    assert client.post(reverse("metrics:assist_type_edit", args=[kind.pk]), {"action": "retire"}).status_code == 302
    kind.refresh_from_db()
    assert not kind.is_active
    assert Assist.objects.filter(pk=logged_assist.pk, assist_type=kind).exists()
    listing = client.get(reverse("metrics:assist_type_list")).content.decode()
    assert "Retired" in listing and "Delete" not in listing
    assert client.post(reverse("metrics:assist_type_edit", args=[kind.pk]), {"action": "reactivate"}).status_code == 302
    kind.refresh_from_db()
    assert kind.is_active


def test_unchecking_in_use_retires_through_the_edit_form(client_for, hr_lead):
    kind = AssistType.objects.get(key="general-information")
    data = {"name": kind.name, "points": str(kind.points)}
    assert client_for(hr_lead).post(reverse("metrics:assist_type_edit", args=[kind.pk]), data).status_code == 302
    kind.refresh_from_db()
    assert not kind.is_active
