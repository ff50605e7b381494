"""An erased person's conversations lose the post's id too when it names them (Mastodon's and
Bluesky's ids carry the author's handle): it becomes "sha256:<digest of the id>", and harvesting
the same post again finds the erased row by that digest instead of storing the post anew."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from listening import services
from listening.connectors import make_post
from listening.models import Conversation, ConversationMatch
from people import services as people_services
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory

pytestmark = pytest.mark.django_db

HANDLE = "ingrid_s"  # letters outside 0-9a-f, so a hex digest cannot contain it by chance


def _id(n: int) -> str:
    return f"https://mastodon.example/users/{HANDLE}/statuses/{n}"


def _posts(now: dt.datetime) -> list:
    return [
        make_post(
            venue="mastodon",
            external_id=_id(n),
            text=f"Python talk number {n} by Ingrid",
            author="Ingrid Solberg",
            author_handle=HANDLE,
            author_url=f"https://mastodon.example/@{HANDLE}",
            url=f"https://mastodon.example/@{HANDLE}/{n}",
            published_at=now - dt.timedelta(days=n),
        )
        for n in (1, 2)
    ]


@pytest.fixture
def source(hr_lead):
    return services.source_save(
        actor=hr_lead, name="Feed", kind="bundled", config={"feed": "talent-and-alumni"}, venue=VenueFactory()
    )


@pytest.fixture
def erased(hr_lead, source):
    """Ingrid's two posts, stored, linked to her, and then her erasure."""
    services.search_save(actor=hr_lead, name="Python", query="python", sources=[source])
    now = timezone.now()
    assert services.posts_store(source=source, posts=_posts(now), now=now).stored == 2
    ingrid = PersonFactory(first_name="Ingrid", last_name="Solberg")
    for conversation in Conversation.objects.all():
        services.conversation_link_person(actor=hr_lead, conversation=conversation, person=ingrid)
    people_services.person_erase(actor=hr_lead, person=ingrid)
    return ingrid


def test_erasure_replaces_a_conversations_external_id_by_its_digest(erased):
    ids = set(Conversation.objects.values_list("external_id", flat=True))

    assert ids == {"sha256:" + hashlib.sha256(_id(n).encode()).hexdigest() for n in (1, 2)}
    assert not any(HANDLE in i for i in ids)


def test_harvesting_an_erased_post_again_does_not_store_it_again(hr_lead, source, erased):
    before = Conversation.objects.count()
    later = services.search_save(actor=hr_lead, name="Talks", query="talk", sources=[source])

    result = services.posts_store(source=source, posts=_posts(timezone.now()))

    assert (result.matched, result.stored, result.new) == (2, 0, 0)
    assert Conversation.objects.count() == before == 2
    assert not Conversation.objects.filter(external_id__contains=HANDLE).exists()
    assert not Conversation.objects.filter(author_handle=HANDLE).exists()
    # A search added since links the erased rows as it would any known post, without highlights
    # into a text that is gone.
    linked = ConversationMatch.objects.filter(search=later)
    assert linked.count() == 2 and all(match.spans == [] for match in linked)


def test_erasing_again_keeps_an_id_that_is_already_a_digest(hr_lead, source, erased):
    first = set(Conversation.objects.values_list("external_id", flat=True))
    other = PersonFactory(first_name="Tor", last_name="Berge")
    for conversation in Conversation.objects.all():
        services.conversation_link_person(actor=hr_lead, conversation=conversation, person=other)

    people_services.person_erase(actor=hr_lead, person=other)

    assert set(Conversation.objects.values_list("external_id", flat=True)) == first
