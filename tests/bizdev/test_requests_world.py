"""The small Stage 3 world the help-request tests share (fixtures only; imported by the
test_requests*, test_guardrails*, test_rules and test_ask_link modules).

- pilot3: a Stage 3 pilot of sponsor_b; cleo works in it (she asks), dan too (a colleague who may
  answer but not change cleo's requests); contributor_b works in pilot_b (Stage 2), not here.
- Alumni of pilot3, all in the segment "Retail": alma (consented, has an email, works at a
  neutral company), rita (works at Quarry & Finch, marked competitor of the firm), pete (works at
  Stratus, listed as a competitor of the deal's prospect, Orchard Retail).
- deal: an opportunity of pilot3 with Orchard Retail.
- group: a private venue; alma joined it, rita was only invited.
- The pilot has an approved sharing policy.
"""

from __future__ import annotations

import datetime as dt

import pytest

from alumni.models import GroupMembership, GroupStatus
from bizdev.models import ProspectCompetitor
from people.models import CompanyRelationship
from programs.models import Membership, SharingPolicy, Venue
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.bizdev.factories import OpportunityFactory
from tests.people.factories import CompanyFactory, PersonEmailFactory, PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory, PolicyFactory, VenueFactory


@pytest.fixture
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)
    import bizdev.tasks  # noqa: F401  (registers the tasks by name)


@pytest.fixture
def pilot3(sponsor_b):
    return PilotFactory(name="Retail deals", stage=3, sponsor=sponsor_b)


@pytest.fixture
def cleo(pilot3):
    user = UserFactory(email="cleo@firm.example", full_name="Cleo Contributor", role="contributor")
    MembershipFactory(pilot=pilot3, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def dan(pilot3):
    user = UserFactory(email="dan@firm.example", full_name="Dan Colleague", role="contributor")
    MembershipFactory(pilot=pilot3, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def segment(pilot3):
    return SegmentFactory(pilot=pilot3, name="Retail")


@pytest.fixture
def prospect(db):
    return CompanyFactory(name="Orchard Retail", relationship=CompanyRelationship.PROSPECT)


@pytest.fixture
def rival(db):
    return CompanyFactory(name="Quarry & Finch", relationship=CompanyRelationship.COMPETITOR)


@pytest.fixture
def stratus(prospect):
    company = CompanyFactory(name="Stratus", relationship=CompanyRelationship.OTHER)
    ProspectCompetitor.objects.create(prospect=prospect, competitor=company)
    return company


def make_alumnus(pilot, segment, first_name, *, company=None, email="", consent=True, dnc=False):
    person = PersonFactory(
        first_name=first_name,
        last_name="Alumna",
        company=company,
        consent_to_contact=consent,
        consent_date=dt.date(2025, 1, 1) if consent else None,
        do_not_contact=dnc,
    )
    if email:
        PersonEmailFactory(person=person, email=email)
    return AlumnusFactory(person=person, pilot=pilot, segment=segment)


@pytest.fixture
def alma(pilot3, segment):
    neutral = CompanyFactory(name="Lumen", relationship=CompanyRelationship.CUSTOMER)
    return make_alumnus(pilot3, segment, "Alma", company=neutral, email="alma@mail.example")


@pytest.fixture
def rita(pilot3, segment, rival):
    return make_alumnus(pilot3, segment, "Rita", company=rival, email="rita@mail.example")


@pytest.fixture
def pete(pilot3, segment, stratus):
    return make_alumnus(pilot3, segment, "Pete", company=stratus, email="pete@mail.example")


@pytest.fixture
def deal(pilot3, prospect, cleo):
    return OpportunityFactory(pilot=pilot3, company=prospect, owner=cleo, name="Orchard stores")


@pytest.fixture
def group(alma, rita):
    venue = VenueFactory(name="Retail alumni (private)", visibility=Venue.Visibility.PRIVATE)
    GroupMembership.objects.create(alumnus=alma, venue=venue, status=GroupStatus.JOINED)
    GroupMembership.objects.create(alumnus=rita, venue=venue, status=GroupStatus.INVITED)
    return venue


@pytest.fixture
def policy(pilot3):
    return PolicyFactory(
        pilot=pilot3, status=SharingPolicy.Status.APPROVED, may_not_share="Client names, store layouts"
    )


INSIGHT = {
    "kind": "insight",
    "title": "Orchard's expansion",
    "body": "We're looking at an opportunity with Orchard, can anyone give us some general insight?",
}


def ours(pilot, **overrides):
    """The keyword arguments of a request of ours to the segment (overridable)."""
    return {"pilot": pilot, "direction": "ours", "audience": "segment", **INSIGHT, **overrides}
