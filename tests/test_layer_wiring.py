"""The project package wires lower layers together (alumni_program/apps.py): the ledger's hires
and introductions reach the venue ranking without listening importing metrics. Recruiting's own
counter (candidates found per venue, recruiting/apps.py) is there too: zero here, where no
conversation became a candidate; tests/recruiting/test_promote.py counts it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from listening import services as listening_services
from listening.connectors import make_post
from listening.models import Conversation
from listening.selectors import venue_ranking
from metrics import services as metrics_services
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import VenueFactory


def _conversation_found_on_hachyderm(hr_lead) -> Conversation:
    """One conversation, found today by a program-wide search in a source of the Hachyderm venue."""
    venue = VenueFactory(name="Hachyderm")
    source = listening_services.source_save(
        actor=hr_lead, name="Feed", kind="bundled", config={"feed": "talent-and-alumni"}, venue=venue
    )
    listening_services.search_save(actor=hr_lead, name="Python", query="python", sources=[source])
    listening_services.posts_store(
        source=source,
        posts=[make_post(venue="bundled", external_id="1", text="python developer", published_at=timezone.now())],
    )
    return Conversation.objects.get()


def test_a_hire_and_an_introduction_of_a_linked_person_count_for_the_venue(hr_lead, pilot_a):
    conversation = _conversation_found_on_hachyderm(hr_lead)
    person = PersonFactory()
    listening_services.conversation_link_person(actor=hr_lead, conversation=conversation, person=person)
    today = timezone.localdate()
    metrics_services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=person,
        opening_title="Engineer",
        source="social",
        first_contact_date=today - dt.timedelta(days=20),
        date=today,
    )
    metrics_services.introduction_record(actor=hr_lead, pilot=pilot_a, on_behalf_of=person, to_company=CompanyFactory())

    ranked = venue_ranking(hr_lead, purpose="profile", weeks=4)

    (row,) = ranked.venues
    assert row.name == "Hachyderm"
    assert row.followups == {"candidates": 0, "hires": 1, "introductions": 1}


def test_follow_ups_outside_the_ranking_window_do_not_count(hr_lead, pilot_a):
    conversation = _conversation_found_on_hachyderm(hr_lead)
    person = PersonFactory()
    listening_services.conversation_link_person(actor=hr_lead, conversation=conversation, person=person)
    long_ago = timezone.localdate() - dt.timedelta(days=200)
    metrics_services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=person,
        opening_title="Engineer",
        source="social",
        first_contact_date=long_ago - dt.timedelta(days=20),
        date=long_ago,
    )

    (row,) = venue_ranking(hr_lead, purpose="profile", weeks=4).venues
    assert row.followups["hires"] == 0


def test_a_person_or_company_the_ledger_refers_to_is_not_deleted(client_for, api_client_for, hr_lead, pilot_a):
    """The ledger protects the people and companies it is about: deleting one is a clear refusal
    (409 in the API, a message on the page), never a 500, and nothing is deleted."""
    from django.urls import reverse

    from people.models import Company, Person

    person, company = PersonFactory(), CompanyFactory()
    metrics_services.introduction_record(actor=hr_lead, pilot=pilot_a, on_behalf_of=person, to_company=company)

    response = api_client_for(hr_lead).delete(f"/api/v1/people/{person.pk}/")
    assert response.status_code == 409
    assert "introductions" in response.json()["error"]["message"]
    assert api_client_for(hr_lead).delete(f"/api/v1/companies/{company.pk}/").status_code == 409

    page = client_for(hr_lead).post(reverse("people:person_delete", args=[person.pk]), follow=True)
    assert page.status_code == 200 and "cannot be deleted" in page.content.decode()
    page = client_for(hr_lead).post(reverse("people:company_delete", args=[company.pk]), follow=True)
    assert page.status_code == 200 and "cannot be deleted" in page.content.decode()
    assert Person.objects.filter(pk=person.pk).exists() and Company.objects.filter(pk=company.pk).exists()


def test_a_contributor_counts_only_the_follow_ups_of_their_own_pilots(
    client_for, hr_lead, contributor_a, pilot_a, pilot_b
):
    """The ranking's follow-up counters get the pilots the reader may see (listening.access):
    a hire or an introduction in another pilot is not counted for a contributor (page, chart data),
    while an HR lead counts them all."""
    from django.urls import reverse

    conversation = _conversation_found_on_hachyderm(hr_lead)
    person = PersonFactory()
    listening_services.conversation_link_person(actor=hr_lead, conversation=conversation, person=person)
    today = timezone.localdate()
    for pilot in (pilot_a, pilot_b):
        metrics_services.hire_record(
            actor=hr_lead,
            pilot=pilot,
            person=person,
            opening_title=f"Engineer in {pilot.name}",
            source="social",
            first_contact_date=today - dt.timedelta(days=20),
            date=today,
        )
    metrics_services.introduction_record(actor=hr_lead, pilot=pilot_b, on_behalf_of=person, to_company=CompanyFactory())

    (mine,) = venue_ranking(contributor_a, purpose="profile", weeks=4).venues
    (everything,) = venue_ranking(hr_lead, purpose="profile", weeks=4).venues
    data = client_for(contributor_a).get(reverse("listening:ranking_data"), {"weeks": 4}).json()

    assert mine.followups == {"candidates": 0, "hires": 1, "introductions": 0}
    assert everything.followups == {"candidates": 0, "hires": 2, "introductions": 1}
    assert data["venues"][0]["followups"] == {"candidates": 0, "hires": 1, "introductions": 0}
