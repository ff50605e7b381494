"""Listening's privacy duties: what it holds about a person (the conversations linked to them) is in
the person's data export and is anonymized by their erasure (people.registry), keeping the counts
the venue ranking reads; and every audit verb listening writes reads as words in the log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit import known_verbs
from accounts.models import AuditEvent
from listening import selectors, services
from listening.connectors import make_post
from listening.models import Conversation, ConversationMatch
from people.registry import personal_data_sections
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def venue(db):
    return VenueFactory(name="Hachyderm")


@pytest.fixture
def source(hr_lead, venue):
    return services.source_save(
        actor=hr_lead, name="Feed", kind="bundled", config={"feed": "talent-and-alumni"}, venue=venue
    )


@pytest.fixture
def search(hr_lead, source):
    return services.search_save(actor=hr_lead, name="Python", query="python", sources=[source])


@pytest.fixture
def ada_posts(hr_lead, source, search):
    """Two conversations by Ada (linked to her person) and one by somebody else."""
    now = timezone.now()
    services.posts_store(
        source=source,
        posts=[
            make_post(
                venue="bundled",
                external_id=str(i),
                title=f"Python meetup {i}",
                text=f"Ada Lovelace here: python talk number {i}",
                author=author,
                author_handle=handle,
                author_url=f"https://hachyderm.io/@{handle}",
                url=f"https://hachyderm.io/@{handle}/{i}",
                published_at=now - dt.timedelta(days=i),
            )
            for i, (author, handle) in enumerate([("Ada Lovelace", "ada"), ("Ada Lovelace", "ada"), ("Bo", "bo")])
        ],
    )
    ada = PersonFactory(first_name="Ada", last_name="Lovelace")
    by_id = {c.external_id: c for c in Conversation.objects.all()}
    for key in ("0", "1"):
        services.conversation_link_person(actor=hr_lead, conversation=by_id[key], person=ada)
    services.conversations_triage(actor=hr_lead, conversations=[by_id["0"]], status="relevant")
    return ada, by_id


def test_a_persons_export_lists_the_conversations_linked_to_them(api_client_for, hr_lead, ada_posts):
    ada, by_id = ada_posts

    body = api_client_for(hr_lead).get(f"/api/v1/people/{ada.pk}/export/").json()

    section = body["sections"]["listening.conversations"]
    assert section["label"] == "Conversations linked to them"
    rows = sorted(section["rows"], key=lambda row: row["id"])
    assert [row["id"] for row in rows] == [by_id["0"].pk, by_id["1"].pk]
    first = rows[0]
    assert first["url"] == "https://hachyderm.io/@ada/0"
    assert first["venue"] == "Hachyderm"
    assert first["date"] == by_id["0"].published_at.isoformat()
    assert first["status"] == "relevant" and first["status_label"] == "Relevant"
    assert first["excerpt"].startswith("Ada Lovelace here")
    assert (first["author"], first["author_handle"]) == ("Ada Lovelace", "ada")


def test_erasing_a_person_anonymizes_their_conversations_and_keeps_the_counts(
    client_for, api_client_for, hr_lead, ada_posts
):
    ada, by_id = ada_posts
    now = timezone.now()
    before = selectors.venue_ranking(hr_lead, purpose="profile", weeks=4, now=now).as_json()

    response = api_client_for(hr_lead).post(f"/api/v1/people/{ada.pk}/erase/", {"confirm": True}, format="json")

    assert response.status_code == 200, response.json()
    for key in ("0", "1"):
        erased = Conversation.objects.get(pk=by_id[key].pk)
        assert (erased.author, erased.author_handle, erased.author_url, erased.url, erased.title) == (
            "",
            "",
            "",
            "",
            "",
        )
        assert "Ada" not in erased.text and erased.person_id == ada.pk
        assert ConversationMatch.objects.get(conversation=erased).spans == []
    untouched = Conversation.objects.get(pk=by_id["2"].pk)
    assert (untouched.author, untouched.author_handle) == ("Bo", "bo")
    assert Conversation.objects.count() == 3
    assert selectors.venue_ranking(hr_lead, purpose="profile", weeks=4, now=now).as_json() == before
    assert AuditEvent.objects.get(verb="person.erased").data["sections"]["listening.conversations"] == 2
    page = client_for(hr_lead).get(reverse("listening:conversation_detail", args=[by_id["0"].pk]))
    assert page.status_code == 200 and "Ada Lovelace" not in page.content.decode()


def test_listening_registers_one_personal_data_section():
    keys = [section.key for section in personal_data_sections()]
    assert keys.count("listening.conversations") == 1


def test_every_audit_verb_listening_writes_has_a_phrase(
    client_for, api_client_for, hr_lead, contributor_a, source, search, ada_posts, django_capture_on_commit_callbacks
):
    _, by_id = ada_posts
    family = services.family_save(actor=hr_lead, name="devs", terms=["python"])
    services.family_save(actor=hr_lead, family=family, name="devs", terms=["python", "django"])
    devs = services.search_save(actor=hr_lead, name="Devs", query="@devs", sources=[source])
    services.search_save(actor=hr_lead, search=devs, name="Devs", query="@devs OR rust", sources=[source])
    with django_capture_on_commit_callbacks(execute=False):
        services.run_start(search=devs, actor=hr_lead)
    upload = services.source_save(actor=hr_lead, name="Exports", kind="upload", config={})
    services.source_save(actor=hr_lead, source=upload, name="Exports 2", kind="upload", config={})
    services.upload_import(actor=hr_lead, source=upload, data=b"text\npython\n", filename="x.csv")
    services.source_resume(actor=hr_lead, source=upload)
    services.conversations_assign(actor=hr_lead, conversations=[by_id["2"]], assignee=contributor_a)
    services.conversation_link_person(actor=hr_lead, conversation=by_id["1"], person=None)
    search.digest_opt_in.add(hr_lead)
    services.digest_send_relevant(now=timezone.now() + dt.timedelta(minutes=1))
    api_client_for(hr_lead).get("/api/v1/conversations/")
    api_client_for(hr_lead).get(f"/api/v1/conversations/{by_id['0'].pk}/")
    services.search_delete(actor=hr_lead, search=devs)
    services.family_delete(actor=hr_lead, family=family)
    services.source_delete(actor=hr_lead, source=upload)

    written = set(AuditEvent.objects.values_list("verb", flat=True)) - {"person.created", "person.changed"}
    phrases = known_verbs()
    assert "listening.digest_sent" in written and "conversations.api_listed" in written
    assert sorted(written - set(phrases)) == []
