"""Sending a survey: the confirm page (who gets it, who is skipped and why), the seed's warning
against asking too early (young pilot, few meaningful introductions) and the "I understand"
acknowledgement, consent (never emailed without it; withdrawn after sending: not emailed), at most
one email per person and survey, and closing. Tasks run eagerly here, on commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEvent
from alumni.models import Survey, SurveyInvite
from alumni.services import survey_delivery as delivery
from alumni.services import surveys as services
from core.errors import ConflictError, DomainError
from people.models import Person
from tests.alumni import surveys_world as world
from tests.alumni.factories import SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def survey(hr_lead, pilot_b):
    return services.survey_create(actor=hr_lead, pilot=pilot_b)


@pytest.fixture
def audience(pilot_b):
    """Three who may be asked, and one skipped for each reason."""
    return {
        "ok": world.alumni(pilot_b, 3),
        "no_consent": world.alumnus(pilot_b, consent=False),
        "dnc": world.alumnus(pilot_b, consent=True, do_not_contact=True),
        "no_email": world.alumnus(pilot_b, email=False),
    }


def send_url(survey):
    return reverse("alumni:survey_send", args=[survey.pk])


def test_confirm_page_counts_who_gets_it_and_who_is_skipped_and_why(client_for, hr_lead, pilot_b, survey, audience):
    world.mature(pilot_b, hr_lead)  # adds one alumnus without consent (the introductions' subject)

    page = client_for(hr_lead).get(send_url(survey))

    text = page.content.decode()
    assert page.status_code == 200
    assert "<strong>3</strong> alumni will receive" in text
    assert "4 are skipped" in text
    assert "2 without consent to be contacted" in text
    assert "1 marked “do not contact”" in text
    assert "1 without an email address" in text
    assert "It may be too early" not in text
    assert delivery.audience(survey) == delivery.Audience(
        total=7, eligible=3, do_not_contact=1, no_consent=2, no_email=1
    )


def test_young_pilot_with_few_introductions_warns_quoting_the_seed(client_for, hr_lead, pilot_b, survey, audience):
    world.mature(pilot_b, hr_lead, days=30, introductions=9)

    page = client_for(hr_lead).get(send_url(survey)).content.decode()

    assert "It may be too early to ask" in page
    assert "Don&#x27;t do this at the beginning" in page
    assert "started 30 days ago, less than 90 days" in page
    assert "Only 9 meaningful introductions have been made" in page
    assert "I understand" in page
    assert [w.code for w in delivery.send_warnings(survey)] == ["young_pilot", "few_introductions"]


def test_no_start_date_warns(survey, pilot_b):
    assert pilot_b.start_date is None
    assert delivery.send_warnings(survey)[0].code == "young_pilot"


def test_thresholds_are_exactly_90_days_and_10_introductions(hr_lead, pilot_b, survey):
    world.mature(pilot_b, hr_lead, days=services.YOUNG_PILOT_DAYS, introductions=services.MIN_MEANINGFUL_INTRODUCTIONS)
    assert delivery.send_warnings(survey) == []

    pilot_b.start_date = world.TODAY - dt.timedelta(days=89)
    assert [w.code for w in delivery.send_warnings(survey)] == ["young_pilot"]


def test_sending_with_a_warning_is_refused_without_i_understand(client_for, hr_lead, pilot_b, survey, audience):
    response = client_for(hr_lead).post(send_url(survey), {})

    assert response.status_code == 400
    assert services.MSG_ACKNOWLEDGE in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == "draft"
    assert not SurveyInvite.objects.exists()
    assert not AuditEvent.objects.filter(verb="survey.sent").exists()
    assert mail.outbox == []


def test_sending_anyway_records_the_acknowledgement(
    client_for, hr_lead, pilot_b, survey, audience, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr_lead).post(send_url(survey), {"acknowledge_warnings": "on"})

    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="survey.sent")
    assert event.data == {
        "invites": 3,
        "skipped": {"do_not_contact": 1, "no_consent": 1, "no_email": 1},
        "warnings": ["young_pilot", "few_introductions"],
        "warnings_acknowledged": True,
    }
    assert len(mail.outbox) == 3


def test_never_sends_to_anyone_without_consent(hr_lead, pilot_b, survey, audience, django_capture_on_commit_callbacks):
    world.mature(pilot_b, hr_lead)
    segment = SegmentFactory(pilot=pilot_b)
    audience["ok"][0].segment = segment
    audience["ok"][0].save(update_fields=["segment"])

    with django_capture_on_commit_callbacks(execute=True):
        invited = delivery.survey_send(actor=hr_lead, survey=survey)

    survey.refresh_from_db()
    asked = {a.person.emails.get().email for a in audience["ok"]}
    assert invited == 3
    assert {m.to[0] for m in mail.outbox} == asked
    invites = SurveyInvite.objects.filter(survey=survey)
    assert set(invites.values_list("alumnus_id", flat=True)) == {a.pk for a in audience["ok"]}
    assert invites.get(alumnus=audience["ok"][0]).segment == segment
    assert all(i.sent_at is not None for i in invites)
    assert (survey.status, survey.sent_at is not None) == ("sent", True)
    body = mail.outbox[0].body
    assert "/alumni/survey/" in body
    assert AuditEvent.objects.filter(verb="survey.invited").count() == 3


def test_segments_narrow_the_audience(hr_lead, pilot_b, audience):
    world.mature(pilot_b, hr_lead)
    partners = SegmentFactory(pilot=pilot_b, name="Partners")
    chosen = world.alumnus(pilot_b, segment=partners)
    survey = services.survey_create(actor=hr_lead, pilot=pilot_b, segments=[partners])

    assert delivery.survey_send(actor=hr_lead, survey=survey) == 1
    assert list(SurveyInvite.objects.values_list("alumnus_id", "segment_id")) == [(chosen.pk, partners.pk)]


def test_the_task_twice_sends_one_email_each(hr_lead, pilot_b, survey, audience):
    world.mature(pilot_b, hr_lead)
    delivery.survey_send(actor=hr_lead, survey=survey)  # on_commit not run: no email yet
    assert mail.outbox == []

    first = delivery.survey_invites_send(survey_id=survey.pk)
    SurveyInvite.objects.update(sent_at=None)  # as if the first run's bookkeeping were lost
    second = delivery.survey_invites_send(survey_id=survey.pk)

    assert (first, second) == (3, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted({m.to[0] for m in mail.outbox})
    assert len(mail.outbox) == 3


def test_consent_withdrawn_after_sending_gets_no_email_and_stays_unsent(hr_lead, pilot_b, survey, audience):
    world.mature(pilot_b, hr_lead)
    delivery.survey_send(actor=hr_lead, survey=survey)
    withdrew, marked, stays = audience["ok"]
    Person.objects.filter(pk=withdrew.person_id).update(consent_to_contact=False, consent_date=None)
    Person.objects.filter(pk=marked.person_id).update(do_not_contact=True)

    assert delivery.survey_invites_send(survey_id=survey.pk) == 1

    assert [m.to[0] for m in mail.outbox] == [stays.person.emails.get().email]
    sent = dict(SurveyInvite.objects.values_list("alumnus_id", "sent_at"))
    assert sent[withdrew.pk] is None and sent[marked.pk] is None and sent[stays.pk] is not None


def test_nobody_eligible_is_refused(hr_lead, pilot_b, survey):
    world.mature(pilot_b, hr_lead)
    world.alumnus(pilot_b, consent=False)

    with pytest.raises(DomainError) as exc:
        delivery.survey_send(actor=hr_lead, survey=survey)

    assert exc.value.code == "nobody_to_ask"
    assert Survey.objects.get(pk=survey.pk).status == "draft"


def test_a_survey_is_sent_once(hr_lead, pilot_b, survey, audience):
    world.mature(pilot_b, hr_lead)
    delivery.survey_send(actor=hr_lead, survey=survey)
    world.alumnus(pilot_b)

    with pytest.raises(ConflictError):
        delivery.survey_send(actor=hr_lead, survey=survey)
    assert SurveyInvite.objects.count() == 3


def test_closing_stops_the_emails_not_yet_sent(client_for, hr_lead, contributor_b, pilot_b, survey, audience):
    world.mature(pilot_b, hr_lead)
    delivery.survey_send(actor=hr_lead, survey=survey)

    assert client_for(contributor_b).post(reverse("alumni:survey_close", args=[survey.pk])).status_code == 403
    response = client_for(hr_lead).post(reverse("alumni:survey_close", args=[survey.pk]))

    assert response.status_code == 302
    assert Survey.objects.get(pk=survey.pk).status == "closed"
    assert delivery.survey_invites_send(survey_id=survey.pk) == 0
    assert mail.outbox == []
    assert AuditEvent.objects.filter(verb="survey.closed").count() == 1


def test_only_hr_leads_send(client_for, contributor_b, survey):
    assert client_for(contributor_b).get(send_url(survey)).status_code == 403
    assert client_for(contributor_b).post(send_url(survey), {"acknowledge_warnings": "on"}).status_code == 403
    assert not SurveyInvite.objects.exists()


def test_pending_emails_can_be_sent_again_once_each(
    client_for, hr_lead, pilot_b, survey, audience, django_capture_on_commit_callbacks
):
    world.mature(pilot_b, hr_lead)
    delivery.survey_send(actor=hr_lead, survey=survey)  # its task never ran (as if the broker were down)
    detail = client_for(hr_lead).get(reverse("alumni:survey_detail", args=[survey.pk])).content.decode()
    assert "Send the emails not sent yet" in detail

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr_lead).post(reverse("alumni:survey_send_pending", args=[survey.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client_for(hr_lead).post(reverse("alumni:survey_send_pending", args=[survey.pk]))

    assert response.status_code == 302
    assert len(mail.outbox) == 3
    assert not SurveyInvite.objects.filter(sent_at__isnull=True).exists()
    assert list(AuditEvent.objects.filter(verb="survey.resent").order_by("pk").values_list("data", flat=True)) == [
        {"pending": 3},
        {"pending": 0},
    ]
