"""Assists linked to deals and requests: the service writes the ledger row with the reference
fields and refuses an assist without a giver; the selectors find them; the page logs one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from bizdev.models import REF_OPPORTUNITY, REF_REQUEST
from bizdev.selectors.assists import assists_for_opportunity, assists_for_request
from bizdev.services.assists import assist_log
from core.errors import DomainError
from metrics.models import Assist
from tests.bizdev import test_opportunities as world
from tests.bizdev.factories import HelpRequestFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

# The Stage 3 personas and deal (tests/bizdev/test_opportunities.py's fixtures).
colleague = world.colleague
deal = world.deal
other_pilot3 = world.other_pilot3
pilot3 = world.pilot3
prospect = world.prospect
seller = world.seller
stranger = world.stranger

TODAY = timezone.localdate()


@pytest.fixture
def helper(db):
    return PersonFactory(first_name="Alma", last_name="Alumna")


@pytest.fixture
def linked_request(pilot3, deal):
    return HelpRequestFactory(pilot=pilot3, opportunity=deal, title="Insight on Mallmart")


def test_an_assist_on_a_deal_goes_to_the_ledger_with_its_reference(seller, deal, helper, pilot3):
    row = assist_log(
        actor=seller, target=deal, person=helper, assist_type="decision-maker-introduction", direction="received"
    )
    assert (row.reference_kind, row.reference_id, row.reference_label) == (REF_OPPORTUNITY, str(deal.pk), deal.name)
    assert (row.pilot, row.stage, row.points, row.employee, row.date) == (pilot3, 3, 10, seller, TODAY)
    assert AuditEvent.objects.filter(verb="opportunity.assist_logged", target_id=str(deal.pk)).exists()


def test_an_assist_on_a_request_counts_for_its_deal(colleague, deal, linked_request, helper):
    row = assist_log(actor=colleague, target=linked_request, person=helper, assist_type="prospect-insight")
    assert (row.reference_kind, row.reference_id, row.reference_label) == (
        REF_REQUEST,
        str(linked_request.pk),
        "Insight on Mallmart",
    )
    assert row.direction == "received"
    assert assists_for_request(linked_request) == [row]
    assert assists_for_opportunity(deal) == [row]


@pytest.mark.parametrize("direction", ["received", "given"])
def test_an_assist_without_a_giver_is_refused_and_nothing_is_written(seller, deal, direction):
    with pytest.raises(DomainError) as caught:
        assist_log(actor=seller, target=deal, person=None, assist_type="introduction", direction=direction)
    assert "person" in caught.value.fields
    assert "Say who" in caught.value.message
    assert not Assist.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"assist_type": "bribe"}, "assist_type"),
        ({"direction": "sideways"}, "direction"),
        ({"date": TODAY + dt.timedelta(days=1)}, "date"),
    ],
)
def test_bad_assists_are_refused_on_their_field(seller, deal, helper, changes, field):
    values = {"assist_type": "introduction", "direction": "received", **changes}
    with pytest.raises(DomainError) as caught:
        assist_log(actor=seller, target=deal, person=helper, **values)
    assert field in caught.value.fields
    assert not Assist.objects.exists()


def test_someone_of_another_pilot_cannot_log_on_the_deal(stranger, deal, helper):
    with pytest.raises(DomainError, match="Stage 3 pilots"):
        assist_log(actor=stranger, target=deal, person=helper, assist_type="introduction")
    assert not Assist.objects.exists()
