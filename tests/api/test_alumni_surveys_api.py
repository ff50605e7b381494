"""/api/v1/alumni/surveys/ and /api/v1/alumni/survey-questions/: who may come in and see what,
creating (default or given questions), correcting and deleting drafts, the question rules, the
audience and warnings, sending (acknowledge_warnings, consent), closing, and the results (text
answers withheld from managers)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import AuditEvent
from alumni.models import Survey, SurveyInvite, SurveyQuestion
from alumni.services import surveys as services
from tests.alumni import surveys_world as world
from tests.alumni.factories import SegmentFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/alumni/surveys/"
QUESTIONS = "/api/v1/alumni/survey-questions/"


@pytest.fixture(autouse=True)
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def survey(hr_lead, pilot_b):
    return services.survey_create(actor=hr_lead, pilot=pilot_b)


def test_create_gives_a_draft_with_the_default_questions(api_client_for, hr_lead, pilot_b):
    response = api_client_for(hr_lead).post(BASE, {"pilot": pilot_b.pk}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["status"], body["pilot_name"]) == (
        "How would you like us to help?",
        "draft",
        "Consulting alumni",
    )
    assert [(q["order"], q["kind"]) for q in body["questions"]] == [(1, "choice"), (2, "scale"), (3, "text")]
    assert (body["invited"], body["sent"], body["answered"]) == (0, 0, 0)


def test_create_with_questions_validates_each(api_client_for, hr_lead, pilot_b):
    client = api_client_for(hr_lead)
    bad = client.post(
        BASE,
        {
            "pilot": pilot_b.pk,
            "questions": [
                {"text": "Score?", "kind": "scale"},
                {"text": "Which?", "kind": "choice", "options": ["One"]},
            ],
        },
        format="json",
    )
    ok = client.post(
        BASE, {"pilot": pilot_b.pk, "title": "Quick", "questions": [{"text": "Score?", "kind": "scale"}]}, format="json"
    )

    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["questions"] == [f"Question 2: {services.MSG_OPTIONS_FEW}"]
    assert ok.status_code == 201
    assert [q["text"] for q in ok.json()["questions"]] == ["Score?"]
    assert Survey.objects.count() == 1


def test_create_refuses_other_pilots_and_stage_1_pilots_alike(api_client_for, hr_lead, pilot_a):
    response = api_client_for(hr_lead).post(BASE, {"pilot": pilot_a.pk}, format="json")

    assert response.status_code == 400
    assert "pilot" in response.json()["error"]["fields"]
    assert not Survey.objects.exists()


def test_who_may_read_and_write(
    api_client_for, hr_lead, contributor_a, contributor_b, manager, outsider, sponsor_b, survey
):
    assert api_client_for(outsider).get(BASE).status_code == 403
    assert api_client_for(None).get(BASE).status_code in (401, 403)
    assert api_client_for(contributor_a).get(BASE).json()["count"] == 0
    assert api_client_for(contributor_a).get(f"{BASE}{survey.pk}/").status_code == 404
    assert api_client_for(contributor_b).get(f"{BASE}{survey.pk}/").status_code == 200
    assert api_client_for(contributor_b).patch(f"{BASE}{survey.pk}/", {"title": "x"}, format="json").status_code == 403
    assert api_client_for(contributor_b).delete(f"{BASE}{survey.pk}/").status_code == 403
    assert api_client_for(manager).get(f"{BASE}{survey.pk}/").status_code == 404
    sponsor_b.managers.add(manager)
    assert api_client_for(manager).get(f"{BASE}{survey.pk}/").status_code == 200
    assert api_client_for(manager).post(f"{BASE}{survey.pk}/send/", {}, format="json").status_code == 403
    assert Survey.objects.get(pk=survey.pk).title == services.DEFAULT_TITLE


def test_patch_and_delete_a_draft(api_client_for, hr_lead, pilot_b, survey):
    segment = SegmentFactory(pilot=pilot_b)
    client = api_client_for(hr_lead)

    patched = client.patch(f"{BASE}{survey.pk}/", {"segments": [segment.pk]}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["segments"], patched.json()["title"]) == ([segment.pk], services.DEFAULT_TITLE)

    assert client.delete(f"{BASE}{survey.pk}/").status_code == 204
    assert not Survey.objects.exists()


def test_a_sent_survey_cannot_be_patched_deleted_or_get_questions(api_client_for, hr_lead, survey):
    Survey.objects.filter(pk=survey.pk).update(status="sent")
    client = api_client_for(hr_lead)
    question = survey.questions.first()

    assert client.patch(f"{BASE}{survey.pk}/", {"title": "x"}, format="json").status_code == 409
    assert client.delete(f"{BASE}{survey.pk}/").status_code == 409
    assert client.post(QUESTIONS, {"survey": survey.pk, "text": "x", "kind": "text"}, format="json").status_code == 409
    assert client.patch(f"{QUESTIONS}{question.pk}/", {"text": "x"}, format="json").status_code == 409
    assert client.delete(f"{QUESTIONS}{question.pk}/").status_code == 409
    assert survey.questions.count() == 3


def test_questions_route_adds_changes_reorders_and_deletes(api_client_for, hr_lead, survey):
    client = api_client_for(hr_lead)
    added = client.post(
        QUESTIONS,
        {"survey": survey.pk, "text": "Where?", "kind": "choice", "options": ["Lyon", "Basel"]},
        format="json",
    )
    assert added.status_code == 201, added.json()
    pk = added.json()["id"]
    too_few = client.patch(f"{QUESTIONS}{pk}/", {"options": ["Lyon"]}, format="json")
    assert too_few.status_code == 400
    assert too_few.json()["error"]["fields"] == {"options": [services.MSG_OPTIONS_FEW]}

    ids = list(survey.questions.order_by("order").values_list("pk", flat=True))
    reordered = client.post(f"{BASE}{survey.pk}/reorder/", {"question_ids": list(reversed(ids))}, format="json")
    assert [q["id"] for q in reordered.json()["questions"]] == list(reversed(ids))
    assert client.get(QUESTIONS, {"survey": survey.pk}).json()["count"] == 4
    assert client.get(QUESTIONS, {"survey": "x"}).status_code == 400

    assert client.delete(f"{QUESTIONS}{pk}/").status_code == 204
    assert not SurveyQuestion.objects.filter(pk=pk).exists()


def test_audience_lists_the_skipped_and_the_warnings(api_client_for, hr_lead, pilot_b, survey):
    world.alumni(pilot_b, 2)
    world.alumnus(pilot_b, consent=False)

    body = api_client_for(hr_lead).get(f"{BASE}{survey.pk}/audience/").json()

    assert (body["eligible"], body["skipped"], body["no_consent"], body["no_email"]) == (2, 1, 1, 0)
    assert [w["code"] for w in body["warnings"]] == ["young_pilot", "few_introductions"]
    assert "Don't do this at the beginning" in body["advice"]


def test_send_needs_acknowledge_warnings_then_emails_only_the_consenting(
    api_client_for, hr_lead, pilot_b, survey, django_capture_on_commit_callbacks
):
    world.alumni(pilot_b, 2)
    world.alumnus(pilot_b, consent=False)
    client = api_client_for(hr_lead)

    refused = client.post(f"{BASE}{survey.pk}/send/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "warnings_not_acknowledged"
    assert not SurveyInvite.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{BASE}{survey.pk}/send/", {"acknowledge_warnings": True}, format="json")

    assert sent.status_code == 200, sent.json()
    assert sent.json()["invited"] == 2
    assert sent.json()["survey"]["status"] == "sent"
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.get(verb="survey.sent").data["warnings_acknowledged"] is True
    assert client.post(f"{BASE}{survey.pk}/send/", {"acknowledge_warnings": True}, format="json").status_code == 409
    pending = client.post(f"{BASE}{survey.pk}/send-pending/", {}, format="json")
    assert (pending.status_code, pending.json()) == (200, {"pending": 0})
    closed = client.post(f"{BASE}{survey.pk}/close/", {}, format="json")
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")


def test_results_give_counts_to_managers_and_texts_to_the_pilot(
    api_client_for, hr_lead, contributor_b, manager, sponsor_b, pilot_b, survey
):
    Survey.objects.filter(pk=survey.pk).update(status="sent", sent_at=timezone.now())
    c, s, t = survey.questions.order_by("order")
    segment = SegmentFactory(pilot=pilot_b, name="Partners")
    row = world.invite(survey, world.alumnus(pilot_b, segment=segment))
    world.answer(row, {c.pk: "Job leads", s.pk: "4", t.pk: "Call me"})
    world.invite(survey, world.alumnus(pilot_b))
    sponsor_b.managers.add(manager)

    mine = api_client_for(contributor_b).get(f"{BASE}{survey.pk}/results/").json()
    theirs = api_client_for(manager).get(f"{BASE}{survey.pk}/results/").json()
    partners = api_client_for(hr_lead).get(f"{BASE}{survey.pk}/results/", {"segment": str(segment.pk)}).json()

    assert (mine["sent"], mine["answered"], mine["response_rate"]) == (2, 1, "50.0")
    assert mine["questions"][2]["texts"] == ["Call me"]
    assert mine["questions"][1]["mean"] == "4.00"
    assert theirs["questions"][2]["texts"] is None
    assert theirs["questions"][0]["counts"][1] == {"label": "Job leads", "count": 1, "share": "100.0"}
    assert [(r["name"], r["sent"], r["answered"]) for r in mine["segments"]] == [
        ("Partners", 1, 1),
        ("No segment", 1, 0),
    ]
    assert (partners["segment"], partners["sent"], partners["response_rate"]) == (str(segment.pk), 1, "100.0")
    assert api_client_for(hr_lead).get(f"{BASE}{survey.pk}/results/", {"segment": "nope"}).status_code == 400
    assert AuditEvent.objects.filter(verb="survey.results_api_viewed").count() == 2
