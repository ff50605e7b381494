"""/api/v1/recruiting/ — the pipeline: candidates (added, moved by the rules, hired onto the
ledger, deleted), the duplicate refusal in the pages' words, the audit of reading candidates,
referrals and their thank-you, video interviews, video pointers and responses to shared posts.

The world: opening_a (open, pilot_a, contributor_a's) and opening_b (open, pilot_b,
contributor_b's), both by the HR lead; Ada Lovelace is a candidate for opening_a, at "found"."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from metrics.models import Hire
from people.models import Person
from recruiting import services
from recruiting.models import Candidate, CandidateMove, JobOpening, PostResponse, Referral, VideoInterview, VideoPointer
from recruiting.services.interviews import MSG_CANDIDATE
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/recruiting"
TODAY = timezone.localdate()


def _opening(hr_lead, pilot, title: str) -> JobOpening:
    return services.opening_create(
        actor=hr_lead, pilot=pilot, title=title, description="We build the data platform.", status="open"
    )


@pytest.fixture
def opening_a(hr_lead, pilot_a):
    return _opening(hr_lead, pilot_a, "Data engineer")


@pytest.fixture
def opening_b(hr_lead, pilot_b):
    return _opening(hr_lead, pilot_b, "Consultant")


@pytest.fixture
def ada(db):
    return PersonFactory(first_name="Ada", last_name="Lovelace")


@pytest.fixture
def candidate(contributor_a, opening_a, ada):
    return services.candidate_add(actor=contributor_a, opening=opening_a, person=ada, source="job_ad")


@pytest.fixture
def candidate_b(contributor_b, opening_b):
    return services.candidate_add(actor=contributor_b, opening=opening_b, person=PersonFactory(), source="other")


# --- adding -------------------------------------------------------------------------------------


def test_a_contributor_adds_a_candidate_with_the_first_move(api_client_for, contributor_a, opening_a, ada):
    response = api_client_for(contributor_a).post(
        f"{BASE}/candidates/",
        {"opening": opening_a.pk, "person": ada.pk, "source": "recruiter", "step": "applied", "note": "Strong CV"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["person_name"], body["step"], body["source"], body["pilot"]) == (
        "Ada Lovelace",
        "applied",
        "recruiter",
        opening_a.pilot_id,
    )
    assert [(m["from_step"], m["to_step"], m["by"]) for m in body["moves"]] == [("", "applied", contributor_a.pk)]
    assert body["next_steps"] == ["engaged", "video_interview", "onsite", "offer", "declined", "withdrew", "rejected"]
    assert AuditEvent.objects.filter(verb="candidate.added", person_id=ada.pk).count() == 1


def test_a_duplicate_candidate_is_a_409_with_the_pages_message_and_the_existing_candidacy(
    api_client_for, client_for, contributor_a, opening_a, ada, candidate
):
    message = "Ada Lovelace is already a candidate for “Data engineer” at step “Found”: open that candidacy instead."
    body = {"opening": opening_a.pk, "person": ada.pk, "source": "other", "step": "found"}

    response = api_client_for(contributor_a).post(f"{BASE}/candidates/", body, format="json")
    page = client_for(contributor_a).post(reverse("recruiting:candidate_create"), body)

    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "duplicate_candidate",
        "message": message,
        "fields": {"person": [message], "candidate": [candidate.pk]},
    }
    assert html.escape(message) in page.content.decode()
    assert Candidate.objects.filter(person=ada).count() == 1


def test_a_closed_opening_takes_no_candidates(api_client_for, hr_lead, opening_a, ada):
    services.opening_set_status(actor=hr_lead, opening=opening_a, status="closed")

    response = api_client_for(hr_lead).post(
        f"{BASE}/candidates/", {"opening": opening_a.pk, "person": ada.pk, "source": "other"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["opening"] == [
        "“Data engineer” is closed: people are added only to emerging or open openings."
    ]
    assert not Candidate.objects.exists()


def test_a_contributor_cannot_add_to_another_pilots_opening(api_client_for, contributor_a, opening_b, ada):
    response = api_client_for(contributor_a).post(
        f"{BASE}/candidates/", {"opening": opening_b.pk, "person": ada.pk, "source": "other"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["opening"] == ["Choose an opening of one of your pilots."]


# --- moving ---------------------------------------------------------------------------------------


def test_moves_follow_the_pipeline_rules_in_the_error_format(api_client_for, contributor_a, candidate):
    client = api_client_for(contributor_a)
    url = f"{BASE}/candidates/{candidate.pk}/move/"

    hired = client.post(url, {"step": "hired"}, format="json")
    skipped = client.post(url, {"step": "onsite", "note": "Fast track"}, format="json")
    offer = client.post(url, {"step": "offer"}, format="json")
    hired_by_move = client.post(url, {"step": "hired"}, format="json")

    assert hired.status_code == 400
    assert hired.json()["error"] == {
        "code": "pipeline_move",
        "message": "A candidate is hired after an offer: move them to “Offer” first.",
        "fields": {"step": ["A candidate is hired after an offer: move them to “Offer” first."]},
    }
    assert skipped.status_code == 200 and skipped.json()["step"] == "onsite"
    assert [m["to_step"] for m in skipped.json()["moves"]] == ["found", "onsite"]
    assert skipped.json()["moves"][-1]["note"] == "Fast track"
    assert offer.json()["next_steps"] == ["onsite", "hired", "declined", "withdrew", "rejected"]
    assert hired_by_move.status_code == 400
    assert hired_by_move.json()["error"]["code"] == "hire_via_form"
    assert hired_by_move.json()["error"]["message"] == services.MSG_HIRE_VIA_FORM
    candidate.refresh_from_db()
    assert candidate.step == "offer" and candidate.hire_id is None


def test_a_move_back_from_an_end_returns_to_the_step_left(api_client_for, contributor_a, candidate):
    client = api_client_for(contributor_a)
    url = f"{BASE}/candidates/{candidate.pk}/move/"
    client.post(url, {"step": "engaged"}, format="json")

    ended = client.post(url, {"step": "withdrew"}, format="json")
    wrong = client.post(url, {"step": "found"}, format="json")

    assert ended.json()["next_steps"] == ["engaged"]
    assert wrong.status_code == 400
    assert wrong.json()["error"]["message"] == "A candidate at “Withdrew” cannot move to “Found”. Allowed: “Engaged”."


# --- hiring onto the ledger ---------------------------------------------------------------------


def test_hiring_through_the_api_records_the_hire_on_the_ledger(api_client_for, contributor_a, opening_a, ada):
    """Added at "offer" today with source job_ad: the hire's channel is job_ad, first contact today,
    the costs 150 + 10 h x 60 = 750."""
    at_offer = services.candidate_add(actor=contributor_a, opening=opening_a, person=ada, source="job_ad", step="offer")
    client = api_client_for(contributor_a)
    body = {"date": TODAY.isoformat(), "cost_video_tooling": "150", "staff_hours": "10", "staff_hour_rate": "60"}

    response = client.post(f"{BASE}/candidates/{at_offer.pk}/hire/", body, format="json")
    again = client.post(f"{BASE}/candidates/{at_offer.pk}/hire/", body, format="json")
    ledger = client.get("/api/v1/hires/").json()["results"]

    assert response.status_code == 201, response.json()
    hire = Hire.objects.get()
    assert hire.reference_id == f"candidate:{at_offer.pk}"
    assert (hire.person_id, hire.pilot_id, hire.opening_title, hire.source) == (
        ada.pk,
        opening_a.pilot_id,
        "Data engineer",
        "job_ad",
    )
    assert hire.first_contact_date == TODAY and str(hire.total_cost) == "750.00"
    assert response.json()["candidate"]["step"] == "hired" and response.json()["candidate"]["hire"] == hire.pk
    assert response.json()["hire"]["reference_id"] == f"candidate:{at_offer.pk}"
    assert isinstance(response.json()["hire"]["warnings"], list)
    assert again.status_code == 409
    assert [row["reference_id"] for row in ledger] == [f"candidate:{at_offer.pk}"]


def test_hiring_a_candidate_not_at_offer_writes_nothing(api_client_for, contributor_a, candidate):
    response = api_client_for(contributor_a).post(
        f"{BASE}/candidates/{candidate.pk}/hire/", {"date": TODAY.isoformat()}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Only a candidate at “Offer” can be hired; this one is at “Found”."
    assert not Hire.objects.exists()


def test_hire_costs_too_large_for_the_ledger_are_a_400(api_client_for, contributor_a, opening_a, ada):
    at_offer = services.candidate_add(actor=contributor_a, opening=opening_a, person=ada, source="other", step="offer")

    response = api_client_for(contributor_a).post(
        f"{BASE}/candidates/{at_offer.pk}/hire/",
        {"date": TODAY.isoformat(), "cost_travel": "9999999999.99", "cost_job_ads": "9999999999.99"},
        format="json",
    )

    assert response.status_code == 400 and "total_cost" in response.json()["error"]["fields"]
    assert not Hire.objects.exists()


def test_a_candidate_is_deleted_but_never_a_hired_one(api_client_for, contributor_a, opening_a, candidate):
    hired = services.candidate_add(
        actor=contributor_a, opening=opening_a, person=PersonFactory(), source="other", step="offer"
    )
    services.candidate_hire(actor=contributor_a, candidate=hired, date=TODAY)
    client = api_client_for(contributor_a)

    kept = client.delete(f"{BASE}/candidates/{hired.pk}/")
    gone = client.delete(f"{BASE}/candidates/{candidate.pk}/")

    assert kept.status_code == 400 and kept.json()["error"]["message"] == services.candidates.MSG_DELETE_HIRED
    assert gone.status_code == 204
    assert list(Candidate.objects.values_list("pk", flat=True)) == [hired.pk]
    assert not CandidateMove.objects.filter(candidate_id=candidate.pk).exists()


def test_a_candidates_note_and_source_are_corrected(api_client_for, contributor_a, candidate):
    response = api_client_for(contributor_a).patch(
        f"{BASE}/candidates/{candidate.pk}/", {"note": "Met at a meetup"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["note"], response.json()["source"]) == ("Met at a meetup", "job_ad")


# --- reading candidates is audited ------------------------------------------------------------------


def test_a_list_is_audited_once_per_request_and_a_read_about_the_person(
    api_client_for, contributor_a, candidate, candidate_b, ada
):
    client = api_client_for(contributor_a)

    listed = client.get(f"{BASE}/candidates/", {"person": ada.pk, "step": "found"})
    read = client.get(f"{BASE}/candidates/{candidate.pk}/")
    hidden = client.get(f"{BASE}/candidates/{candidate_b.pk}/")

    assert [c["id"] for c in listed.json()["results"]] == [candidate.pk]
    event = AuditEvent.objects.get(verb="candidates.api_listed")
    assert event.actor == contributor_a and event.person_id == ada.pk
    assert event.data == {"filters": {"person": str(ada.pk), "step": "found"}, "rows": 1}
    assert read.status_code == 200 and [m["to_step"] for m in read.json()["moves"]] == ["found"]
    viewed = AuditEvent.objects.get(verb="candidate.api_viewed")
    assert (viewed.person_id, viewed.target_id) == (ada.pk, str(candidate.pk))
    assert hidden.status_code == 404
    assert AuditEvent.objects.filter(verb="candidate.api_viewed").count() == 1


def test_reading_one_referral_or_one_response_is_audited_about_the_person(
    api_client_for, contributor_a, pilot_a, opening_a, ada
):
    referral = services.referral_create(actor=contributor_a, opening=opening_a, why="Great fit", person=ada)
    post = services.post_record(
        actor=contributor_a, pilot=pilot_a, venue=VenueFactory(), kind="project", shared_on=dt.date.today(), summary="x"
    )
    answer = services.response_record(actor=contributor_a, post=post, person=ada, responded_on=dt.date.today())
    client = api_client_for(contributor_a)

    assert client.get(f"{BASE}/referrals/{referral.pk}/").json()["why"] == "Great fit"
    assert client.get(f"{BASE}/post-responses/{answer.pk}/").status_code == 200

    read = AuditEvent.objects.get(verb="referral.api_viewed")
    assert (read.actor, read.person_id, read.target_id) == (contributor_a, ada.pk, str(referral.pk))
    assert AuditEvent.objects.get(verb="post_response.api_viewed").person_id == ada.pk


def test_candidates_filter_by_opening_step_and_source(api_client_for, hr_lead, candidate, candidate_b):
    client = api_client_for(hr_lead)

    assert [
        c["id"] for c in client.get(f"{BASE}/candidates/", {"opening": candidate_b.opening_id}).json()["results"]
    ] == [candidate_b.pk]
    assert [c["id"] for c in client.get(f"{BASE}/candidates/", {"source": "job_ad"}).json()["results"]] == [
        candidate.pk
    ]
    assert client.get(f"{BASE}/candidates/", {"step": "offer"}).json()["count"] == 0
    assert client.get(f"{BASE}/candidates/", {"step": "nope"}).status_code == 400


# --- referrals ------------------------------------------------------------------------------------


def test_a_contributor_refers_a_new_person_who_enters_the_pipeline(api_client_for, contributor_a, opening_a):
    response = api_client_for(contributor_a).post(
        f"{BASE}/referrals/",
        {
            "opening": opening_a.pk,
            "why": "Built our competitor's pipeline.",
            "new_person": {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"},
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["person_name"], body["step"], body["referrer"], body["thanked"]) == (
        "Grace Hopper",
        "found",
        contributor_a.pk,
        False,
    )
    person = Person.objects.get(pk=body["person"])
    assert person.source == Person.Source.REFERRAL
    assert Candidate.objects.get(pk=body["candidate"]).source == "employee_referral"


def test_referring_someone_already_in_the_pipeline_is_a_409_naming_the_candidacy(
    api_client_for, contributor_a, opening_a, ada, candidate
):
    response = api_client_for(contributor_a).post(
        f"{BASE}/referrals/", {"opening": opening_a.pk, "why": "Great", "person": ada.pk}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate_candidate"
    assert response.json()["error"]["fields"]["candidate"] == [candidate.pk]
    assert not Referral.objects.exists()


def test_referrals_mine_and_the_thank_you_once_by_an_hr_lead(
    api_client_for, hr_lead, contributor_a, opening_a, django_capture_on_commit_callbacks
):
    mine = services.referral_create(actor=contributor_a, opening=opening_a, why="Fit", person=PersonFactory())
    other = services.referral_create(actor=hr_lead, opening=opening_a, why="Fit too", person=PersonFactory())
    client = api_client_for(contributor_a)

    listed = client.get(f"{BASE}/referrals/", {"mine": "true"})
    by_contributor = client.post(f"{BASE}/referrals/{mine.pk}/thank/", {}, format="json")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        thanked = api_client_for(hr_lead).post(f"{BASE}/referrals/{mine.pk}/thank/", {"note": "Thanks!"}, format="json")
    twice = api_client_for(hr_lead).post(f"{BASE}/referrals/{mine.pk}/thank/", {}, format="json")

    assert [r["id"] for r in listed.json()["results"]] == [mine.pk]
    assert other.pk in {r["id"] for r in client.get(f"{BASE}/referrals/").json()["results"]}
    assert AuditEvent.objects.filter(verb="referrals.api_listed").count() == 2
    assert by_contributor.status_code == 403
    assert thanked.status_code == 200 and thanked.json()["thanked"] is True
    assert thanked.json()["thank_note"] == "Thanks!" and len(callbacks) == 1
    assert twice.status_code == 409


# --- video interviews -----------------------------------------------------------------------------


def test_an_interview_is_scheduled_corrected_and_a_trip_needs_a_baseline(api_client_for, contributor_a, candidate):
    client = api_client_for(contributor_a)
    when = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)

    created = client.post(
        f"{BASE}/interviews/",
        {"candidate": candidate.pk, "scheduled_at": when.isoformat(), "link": "https://meet.example/x"},
        format="json",
    )
    pk = created.json()["id"]
    trip = client.patch(f"{BASE}/interviews/{pk}/", {"replaced_trip": True}, format="json")
    outcome = client.patch(f"{BASE}/interviews/{pk}/", {"outcome": "advance", "notes": "Good"}, format="json")
    bad_link = client.patch(f"{BASE}/interviews/{pk}/", {"link": "ftp://x"}, format="json")

    assert created.status_code == 201, created.json()
    assert (created.json()["candidate"], created.json()["outcome"], created.json()["travel_avoided"]) == (
        candidate.pk,
        "pending",
        "0.00",
    )
    assert trip.status_code == 400 and trip.json()["error"]["code"] == "no_baseline"
    assert outcome.status_code == 200 and outcome.json()["outcome"] == "advance"
    assert bad_link.status_code == 400 and bad_link.json()["error"]["code"] == "link"
    interview = VideoInterview.objects.get()
    assert (interview.replaced_trip, interview.link) == (False, "https://meet.example/x")


def test_an_interview_with_another_pilots_candidate_is_refused_as_unknown(api_client_for, contributor_a, candidate_b):
    response = api_client_for(contributor_a).post(
        f"{BASE}/interviews/", {"candidate": candidate_b.pk, "scheduled_at": timezone.now().isoformat()}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["candidate"] == [MSG_CANDIDATE]
    assert not VideoInterview.objects.exists()


# --- video pointers -------------------------------------------------------------------------------


def test_a_candidate_is_pointed_to_a_video_once(api_client_for, hr_lead, contributor_a, candidate, pilot_a, pilot_b):
    video = services.video_record(
        actor=hr_lead, pilot=pilot_a, speaker="Kim", topic="Our team", url="https://v.example/a", length_seconds=90
    )
    video_b = services.video_record(
        actor=hr_lead, pilot=pilot_b, speaker="Lu", topic="Consulting", url="https://v.example/b", length_seconds=90
    )
    client = api_client_for(contributor_a)

    pointed = client.post(
        f"{BASE}/video-pointers/", {"candidate": candidate.pk, "video": video.pk, "reaction": "neutral"}, format="json"
    )
    twice = client.post(f"{BASE}/video-pointers/", {"candidate": candidate.pk, "video": video.pk}, format="json")
    other_pilot = api_client_for(hr_lead).post(
        f"{BASE}/video-pointers/", {"candidate": candidate.pk, "video": video_b.pk}, format="json"
    )
    hidden_video = client.post(
        f"{BASE}/video-pointers/", {"candidate": candidate.pk, "video": video_b.pk}, format="json"
    )

    assert pointed.status_code == 201 and pointed.json()["reaction"] == "neutral"
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "pointed_twice"
    assert other_pilot.status_code == 400 and other_pilot.json()["error"]["code"] == "video_pilot"
    assert hidden_video.status_code == 400 and "video" in hidden_video.json()["error"]["fields"]
    assert VideoPointer.objects.count() == 1


# --- responses to shared posts --------------------------------------------------------------------


def test_responses_are_recorded_once_and_their_list_is_audited(api_client_for, contributor_a, contributor_b, pilot_a):
    post = services.post_record(
        actor=contributor_a, pilot=pilot_a, venue=VenueFactory(), kind="job", shared_on=TODAY, summary="We hire"
    )
    client = api_client_for(contributor_a)
    body = {"post": post.pk, "first_name": "Lin", "last_name": "Chen", "responded_on": TODAY.isoformat()}

    created = client.post(f"{BASE}/post-responses/", body, format="json")
    person = created.json()["person"]
    twice = client.post(
        f"{BASE}/post-responses/", {"post": post.pk, "person": person, "responded_on": TODAY.isoformat()}, format="json"
    )
    before = client.post(
        f"{BASE}/post-responses/",
        {"post": post.pk, "person": PersonFactory().pk, "responded_on": (TODAY - dt.timedelta(days=1)).isoformat()},
        format="json",
    )
    listed = client.get(f"{BASE}/post-responses/", {"person": person})
    hidden = api_client_for(contributor_b).get(f"{BASE}/post-responses/{created.json()['id']}/")

    assert created.status_code == 201 and created.json()["person_name"] == "Lin Chen"
    assert twice.status_code == 409
    assert before.status_code == 400 and "responded_on" in before.json()["error"]["fields"]
    assert [r["id"] for r in listed.json()["results"]] == [created.json()["id"]]
    assert AuditEvent.objects.get(verb="post_responses.api_listed").person_id == person
    assert hidden.status_code == 404
    assert PostResponse.objects.count() == 1
