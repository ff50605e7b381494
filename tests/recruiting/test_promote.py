"""Promote a listening conversation to a candidate: the entry points on the inbox row and the
conversation page (registered by recruiting, listening imports nothing of it), a new person made
from the author or the person already linked, the conversation kept as the source, duplicates
refused with a pointer, and the venue ranking's "Candidates" column."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from listening import services as listening_services
from listening.models import Conversation
from people.models import Person
from recruiting.models import Candidate
from tests.listening.test_inbox import make_source, post, store
from tests.people.factories import PersonFactory, SocialHandleFactory
from tests.programs.factories import VenueFactory
from tests.recruiting.factories import OpeningFactory
from tests.recruiting.test_candidates import add


@pytest.fixture
def venue(db):
    return VenueFactory(name="Fosstodon", kind="mastodon")


@pytest.fixture
def conversation(hr_lead, venue):
    """A post by Grace Hopper (@grace) on Fosstodon, found by a program-wide profile search."""
    source = make_source(hr_lead, "Fosstodon feed", venue=venue)
    listening_services.search_save(actor=hr_lead, name="Data people", query="python", sources=[source])
    (found,) = store(
        source,
        post(
            "Looking for a new python data role",
            author="Grace Hopper",
            handle="@grace",
            author_url="https://fosstodon.org/@grace",
            published_at=timezone.now() - dt.timedelta(days=2),
        ),
    )
    return found


@pytest.fixture
def opening(pilot_a):
    return OpeningFactory(pilot=pilot_a, title="Data engineer")


def promote_url(conversation):
    return reverse("recruiting:conversation_promote", args=[conversation.pk])


def test_inbox_row_and_conversation_page_offer_promote(client_for, contributor_a, conversation):
    client = client_for(contributor_a)
    inbox = client.get(reverse("listening:index")).content.decode()
    assert f'href="{promote_url(conversation)}?next=' in inbox and "Promote to candidate" in inbox
    page = client.get(reverse("listening:conversation_detail", args=[conversation.pk])).content.decode()
    assert f'href="{promote_url(conversation)}?next=' in page


def test_a_triager_without_a_pilot_gets_no_promote_link_and_a_403(client_for, outsider, conversation):
    client = client_for(outsider)
    inbox = client.get(reverse("listening:index"))
    assert inbox.status_code == 200 and "Promote to candidate" not in inbox.content.decode()
    assert client.get(promote_url(conversation)).status_code == 403


def test_promote_page_is_prefilled_from_the_author(client_for, contributor_a, conversation, opening):
    response = client_for(contributor_a).get(promote_url(conversation))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["first_name"].value(), form["last_name"].value()) == ("Grace", "Hopper")
    assert form["handle"].value() == "@grace" and form["profile_url"].value() == "https://fosstodon.org/@grace"
    assert form["venue_kind"].value() == "mastodon" and form["who"].value() == "new"
    assert form["opening"].value() == opening.pk  # the user's only open opening
    conversation_page = reverse("listening:conversation_detail", args=[conversation.pk])
    assert response.context["cancel_url"] == conversation_page


def test_cancel_goes_back_to_the_inbox_the_promote_link_was_on(client_for, contributor_a, conversation, opening):
    inbox = reverse("listening:index") + "?status=new"
    response = client_for(contributor_a).get(promote_url(conversation), {"next": inbox})
    assert response.context["cancel_url"] == inbox
    elsewhere = client_for(contributor_a).get(promote_url(conversation), {"next": "https://evil.example/"})
    assert elsewhere.context["cancel_url"] == reverse("listening:conversation_detail", args=[conversation.pk])


def test_promote_a_new_person_keeps_the_conversation_as_source(client_for, contributor_a, conversation, opening):
    response = client_for(contributor_a).post(
        promote_url(conversation),
        {
            "opening": opening.pk,
            "who": "new",
            "first_name": "Grace",
            "last_name": "Hopper",
            "handle": "@grace",
            "venue_kind": "mastodon",
            "profile_url": "https://fosstodon.org/@grace",
        },
    )
    candidate = Candidate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("recruiting:candidate_detail", args=[candidate.pk])
    grace = Person.objects.get(first_name="Grace")
    assert (candidate.person, candidate.source, candidate.conversation) == (grace, "conversation", conversation)
    assert grace.source == Person.Source.LISTENING and grace.handles.get().handle == "grace"
    conversation.refresh_from_db()
    assert conversation.person == grace
    page = client_for(contributor_a).get(reverse("recruiting:candidate_detail", args=[candidate.pk])).content.decode()
    assert reverse("listening:conversation_detail", args=[conversation.pk]) in page


def test_promote_the_person_already_linked(client_for, hr_lead, contributor_a, conversation, opening):
    ada = PersonFactory(first_name="Ada", last_name="Lovelace")
    listening_services.conversation_link_person(actor=hr_lead, conversation=conversation, person=ada)
    people = Person.objects.count()
    response = client_for(contributor_a).post(
        promote_url(conversation), {"opening": opening.pk, "who": "linked", "first_name": "Grace"}
    )
    assert response.status_code == 302
    assert Candidate.objects.get().person == ada and Person.objects.count() == people


def test_promoting_someone_already_in_the_pipeline_points_to_them_and_writes_nothing(
    client_for, hr_lead, contributor_a, conversation, opening
):
    ada = PersonFactory(first_name="Ada", last_name="Lovelace")
    listening_services.conversation_link_person(actor=hr_lead, conversation=conversation, person=ada)
    first = add(contributor_a, opening, ada)
    response = client_for(contributor_a).post(promote_url(conversation), {"opening": opening.pk, "who": "linked"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ada Lovelace is already a candidate for “Data engineer” at step “Found”" in html
    assert reverse("recruiting:candidate_detail", args=[first.pk]) in html
    assert Candidate.objects.count() == 1 and Candidate.objects.get().source == "other"


def test_an_author_already_in_the_directory_is_offered_instead_of_a_copy(
    client_for, contributor_a, conversation, opening
):
    known = PersonFactory(first_name="Grace", last_name="B. Hopper")
    SocialHandleFactory(person=known, venue_kind="mastodon", handle="grace", profile_url="https://fosstodon.org/@grace")
    client = client_for(contributor_a)
    data = {
        "opening": opening.pk,
        "who": "new",
        "first_name": "Grace",
        "last_name": "Hopper",
        "handle": "@grace",
        "venue_kind": "mastodon",
        "profile_url": "https://fosstodon.org/@grace",
    }
    people = Person.objects.count()
    response = client.post(promote_url(conversation), data)
    assert response.status_code == 400
    assert f'name="person" value="{known.pk}"' in response.content.decode()
    assert Person.objects.count() == people and not Candidate.objects.exists()
    assert Conversation.objects.get().person is None  # the link was rolled back with the rest
    response = client.post(promote_url(conversation), {**data, "person": known.pk})
    assert response.status_code == 302 and Candidate.objects.get().person == known


def test_contributor_cannot_promote_into_another_pilots_opening(client_for, contributor_b, conversation, opening):
    response = client_for(contributor_b).post(
        promote_url(conversation), {"opening": opening.pk, "who": "new", "first_name": "Grace"}
    )
    assert response.status_code == 400 and not Candidate.objects.exists()


def test_a_conversation_the_user_cannot_see_is_404(client_for, contributor_a, hr_lead, pilot_b, venue, opening):
    source = make_source(hr_lead, "Other feed", venue=venue)
    listening_services.search_save(actor=hr_lead, name="B only", query="java", sources=[source], pilot=pilot_b)
    (hidden,) = store(source, post("java role", author="Someone"))
    assert client_for(contributor_a).get(promote_url(hidden)).status_code == 404


def test_venue_ranking_counts_candidates_found_per_venue(
    client_for, hr_lead, contributor_a, contributor_b, conversation, opening
):
    """One conversation on Fosstodon, its author promoted for pilot A's opening: the HR lead and
    pilot A's contributor see 1 candidate for Fosstodon; pilot B's contributor sees 0."""
    client_for(contributor_a).post(
        promote_url(conversation), {"opening": opening.pk, "who": "new", "first_name": "Grace", "last_name": "Hopper"}
    )
    assert Candidate.objects.count() == 1

    def candidates_for(user):
        data = client_for(user).get(reverse("listening:ranking_data"), {"purpose": "profile", "weeks": 4}).json()
        assert {"key": "candidates", "label": "Candidates"} in data["followups"]
        return {v["name"]: v["followups"]["candidates"] for v in data["venues"]}

    assert candidates_for(hr_lead) == {"Fosstodon": 1}
    assert candidates_for(contributor_a) == {"Fosstodon": 1}
    assert candidates_for(contributor_b) == {"Fosstodon": 0}
