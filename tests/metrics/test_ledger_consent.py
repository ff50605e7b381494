"""Do-not-contact in the ledger (people.consent): an introduction whose subject (the person
introduced, or the person they are introduced to) asked not to be contacted is refused unless the
actor writes an override reason, which is recorded; the weekly digest never names such a person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from metrics import services
from metrics.models import Introduction
from people.consent import OVERRIDE_FIELD
from tests.people.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/introductions/"
CREATE = reverse("metrics:introduction_create")


@pytest.fixture
def quiet_person(db):
    """Asked not to be contacted."""
    return PersonFactory(first_name="Quinn", last_name="Quiet", do_not_contact=True)


@pytest.fixture
def alumna(db):
    return PersonFactory(first_name="Ada", last_name="Alumna")


def page_post(pilot, on_behalf_of, to_person, **extra):
    data = {
        "on_behalf_of": on_behalf_of.pk,
        "to_person": to_person.pk,
        "on_behalf_kind": "alumnus",
        "purpose": "job",
        "pilot": pilot.pk,
        "date": timezone.localdate().isoformat(),
        "outcome": "",
    }
    data.update(extra)
    return data


# --- the quick log page -----------------------------------------------------------------------


def test_form_refuses_to_introduce_someone_who_asked_not_to_be_contacted(
    client_for, contributor_a, pilot_a, quiet_person, alumna
):
    response = client_for(contributor_a).post(CREATE, page_post(pilot_a, quiet_person, alumna))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Quinn Quiet asked not to be contacted" in html
    assert f'name="{OVERRIDE_FIELD}"' in html  # the override field appears once it is needed
    assert not Introduction.objects.exists()


def test_form_shows_no_override_field_when_nobody_objects(client_for, contributor_a):
    response = client_for(contributor_a).get(CREATE)

    assert f'name="{OVERRIDE_FIELD}"' not in response.content.decode()


def test_form_goes_ahead_with_an_override_reason_and_records_it(
    client_for, contributor_a, pilot_a, quiet_person, alumna
):
    reason = "Quinn asked us in person to make this one introduction."
    response = client_for(contributor_a).post(
        CREATE, page_post(pilot_a, alumna, quiet_person, **{OVERRIDE_FIELD: reason})
    )

    assert response.status_code == 302
    intro = Introduction.objects.get()
    assert intro.to_person == quiet_person
    override = AuditEvent.objects.get(verb="person.contact_override")
    assert override.person_id == quiet_person.pk and override.actor == contributor_a
    assert override.data == {"purpose": "introduction", "reason": reason}
    recorded = AuditEvent.objects.get(verb="introduction.recorded")
    assert recorded.data[OVERRIDE_FIELD] == reason


def test_correcting_an_introduction_to_name_a_do_not_contact_person_needs_an_override(
    client_for, contributor_a, pilot_a, quiet_person, alumna
):
    intro = services.introduction_record(
        actor=contributor_a, pilot=pilot_a, on_behalf_of=alumna, to_company=CompanyFactory()
    )
    edit = reverse("metrics:introduction_edit", args=[intro.pk])
    data = page_post(pilot_a, alumna, quiet_person, to_company=intro.to_company_id)

    refused = client_for(contributor_a).post(edit, data)
    assert refused.status_code == 400
    intro.refresh_from_db()
    assert intro.to_person is None

    done = client_for(contributor_a).post(edit, {**data, OVERRIDE_FIELD: "Agreed by phone"})
    assert done.status_code == 302
    intro.refresh_from_db()
    assert intro.to_person == quiet_person


def test_correcting_the_outcome_of_an_earlier_introduction_needs_no_override(
    client_for, contributor_a, pilot_a, quiet_person, alumna
):
    """The person was marked do-not-contact after the introduction: correcting what came of it
    contacts nobody."""
    intro = services.introduction_record(
        actor=contributor_a, pilot=pilot_a, on_behalf_of=quiet_person, to_person=alumna, contact_override="ok then"
    )
    response = client_for(contributor_a).post(
        reverse("metrics:introduction_edit", args=[intro.pk]), page_post(pilot_a, quiet_person, alumna, outcome="Met")
    )

    assert response.status_code == 302
    intro.refresh_from_db()
    assert intro.outcome == "Met"


# --- the API ----------------------------------------------------------------------------------


def test_api_refuses_a_do_not_contact_subject_without_contact_override(
    api_client_for, contributor_a, quiet_person, alumna
):
    response = api_client_for(contributor_a).post(
        API, {"on_behalf_of": quiet_person.pk, "to_person": alumna.pk}, format="json"
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "do_not_contact"
    assert "Quinn Quiet asked not to be contacted" in error["fields"][OVERRIDE_FIELD][0]
    assert not Introduction.objects.exists()
    assert not AuditEvent.objects.filter(verb="person.contact_override").exists()


def test_api_goes_ahead_with_contact_override_and_records_it(api_client_for, contributor_a, quiet_person, alumna):
    response = api_client_for(contributor_a).post(
        API,
        {"on_behalf_of": alumna.pk, "to_person": quiet_person.pk, OVERRIDE_FIELD: "They asked for it"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert AuditEvent.objects.get(verb="person.contact_override").person_id == quiet_person.pk


def test_api_schema_documents_contact_override(api_client_for, hr_lead):
    schema = api_client_for(hr_lead).get("/api/schema/", {"format": "json"}).json()

    assert OVERRIDE_FIELD in schema["components"]["schemas"]["IntroductionInputRequest"]["properties"]


# --- the weekly digest ------------------------------------------------------------------------

NOW = timezone.make_aware(dt.datetime(2025, 3, 10, 7, 30))


def test_digest_never_names_a_do_not_contact_person(hr_lead, manager, pilot_a, quiet_person, alumna):
    hired = PersonFactory(first_name="Holly", last_name="Hidden", do_not_contact=True)
    services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=hired,
        opening_title="Engineer",
        source="social",
        first_contact_date=dt.date(2025, 2, 1),
        date=dt.date(2025, 3, 5),
        now=NOW,
    )
    intro = services.introduction_record(
        actor=hr_lead,
        pilot=pilot_a,
        on_behalf_of=alumna,
        to_person=quiet_person,
        date=dt.date(2025, 3, 4),
        contact_override="Asked for it",
        now=NOW,
    )
    services.introduction_confirm(actor=hr_lead, introduction=intro, now=NOW)
    shown = PersonFactory(first_name="Sam", last_name="Shown")
    services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=shown,
        opening_title="Designer",
        source="social",
        first_contact_date=dt.date(2025, 2, 1),
        date=dt.date(2025, 3, 6),
        now=NOW,
    )

    assert services.digest_send_weekly(now=NOW) == 1

    [message] = mail.outbox
    html = message.alternatives[0][0]
    for text in (message.body, html, message.subject):
        assert "Holly" not in text and "Hidden" not in text
        assert "Quinn" not in text and "Quiet" not in text
    assert "Sam Shown joined as Designer" in message.body
    assert "Hires: 2\n" in message.body  # the figures still count them
