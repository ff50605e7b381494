"""/api/v1/alumni/introductions/: Stage 2 introductions on behalf of alumni with their confirmation
status, and ``POST {id}/ask-confirmation/``; access as on the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from accounts.models import AuditEvent
from alumni.selectors.introductions import ASK_VERB
from alumni.services.introductions import AUDIT_LISTED
from metrics import services as ledger
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonEmailFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/alumni/introductions/"


@pytest.fixture
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def rows(pilot_b, contributor_b, hr_lead):
    segment = SegmentFactory(pilot=pilot_b, name="Engineers")
    person = PersonFactory(
        first_name="Ada", last_name="Lovelace", consent_to_contact=True, consent_date=dt.date(2026, 1, 1)
    )
    PersonEmailFactory(person=person, email="ada@mail.example")
    alumnus = AlumnusFactory(person=person, pilot=pilot_b, segment=segment)
    first = ledger.introduction_record(
        actor=contributor_b, pilot=pilot_b, on_behalf_of=person, to_person=PersonFactory()
    )
    second = ledger.introduction_record(
        actor=contributor_b, pilot=pilot_b, on_behalf_of=person, to_person=PersonFactory()
    )
    ledger.introduction_confirm(actor=hr_lead, introduction=second)
    return {"alumnus": alumnus, "segment": segment, "open": first, "meaningful": second}


def test_the_list_gives_the_confirmation_status_and_is_audited_once(rows, api_client_for, contributor_b):
    response = api_client_for(contributor_b).get(URL)
    assert response.status_code == 200
    by_id = {row["id"]: row for row in response.data["results"]}
    assert by_id[rows["open"].pk]["confirmation"] == "unconfirmed"
    assert by_id[rows["meaningful"].pk]["confirmation"] == "meaningful"
    assert by_id[rows["open"].pk]["alumnus"] == rows["alumnus"].pk
    assert by_id[rows["open"].pk]["segment"] == "Engineers"
    assert AuditEvent.objects.filter(verb=AUDIT_LISTED, actor=contributor_b).count() == 1


def test_filters(rows, api_client_for, contributor_b):
    client = api_client_for(contributor_b)
    ids = [r["id"] for r in client.get(f"{URL}?confirmation=meaningful").data["results"]]
    assert ids == [rows["meaningful"].pk]
    assert client.get(f"{URL}?segment={rows['segment'].pk}").data["count"] == 2
    assert client.get(f"{URL}?confirmation=bogus").status_code == 400
    assert client.get(f"{URL}?pilot=99999999999999999999").status_code == 400


def test_ask_confirmation_sends_once_then_409(
    rows, api_client_for, contributor_b, eager_celery, django_capture_on_commit_callbacks
):
    client = api_client_for(contributor_b)
    url = f"{URL}{rows['open'].pk}/ask-confirmation/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {}, format="json")
    assert response.status_code == 200
    assert response.data["confirmation"] == "asked"
    assert response.data["confirmation_asked_at"] is not None
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {}, format="json")
    assert again.status_code == 409
    assert again.data["error"]["code"] == "asked_recently"
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb=ASK_VERB).count() == 1


def test_ask_is_refused_without_consent(rows, api_client_for, contributor_b, django_capture_on_commit_callbacks):
    person = rows["alumnus"].person
    person.consent_to_contact, person.consent_date = False, None
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(contributor_b).post(f"{URL}{rows['open'].pk}/ask-confirmation/")
    assert response.status_code == 400
    assert "consented" in response.data["error"]["message"]
    assert mail.outbox == []


def test_access(rows, api_client_for, contributor_a, manager, outsider, sponsor_b):
    sponsor_b.managers.add(manager)
    assert api_client_for(None).get(URL).status_code in (401, 403)
    assert api_client_for(manager).get(URL).status_code == 403
    assert api_client_for(outsider).get(URL).status_code == 403
    assert api_client_for(contributor_a).get(URL).data["count"] == 0
    assert api_client_for(contributor_a).get(f"{URL}{rows['open'].pk}/").status_code == 404
    assert api_client_for(contributor_a).post(f"{URL}{rows['open'].pk}/ask-confirmation/").status_code == 404
