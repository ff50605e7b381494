"""Consent and do-not-contact: every change is in the person's consent history (page, export) and
the audit log; "do not contact" is marked by whoever may edit the person, cleared only by an HR
lead who says why, and shown wherever the person is listed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from people import services
from people.consent import ContactRefusedError, check_contact
from people.models import ConsentEvent, Person
from tests.people.factories import PersonFactory
from tests.people.test_person_views import person_post

pytestmark = pytest.mark.django_db


def dnc_url(person: Person) -> str:
    return reverse("people:person_do_not_contact", args=[person.pk])


def detail(client, person: Person) -> str:
    return client.get(reverse("people:person_detail", args=[person.pk])).content.decode()


def kinds(person: Person) -> list[str]:
    return list(ConsentEvent.objects.filter(person=person).order_by("id").values_list("kind", flat=True))


def test_hr_lead_marks_do_not_contact_which_withdraws_consent_and_is_recorded(client_for, hr_lead):
    person = PersonFactory(consent_to_contact=True, consent_date=dt.date(2024, 1, 5))
    client = client_for(hr_lead)

    response = client.post(dnc_url(person), {"do_not_contact": "yes", "source": "Phone call"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.do_not_contact is True and person.do_not_contact_since is not None
    assert (person.consent_to_contact, person.consent_date) == (False, None)
    assert kinds(person) == ["withdrawn", "dnc_set"]
    event = ConsentEvent.objects.get(person=person, kind="dnc_set")
    assert (event.actor, event.source) == (hr_lead, "Phone call")
    assert AuditEvent.objects.filter(verb="person.do_not_contact_set", person_id=person.pk).count() == 1
    page = detail(client, person)
    assert "Do not contact" in page and "Marked do not contact" in page and "Phone call" in page
    # Nobody may contact them now without a recorded override (people.consent's rule).
    with pytest.raises(ContactRefusedError):
        check_contact(person=person, actor=hr_lead, purpose="introduction")


def test_the_contributor_who_added_someone_marks_do_not_contact_but_cannot_clear_it(client_for, contributor_a):
    person = PersonFactory(created_by=contributor_a)
    client = client_for(contributor_a)
    client.post(dnc_url(person), {"do_not_contact": "yes"})
    person.refresh_from_db()
    assert person.do_not_contact is True

    response = client.post(dnc_url(person), {"do_not_contact": "no", "note": "They said it is fine"}, follow=True)

    assert services.MSG_DNC_CLEAR_HR in response.content.decode()
    person.refresh_from_db()
    assert person.do_not_contact is True
    assert kinds(person) == ["dnc_set"]
    assert "Clear do not contact" not in detail(client, person)


def test_clearing_do_not_contact_needs_a_note(client_for, hr_lead):
    person = PersonFactory(do_not_contact=True, do_not_contact_since=dt.date(2024, 2, 1))
    client = client_for(hr_lead)

    refused = client.post(dnc_url(person), {"do_not_contact": "no", "note": "  "}, follow=True)
    assert services.MSG_DNC_CLEAR_NOTE in refused.content.decode()
    person.refresh_from_db()
    assert person.do_not_contact is True

    client.post(dnc_url(person), {"do_not_contact": "no", "note": "Asked to hear from us again (email 3 May)"})
    person.refresh_from_db()
    assert (person.do_not_contact, person.do_not_contact_since) == (False, None)
    event = ConsentEvent.objects.get(person=person)
    assert (event.kind, event.note) == ("dnc_cleared", "Asked to hear from us again (email 3 May)")
    assert AuditEvent.objects.filter(verb="person.do_not_contact_cleared", person_id=person.pk).exists()


def test_consent_cannot_be_recorded_while_do_not_contact_is_set(client_for, hr_lead):
    person = PersonFactory(do_not_contact=True, do_not_contact_since=dt.date(2024, 2, 1))

    response = client_for(hr_lead).post(
        reverse("people:person_consent", args=[person.pk]), {"consent": "yes"}, follow=True
    )

    assert "asked not to be contacted" in response.content.decode()
    person.refresh_from_db()
    assert person.consent_to_contact is False
    assert kinds(person) == []


def test_recording_and_withdrawing_consent_builds_the_history(client_for, hr_lead):
    person = PersonFactory()
    client = client_for(hr_lead)
    url = reverse("people:person_consent", args=[person.pk])

    client.post(url, {"consent": "yes", "consent_date": "2024-03-02", "source": "Signed form at the meetup"})
    client.post(url, {"consent": "no", "note": "Changed their mind"})

    events = list(ConsentEvent.objects.filter(person=person).order_by("id"))
    first = events[0]
    assert (first.kind, first.effective_date, first.source, first.actor) == (
        "given",
        dt.date(2024, 3, 2),
        "Signed form at the meetup",
        hr_lead,
    )
    assert (events[1].kind, events[1].note) == ("withdrawn", "Changed their mind")
    page = detail(client, person)
    assert "Consent given" in page and "Consent withdrawn" in page and "Signed form at the meetup" in page


def test_person_form_marks_do_not_contact_and_cannot_clear_it(client_for, hr_lead):
    client = client_for(hr_lead)
    response = client.post(
        reverse("people:person_create"),
        person_post(consent_to_contact="on", do_not_contact="on", consent_source="Told us at the fair"),
    )
    assert response.status_code == 302
    person = Person.objects.get(first_name="Grace")
    assert (person.do_not_contact, person.consent_to_contact) == (True, False)
    assert kinds(person) == ["dnc_set"]
    assert ConsentEvent.objects.get(person=person).source == "Told us at the fair"

    edit = reverse("people:person_edit", args=[person.pk])
    assert 'name="do_not_contact"' in client.get(edit).content.decode()
    # The checkbox is disabled on the edit page: leaving it out of the post keeps the mark.
    client.post(edit, person_post(city="Boston"))
    person.refresh_from_db()
    assert (person.city, person.do_not_contact) == ("Boston", True)
    assert kinds(person) == ["dnc_set"]


def test_directory_lists_do_not_contact_with_a_badge(client_for, hr_lead):
    PersonFactory(first_name="Quiet", do_not_contact=True, do_not_contact_since=dt.date(2024, 2, 1))
    PersonFactory(first_name="Open")

    page = client_for(hr_lead).get(reverse("people:person_list")).content.decode()

    assert page.count(">Do not contact</span>") == 1


def test_api_marks_and_clears_do_not_contact_with_the_same_rules(api_client_for, hr_lead, contributor_a):
    created = api_client_for(contributor_a).post(
        "/api/v1/people/", {"first_name": "Ada", "consent_to_contact": True, "do_not_contact": True}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["do_not_contact"], body["consent_to_contact"]) == (True, False)
    url = f"/api/v1/people/{body['id']}/"

    by_contributor = api_client_for(contributor_a).patch(url, {"do_not_contact": False}, format="json")
    assert by_contributor.status_code == 400
    assert by_contributor.json()["error"]["message"] == services.MSG_DNC_CLEAR_HR

    without_note = api_client_for(hr_lead).patch(url, {"do_not_contact": False}, format="json")
    assert without_note.status_code == 400
    assert Person.objects.get(pk=body["id"]).do_not_contact is True

    cleared = api_client_for(hr_lead).patch(
        url, {"do_not_contact": False, "consent_note": "Asked to be contacted again"}, format="json"
    )
    assert cleared.status_code == 200
    assert cleared.json()["do_not_contact"] is False
    assert kinds(Person.objects.get(pk=body["id"])) == ["dnc_set", "dnc_cleared"]
