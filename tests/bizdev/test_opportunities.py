"""Opportunities: the services' rules (company, value, owner, stage and dates, who may change a
deal, deleting one the ledger refers to), and the selectors' "assisted" and totals.

The fixtures here are the Stage 3 personas the other opportunity, assist and competitor test
modules import:
- pilot3 (Stage 3, sponsor_a): seller owns deals there, colleague reads them;
- other_pilot3 (Stage 3, sponsor_b): stranger works there and sees nothing of pilot3;
- manager (sponsor_a) reads figures only; hr_lead does everything.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import AuditEvent, Role
from bizdev.models import REF_OPPORTUNITY, REF_REQUEST, Opportunity
from bizdev.selectors.assists import assists_for_opportunity, count_assists_for_opportunity
from bizdev.selectors.opportunities import OpportunityFilters, opportunity_rows, totals
from bizdev.services import opportunities as services
from core.errors import ConflictError, DomainError, ForbiddenError
from metrics import services as ledger
from people.models import Company
from tests.accounts.factories import UserFactory
from tests.bizdev.factories import HelpRequestFactory, OpportunityFactory
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = timezone.now()


@pytest.fixture
def pilot3(sponsor_a):
    return PilotFactory(name="Sales with alumni", stage=3, sponsor=sponsor_a)


@pytest.fixture
def other_pilot3(sponsor_b):
    return PilotFactory(name="Partners abroad", stage=3, sponsor=sponsor_b)


def _member(pilot, email, name):
    user = UserFactory(email=email, full_name=name, role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot, user=user)
    return user


@pytest.fixture
def seller(pilot3):
    return _member(pilot3, "sam@firm.example", "Sam Seller")


@pytest.fixture
def colleague(pilot3):
    return _member(pilot3, "cat@firm.example", "Cat Colleague")


@pytest.fixture
def stranger(other_pilot3):
    return _member(other_pilot3, "sid@firm.example", "Sid Stranger")


@pytest.fixture
def prospect(db):
    return CompanyFactory(name="Mallmart", relationship=Company.Relationship.PROSPECT)


@pytest.fixture
def deal(seller, pilot3, prospect):
    return OpportunityFactory(
        pilot=pilot3, company=prospect, owner=seller, name="Mallmart shrinkage", opened_on=TODAY - dt.timedelta(days=40)
    )


def create(actor, pilot, **kwargs):
    values = {"name": "Shrinkage study", "value": "25000", "opened_on": TODAY - dt.timedelta(days=10), **kwargs}
    if "company" not in values and "new_company" not in values:
        values["new_company"] = "XYZ Retail"
    return services.opportunity_create(actor=actor, pilot=pilot, **values)


def received_assist(actor, pilot, *, ref_kind, ref_id, label="x", direction="received"):
    return ledger.assist_record(
        actor=actor,
        pilot=pilot,
        person=PersonFactory(),
        assist_type="introduction",
        direction=direction,
        reference_kind=ref_kind,
        reference_id=str(ref_id),
        reference_label=label,
    )


# --- create ------------------------------------------------------------------------------------


def test_a_deal_is_created_with_a_typed_company_and_audited(seller, pilot3):
    deal = create(seller, pilot3, new_company="  XYZ   Retail ")
    assert deal.company.name == "XYZ Retail"
    assert deal.company.relationship == Company.Relationship.PROSPECT
    assert (deal.owner, deal.value, deal.stage, deal.closed_on) == (seller, Decimal("25000.00"), "prospecting", None)
    assert AuditEvent.objects.filter(verb="opportunity.created", target_id=str(deal.pk), actor=seller).exists()


def test_a_typed_name_of_an_existing_company_reuses_it(seller, pilot3, prospect):
    deal = create(seller, pilot3, new_company="mallmart")
    assert deal.company == prospect
    assert Company.objects.count() == 1


def test_creating_a_won_deal_closes_it_today_by_default(seller, pilot3, prospect):
    deal = create(seller, pilot3, company=prospect, stage="won")
    assert deal.closed_on == TODAY
    assert deal.cycle_days == 10


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": "-1"}, "value", "cannot be negative"),
        ({"value": "abc"}, "value", "as a number"),
        ({"value": "1e20"}, "value", "too large"),
        ({"name": "   "}, "name", "name"),
        ({"stage": "won", "closed_on": TODAY - dt.timedelta(days=20)}, "closed_on", "before the opened date"),
        ({"stage": "lost", "closed_on": TODAY + dt.timedelta(days=1)}, "closed_on", "future"),
        ({"opened_on": TODAY + dt.timedelta(days=1)}, "opened_on", "future"),
        ({"opened_on": dt.date(1999, 1, 1)}, "opened_on", "2000"),
        ({"closed_on": TODAY}, "closed_on", "Only a won or lost deal"),
        ({"stage": "signed"}, "stage", "Choose one of the stages"),
        ({"new_company": ""}, "company", "prospect company"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(seller, pilot3, changes, field, message):
    with pytest.raises(DomainError) as caught:
        create(seller, pilot3, **changes)
    assert field in caught.value.fields
    assert message in caught.value.message
    assert not Opportunity.objects.exists()
    assert not Company.objects.exists()  # the typed company was not created either
    assert not AuditEvent.objects.filter(verb="opportunity.created").exists()


def test_company_chosen_and_typed_at_once_is_refused(seller, pilot3, prospect):
    with pytest.raises(DomainError, match="not both"):
        create(seller, pilot3, company=prospect, new_company="Other")


def test_owner_must_be_a_contributor_of_the_pilot_or_an_hr_lead(seller, pilot3, stranger, hr_lead, manager):
    for outsider in (stranger, manager):
        with pytest.raises(DomainError) as caught:
            create(seller, pilot3, owner=outsider)
        assert "owner" in caught.value.fields
    assert create(seller, pilot3, owner=hr_lead).owner == hr_lead
    assert Opportunity.objects.count() == 1


def test_only_stage_3_pilots_the_actor_works_in(seller, stranger, pilot3, hr_lead, sponsor_a):
    stage2 = PilotFactory(stage=2, sponsor=sponsor_a)
    with pytest.raises(DomainError, match="Stage 3 pilots"):
        create(hr_lead, stage2)
    with pytest.raises(DomainError, match="Stage 3 pilots"):
        create(stranger, pilot3)
    assert not Opportunity.objects.exists()


# --- update and move -----------------------------------------------------------------------------


def test_owner_updates_a_deal_others_of_the_pilot_are_forbidden(deal, seller, colleague, hr_lead):
    assert services.opportunity_update(actor=seller, opportunity=deal, value="30000") == ["value"]
    assert services.opportunity_update(actor=seller, opportunity=deal, value="30000") == []
    with pytest.raises(ForbiddenError):
        services.opportunity_update(actor=colleague, opportunity=deal, name="Mine now")
    assert services.opportunity_update(actor=hr_lead, opportunity=deal, name="Renamed") == ["name"]
    deal.refresh_from_db()
    assert (deal.name, deal.value) == ("Renamed", Decimal("30000.00"))
    assert AuditEvent.objects.filter(verb="opportunity.changed", target_id=str(deal.pk)).count() == 2


def test_update_refuses_a_closed_date_before_opened(deal, seller):
    with pytest.raises(DomainError) as caught:
        services.opportunity_update(
            actor=seller, opportunity=deal, stage="won", closed_on=deal.opened_on - dt.timedelta(days=1)
        )
    assert "closed_on" in caught.value.fields
    deal.refresh_from_db()
    assert (deal.stage, deal.closed_on) == ("prospecting", None)


def test_moving_to_won_sets_closed_today_or_the_given_date_and_back_clears_it(deal, seller):
    services.opportunity_move(actor=seller, opportunity=deal, stage="won")
    deal.refresh_from_db()
    assert (deal.stage, deal.closed_on, deal.cycle_days) == ("won", TODAY, 40)
    services.opportunity_move(actor=seller, opportunity=deal, stage="lost", closed_on=TODAY - dt.timedelta(days=5))
    deal.refresh_from_db()
    assert (deal.stage, deal.closed_on) == ("lost", TODAY - dt.timedelta(days=5))
    services.opportunity_move(actor=seller, opportunity=deal, stage="negotiation")
    deal.refresh_from_db()
    assert (deal.stage, deal.closed_on, deal.cycle_days) == ("negotiation", None, None)
    moves = AuditEvent.objects.filter(verb="opportunity.moved", target_id=str(deal.pk)).order_by("id")
    assert [(e.data["from"], e.data["to"]) for e in moves] == [
        ("prospecting", "won"),
        ("won", "lost"),
        ("lost", "negotiation"),
    ]


def test_won_to_lost_keeps_the_closed_date(deal, seller):
    services.opportunity_move(actor=seller, opportunity=deal, stage="won", closed_on=TODAY - dt.timedelta(days=3))
    services.opportunity_move(actor=seller, opportunity=deal, stage="lost")
    deal.refresh_from_db()
    assert deal.closed_on == TODAY - dt.timedelta(days=3)


def test_update_back_to_an_open_stage_clears_the_carried_closed_date(deal, seller):
    services.opportunity_move(actor=seller, opportunity=deal, stage="won")
    deal.refresh_from_db()
    changed = services.opportunity_update(actor=seller, opportunity=deal, stage="proposal", closed_on=deal.closed_on)
    deal.refresh_from_db()
    assert set(changed) == {"stage", "closed_on"}
    assert deal.closed_on is None


@pytest.mark.parametrize(
    ("stage", "closed_on", "field"),
    [
        ("won", TODAY + dt.timedelta(days=1), "closed_on"),
        ("won", TODAY - dt.timedelta(days=41), "closed_on"),
        ("qualified", TODAY, "closed_on"),
        ("archived", None, "stage"),
    ],
)
def test_bad_moves_are_refused_and_nothing_changes(deal, seller, stage, closed_on, field):
    with pytest.raises(DomainError) as caught:
        services.opportunity_move(actor=seller, opportunity=deal, stage=stage, closed_on=closed_on)
    assert field in caught.value.fields
    deal.refresh_from_db()
    assert (deal.stage, deal.closed_on) == ("prospecting", None)
    assert not AuditEvent.objects.filter(verb="opportunity.moved").exists()


def test_a_colleague_cannot_move_a_deal_they_do_not_own(deal, colleague):
    with pytest.raises(ForbiddenError):
        services.opportunity_move(actor=colleague, opportunity=deal, stage="won")
    deal.refresh_from_db()
    assert deal.stage == "prospecting"


# --- delete ------------------------------------------------------------------------------------


def test_delete_is_refused_while_assists_refer_to_the_deal_and_says_how_many(deal, seller, pilot3):
    request = HelpRequestFactory(pilot=pilot3, opportunity=deal)
    received_assist(seller, pilot3, ref_kind=REF_OPPORTUNITY, ref_id=deal.pk)
    received_assist(seller, pilot3, ref_kind=REF_REQUEST, ref_id=request.pk, direction="given")
    with pytest.raises(ConflictError, match="2 assists on the ledger refer to it"):
        services.opportunity_delete(actor=seller, opportunity=deal)
    assert Opportunity.objects.filter(pk=deal.pk).exists()


def test_delete_of_a_deal_without_assists(deal, seller, colleague):
    with pytest.raises(ForbiddenError):
        services.opportunity_delete(actor=colleague, opportunity=deal)
    services.opportunity_delete(actor=seller, opportunity=deal)
    assert not Opportunity.objects.exists()
    assert AuditEvent.objects.filter(verb="opportunity.deleted", data__name="Mallmart shrinkage").exists()


# --- selectors ---------------------------------------------------------------------------------


def test_assisted_means_a_received_assist_directly_or_through_a_linked_request(seller, pilot3, prospect):
    """Four deals: A has a received assist of its own; B one through a help request linked to it;
    C only a *given* assist and an assist on an unlinked request; D nothing. Only A and B are
    assisted. An assist on deal id "1" must not count for deal 10 (exact match on the id)."""
    a, b, c, d = (OpportunityFactory(pilot=pilot3, company=prospect, owner=seller) for _ in range(4))
    received_assist(seller, pilot3, ref_kind=REF_OPPORTUNITY, ref_id=a.pk)
    linked = HelpRequestFactory(pilot=pilot3, opportunity=b)
    received_assist(seller, pilot3, ref_kind=REF_REQUEST, ref_id=linked.pk)
    received_assist(seller, pilot3, ref_kind=REF_OPPORTUNITY, ref_id=c.pk, direction="given")
    unlinked = HelpRequestFactory(pilot=pilot3)
    received_assist(seller, pilot3, ref_kind=REF_REQUEST, ref_id=unlinked.pk)
    received_assist(seller, pilot3, ref_kind=REF_OPPORTUNITY, ref_id=f"{d.pk}0")
    flags = {o.pk: o.assisted for o in opportunity_rows(seller)}
    assert flags == {a.pk: True, b.pk: True, c.pk: False, d.pk: False}
    assisted = {o.pk for o in opportunity_rows(seller, OpportunityFilters(assisted=True))}
    assert assisted == {a.pk, b.pk}
    assert [x.reference_kind for x in assists_for_opportunity(b)] == [REF_REQUEST]
    assert count_assists_for_opportunity(c) == 1


def test_list_filters_and_totals(seller, colleague, pilot3, prospect, other_pilot3, stranger):
    OpportunityFactory(pilot=pilot3, company=prospect, owner=seller, name="Alpha", value=Decimal("100.10"))
    OpportunityFactory(
        pilot=pilot3,
        company=CompanyFactory(name="Beta Corp"),
        owner=colleague,
        name="Second",
        value=Decimal("0.25"),
        stage="won",
        opened_on=TODAY - dt.timedelta(days=9),
        closed_on=TODAY,
    )
    OpportunityFactory(pilot=other_pilot3, owner=stranger, name="Elsewhere")
    rows = opportunity_rows(seller)
    assert {o.name for o in rows} == {"Alpha", "Second"}
    assert totals(rows).count == 2
    assert totals(rows).value == Decimal("100.35")
    assert [o.name for o in opportunity_rows(seller, OpportunityFilters(q="beta"))] == ["Second"]
    assert [o.name for o in opportunity_rows(seller, OpportunityFilters(status="open"))] == ["Alpha"]
    assert [o.name for o in opportunity_rows(seller, OpportunityFilters(owner=colleague.pk))] == ["Second"]
    assert [o.name for o in opportunity_rows(seller, OpportunityFilters(stage="won"))] == ["Second"]
    assert totals(opportunity_rows(seller, OpportunityFilters(q="nothing"))).value == Decimal("0.00")
