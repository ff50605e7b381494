"""What Stage 3 holds about a person in their data export and erasure (people.services.person_export
and person_erase, section "bizdev.help_requests")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent, Role
from bizdev.models import HelpRequest, HelpResponse
from bizdev.personal_data import KEY, erase_bizdev_records, export_bizdev_records
from bizdev.rules import Conflict
from people import services as people_services
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory
from tests.bizdev.factories import HelpRequestFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot_c(sponsor_b):
    return PilotFactory(name="Consulting deals", stage=3, sponsor=sponsor_b)


@pytest.fixture
def carla(pilot_c):
    user = UserFactory(email="carla@firm.example", full_name="Carla Closer", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_c, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def ada(db):
    return PersonFactory(first_name="Ada", last_name="Lovelace")


@pytest.fixture
def alumna(ada, pilot_b):
    return AlumnusFactory(person=ada, pilot=pilot_b)


@pytest.fixture
def records(pilot_c, alumna, carla):
    """Ada asked for an introduction (answered), was chosen for our insight request with Bea and
    answered it, and a request about Rival Co recorded her conflict, disclosed naming her. Bea's
    own answer is not Ada's."""
    asked = HelpRequestFactory(
        pilot=pilot_c,
        direction="alumni",
        alumnus=alumna,
        audience="",
        kind="introduction",
        title="Ada wants an intro to Acme's CFO",
        body="I am Ada Lovelace, please introduce me.",
        status="answered",
        created_at=timezone.now() - dt.timedelta(days=2),
        answered_at=timezone.now() - dt.timedelta(days=1),
    )
    ours = HelpRequestFactory(pilot=pilot_c, title="Insight on Acme", audience="chosen")
    bea = AlumnusFactory(pilot=alumna.pilot)
    ours.chosen_alumni.add(alumna, bea)
    HelpResponse.objects.create(request=ours, alumnus=alumna, author=carla, body="Ada says: Acme expands to Lyon")
    HelpResponse.objects.create(request=ours, alumnus=bea, author=carla, body="Bea says: Acme hires")
    conflicts = [
        Conflict(alumna.pk, "Ada Lovelace", "Rival Co", "works for a competitor").as_dict(),
        Conflict(bea.pk, bea.person.full_name, "Other Co", "works for a competitor").as_dict(),
    ]
    rival = HelpRequestFactory(
        pilot=pilot_c,
        title="Rival ask",
        conflicts=conflicts,
        disclosure="ADA LOVELACE works at Rival Co; we only ask about the market.",
        disclosed_by=carla,
        disclosed_at=timezone.now(),
    )
    return {"asked": asked, "ours": ours, "rival": rival, "bea": bea}


def test_export_holds_their_requests_answers_choices_and_conflicts(hr_lead, records, ada):
    rows = people_services.person_export(actor=hr_lead, person=ada)["sections"][KEY]["rows"]
    by_kind: dict[str, list[dict]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    assert set(by_kind) == {"help_request_asked", "help_response", "chosen_for_request", "conflict_of_interest"}
    asked = by_kind["help_request_asked"][0]
    assert asked["title"] == "Ada wants an intro to Acme's CFO" and asked["status"] == "answered"
    assert asked["answered_at"] is not None
    assert [r["body"] for r in by_kind["help_response"]] == ["Ada says: Acme expands to Lyon"]  # not Bea's
    assert by_kind["chosen_for_request"] == [
        {
            "kind": "chosen_for_request",
            "pilot": "Consulting deals",
            "request": "Insight on Acme",
            "request_kind": "insight",
            "created_at": records["ours"].created_at.isoformat(),
        }
    ]
    conflict = by_kind["conflict_of_interest"][0]
    assert conflict["company"] == "Rival Co" and "Rival Co" in conflict["disclosure"]


def test_export_of_someone_who_is_no_alumnus_is_empty(hr_lead, records):
    assert people_services.person_export(actor=hr_lead, person=PersonFactory())["sections"][KEY]["rows"] == []


def test_erasure_blanks_what_they_wrote_and_keeps_the_rows(hr_lead, records, ada, alumna):
    bea = records["bea"]
    changed = erase_bizdev_records(ada, hr_lead)
    asked = HelpRequest.objects.get(pk=records["asked"].pk)
    assert (asked.title, asked.body) == ("[erased]", "[erased]")
    # Kept for the figures: the row, its status and when it was met.
    assert asked.status == "answered" and asked.answered_at is not None and asked.direction == "alumni"
    assert HelpResponse.objects.get(alumnus=alumna).body == "[erased]"
    assert HelpResponse.objects.get(alumnus=bea).body == "Bea says: Acme hires"
    assert list(records["ours"].chosen_alumni.all()) == [bea]
    rival = HelpRequest.objects.get(pk=records["rival"].pk)
    assert [c["alumnus_name"] for c in rival.conflicts] == ["[erased]", bea.person.full_name]
    assert rival.disclosure == "[erased] works at Rival Co; we only ask about the market."
    assert rival.conflicts[0]["company"] == "Rival Co"
    event = AuditEvent.objects.get(verb="bizdev.records_erased")
    assert event.data == {"requests_asked": 1, "responses": 1, "chosen_for": 1, "conflicts": 1}
    assert changed == 4
    assert export_bizdev_records(ada)[0]["body"] == "[erased]"
    # Erasing again finds nothing left to change and records nothing.
    assert erase_bizdev_records(ada, hr_lead) == 0
    assert AuditEvent.objects.filter(verb="bizdev.records_erased").count() == 1


def test_erasure_of_someone_with_no_stage_3_records_changes_nothing(hr_lead, records):
    assert erase_bizdev_records(PersonFactory(), hr_lead) == 0
    assert not AuditEvent.objects.filter(verb="bizdev.records_erased").exists()


def test_a_person_erasure_blanks_their_stage_3_records(hr_lead, records, ada):
    people_services.person_erase(actor=hr_lead, person=ada)
    asked = HelpRequest.objects.get(pk=records["asked"].pk)
    assert (asked.title, asked.body) == ("[erased]", "[erased]")
    assert not HelpResponse.objects.filter(body__startswith="Ada says").exists()
    assert AuditEvent.objects.get(verb="person.erased").data["sections"][KEY] == 4
