"""The list of prospects' competitors: HR leads add and remove pairs (choosing or typing both
companies); everyone else is refused (services: 403; pages: 404)."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from bizdev.models import ProspectCompetitor
from bizdev.services.competitors import competitor_pair_add, competitor_pair_remove
from core.errors import ConflictError, DomainError, ForbiddenError
from people.models import Company
from tests.bizdev import test_opportunities as world
from tests.people.factories import CompanyFactory

pytestmark = pytest.mark.django_db

# The Stage 3 personas and deal (tests/bizdev/test_opportunities.py's fixtures).
pilot3 = world.pilot3
seller = world.seller


@pytest.fixture
def mallmart(db):
    return CompanyFactory(name="Mallmart", relationship=Company.Relationship.PROSPECT)


@pytest.fixture
def rival(db):
    return CompanyFactory(name="ShopRival", relationship=Company.Relationship.OTHER)


def test_hr_lead_adds_a_pair_of_chosen_companies_and_it_is_audited(hr_lead, mallmart, rival):
    pair = competitor_pair_add(actor=hr_lead, prospect=mallmart, competitor=rival, note=" same malls ")
    assert (pair.prospect, pair.competitor, pair.note, pair.created_by) == (mallmart, rival, "same malls", hr_lead)
    assert AuditEvent.objects.filter(verb="prospect_competitor.added", target_id=str(pair.pk)).exists()


def test_typed_names_reuse_or_create_companies(hr_lead, mallmart):
    pair = competitor_pair_add(actor=hr_lead, new_prospect="mallmart", new_competitor="New Rival Ltd")
    assert pair.prospect == mallmart
    assert pair.competitor.name == "New Rival Ltd"
    assert Company.objects.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"new_competitor": "X"}, "prospect"),
        ({"new_prospect": "X"}, "competitor"),
        ({"new_prospect": "Same", "new_competitor": " same "}, "competitor"),
    ],
)
def test_bad_pairs_are_refused_and_nothing_is_written(hr_lead, kwargs, field):
    with pytest.raises(DomainError) as caught:
        competitor_pair_add(actor=hr_lead, **kwargs)
    assert field in caught.value.fields
    assert not ProspectCompetitor.objects.exists()
    assert not Company.objects.exists()


def test_the_same_company_twice_and_a_duplicate_pair_are_refused(hr_lead, mallmart, rival):
    with pytest.raises(DomainError, match="does not compete with itself"):
        competitor_pair_add(actor=hr_lead, prospect=mallmart, competitor=mallmart)
    with pytest.raises(DomainError, match="does not compete with itself"):
        competitor_pair_add(actor=hr_lead, prospect=mallmart, new_competitor="MALLMART")
    competitor_pair_add(actor=hr_lead, prospect=mallmart, competitor=rival)
    with pytest.raises(ConflictError, match="already listed"):
        competitor_pair_add(actor=hr_lead, prospect=mallmart, competitor=rival)
    assert ProspectCompetitor.objects.count() == 1


def test_only_hr_leads_change_the_list(seller, manager, hr_lead, mallmart, rival):
    for user in (seller, manager):
        with pytest.raises(ForbiddenError):
            competitor_pair_add(actor=user, prospect=mallmart, competitor=rival)
    pair = competitor_pair_add(actor=hr_lead, prospect=mallmart, competitor=rival)
    with pytest.raises(ForbiddenError):
        competitor_pair_remove(actor=seller, pair=pair)
    competitor_pair_remove(actor=hr_lead, pair=pair)
    assert not ProspectCompetitor.objects.exists()
    assert AuditEvent.objects.filter(verb="prospect_competitor.removed").exists()
