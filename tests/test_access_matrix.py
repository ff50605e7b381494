"""Who may open which page: every HTML page against every persona, in one table.

Rows are pages, columns the personas of tests/conftest.py. 302 means "sent to log in", 404 means
"not even told it exists" (another pilot's objects), 403 means "visible to the role, but not
this action". A new page belongs in this table.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from listening import services as listening_services
from listening.connectors import make_post
from metrics import services as metrics_services
from programs.models import SharingPolicy
from recruiting.models import (
    Candidate,
    OpeningFeedback,
    PostResponse,
    RecruitingVideo,
    Referral,
    VideoInterview,
    VideoPointer,
)
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import PolicyFactory
from tests.recruiting.factories import CandidateFactory, OpeningFactory, PostFactory

PERSONAS = ["anonymous", "outsider", "contributor_b", "contributor_a", "manager", "hr_lead"]

# page: (url name, which object's pk, expected status per persona in PERSONAS order)
MATRIX = {
    "dashboard": ("dashboard", None, [302, 200, 200, 200, 200, 200]),
    "pilot list": ("programs:pilot_list", None, [302, 200, 200, 200, 200, 200]),
    "new pilot": ("programs:pilot_create", None, [302, 403, 403, 403, 403, 200]),
    "pilot page": ("programs:pilot_detail", "pilot", [302, 404, 404, 200, 200, 200]),
    "edit pilot": ("programs:pilot_edit", "pilot", [302, 404, 404, 403, 403, 200]),
    "scale pilot": ("programs:pilot_scale", "pilot", [302, 404, 404, 403, 403, 200]),
    "edit checklist step": ("programs:step_edit", "step", [302, 404, 404, 200, 403, 200]),
    "policy version": ("programs:policy_detail", "policy", [302, 404, 404, 200, 200, 200]),
    "sponsors": ("programs:sponsor_list", None, [302, 403, 403, 403, 403, 200]),
    "delete sponsor": ("programs:sponsor_delete", "sponsor", [302, 403, 403, 403, 403, 200]),
    "venues": ("programs:venue_list", None, [302, 200, 200, 200, 403, 200]),
    "new venue": ("programs:venue_create", None, [302, 403, 403, 403, 403, 200]),
    "people": ("people:person_list", None, [302, 403, 200, 200, 403, 200]),
    "person page": ("people:person_detail", "person", [302, 403, 200, 200, 403, 200]),
    "edit person (added by HR)": ("people:person_edit", "person", [302, 403, 403, 403, 403, 200]),
    "delete person": ("people:person_delete", "person", [302, 403, 403, 403, 403, 200]),
    "erase person": ("people:person_erase", "person", [302, 403, 403, 403, 403, 200]),
    "export person": ("people:person_export", "person", [302, 403, 403, 403, 403, 200]),
    "companies": ("people:company_list", None, [302, 403, 200, 200, 403, 200]),
    "company page": ("people:company_detail", "company", [302, 403, 200, 200, 403, 200]),
    "edit company (added by HR)": ("people:company_edit", "company", [302, 403, 403, 403, 403, 200]),
    "profile": ("accounts:profile", None, [302, 200, 200, 200, 200, 200]),
    "invitations": ("accounts:invitation_list", None, [302, 403, 403, 403, 403, 200]),
    "team": ("accounts:user_list", None, [302, 403, 403, 403, 403, 200]),
    "audit log": ("accounts:audit_log", None, [302, 403, 403, 403, 403, 200]),
    "ROI report": ("metrics:index", None, [302, 200, 200, 200, 200, 200]),
    "introductions": ("metrics:introduction_list", None, [302, 200, 200, 200, 200, 200]),
    "log an introduction": ("metrics:introduction_create", None, [302, 403, 200, 200, 403, 200]),
    "introduction page": ("metrics:introduction_detail", "introduction", [302, 404, 404, 200, 200, 200]),
    "correct introduction (logged by HR)": (
        "metrics:introduction_edit",
        "introduction",
        [302, 404, 404, 403, 403, 200],
    ),
    "delete introduction": ("metrics:introduction_delete", "introduction", [302, 404, 404, 403, 403, 200]),
    "assists": ("metrics:assist_list", None, [302, 200, 200, 200, 200, 200]),
    "log an assist": ("metrics:assist_create", None, [302, 403, 200, 200, 403, 200]),
    "assist page": ("metrics:assist_detail", "assist", [302, 404, 404, 200, 200, 200]),
    "correct assist (logged by HR)": ("metrics:assist_edit", "assist", [302, 404, 404, 403, 403, 200]),
    "hires": ("metrics:hire_list", None, [302, 200, 200, 200, 200, 200]),
    "record a hire": ("metrics:hire_create", None, [302, 403, 200, 200, 403, 200]),
    "hire page": ("metrics:hire_detail", "hire", [302, 404, 404, 200, 200, 200]),
    "correct hire (logged by HR)": ("metrics:hire_edit", "hire", [302, 404, 404, 403, 403, 200]),
    "program costs": ("metrics:cost_list", None, [302, 200, 200, 200, 200, 200]),
    "add program cost": ("metrics:cost_create", None, [302, 403, 403, 403, 403, 200]),
    "baselines": ("metrics:baseline_list", None, [302, 403, 403, 403, 200, 200]),
    "add baseline": ("metrics:baseline_create", None, [302, 403, 403, 403, 403, 200]),
    "assist value scale": ("metrics:assist_type_list", None, [302, 403, 403, 403, 403, 200]),
    "wins": ("metrics:win_list", None, [302, 200, 200, 200, 200, 200]),
    "win page": ("metrics:win_detail", "win", [302, 404, 404, 200, 200, 200]),
    "celebrate a win": ("metrics:celebrate", "win", [302, 404, 404, 200, 403, 200]),
    "listening inbox": ("listening:index", None, [302, 200, 200, 200, 403, 200]),
    "conversation (pilot A search)": ("listening:conversation_detail", "conversation", [302, 404, 404, 200, 403, 200]),
    "venue ranking": ("listening:ranking", None, [302, 200, 200, 200, 403, 200]),
    "searches": ("listening:search_list", None, [302, 200, 200, 200, 403, 200]),
    "search page (pilot A)": ("listening:search_detail", "search", [302, 404, 404, 200, 403, 200]),
    "new search": ("listening:search_create", None, [302, 403, 403, 403, 403, 200]),
    "edit search": ("listening:search_edit", "search", [302, 403, 403, 403, 403, 200]),
    "search run": ("listening:run_detail", "run", [302, 404, 404, 200, 403, 200]),
    "keyword families": ("listening:family_list", None, [302, 403, 403, 403, 403, 200]),
    "new keyword family": ("listening:family_create", None, [302, 403, 403, 403, 403, 200]),
    "sources": ("listening:source_list", None, [302, 403, 403, 403, 403, 200]),
    "new source": ("listening:source_create", None, [302, 403, 403, 403, 403, 200]),
    "upload to a source": ("listening:source_upload", "upload_source", [302, 403, 403, 403, 403, 200]),
    "Stage 1 page": ("recruiting:index", None, [302, 200, 200, 200, 200, 200]),
    "my recruiting": ("recruiting:mine", None, [302, 404, 200, 200, 404, 200]),
    "candidate profiles": ("recruiting:profile_list", None, [302, 404, 200, 200, 404, 200]),
    "new candidate profile": ("recruiting:profile_create", None, [302, 404, 403, 403, 404, 200]),
    "edit candidate profile": ("recruiting:profile_edit", "profile", [302, 404, 404, 403, 404, 200]),
    "delete candidate profile": ("recruiting:profile_delete", "profile", [302, 404, 404, 403, 404, 200]),
    "openings": ("recruiting:opening_list", None, [302, 404, 200, 200, 404, 200]),
    "new opening": ("recruiting:opening_create", None, [302, 404, 403, 403, 404, 200]),
    "opening page": ("recruiting:opening_detail", "opening", [302, 404, 404, 200, 404, 200]),
    "edit opening": ("recruiting:opening_edit", "opening", [302, 404, 404, 403, 404, 200]),
    "revise opening": ("recruiting:opening_revise", "opening", [302, 404, 404, 403, 404, 200]),
    "opening revisions diff": ("recruiting:opening_diff", "opening", [302, 404, 404, 200, 404, 200]),
    "give feedback": ("recruiting:feedback_create", "opening", [302, 404, 404, 200, 404, 200]),
    "opening board": ("recruiting:opening_board", "opening", [302, 404, 404, 200, 404, 200]),
    "candidates": ("recruiting:candidate_list", None, [302, 404, 200, 200, 404, 200]),
    "new candidate": ("recruiting:candidate_create", None, [302, 404, 200, 200, 404, 200]),
    "candidate page": ("recruiting:candidate_detail", "candidate", [302, 404, 404, 200, 404, 200]),
    "edit candidate": ("recruiting:candidate_edit", "candidate", [302, 404, 404, 200, 404, 200]),
    "delete candidate": ("recruiting:candidate_delete", "candidate", [302, 404, 404, 200, 404, 200]),
    "hire candidate": ("recruiting:candidate_hire", "candidate", [302, 404, 404, 302, 404, 302]),
    "promote conversation": ("recruiting:conversation_promote", "conversation", [302, 404, 404, 200, 404, 200]),
    "refer someone": ("recruiting:referral_create", None, [302, 404, 200, 200, 404, 200]),
    "shared posts": ("recruiting:post_list", None, [302, 404, 200, 200, 404, 200]),
    "log a shared post": ("recruiting:post_create", None, [302, 404, 200, 200, 404, 200]),
    "upload engagement": ("recruiting:post_upload", None, [302, 404, 200, 200, 404, 200]),
    "shared post page": ("recruiting:post_detail", "post", [302, 404, 404, 200, 404, 200]),
    "edit shared post": ("recruiting:post_edit", "post", [302, 404, 404, 403, 404, 200]),
    "delete shared post": ("recruiting:post_delete", "post", [302, 404, 404, 403, 404, 200]),
    "log a response": ("recruiting:response_create", "post", [302, 404, 404, 200, 404, 200]),
    "delete response": ("recruiting:response_delete", "response", [302, 404, 404, 403, 404, 200]),
    "what resonates": ("recruiting:resonance", None, [302, 404, 200, 200, 200, 200]),
    "what resonates CSV": ("recruiting:resonance_csv", None, [302, 404, 200, 200, 200, 200]),
    "schedule interview": ("recruiting:interview_create", None, [302, 404, 200, 200, 404, 200]),
    "interview page": ("recruiting:interview_edit", "interview", [302, 404, 404, 200, 404, 200]),
    "delete interview": ("recruiting:interview_delete", "interview", [302, 404, 404, 200, 404, 200]),
    "recruiting videos": ("recruiting:video_list", None, [302, 404, 200, 200, 404, 200]),
    "new recruiting video": ("recruiting:video_create", None, [302, 404, 403, 403, 404, 200]),
    "edit recruiting video": ("recruiting:video_edit", "video", [302, 404, 404, 403, 404, 200]),
    "delete recruiting video": ("recruiting:video_delete", "video", [302, 404, 404, 403, 404, 200]),
    "point to a video": ("recruiting:pointer_create", None, [302, 404, 200, 200, 404, 200]),
    "video pointer": ("recruiting:pointer_edit", "pointer", [302, 404, 404, 200, 404, 200]),
    "delete video pointer": ("recruiting:pointer_delete", "pointer", [302, 404, 404, 200, 404, 200]),
}


@pytest.fixture
def objects(pilot_a, hr_lead, contributor_a, django_capture_on_commit_callbacks):
    person = PersonFactory(created_by=hr_lead)
    company = CompanyFactory(created_by=hr_lead)
    policy = PolicyFactory(pilot=pilot_a, version=1, status=SharingPolicy.Status.APPROVED)
    intro = metrics_services.introduction_record(
        actor=hr_lead, pilot=pilot_a, on_behalf_of=PersonFactory(), to_company=company
    )
    assist = metrics_services.assist_record(
        actor=hr_lead, pilot=pilot_a, person=person, assist_type="introduction", direction="received"
    )
    hire = metrics_services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=person,
        opening_title="Engineer",
        source="social",
        first_contact_date=dt.date(2026, 1, 5),
        date=dt.date(2026, 2, 5),
    )
    source = listening_services.source_save(
        actor=hr_lead, name="Demo feed", kind="bundled", config={"feed": "talent-and-alumni"}
    )
    search = listening_services.search_save(
        actor=hr_lead, name="Python", query="python", sources=[source], pilot=pilot_a
    )
    listening_services.posts_store(source=source, posts=[make_post(venue="bundled", external_id="1", text="python")])
    with django_capture_on_commit_callbacks(execute=False):
        run = listening_services.run_start(search=search, actor=hr_lead)
    upload_source = listening_services.source_save(actor=hr_lead, name="LinkedIn export", kind="upload", config={})
    stage_1 = _recruiting_objects(pilot_a, contributor_a)
    return {
        **stage_1,
        "source": source.pk,
        "upload_source": upload_source.pk,
        "search": search.pk,
        "conversation": search.conversations.get().pk,
        "run": run.pk,
        "introduction": intro.pk,
        "assist": assist.pk,
        "hire": hire.pk,
        "win": hire.win.pk,
        "pilot": pilot_a.pk,
        "sponsor": pilot_a.sponsor_id,
        "step": pilot_a.steps.first().pk,
        "policy": policy.pk,
        "person": person.pk,
        "company": company.pk,
    }


def _recruiting_objects(pilot, contributor) -> dict[str, int]:
    """One of each Stage 1 row in pilot A (contributor A's pilot)."""
    opening = OpeningFactory(pilot=pilot)
    candidate = CandidateFactory(opening=opening)
    referred = CandidateFactory(opening=opening, source=Candidate.Source.EMPLOYEE_REFERRAL)
    post = PostFactory(pilot=pilot)
    video = RecruitingVideo.objects.create(
        pilot=pilot, speaker="Lea", topic="Our platform", url="https://v.example/1", length_seconds=180
    )
    return {
        "profile": opening.profile_id,
        "opening": opening.pk,
        "feedback": OpeningFeedback.objects.create(opening=opening, author=contributor, comment="Shorter, please").pk,
        "candidate": candidate.pk,
        "referral": Referral.objects.create(candidate=referred, referrer=contributor, why="Great engineer").pk,
        "post": post.pk,
        "response": PostResponse.objects.create(post=post, person=PersonFactory(), responded_on=dt.date(2026, 3, 1)).pk,
        "interview": VideoInterview.objects.create(candidate=candidate, scheduled_at=timezone.now()).pk,
        "video": video.pk,
        "pointer": VideoPointer.objects.create(video=video, candidate=candidate).pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", MATRIX)
def test_who_may_open_each_page(page, request, client_for, objects, contributor_a, contributor_b, manager):
    name, obj, expected = MATRIX[page]
    url = reverse(name, args=[objects[obj]] if obj else [])
    got = []
    for persona in PERSONAS:
        user = None if persona == "anonymous" else request.getfixturevalue(persona)
        response = client_for(user).get(url)
        got.append(response.status_code)
        if persona == "anonymous" and response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True))


# Actions that only take a POST. An empty one: who gets past the access rule is sent back to the
# page with what was missing (302); a contributor is refused the HR lead's decisions (403); anyone
# else is not told the object exists (404).
POST_MATRIX = {
    "change opening status": ("recruiting:opening_status", "opening", [302, 404, 404, 403, 404, 302]),
    "ask for suggestions": ("recruiting:opening_ask", "opening", [302, 404, 404, 403, 404, 302]),
    "decide on feedback": ("recruiting:feedback_decide", "feedback", [302, 404, 404, 403, 404, 302]),
    "move candidate": ("recruiting:candidate_move", "candidate", [302, 404, 404, 302, 404, 302]),
    "thank for referral": ("recruiting:referral_thank", "referral", [302, 404, 404, 403, 404, 302]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", POST_MATRIX)
def test_who_may_post_each_action(action, request, client_for, objects, contributor_a, contributor_b, manager):
    name, obj, expected = POST_MATRIX[action]
    url = reverse(name, args=[objects[obj]])
    got = []
    for persona in PERSONAS:
        user = None if persona == "anonymous" else request.getfixturevalue(persona)
        got.append(client_for(user).post(url, {}).status_code)
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True))
