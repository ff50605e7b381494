"""A person's timeline on the person page and the alumnus's page: Stage 2 records, the ledger,
candidacies and conversations, each shown only to who may see them, newest first, in a constant
number of queries."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alumni.models import AlumniRecommendation, GoodwillChange, GroupMembership, NetworkingEvent, Survey, SurveyInvite
from alumni.timeline import alumni_entries
from listening import services as listening_services
from listening.connectors import make_post
from listening.models import Conversation
from listening.timeline import conversation_entries
from metrics.models import Assist, AssistType, Introduction
from metrics.timeline import ledger_entries
from people.timeline import timeline_for
from recruiting.timeline import candidacy_entries
from tests.alumni.factories import AlumnusFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory, VenueFactory
from tests.recruiting.factories import CandidateFactory, OpeningFactory

_ids = itertools.count(1)


@pytest.fixture
def ada(db):
    return PersonFactory(first_name="Ada", last_name="Lovelace")


@pytest.fixture
def alumnus(pilot_b, ada):
    return AlumnusFactory(person=ada, pilot=pilot_b)


def _stage2_records(alumnus, contributor_b):
    venue = VenueFactory(name="Alumni group")
    GoodwillChange.objects.create(alumnus=alumnus, from_level="unknown", to_level="loves", on=dt.date(2024, 3, 1))
    GroupMembership.objects.create(alumnus=alumnus, venue=venue, status="joined", changed_on=dt.date(2024, 4, 1))
    AlumniRecommendation.objects.create(
        alumnus=alumnus, person=PersonFactory(first_name="Rec"), kind="contractor", why="Great"
    )
    event = NetworkingEvent.objects.create(
        pilot=alumnus.pilot, name="Data Drinks", city="Lyon", country="FR", starts_on=dt.date(2024, 5, 2)
    )
    event.recommended_by.add(alumnus)
    survey = Survey.objects.create(pilot=alumnus.pilot)
    SurveyInvite.objects.create(survey=survey, alumnus=alumnus, sent_at=timezone.now())


def _ledger(person, pilot, user):
    other = PersonFactory(first_name="Carl")
    Introduction.objects.create(
        made_by=user, on_behalf_of=person, to_person=other, pilot=pilot, stage=pilot.stage, date=dt.date(2024, 6, 1)
    )
    kind = AssistType.objects.first()
    Assist.objects.create(
        direction="given", employee=user, person=person, assist_type=kind, points=kind.points,
        pilot=pilot, stage=pilot.stage, date=dt.date(2024, 6, 2),
    )  # fmt: skip


def _conversation(hr_lead, person, pilot=None):
    source = listening_services.source_save(
        actor=hr_lead, name=f"Feed {next(_ids)}", kind="bundled", config={"feed": "talent-and-alumni"}
    )
    search = listening_services.search_save(
        actor=hr_lead, name=f"Search {next(_ids)}", query="consultant", sources=[source], pilot=pilot
    )
    post = make_post(venue="bundled", external_id=f"c{next(_ids)}", text="A consultant leaving", title="Leaving")
    listening_services.posts_store(source=source, posts=[post])
    conversation = Conversation.objects.get(source=source)
    assert search is not None
    Conversation.objects.filter(pk=conversation.pk).update(person=person)
    return conversation


def kinds(entries) -> set[str]:
    return {e.kind for e in entries}


def test_stage_2_entries_for_who_sees_the_alumnus_and_never_for_another_pilot(
    hr_lead, contributor_b, contributor_a, alumnus, ada
):
    _stage2_records(alumnus, contributor_b)
    mine = alumni_entries(ada, contributor_b, 50)
    assert kinds(mine) == {"alumnus", "goodwill", "group", "referral", "event", "survey"}
    survey = next(e for e in mine if e.kind == "survey")
    assert "not answered" in survey.detail
    assert kinds(alumni_entries(ada, hr_lead, 50)) == kinds(mine)
    assert alumni_entries(ada, contributor_a, 50) == []  # pilot_a (Stage 1) only
    assert len(alumni_entries(ada, hr_lead, 3)) == 3


def test_ledger_entries_follow_the_pilots_the_user_may_see(hr_lead, contributor_a, contributor_b, pilot_b, ada):
    _ledger(ada, pilot_b, contributor_b)
    assert kinds(ledger_entries(ada, contributor_b, 50)) == {"introduction", "assist"}
    assert ledger_entries(ada, contributor_a, 50) == []
    entries = ledger_entries(ada, hr_lead, 50)
    assert [e.kind for e in entries] == ["assist", "introduction"]  # newest first
    assert entries[1].url == reverse("metrics:introduction_detail", args=[Introduction.objects.get().pk])


def test_candidacies_follow_recruiting_access(hr_lead, contributor_a, contributor_b, pilot_a, ada):
    CandidateFactory(person=ada, opening=OpeningFactory(pilot=pilot_a, title="Data engineer"))
    assert [e.label for e in candidacy_entries(ada, contributor_a, 50)] == ["Candidate for Data engineer: Found"]
    assert candidacy_entries(ada, contributor_b, 50) == []


def test_conversations_follow_listening_access(hr_lead, contributor_a, contributor_b, pilot_b, ada):
    conversation = _conversation(hr_lead, ada, pilot=pilot_b)
    assert [e.url for e in conversation_entries(ada, contributor_b, 50)] == [
        reverse("listening:conversation_detail", args=[conversation.pk])
    ]
    assert conversation_entries(ada, contributor_a, 50) == []


def test_the_person_page_shows_the_merged_timeline_newest_first(client_for, hr_lead, contributor_b, alumnus, ada):
    _stage2_records(alumnus, contributor_b)
    _ledger(ada, alumnus.pilot, contributor_b)
    response = client_for(contributor_b).get(reverse("people:person_detail", args=[ada.pk]))
    assert response.status_code == 200
    entries = response.context["timeline"]
    days = [e.day for e in entries]
    assert days == sorted(days, reverse=True)
    assert {"introduction", "assist", "goodwill", "event"} <= kinds(entries)
    html = response.content.decode()
    assert "Timeline" in html and reverse("alumni:alumnus_detail", args=[alumnus.pk]) in html


def test_the_timeline_shows_an_empty_state_and_hides_other_pilots_entries(client_for, contributor_a, pilot_b, ada):
    alumnus = AlumnusFactory(person=ada, pilot=pilot_b)
    GoodwillChange.objects.create(alumnus=alumnus, from_level="unknown", to_level="loves", on=dt.date(2024, 3, 1))
    response = client_for(contributor_a).get(reverse("people:person_detail", args=[ada.pk]))
    assert response.status_code == 200
    assert response.context["timeline"] == []
    assert "Nothing done with Ada Lovelace yet" in response.content.decode()


def test_the_timeline_takes_a_constant_number_of_queries(hr_lead, contributor_b, pilot_b, ada, alumnus):
    _stage2_records(alumnus, contributor_b)
    _ledger(ada, pilot_b, contributor_b)
    _conversation(hr_lead, ada)
    for user in (hr_lead, contributor_b):
        with CaptureQueriesContext(connection) as few:
            timeline_for(ada, user)
        for _ in range(5):
            _ledger(ada, pilot_b, contributor_b)
            GoodwillChange.objects.create(
                alumnus=alumnus, from_level="loves", to_level="positive", on=dt.date(2024, 7, 1)
            )
            AlumniRecommendation.objects.create(alumnus=alumnus, person=PersonFactory(), kind="consultant", why="x")
        with CaptureQueriesContext(connection) as many:
            entries = timeline_for(ada, user, limit=8)
        assert len(many) == len(few), user
        assert len(entries) == 8
    assert len(few) <= 20


def test_a_contributor_of_another_pilot_sees_none_of_that_pilots_entries(contributor_b, ada):
    other = PilotFactory(stage=2)
    alumnus = AlumnusFactory(person=ada, pilot=other)
    _stage2_records(alumnus, contributor_b)
    _ledger(ada, other, contributor_b)
    assert timeline_for(ada, contributor_b) == []
