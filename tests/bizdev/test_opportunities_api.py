"""The opportunities, linked assists and competitors API: the pages' rules through the API
(bad input → 400 naming the field, nothing written), access (manager → 403, another pilot's deal
→ 404, a deal you do not own → 403 on a change), output (cycle_days, assisted, money as text)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from bizdev.models import REF_OPPORTUNITY, REF_REQUEST, Opportunity, ProspectCompetitor
from metrics.models import Assist
from tests.bizdev import test_opportunities as world
from tests.bizdev.factories import HelpRequestFactory, OpportunityFactory
from tests.people.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db

# The Stage 3 personas and deal (tests/bizdev/test_opportunities.py's fixtures).
colleague = world.colleague
deal = world.deal
other_pilot3 = world.other_pilot3
pilot3 = world.pilot3
prospect = world.prospect
seller = world.seller
stranger = world.stranger
received_assist = world.received_assist

TODAY = timezone.localdate()
BASE = "/api/v1/bizdev/"


def test_list_filters_and_outputs_cycle_days_and_assisted(api_client_for, seller, deal, pilot3, other_pilot3, stranger):
    won = OpportunityFactory(
        pilot=pilot3,
        owner=seller,
        name="Won",
        stage="won",
        opened_on=TODAY - dt.timedelta(days=12),
        closed_on=TODAY - dt.timedelta(days=2),
    )
    received_assist(seller, pilot3, ref_kind=REF_OPPORTUNITY, ref_id=won.pk)
    OpportunityFactory(pilot=other_pilot3, owner=stranger)
    client = api_client_for(seller)
    body = client.get(f"{BASE}opportunities/").json()
    assert body["count"] == 2
    rows = {r["name"]: r for r in body["results"]}
    assert (rows["Won"]["cycle_days"], rows["Won"]["assisted"], rows["Won"]["value"]) == (10, True, "50000.00")
    assert (rows["Mallmart shrinkage"]["cycle_days"], rows["Mallmart shrinkage"]["assisted"]) == (None, False)
    assert [r["name"] for r in client.get(f"{BASE}opportunities/", {"assisted": "true"}).json()["results"]] == ["Won"]
    assert [r["name"] for r in client.get(f"{BASE}opportunities/", {"status": "open"}).json()["results"]] == [
        "Mallmart shrinkage"
    ]
    assert client.get(f"{BASE}opportunities/", {"status": "bogus"}).status_code == 400
    assert client.get(f"{BASE}opportunities/", {"pilot": "99999999999999999999"}).status_code == 400


def test_create_and_bad_input(api_client_for, seller, pilot3, prospect):
    client = api_client_for(seller)
    created = client.post(
        f"{BASE}opportunities/",
        {
            "pilot": pilot3.pk,
            "name": "API deal",
            "company": prospect.pk,
            "value": "1000.5",
            "opened_on": (TODAY - dt.timedelta(days=4)).isoformat(),
            "stage": "won",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["cycle_days"], created.json()["value"], created.json()["closed_on"]) == (
        4,
        "1000.50",
        TODAY.isoformat(),
    )
    for payload, field in [
        ({"value": "-1"}, "value"),
        ({"stage": "won", "closed_on": (TODAY - dt.timedelta(days=30)).isoformat()}, "closed_on"),
        ({"stage": "lost", "closed_on": (TODAY + dt.timedelta(days=2)).isoformat()}, "closed_on"),
        ({"company": 987654321}, "company"),
        ({"company": None}, "company"),
        ({"owner": 987654321}, "owner"),
    ]:
        data = {
            "pilot": pilot3.pk,
            "name": "Bad",
            "company": prospect.pk,
            "opened_on": (TODAY - dt.timedelta(days=4)).isoformat(),
            **payload,
        }
        response = client.post(f"{BASE}opportunities/", data, format="json")
        assert response.status_code == 400, payload
        assert field in response.json()["error"]["fields"], payload
    assert Opportunity.objects.count() == 1


def test_a_pilot_the_user_does_not_work_in_is_refused(api_client_for, stranger, pilot3, prospect):
    response = api_client_for(stranger).post(
        f"{BASE}opportunities/", {"pilot": pilot3.pk, "name": "X", "company": prospect.pk}, format="json"
    )
    assert response.status_code == 400
    assert "pilot" in response.json()["error"]["fields"]
    assert not Opportunity.objects.exists()


def test_access_manager_403_other_pilot_404_colleague_403_on_change(api_client_for, manager, stranger, colleague, deal):
    for path in ("opportunities/", "assists/", "competitors/"):
        assert api_client_for(manager).get(f"{BASE}{path}").status_code == 403
    assert api_client_for(stranger).get(f"{BASE}opportunities/{deal.pk}/").status_code == 404
    assert (
        api_client_for(stranger).patch(f"{BASE}opportunities/{deal.pk}/", {"name": "x"}, format="json").status_code
        == 404
    )
    client = api_client_for(colleague)
    assert client.get(f"{BASE}opportunities/{deal.pk}/").status_code == 200
    assert client.patch(f"{BASE}opportunities/{deal.pk}/", {"name": "x"}, format="json").status_code == 403
    assert client.post(f"{BASE}opportunities/{deal.pk}/move/", {"stage": "won"}, format="json").status_code == 403
    assert client.delete(f"{BASE}opportunities/{deal.pk}/").status_code == 403
    deal.refresh_from_db()
    assert (deal.name, deal.stage) == ("Mallmart shrinkage", "prospecting")


def test_move_patch_and_delete(api_client_for, seller, deal, pilot3):
    client = api_client_for(seller)
    moved = client.post(f"{BASE}opportunities/{deal.pk}/move/", {"stage": "won"}, format="json")
    assert moved.status_code == 200
    assert (moved.json()["stage"], moved.json()["closed_on"], moved.json()["cycle_days"]) == (
        "won",
        TODAY.isoformat(),
        40,
    )
    back = client.post(
        f"{BASE}opportunities/{deal.pk}/move/", {"stage": "proposal", "closed_on": TODAY.isoformat()}, format="json"
    )
    assert back.status_code == 400 and "closed_on" in back.json()["error"]["fields"]
    assert client.post(f"{BASE}opportunities/{deal.pk}/move/", {}, format="json").status_code == 400
    patched = client.patch(f"{BASE}opportunities/{deal.pk}/", {"new_company": "Other Co", "value": "1"}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["company_name"], patched.json()["value"]) == ("Other Co", "1.00")
    received_assist(seller, pilot3, ref_kind=REF_OPPORTUNITY, ref_id=deal.pk)
    refused = client.delete(f"{BASE}opportunities/{deal.pk}/")
    assert refused.status_code == 409
    assert "1 assist" in refused.json()["error"]["message"]
    Assist.objects.all().delete()
    assert client.delete(f"{BASE}opportunities/{deal.pk}/").status_code == 204
    assert not Opportunity.objects.exists()


# --- assists -----------------------------------------------------------------------------------


def test_log_a_linked_assist_through_the_api_and_list_it(api_client_for, colleague, deal, pilot3, stranger):
    alumna = PersonFactory(first_name="Ada", last_name="Alumna")
    request = HelpRequestFactory(pilot=pilot3, opportunity=deal)
    client = api_client_for(colleague)
    response = client.post(
        f"{BASE}assists/",
        {"request": request.pk, "person": alumna.pk, "assist_type": "prospect-insight", "note": "mall data"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["direction"], body["points"], body["request"], body["opportunity"]) == (
        "received",
        3,
        request.pk,
        None,
    )
    assert (body["reference_kind"], body["reference_id"]) == (REF_REQUEST, str(request.pk))
    deal_row = client.get(f"{BASE}opportunities/{deal.pk}/").json()
    assert deal_row["assisted"] is True
    listed = client.get(f"{BASE}assists/").json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]
    assert AuditEvent.objects.filter(verb="bizdev_assists.api_listed", actor=colleague).exists()
    assert api_client_for(stranger).get(f"{BASE}assists/").json()["count"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"person": None}, "person"),
        ({}, "person"),
        ({"assist_type": "bribe"}, "assist_type"),
        ({"date": "2999-01-01"}, "date"),
        ({"opportunity": None}, "opportunity"),
        ({"request": "a real one"}, "opportunity"),  # both a deal and a request
        ({"request": 1, "opportunity": None}, "request"),
        ({"opportunity": 999999999}, "opportunity"),
    ],
)
def test_bad_assists_are_refused_and_nothing_is_written(api_client_for, seller, deal, payload, field):
    data = {"opportunity": deal.pk, "person": PersonFactory().pk, "assist_type": "introduction", **payload}
    if payload == {}:
        data.pop("person")
    if data.get("request") == "a real one":
        data["request"] = HelpRequestFactory(pilot=deal.pilot).pk
    response = api_client_for(seller).post(f"{BASE}assists/", data, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]["fields"]
    assert not Assist.objects.exists()


def test_a_deal_of_another_pilot_is_unknown_to_the_assists_api(api_client_for, stranger, deal):
    response = api_client_for(stranger).post(
        f"{BASE}assists/",
        {"opportunity": deal.pk, "person": PersonFactory().pk, "assist_type": "introduction"},
        format="json",
    )
    assert response.status_code == 400
    assert "No such deal" in response.json()["error"]["fields"]["opportunity"][0]
    assert not Assist.objects.exists()


# --- competitors -------------------------------------------------------------------------------


def test_competitor_pairs_api_for_hr_leads(api_client_for, hr_lead, seller):
    prospect_co = CompanyFactory(name="Mallmart")
    assert api_client_for(seller).get(f"{BASE}competitors/").status_code == 403
    assert (
        api_client_for(seller)
        .post(f"{BASE}competitors/", {"new_prospect": "a", "new_competitor": "b"}, format="json")
        .status_code
        == 403
    )
    client = api_client_for(hr_lead)
    created = client.post(
        f"{BASE}competitors/", {"prospect": prospect_co.pk, "new_competitor": "ShopRival"}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["prospect_name"], created.json()["competitor_name"]) == ("Mallmart", "ShopRival")
    again = client.post(
        f"{BASE}competitors/", {"prospect": prospect_co.pk, "new_competitor": "shoprival"}, format="json"
    )
    assert again.status_code == 409
    same = client.post(f"{BASE}competitors/", {"prospect": prospect_co.pk, "competitor": prospect_co.pk}, format="json")
    assert same.status_code == 400
    assert client.get(f"{BASE}competitors/").json()["count"] == 1
    pair = ProspectCompetitor.objects.get()
    assert client.delete(f"{BASE}competitors/{pair.pk}/").status_code == 204
    assert not ProspectCompetitor.objects.exists()
