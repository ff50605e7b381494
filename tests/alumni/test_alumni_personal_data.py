"""What Stage 2 holds about a person in their data export and erasure (people.services.person_export
and person_erase, section "alumni.records")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from alumni.models import (
    AlumniRecommendation,
    Alumnus,
    GoodwillChange,
    GroupMembership,
    NetworkingEvent,
    OutplacementCase,
    Survey,
    SurveyAnswer,
    SurveyInvite,
    SurveyQuestion,
)
from people import services as people_services
from tests.alumni.factories import AlumnusFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory

KEY = "alumni.records"


@pytest.fixture
def ada(db):
    return PersonFactory(first_name="Ada", last_name="Lovelace")


@pytest.fixture
def records(pilot_b, ada):
    """Ada is an alumna with a history, recommended someone, answered a survey, recommended an
    event, has an outplacement case, and was herself recommended by another alumnus."""
    alumna = AlumnusFactory(person=ada, pilot=pilot_b, former_role="Actuary")
    GoodwillChange.objects.create(
        alumnus=alumna, from_level="unknown", to_level="loves", on=dt.date(2024, 3, 1), note="Ada loved the offsite"
    )
    GroupMembership.objects.create(alumnus=alumna, venue=VenueFactory(name="Alumni group"), status="joined")
    AlumniRecommendation.objects.create(
        alumnus=alumna, person=PersonFactory(first_name="Rec"), kind="consultant", why="Sharp"
    )
    survey = Survey.objects.create(pilot=pilot_b, title="How can we help?")
    question = SurveyQuestion.objects.create(survey=survey, text="What would help you?", kind="text")
    invite = SurveyInvite.objects.create(
        survey=survey, alumnus=alumna, sent_at=timezone.now(), answered_at=timezone.now()
    )
    SurveyAnswer.objects.create(invite=invite, question=question, value="Intros to Ada's old clients")
    event = NetworkingEvent.objects.create(
        pilot=pilot_b, name="Data Drinks", city="Lyon", country="FR", starts_on=dt.date(2024, 5, 2)
    )
    event.recommended_by.add(alumna)
    OutplacementCase.objects.create(
        pilot=pilot_b,
        person=ada,
        current_role="Actuary",
        eliminated_on=dt.date(2023, 1, 1),
        target_roles="Risk lead",
        outcome="Placed at Ada & Co",
    )
    other = AlumnusFactory(pilot=pilot_b)
    AlumniRecommendation.objects.create(alumnus=other, person=ada, kind="employee", why="Ada Lovelace is brilliant")
    return alumna


def test_export_holds_every_alumni_record_about_them(hr_lead, records, ada):
    section = people_services.person_export(actor=hr_lead, person=ada)["sections"][KEY]
    rows = section["rows"]
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    assert set(by_kind) == {
        "alumnus",
        "goodwill_change",
        "group_membership",
        "recommendation_made",
        "survey_invite",
        "event_recommended",
        "recommended_by_alumnus",
        "outplacement_case",
    }
    assert by_kind["alumnus"][0]["former_role"] == "Actuary"
    assert by_kind["goodwill_change"][0]["note"] == "Ada loved the offsite"
    assert by_kind["survey_invite"][0]["answers"] == [
        {"question": "What would help you?", "answer": "Intros to Ada's old clients"}
    ]
    assert by_kind["recommended_by_alumnus"][0]["why"] == "Ada Lovelace is brilliant"
    assert by_kind["outplacement_case"][0]["target_roles"] == "Risk lead"


def test_export_of_someone_who_is_no_alumnus_is_empty(hr_lead, ada):
    assert people_services.person_export(actor=hr_lead, person=ada)["sections"][KEY]["rows"] == []


def test_erase_deletes_the_alumnus_and_clears_free_text_naming_them(hr_lead, records, ada):
    other_recommendation = AlumniRecommendation.objects.get(person=ada)
    people_services.person_erase(actor=hr_lead, person=ada)
    assert not Alumnus.objects.filter(pk=records.pk).exists()
    assert not GoodwillChange.objects.exists()
    assert not GroupMembership.objects.exists()
    assert not SurveyAnswer.objects.exists() and not SurveyInvite.objects.exists()
    assert not NetworkingEvent.objects.get().recommended_by.exists()
    # Kept, for the counts, without the words about them.
    other_recommendation.refresh_from_db()
    assert other_recommendation.why == "[erased]"
    case = OutplacementCase.objects.get()
    assert (case.current_role, case.target_roles, case.outcome) == ("", "[erased]", "")
    assert case.eliminated_on == dt.date(2023, 1, 1) and case.status == "open"
    event = AuditEvent.objects.get(verb="alumni.records_erased")
    assert event.data["alumnus"] == 1 and event.data["goodwill_changes"] == 1 and event.data["survey_answers"] == 1
    erased = AuditEvent.objects.get(verb="person.erased")
    assert erased.data["sections"][KEY] == 3
    assert people_services.person_export(actor=hr_lead, person=ada)["sections"][KEY]["rows"][0]["why"] == "[erased]"


def test_erase_of_someone_with_no_alumni_records_changes_nothing(hr_lead, ada):
    people_services.person_erase(actor=hr_lead, person=ada)
    assert not AuditEvent.objects.filter(verb="alumni.records_erased").exists()
