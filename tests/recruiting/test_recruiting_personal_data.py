"""A person's candidacies in their data export and erasure (people.registry, key
"recruiting.candidacies"): opening, step, dated moves, source, the referral's reason, interviews,
videos pointed to and responses to shared posts; erasure deletes them, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from people import services as people_services
from people.registry import personal_data_sections
from recruiting import services
from recruiting.models import Candidate, CandidateMove, PostResponse, RecruitingVideo, Referral, VideoPointer
from tests.people.factories import PersonFactory
from tests.recruiting.factories import OpeningFactory, PostFactory


@pytest.fixture
def ada(db):
    return PersonFactory(first_name="Ada", last_name="Lovelace")


@pytest.fixture
def held(hr_lead, contributor_a, pilot_a, ada):
    """Ada: referred for "Data engineer" (moved to engaged), a candidate for "Platform engineer",
    pointed to one video, and a response to a shared post. Bo: a candidate, untouched by Ada's erasure."""
    opening = OpeningFactory(pilot=pilot_a, title="Data engineer")
    referral = services.referral_create(
        actor=contributor_a, opening=opening, person=ada, why="Wrote our first compiler"
    )
    services.candidate_move(actor=contributor_a, candidate=referral.candidate, to="engaged")
    other = services.candidate_add(
        actor=hr_lead, opening=OpeningFactory(pilot=pilot_a, title="Platform engineer"), person=ada, source="job_ad"
    )
    video = RecruitingVideo.objects.create(
        pilot=pilot_a, speaker="Cy", topic="Our data platform", url="https://v.example/1", length_seconds=120
    )
    VideoPointer.objects.create(video=video, candidate=other, reaction="positive", reaction_note="Loved it")
    PostResponse.objects.create(
        post=PostFactory(pilot=pilot_a, summary="Streaming talk"), person=ada, responded_on=dt.date(2025, 5, 1)
    )
    bo = services.candidate_add(actor=hr_lead, opening=opening, person=PersonFactory(), source="other")
    return {"referral": referral, "other": other, "bo": bo}


def test_the_section_is_registered():
    assert "recruiting.candidacies" in [s.key for s in personal_data_sections()]


def test_export_lists_candidacies_with_moves_referral_pointers_and_post_responses(hr_lead, ada, held):
    data = people_services.person_export(actor=hr_lead, person=ada, now=timezone.now())
    rows = data["sections"]["recruiting.candidacies"]["rows"]
    candidacies = [r for r in rows if r["kind"] == "candidacy"]
    assert [(r["opening"], r["step"], r["source"]) for r in candidacies] == [
        ("Data engineer", "engaged", "employee_referral"),
        ("Platform engineer", "found", "job_ad"),
    ]
    referred = candidacies[0]
    assert [(m["from"], m["to"]) for m in referred["moves"]] == [("", "found"), ("found", "engaged")]
    assert referred["referral_why"] == "Wrote our first compiler"
    assert candidacies[1]["videos_pointed_to"][0]["reaction"] == "positive"
    assert [r["post"] for r in rows if r["kind"] == "post_response"] == ["Streaming talk"]


def test_erasure_deletes_candidacies_and_post_responses_audited(hr_lead, ada, held):
    people_services.person_erase(actor=hr_lead, person=ada)
    assert not Candidate.objects.filter(person=ada).exists()
    assert not CandidateMove.objects.filter(candidate__person=ada).exists()
    assert not Referral.objects.exists() and not VideoPointer.objects.exists()
    assert not PostResponse.objects.filter(person=ada).exists()
    assert Candidate.objects.filter(pk=held["bo"].pk).exists()
    event = AuditEvent.objects.get(verb="candidates.erased")
    assert event.person_id == ada.pk and event.data == {"candidacies": 2, "post_responses": 1}


def test_a_person_with_no_candidacy_exports_nothing_and_erases_quietly(hr_lead):
    nobody = PersonFactory()
    data = people_services.person_export(actor=hr_lead, person=nobody, now=timezone.now())
    assert data["sections"]["recruiting.candidacies"]["rows"] == []
    people_services.person_erase(actor=hr_lead, person=nobody)
    assert not AuditEvent.objects.filter(verb="candidates.erased").exists()
