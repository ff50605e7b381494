"""An HR lead answers a person's requests in a real browser: "do not contact me", then "forget me"."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import AuditEvent, Role
from people.models import Person
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonEmailFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_lead_marks_do_not_contact_then_erases_the_person(live_server, page, log_in):
    hr = UserFactory(email="hanna@firm.example", full_name="Hanna Lead", role=Role.HR_LEAD)
    person = PersonFactory(first_name="Grace", last_name="Hopper")
    PersonEmailFactory(person=person, email="grace@navy.example")
    log_in("hanna@firm.example")

    page.goto(f"{live_server.url}/people/{person.pk}/")
    expect(page.get_by_role("heading", name="Grace Hopper", level=1)).to_be_visible()
    page.get_by_label("How they told us").last.fill("Phone call")
    page.get_by_role("button", name="Mark do not contact").click()
    expect(page.get_by_role("status").filter(has_text="do not contact")).to_be_visible()
    expect(page.locator("h1 + .badge--danger")).to_have_text("Do not contact")
    expect(page.locator(".consent-history")).to_contain_text("Marked do not contact")
    assert Person.objects.get(pk=person.pk).do_not_contact

    page.get_by_role("link", name="Erase their data").click()
    expect(page.get_by_role("heading", name=re.compile("Erase Grace Hopper"))).to_be_visible()
    page.get_by_role("button", name="Erase Grace Hopper").click()
    expect(page.get_by_role("heading", name="Erased person", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("This person's data was erased")
    expect(page.locator("main")).not_to_contain_text("grace@navy.example")
    erased = Person.objects.get(pk=person.pk)
    assert erased.erased_at is not None and not erased.emails.exists()
    assert AuditEvent.objects.filter(verb="person.erased", actor=hr, person_id=person.pk).count() == 1
