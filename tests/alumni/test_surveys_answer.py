"""Answering through the emailed link, without an account: a valid link shows the questions and
records the answers once; expired, tampered and reused links, and closed surveys, get the friendly
page and write nothing; bad answers are a 400 with clear messages and write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import AuditEvent
from alumni.models import Survey, SurveyAnswer, SurveyInvite
from alumni.services import survey_delivery as delivery
from alumni.services import surveys as services
from tests.alumni import surveys_world as world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(hr_lead, pilot_b):
    """A sent survey with the default questions and one invite (already emailed) for Ada."""
    survey = services.survey_create(actor=hr_lead, pilot=pilot_b)
    Survey.objects.filter(pk=survey.pk).update(status="sent", sent_at=timezone.now())
    survey.refresh_from_db()
    ada = world.alumnus(pilot_b, first_name="Ada")
    row = world.invite(survey, ada)
    choice, scale, text = survey.questions.order_by("order")
    return {"survey": survey, "invite": row, "choice": choice, "scale": scale, "text": text}


def url(row):
    return reverse("alumni:survey_answer", args=[world.token_for(row)])


def good(sent):
    return {
        f"q_{sent['choice'].pk}": "Job leads",
        f"q_{sent['scale'].pk}": "4",
        f"q_{sent['text'].pk}": "Tell me about events in Lyon.",
    }


def nothing_written(row):
    row.refresh_from_db()
    return row.answered_at is None and not SurveyAnswer.objects.exists()


def test_the_link_shows_the_questions_without_an_account(client, sent):
    page = client.get(url(sent["invite"]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Hello Ada" in text
    assert "What would help you most right now?" in text
    assert 'value="Events in my city"' in text
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]


def test_answers_are_recorded_once_with_answered_at(client, sent):
    row = sent["invite"]

    response = client.post(url(row), good(sent))

    assert response.status_code == 302
    assert response["Location"] == reverse("alumni:survey_thanks")
    assert client.get(response["Location"]).status_code == 200
    row.refresh_from_db()
    assert row.answered_at is not None
    assert dict(SurveyAnswer.objects.values_list("question_id", "value")) == {
        sent["choice"].pk: "Job leads",
        sent["scale"].pk: "4",
        sent["text"].pk: "Tell me about events in Lyon.",
    }
    event = AuditEvent.objects.get(verb="survey.answered")
    assert (event.actor, event.person_id) == (None, row.alumnus.person_id)


def test_the_optional_text_may_be_left_empty(client, sent):
    answers = good(sent)
    answers[f"q_{sent['text'].pk}"] = "   "

    assert client.post(url(sent["invite"]), answers).status_code == 302
    assert set(SurveyAnswer.objects.values_list("question_id", flat=True)) == {sent["choice"].pk, sent["scale"].pk}


def test_a_reused_link_is_refused_and_writes_nothing_more(client, sent):
    link = url(sent["invite"])
    client.post(link, good(sent))
    again = dict(good(sent), **{f"q_{sent['choice'].pk}": "Contract work"})

    get = client.get(link)
    post = client.post(link, again)

    assert (get.status_code, post.status_code) == (410, 410)
    assert "Already recorded" in post.content.decode()
    assert SurveyAnswer.objects.get(question=sent["choice"]).value == "Job leads"
    assert SurveyAnswer.objects.count() == 3


def test_the_same_token_cannot_be_used_twice_even_if_answered_at_were_cleared(sent):
    token = world.token_for(sent["invite"])
    delivery.survey_answer(token=token, answers=good(sent))
    SurveyInvite.objects.update(answered_at=None)

    with pytest.raises(delivery.LinkRefused) as exc:
        delivery.survey_answer(token=token, answers=good(sent))

    assert exc.value.reason == "used"
    assert SurveyAnswer.objects.count() == 3


def test_an_expired_link_is_refused(client, sent):
    with freeze_time(timezone.now() - dt.timedelta(days=31)):
        old = url(sent["invite"])

    get = client.get(old)
    post = client.post(old, good(sent))

    assert (get.status_code, post.status_code) == (410, 410)
    assert "This link has expired" in post.content.decode()
    assert nothing_written(sent["invite"])


def test_a_tampered_link_is_refused(client, sent):
    token = world.token_for(sent["invite"])
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    response = client.post(reverse("alumni:survey_answer", args=[forged]), good(sent))
    other_purpose = client.get(
        reverse("alumni:survey_answer", args=[delivery.link_token("alumni.other", {"v": sent["invite"].pk})])
    )

    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert other_purpose.status_code == 400
    assert nothing_written(sent["invite"])


def test_a_link_to_an_invite_that_is_gone_is_refused(client, sent):
    link = url(sent["invite"])
    SurveyInvite.objects.all().delete()

    assert client.get(link).status_code == 400


def test_a_closed_survey_takes_no_answers(client, sent):
    Survey.objects.filter(pk=sent["survey"].pk).update(status="closed")

    get = client.get(url(sent["invite"]))
    post = client.post(url(sent["invite"]), good(sent))

    assert (get.status_code, post.status_code) == (410, 410)
    assert "This survey is closed" in post.content.decode()
    assert nothing_written(sent["invite"])
    with pytest.raises(services.SurveyClosedError):
        delivery.survey_answer(token=world.token_for(sent["invite"]), answers=good(sent))


def test_a_survey_past_its_closing_day_takes_no_answers(client, sent):
    Survey.objects.filter(pk=sent["survey"].pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))

    assert client.post(url(sent["invite"]), good(sent)).status_code == 410
    assert nothing_written(sent["invite"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"choice": "Free money"}, services.MSG_CHOOSE),
        ({"choice": ""}, services.MSG_CHOOSE),
        ({"scale": "6"}, services.MSG_SCALE),
        ({"scale": "0"}, services.MSG_SCALE),
        ({"scale": "four"}, services.MSG_SCALE),
        ({"text": "x" * 2001}, services.MSG_ANSWER_LONG),
    ],
)
def test_bad_answers_are_a_400_with_the_message_and_write_nothing(client, sent, change, message):
    answers = good(sent)
    for name, value in change.items():
        answers[f"q_{sent[name].pk}"] = value

    response = client.post(url(sent["invite"]), answers)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_written(sent["invite"])
    # The link was not used: the alumnus can correct and send.
    assert client.post(url(sent["invite"]), good(sent)).status_code == 302


def test_the_service_reports_every_bad_answer_at_once(sent):
    with pytest.raises(delivery.DomainError) as exc:
        delivery.survey_answer(token=world.token_for(sent["invite"]), answers={})

    assert set(exc.value.fields) == {f"q_{sent['choice'].pk}", f"q_{sent['scale'].pk}"}
    assert nothing_written(sent["invite"])
