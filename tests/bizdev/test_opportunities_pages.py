"""Opportunity pages: list (filters, totals, CSV), board (move in place), a deal's page, create,
edit, move and delete, and who may use them (another pilot → 404, a manager → 404, a colleague
who does not own the deal → 403 on a change). The assist and competitor pages too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from bizdev.models import REF_OPPORTUNITY, Opportunity, ProspectCompetitor
from metrics.models import Assist
from people.models import Company
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
HOSTILE = '<script>alert("x")</script>'


def url(name, *args):
    return reverse(f"bizdev:{name}", args=args)


# --- access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["opportunity_list", "opportunity_board", "opportunity_csv", "opportunity_create"])
def test_manager_and_outsider_get_404_on_pages_naming_deals(client_for, manager, outsider, name, deal):
    for user in (manager, outsider):
        assert client_for(user).get(url(name)).status_code == 404


@pytest.mark.parametrize("name", ["opportunity_detail", "opportunity_edit", "opportunity_delete"])
def test_another_pilots_contributor_and_a_manager_get_404_on_a_deal(client_for, stranger, manager, deal, name):
    for user in (stranger, manager):
        assert client_for(user).get(url(name, deal.pk)).status_code == 404
    assert client_for(stranger).post(url("opportunity_move", deal.pk), {"stage": "won"}).status_code == 404


def test_a_colleague_reads_the_deal_but_may_not_change_it(client_for, colleague, deal):
    client = client_for(colleague)
    page = client.get(url("opportunity_detail", deal.pk))
    assert page.status_code == 200
    assert url("opportunity_edit", deal.pk) not in page.content.decode()
    assert client.get(url("opportunity_edit", deal.pk)).status_code == 403
    assert client.post(url("opportunity_edit", deal.pk), {"name": "Mine"}).status_code == 403
    assert client.post(url("opportunity_move", deal.pk), {"stage": "won"}).status_code == 403
    assert client.post(url("opportunity_delete", deal.pk)).status_code == 403
    deal.refresh_from_db()
    assert (deal.name, deal.stage) == ("Mallmart shrinkage", "prospecting")


# --- list, totals, CSV -------------------------------------------------------------------------


def test_list_shows_visible_deals_with_totals_and_filters(client_for, seller, pilot3, deal, other_pilot3, stranger):
    OpportunityFactory(
        pilot=pilot3,
        owner=seller,
        name="Won one",
        value=Decimal("0.50"),
        stage="won",
        opened_on=TODAY - dt.timedelta(days=5),
        closed_on=TODAY,
    )
    OpportunityFactory(pilot=other_pilot3, owner=stranger, name="Not yours")
    client = client_for(seller)
    page = client.get(url("opportunity_list")).content.decode()
    assert 'aria-label="Stage 3 pages"' in page
    assert "Mallmart shrinkage" in page and "Won one" in page and "Not yours" not in page
    assert "50,000.50 EUR" in page or "50,000.50" in page
    filtered = client.get(url("opportunity_list"), {"status": "closed"}).content.decode()
    assert "Won one" in filtered and "Mallmart shrinkage" not in filtered
    assert "0.50" in filtered
    searched = client.get(url("opportunity_list"), {"q": "mallmart", "pilot": "abc"}).content.decode()
    assert "Mallmart shrinkage" in searched and "Won one" not in searched  # a bad filter is dropped


def test_list_and_board_query_counts_do_not_grow_with_deals(client_for, seller, pilot3, django_assert_max_num_queries):
    for i in range(30):
        OpportunityFactory(
            pilot=pilot3,
            owner=seller,
            stage=["prospecting", "won", "proposal"][i % 3],
            opened_on=TODAY - dt.timedelta(days=30),
            closed_on=TODAY if i % 3 == 1 else None,
        )
    client = client_for(seller)
    with django_assert_max_num_queries(16):
        assert client.get(url("opportunity_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("opportunity_board")).status_code == 200


def test_csv_export_has_money_in_two_decimals_and_is_audited(client_for, seller, deal, pilot3):
    received_assist(seller, pilot3, ref_kind=REF_OPPORTUNITY, ref_id=deal.pk)
    response = client_for(seller).get(url("opportunity_csv"))
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,pilot,name,company,value,currency")
    assert f"{deal.pk},Sales with alumni,Mallmart shrinkage,Mallmart,50000.00,EUR" in lines[1]
    assert lines[1].endswith(",yes")
    assert AuditEvent.objects.filter(verb="opportunities.exported", data__rows=1).exists()


def test_user_input_is_escaped(client_for, seller, pilot3):
    OpportunityFactory(pilot=pilot3, owner=seller, name=HOSTILE, company=CompanyFactory(name=HOSTILE))
    client = client_for(seller)
    for page_url in (url("opportunity_list"), url("opportunity_board")):
        body = client.get(page_url).content.decode()
        assert HOSTILE not in body
        assert "&lt;script&gt;" in body
    deal = Opportunity.objects.get()
    assert HOSTILE not in client.get(url("opportunity_detail", deal.pk)).content.decode()


# --- create, edit, move, delete -------------------------------------------------------------


def form_data(**changes):
    return {
        "pilot": "",
        "name": "Shrinkage study",
        "new_company": "XYZ Retail",
        "value": "12000",
        "stage": "prospecting",
        "opened_on": (TODAY - dt.timedelta(days=3)).isoformat(),
        **changes,
    }


def test_create_through_the_page(client_for, seller, pilot3):
    response = client_for(seller).post(url("opportunity_create"), form_data(pilot=pilot3.pk))
    deal = Opportunity.objects.get()
    assert response.status_code == 302 and response["Location"] == url("opportunity_detail", deal.pk)
    assert (deal.company.name, deal.owner, deal.value) == ("XYZ Retail", seller, Decimal("12000.00"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "-5"}, "cannot be negative"),
        ({"stage": "won", "closed_on": (TODAY - dt.timedelta(days=10)).isoformat()}, "before the opened date"),
        ({"stage": "won", "closed_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "cannot be in the future"),
        ({"new_company": ""}, "prospect company"),
    ],
)
def test_bad_input_on_the_page_shows_a_clear_message_and_writes_nothing(client_for, seller, pilot3, changes, message):
    response = client_for(seller).post(url("opportunity_create"), form_data(pilot=pilot3.pk, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Opportunity.objects.exists()
    assert not Company.objects.exists()


def test_owner_edits_and_moves_a_deal_from_its_page(client_for, seller, deal):
    client = client_for(seller)
    assert client.get(url("opportunity_edit", deal.pk)).status_code == 200
    data = {
        "name": "Renamed <b>deal</b>",
        "company": deal.company_id,
        "value": "60000",
        "stage": deal.stage,
        "owner": seller.pk,
        "opened_on": deal.opened_on.isoformat(),
    }
    assert client.post(url("opportunity_edit", deal.pk), data).status_code == 302
    response = client.post(url("opportunity_move", deal.pk), {"stage": "won"}, follow=True)
    deal.refresh_from_db()
    assert (deal.name, deal.value, deal.stage, deal.closed_on) == (
        "Renamed <b>deal</b>",
        Decimal("60000.00"),
        "won",
        TODAY,
    )
    body = response.content.decode()
    assert "40 days from opened" in body
    assert "Renamed &lt;b&gt;deal&lt;/b&gt;" in body


def test_a_bad_move_says_why(client_for, seller, deal):
    response = client_for(seller).post(
        url("opportunity_move", deal.pk),
        {"stage": "won", "closed_on": (TODAY - dt.timedelta(days=100)).isoformat()},
        follow=True,
    )
    assert "before the opened date" in response.content.decode()
    deal.refresh_from_db()
    assert deal.stage == "prospecting"


def test_board_move_with_htmx_returns_the_board_with_the_card_moved(client_for, seller, deal):
    response = client_for(seller).post(
        url("opportunity_move", deal.pk),
        {"stage": "qualified", "next": url("opportunity_board")},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="board"' in body and "moved to “Qualified”" in body
    deal.refresh_from_db()
    assert deal.stage == "qualified"


def test_delete_refused_while_assists_refer_then_allowed(client_for, seller, deal, pilot3):
    assist = received_assist(seller, pilot3, ref_kind=REF_OPPORTUNITY, ref_id=deal.pk)
    client = client_for(seller)
    response = client.post(url("opportunity_delete", deal.pk), follow=True)
    assert "1 assist on the ledger refers to it" in response.content.decode()
    assert Opportunity.objects.filter(pk=deal.pk).exists()
    Assist.objects.filter(pk=assist.pk).delete()
    assert client.post(url("opportunity_delete", deal.pk)).status_code == 302
    assert not Opportunity.objects.exists()


def test_detail_shows_assists_direct_and_through_requests_and_links(client_for, seller, deal, pilot3):
    request = HelpRequestFactory(pilot=pilot3, opportunity=deal, title="Insight on <Mallmart>")
    from bizdev.models import REF_REQUEST

    received_assist(seller, pilot3, ref_kind=REF_REQUEST, ref_id=request.pk, label=request.title)
    body = client_for(seller).get(url("opportunity_detail", deal.pk)).content.decode()
    assert "✓ Yes" in body  # assisted
    assert "Request “Insight on &lt;Mallmart&gt;”" in body
    assert f"{url('assist_create')}?opportunity={deal.pk}" in body
    assert f"{url('request_create')}?opportunity={deal.pk}" in body  # "Ask alumni for help"
    assert AuditEvent.objects.filter(verb="opportunity.viewed", target_id=str(deal.pk)).exists()


# --- assists page --------------------------------------------------------------------------------


def test_log_an_assist_on_a_deal_through_the_page(client_for, colleague, deal):
    alumna = PersonFactory(first_name="Alma", last_name="Alumna")
    client = client_for(colleague)
    page = client.get(url("assist_create"), {"opportunity": deal.pk})
    assert page.status_code == 200
    assert "Introduction to a decision maker (10 pts)" in page.content.decode()
    response = client.post(
        f"{url('assist_create')}?opportunity={deal.pk}",
        {"person": alumna.pk, "assist_type": "introduction", "direction": "received", "date": TODAY.isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == url("opportunity_detail", deal.pk)
    row = Assist.objects.get()
    assert (row.reference_kind, row.reference_id, row.person, row.employee) == (
        REF_OPPORTUNITY,
        str(deal.pk),
        alumna,
        colleague,
    )


def test_an_assist_without_a_person_is_refused_on_the_page(client_for, seller, deal):
    response = client_for(seller).post(
        f"{url('assist_create')}?opportunity={deal.pk}",
        {"assist_type": "introduction", "direction": "received", "date": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "Choose a person" in response.content.decode()
    assert not Assist.objects.exists()


def test_the_asking_alumnus_is_offered_first_on_a_request(client_for, seller, pilot3):
    from tests.alumni.factories import AlumnusFactory

    alumnus = AlumnusFactory(pilot=pilot3, person=PersonFactory(first_name="Asking", last_name="Alumna"))
    request = HelpRequestFactory(pilot=pilot3, direction="alumni", alumnus=alumnus, audience="")
    body = client_for(seller).get(url("assist_create"), {"request": request.pk}).content.decode()
    assert "Asking Alumna" in body


def test_assist_page_access(client_for, stranger, manager, deal):
    for user in (stranger, manager):
        assert client_for(user).get(url("assist_create"), {"opportunity": deal.pk}).status_code == 404
    assert client_for(stranger).get(url("assist_create")).status_code == 404


# --- competitors page ----------------------------------------------------------------------------


def test_competitors_page_is_for_hr_leads_only(client_for, seller, manager):
    for user in (seller, manager):
        assert client_for(user).get(url("competitor_list")).status_code == 404
        assert (
            client_for(user).post(url("competitor_list"), {"new_prospect": "A", "new_competitor": "B"}).status_code
            == 404
        )
    assert not ProspectCompetitor.objects.exists()


def test_hr_lead_adds_and_removes_a_pair_on_the_page(client_for, hr_lead):
    CompanyFactory(name=HOSTILE, relationship=Company.Relationship.COMPETITOR)
    client = client_for(hr_lead)
    page = client.get(url("competitor_list")).content.decode()
    assert HOSTILE not in page and "&lt;script&gt;" in page
    response = client.post(
        url("competitor_list"), {"new_prospect": "Mallmart", "new_competitor": "ShopRival"}, follow=True
    )
    assert "ShopRival listed as a competitor of Mallmart" in response.content.decode()
    pair = ProspectCompetitor.objects.get()
    refused = client.post(url("competitor_list"), {"new_prospect": "Mallmart", "new_competitor": "mallmart"})
    assert refused.status_code == 400 and "does not compete with itself" in refused.content.decode()
    assert client.post(url("competitor_remove", pair.pk)).status_code == 302
    assert not ProspectCompetitor.objects.exists()
