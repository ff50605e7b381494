"""The survey editor: a new survey's defaults, the question rules (choice needs two answers, at
most 20 questions, 300 characters), drafts only, reordering, and who may see and change what.

The world: pilot_b (Stage 2, contributor_b's); an HR lead writes; manager is made a manager of
sponsor_b where a Stage 2 manager is needed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from alumni.models import Survey, SurveyQuestion
from alumni.services import surveys as services
from core.errors import ConflictError, DomainError, ForbiddenError
from tests.alumni.factories import SegmentFactory
from tests.programs.factories import PilotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(hr_lead, pilot_b):
    return services.survey_create(actor=hr_lead, pilot=pilot_b)


def questions(survey):
    return list(survey.questions.order_by("order").values_list("text", "kind", "options", "order"))


# --- Defaults --------------------------------------------------------------------------------------


def test_create_page_prefills_the_title_and_creates_the_default_questions(client_for, hr_lead, pilot_b):
    client = client_for(hr_lead)
    page = client.get(reverse("alumni:survey_create"))
    assert page.status_code == 200
    assert 'value="How would you like us to help?"' in page.content.decode()

    response = client.post(reverse("alumni:survey_create"), {"pilot": pilot_b.pk, "title": services.DEFAULT_TITLE})

    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("alumni:survey_detail", args=[survey.pk])
    assert (survey.status, survey.title, survey.created_by) == ("draft", "How would you like us to help?", hr_lead)
    assert questions(survey) == [
        (
            "What would help you most right now?",
            "choice",
            [
                "Introductions to companies",
                "Job leads",
                "Contract work",
                "Advice from former colleagues",
                "Events in my city",
                "Nothing at the moment",
            ],
            1,
        ),
        ("How likely are you to recommend working with us? (1–5)", "scale", [], 2),
        ("Anything else we could do for you?", "text", [], 3),
    ]
    assert AuditEvent.objects.filter(verb="survey.created", target_id=str(survey.pk)).count() == 1


def test_a_stage_1_pilot_and_another_pilots_segment_are_refused(hr_lead, pilot_a, pilot_b):
    with pytest.raises(DomainError) as exc:
        services.survey_create(actor=hr_lead, pilot=pilot_a)
    assert exc.value.fields == {"pilot": [services.MSG_PILOT]}

    elsewhere = SegmentFactory(pilot=PilotFactory(stage=2))
    with pytest.raises(DomainError) as exc:
        services.survey_create(actor=hr_lead, pilot=pilot_b, segments=[elsewhere])
    assert exc.value.fields == {"segments": [services.MSG_SEGMENTS]}
    assert not Survey.objects.exists()


def test_a_closing_day_in_the_past_rerenders_the_form_with_400(client_for, hr_lead, pilot_b):
    yesterday = dt.date.today() - dt.timedelta(days=2)
    response = client_for(hr_lead).post(
        reverse("alumni:survey_create"), {"pilot": pilot_b.pk, "title": "Hi", "closes_on": yesterday.isoformat()}
    )

    assert response.status_code == 400
    assert services.MSG_CLOSES_PAST in response.content.decode()
    assert not Survey.objects.exists()


# --- Questions --------------------------------------------------------------------------------------


def test_a_choice_question_needs_two_distinct_answers(client_for, hr_lead, survey):
    url = reverse("alumni:survey_question_create", args=[survey.pk])
    client = client_for(hr_lead)

    one = client.post(url, {"text": "Which city?", "kind": "choice", "options": "Berlin\n\n  "})
    twice = client.post(url, {"text": "Which city?", "kind": "choice", "options": "Berlin\nberlin"})

    assert one.status_code == 400 and services.MSG_OPTIONS_FEW in one.content.decode()
    assert twice.status_code == 400 and "“berlin” is offered twice" in twice.content.decode()
    assert survey.questions.count() == 3

    ok = client.post(url, {"text": "  Which   city? ", "kind": "choice", "options": " Berlin \nParis\n"})
    assert ok.status_code == 302
    assert questions(survey)[-1] == ("Which city?", "choice", ["Berlin", "Paris"], 4)


def test_scale_and_text_questions_drop_options(hr_lead, survey):
    question = services.question_add(actor=hr_lead, survey=survey, text="Score?", kind="scale", options=["a", "b"])
    assert question.options == []


def test_question_text_is_bounded_to_300_characters(client_for, hr_lead, survey):
    response = client_for(hr_lead).post(
        reverse("alumni:survey_question_create", args=[survey.pk]), {"text": "x" * 301, "kind": "text"}
    )
    assert response.status_code == 400
    with pytest.raises(DomainError) as exc:
        services.question_add(actor=hr_lead, survey=survey, text="y" * 301, kind="text")
    assert exc.value.fields == {"text": [services.MSG_QUESTION_LONG]}
    assert survey.questions.count() == 3


def test_a_survey_has_at_most_20_questions(hr_lead, survey):
    for n in range(17):
        services.question_add(actor=hr_lead, survey=survey, text=f"Q{n}", kind="text")

    with pytest.raises(DomainError) as exc:
        services.question_add(actor=hr_lead, survey=survey, text="One too many", kind="text")

    assert exc.value.code == "too_many_questions"
    assert survey.questions.count() == 20


def test_questions_are_edited_moved_and_deleted_on_the_survey_page(client_for, hr_lead, survey):
    client = client_for(hr_lead)
    first, second, third = survey.questions.order_by("order")

    edit = client.post(
        reverse("alumni:survey_question_edit", args=[third.pk]), {"text": "Anything else?", "kind": "text"}
    )
    move = client.post(reverse("alumni:survey_question_move", args=[third.pk]), {"direction": "up"})
    delete = client.post(reverse("alumni:survey_question_delete", args=[first.pk]))

    assert (edit.status_code, move.status_code, delete.status_code) == (302, 302, 302)
    assert [(q.pk, q.order) for q in survey.questions.order_by("order")] == [(third.pk, 1), (second.pk, 2)]
    assert SurveyQuestion.objects.get(pk=third.pk).text == "Anything else?"
    verbs = set(AuditEvent.objects.filter(target_id=str(survey.pk)).values_list("verb", flat=True))
    assert {"survey.question_changed", "survey.questions_reordered", "survey.question_deleted"} <= verbs


def test_reorder_needs_each_question_once(hr_lead, survey):
    ids = list(survey.questions.order_by("order").values_list("pk", flat=True))
    with pytest.raises(DomainError):
        services.survey_reorder(actor=hr_lead, survey=survey, question_ids=[ids[0], ids[0], ids[1]])

    services.survey_reorder(actor=hr_lead, survey=survey, question_ids=list(reversed(ids)))

    assert list(survey.questions.order_by("order").values_list("pk", flat=True)) == list(reversed(ids))


def test_a_sent_survey_cannot_be_edited_or_deleted(client_for, hr_lead, survey):
    Survey.objects.filter(pk=survey.pk).update(status="sent")
    survey.refresh_from_db()
    question = survey.questions.first()

    with pytest.raises(ConflictError):
        services.question_add(actor=hr_lead, survey=survey, text="Late", kind="text")
    with pytest.raises(ConflictError):
        services.question_update(actor=hr_lead, question=question, text="Changed", kind="text")
    with pytest.raises(ConflictError):
        services.survey_delete(actor=hr_lead, survey=survey)
    response = client_for(hr_lead).post(reverse("alumni:survey_delete", args=[survey.pk]))

    assert response.status_code == 302
    assert Survey.objects.filter(pk=survey.pk).exists()
    assert survey.questions.count() == 3


def test_a_draft_is_edited_and_deleted(client_for, hr_lead, pilot_b, survey):
    segment = SegmentFactory(pilot=pilot_b, name="Partners")
    client = client_for(hr_lead)

    edit = client.post(
        reverse("alumni:survey_edit", args=[survey.pk]),
        {"title": "How can we help?", "introduction": "Hello", "segments": [segment.pk]},
    )
    survey.refresh_from_db()
    assert edit.status_code == 302
    assert (survey.title, list(survey.segments.all())) == ("How can we help?", [segment])

    delete = client.post(reverse("alumni:survey_delete", args=[survey.pk]))
    assert delete.status_code == 302
    assert not Survey.objects.exists()
    assert AuditEvent.objects.filter(verb="survey.deleted").count() == 1


# --- Who ---------------------------------------------------------------------------------------------


def test_contributor_reads_their_pilots_survey_but_cannot_change_it(client_for, contributor_b, survey):
    client = client_for(contributor_b)

    assert client.get(reverse("alumni:survey_list")).status_code == 200
    assert client.get(reverse("alumni:survey_detail", args=[survey.pk])).status_code == 200
    assert client.get(reverse("alumni:survey_create")).status_code == 403
    assert client.post(reverse("alumni:survey_edit", args=[survey.pk]), {"title": "x"}).status_code == 403
    assert client.post(reverse("alumni:survey_delete", args=[survey.pk])).status_code == 403
    assert Survey.objects.get(pk=survey.pk).title == services.DEFAULT_TITLE
    with pytest.raises(ForbiddenError):
        services.survey_create(actor=contributor_b, pilot=survey.pilot)


def test_contributor_of_another_pilot_and_outsider_get_404(client_for, contributor_a, outsider, survey):
    question = survey.questions.first()
    for user in (contributor_a, outsider):
        client = client_for(user)
        for url in (
            reverse("alumni:survey_detail", args=[survey.pk]),
            reverse("alumni:survey_results", args=[survey.pk]),
            reverse("alumni:survey_edit", args=[survey.pk]),
            reverse("alumni:survey_send", args=[survey.pk]),
            reverse("alumni:survey_question_edit", args=[question.pk]),
        ):
            assert client.get(url).status_code == 404, (user, url)
    assert client_for(outsider).get(reverse("alumni:survey_list")).status_code == 404


def test_list_shows_only_visible_surveys_with_an_empty_state(client_for, hr_lead, contributor_a, survey):
    assert survey.title in client_for(hr_lead).get(reverse("alumni:survey_list")).content.decode()
    page = client_for(contributor_a).get(reverse("alumni:survey_list"))
    assert page.status_code == 200
    assert "No surveys yet" in page.content.decode()


def test_manager_of_the_sponsor_reads_the_survey_but_cannot_edit(client_for, manager, sponsor_b, survey):
    sponsor_b.managers.add(manager)
    client = client_for(manager)

    assert client.get(reverse("alumni:survey_detail", args=[survey.pk])).status_code == 200
    assert client.get(reverse("alumni:survey_edit", args=[survey.pk])).status_code == 403


def test_every_page_of_a_draft_renders_for_the_hr_lead(client_for, hr_lead, survey):
    client = client_for(hr_lead)
    question = survey.questions.first()
    pages = [
        reverse("alumni:survey_list"),
        reverse("alumni:survey_detail", args=[survey.pk]),
        reverse("alumni:survey_edit", args=[survey.pk]),
        reverse("alumni:survey_delete", args=[survey.pk]),
        reverse("alumni:survey_send", args=[survey.pk]),
        reverse("alumni:survey_results", args=[survey.pk]),
        reverse("alumni:survey_question_create", args=[survey.pk]),
        reverse("alumni:survey_question_edit", args=[question.pk]),
        reverse("alumni:survey_question_delete", args=[question.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    detail = client.get(pages[1]).content.decode()
    assert "Move down" in detail and "Add question" in detail and "Send…" in detail
