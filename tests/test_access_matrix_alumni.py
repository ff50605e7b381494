"""Who may open which Stage 2 page: every alumni page against every persona, in one table.

The personas are tests/conftest.py's, as in tests/test_access_matrix.py; here the Stage 2 rows are
in pilot B (a Stage 2 pilot: contributor B works in it, contributor A does not) and the manager
manages pilot B's sponsor. 302 means "sent to log in" (or, for a POST, sent back to the page), 404
"not even told it exists", 403 "visible to the role, but not this action".

- HR leads open everything.
- Contributors of the pilot open the pages that name its alumni and log work there; they read
  segments, surveys and their results, and change neither (403). Imports are HR leads' (404).
  Outplacement cases are seen by their owner (contributor B owns this one) and HR leads only;
  only HR leads open or delete one (403 for the owner).
- A contributor of another stage's pilot may open the directory (empty for them) but not the
  forms that need a Stage 2 pilot of theirs (share, recommend, new event: 404).
- Managers read the Stage 2 page, the goodwill curve, the density table and survey results
  (counts), and nothing that names an alumnus (404); a survey's edit pages are visible to them
  but not theirs to use (403).
- "Reassign alumni" sent without a pilot is a 404, for an HR lead too: no such pilot.
- Contributors outside the pilot, and people in no pilot, are not told the alumni exist (404).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alumni.models import (
    AlumniImport,
    CoachingSession,
    ImportMatch,
    NetworkingEvent,
    OpeningShare,
    OutplacementCase,
    Survey,
    SurveyQuestion,
)
from metrics import services as metrics_services
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import MembershipFactory
from tests.test_access_matrix import PERSONAS

# page: (url name, which object's pk, expected status per persona in PERSONAS order:
#        anonymous, outsider, contributor_b (in the pilot), contributor_a (not), manager, hr_lead)
MATRIX = {
    "Stage 2 page": ("alumni:index", None, [302, 200, 200, 200, 200, 200]),
    "goodwill over time": ("alumni:goodwill", None, [302, 404, 200, 404, 200, 200]),
    "goodwill CSV": ("alumni:goodwill_csv", None, [302, 404, 200, 404, 200, 200]),
    "alumni directory": ("alumni:alumnus_list", None, [302, 404, 200, 200, 404, 200]),
    "alumni CSV": ("alumni:alumnus_csv", None, [302, 404, 200, 200, 404, 200]),
    "new alumnus": ("alumni:alumnus_create", None, [302, 404, 200, 200, 404, 200]),
    "alumnus page": ("alumni:alumnus_detail", "alumnus", [302, 404, 200, 404, 404, 200]),
    "edit alumnus": ("alumni:alumnus_edit", "alumnus", [302, 404, 200, 404, 404, 200]),
    "delete alumnus record": ("alumni:alumnus_delete", "alumnus", [302, 404, 403, 404, 404, 200]),
    "segments": ("alumni:segment_list", None, [302, 404, 200, 200, 404, 200]),
    "new segment": ("alumni:segment_create", None, [302, 404, 403, 403, 404, 200]),
    "segment page": ("alumni:segment_detail", "segment", [302, 404, 200, 404, 404, 200]),
    "edit segment": ("alumni:segment_edit", "segment", [302, 404, 403, 404, 404, 200]),
    "delete segment": ("alumni:segment_delete", "segment", [302, 404, 403, 404, 404, 200]),
    "imports": ("alumni:import_list", None, [302, 404, 404, 404, 404, 200]),
    "new import": ("alumni:import_create", None, [302, 404, 404, 404, 404, 200]),
    "import page": ("alumni:import_detail", "import", [302, 404, 404, 404, 404, 200]),
    "import progress": ("alumni:import_progress", "import", [302, 404, 404, 404, 404, 200]),
    "import merge screen": ("alumni:import_matches", "import", [302, 404, 404, 404, 404, 200]),
    "introductions for alumni": ("alumni:introduction_list", None, [302, 404, 200, 200, 404, 200]),
    "openings shared": ("alumni:share_list", None, [302, 404, 200, 200, 404, 200]),
    "share an opening": ("alumni:share_create", None, [302, 404, 200, 404, 404, 200]),
    "share page": ("alumni:share_detail", "share", [302, 404, 200, 404, 404, 200]),
    "recommendations": ("alumni:recommendation_list", None, [302, 404, 200, 200, 404, 200]),
    "record a recommendation": ("alumni:recommendation_create", None, [302, 404, 200, 404, 404, 200]),
    "networking events": ("alumni:event_list", None, [302, 404, 200, 200, 404, 200]),
    "new event": ("alumni:event_create", None, [302, 404, 200, 404, 404, 200]),
    "event page": ("alumni:event_detail", "event", [302, 404, 200, 404, 404, 200]),
    "edit event": ("alumni:event_edit", "event", [302, 404, 200, 404, 404, 200]),
    "delete event": ("alumni:event_delete", "event", [302, 404, 200, 404, 404, 200]),
    "log an introduction at an event": (
        "alumni:event_introduction_create",
        "event",
        [302, 404, 200, 404, 404, 200],
    ),
    "alumni density": ("alumni:density", None, [302, 404, 200, 200, 200, 200]),
    "surveys": ("alumni:survey_list", None, [302, 404, 200, 200, 200, 200]),
    "new survey": ("alumni:survey_create", None, [302, 404, 403, 403, 403, 200]),
    "survey page": ("alumni:survey_detail", "survey", [302, 404, 200, 404, 200, 200]),
    "edit survey": ("alumni:survey_edit", "survey", [302, 404, 403, 404, 403, 200]),
    "delete survey": ("alumni:survey_delete", "survey", [302, 404, 403, 404, 403, 200]),
    "add a question": ("alumni:survey_question_create", "survey", [302, 404, 403, 404, 403, 200]),
    "edit a question": ("alumni:survey_question_edit", "question", [302, 404, 403, 404, 403, 200]),
    "delete a question": ("alumni:survey_question_delete", "question", [302, 404, 403, 404, 403, 200]),
    "send survey": ("alumni:survey_send", "survey", [302, 404, 403, 404, 403, 200]),
    "survey results": ("alumni:survey_results", "survey", [302, 404, 200, 404, 200, 200]),
    "survey results CSV": ("alumni:survey_results_csv", "survey", [302, 404, 200, 404, 200, 200]),
    "outplacement": ("alumni:outplacement_list", None, [302, 404, 200, 404, 404, 200]),
    "new outplacement case": ("alumni:outplacement_create", None, [302, 404, 403, 404, 404, 200]),
    "outplacement case": ("alumni:outplacement_detail", "case", [302, 404, 200, 404, 404, 200]),
    "edit outplacement case": ("alumni:outplacement_edit", "case", [302, 404, 200, 404, 404, 200]),
    "close outplacement case": ("alumni:outplacement_close", "case", [302, 404, 200, 404, 404, 200]),
    "delete outplacement case": ("alumni:outplacement_delete", "case", [302, 404, 403, 404, 404, 200]),
    "coaching": ("alumni:coaching_list", None, [302, 404, 200, 200, 404, 200]),
    "log coaching": ("alumni:coaching_create", None, [302, 404, 200, 200, 404, 200]),
    "edit coaching": ("alumni:coaching_edit", "coaching", [302, 404, 200, 404, 404, 200]),
    "delete coaching": ("alumni:coaching_delete", "coaching", [302, 404, 200, 404, 404, 200]),
}

# Actions that only take a POST, sent empty: who gets past the access rule is sent back to the page
# (302) or shown what was missing (400); a contributor is refused the HR lead's decisions (403).
POST_MATRIX = {
    "record goodwill": ("alumni:alumnus_goodwill", "alumnus", [302, 404, 400, 404, 404, 400]),
    "set group membership": ("alumni:alumnus_membership", "alumnus", [302, 404, 400, 404, 404, 400]),
    "move segment": ("alumni:segment_move", "segment", [302, 404, 403, 404, 404, 302]),
    "reassign alumni": ("alumni:segments_assign", None, [302, 404, 403, 403, 404, 404]),
    "confirm import": ("alumni:import_confirm", "import", [302, 404, 404, 404, 404, 302]),
    "cancel import": ("alumni:import_cancel", "import", [302, 404, 404, 404, 404, 302]),
    "resume import": ("alumni:import_resume", "import", [302, 404, 404, 404, 404, 302]),
    "ask the alumnus to confirm": ("alumni:introduction_ask", "introduction", [302, 404, 302, 404, 404, 302]),
    "link an introduction to an event": ("alumni:event_link", "event", [302, 404, 302, 404, 404, 302]),
    "close survey": ("alumni:survey_close", "survey", [302, 404, 403, 404, 403, 302]),
    "send pending survey invites": ("alumni:survey_send_pending", "survey", [302, 404, 403, 404, 403, 302]),
    "reopen outplacement case": ("alumni:outplacement_reopen", "case", [302, 404, 302, 404, 404, 302]),
    "coaching follow-up done": ("alumni:coaching_follow_up_done", "coaching", [302, 404, 302, 404, 404, 302]),
}


@pytest.fixture
def objects(pilot_b, hr_lead, contributor_b, manager):
    pilot_b.sponsor.managers.add(manager)
    colleague = UserFactory(email="cleo@firm.example", full_name="Cleo Colleague")
    MembershipFactory(pilot=pilot_b, user=colleague, role=Membership.Role.CONTRIBUTOR)
    segment = SegmentFactory(pilot=pilot_b)
    alumnus = AlumnusFactory(pilot=pilot_b, segment=segment, person=PersonFactory(created_by=hr_lead))
    intro = metrics_services.introduction_record(
        actor=contributor_b, pilot=pilot_b, on_behalf_of=alumnus.person, to_person=PersonFactory()
    )
    imp = AlumniImport.objects.create(
        pilot=pilot_b, kind="hris", file_name="leavers.csv", sha256="0" * 64, content="", created_by=hr_lead
    )
    ImportMatch.objects.create(
        alumni_import=imp, row_number=2, data={"first_name": "Ann"}, person=alumnus.person, reason="Same name"
    )
    survey = Survey.objects.create(pilot=pilot_b, title="How would you like us to help?", created_by=hr_lead)
    question = SurveyQuestion.objects.create(survey=survey, text="What helps?", kind="choice", options=["A", "B"])
    event = NetworkingEvent.objects.create(
        pilot=pilot_b, name="Meetup", city="Berlin", country="DE", starts_on=dt.date(2026, 5, 1), created_by=hr_lead
    )
    case = OutplacementCase.objects.create(
        pilot=pilot_b,
        person=PersonFactory(),
        eliminated_on=timezone.localdate(),
        target_roles="Analyst",
        owner=contributor_b,
        created_by=hr_lead,
    )
    coaching = CoachingSession.objects.create(
        pilot=pilot_b, coach=contributor_b, coachee=colleague, topic="profile", created_by=contributor_b
    )
    share = OpeningShare.objects.create(segment=segment, channel="group_post", message="Who?", shared_by=hr_lead)
    return {
        "alumnus": alumnus.pk,
        "segment": segment.pk,
        "introduction": intro.pk,
        "import": imp.pk,
        "survey": survey.pk,
        "question": question.pk,
        "event": event.pk,
        "case": case.pk,
        "coaching": coaching.pk,
        "share": share.pk,
    }


def _statuses(request, client_for, url: str, method: str) -> dict[str, int]:
    got = {}
    for persona in PERSONAS:
        user = None if persona == "anonymous" else request.getfixturevalue(persona)
        client = client_for(user)
        response = client.get(url) if method == "get" else client.post(url, {})
        got[persona] = response.status_code
        if persona == "anonymous" and response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
    return got


@pytest.mark.django_db
@pytest.mark.parametrize("page", MATRIX)
def test_who_may_open_each_stage_2_page(page, request, client_for, objects):
    name, obj, expected = MATRIX[page]
    url = reverse(name, args=[objects[obj]] if obj else [])
    assert _statuses(request, client_for, url, "get") == dict(zip(PERSONAS, expected, strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("action", POST_MATRIX)
def test_who_may_post_each_stage_2_action(action, request, client_for, objects):
    name, obj, expected = POST_MATRIX[action]
    url = reverse(name, args=[objects[obj]] if obj else [])
    assert _statuses(request, client_for, url, "post") == dict(zip(PERSONAS, expected, strict=True))
