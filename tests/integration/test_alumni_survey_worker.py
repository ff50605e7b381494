"""Sending a survey on a real Celery worker over Redis and PostgreSQL: the send commits the invites
and enqueues "alumni.send_survey_invites" by name; the worker emails each consenting alumnus once
and records sent_at; someone without consent gets nothing.

Run under scripts/with-services.sh (settings turn eager mode off because CELERY_BROKER_URL is set).
"""

from __future__ import annotations

import pytest
from celery import current_app
from django.core import mail

from alumni.models import SurveyInvite
from alumni.services import survey_delivery as delivery
from alumni.services import surveys as services
from tests.alumni import surveys_world as world

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_worker_emails_each_invite_once_and_records_sent_at(worker, hr_lead, pilot_b):
    world.mature(pilot_b, hr_lead)
    asked = world.alumni(pilot_b, 2)
    world.alumnus(pilot_b, consent=False)
    survey = services.survey_create(actor=hr_lead, pilot=pilot_b)

    # Commits, then enqueues the task by name (transaction.on_commit) for the worker.
    assert delivery.survey_send(actor=hr_lead, survey=survey) == 2
    # The solo worker runs one task at a time, in order: when this second run answers, the one the
    # send enqueued has finished. Both may run: nobody gets a second email.
    again = current_app.signature(services.SEND_TASK, args=[survey.pk]).apply_async(ignore_result=False)
    assert again.get(timeout=30) == 0

    invites = SurveyInvite.objects.filter(survey=survey)
    assert invites.count() == 2
    assert all(row.sent_at is not None for row in invites)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.person.emails.get().email for a in asked)
