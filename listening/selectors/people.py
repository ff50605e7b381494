"""Reads that tie conversations to people in the directory: the person who wrote a conversation,
and a person's conversations for their data export."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from core.web import link_url
from people.models import Person, SocialHandle
from people.services import canonical_profile_url

from ..models import Conversation


def person_matching_author(conversation: Conversation) -> Person | None:
    """A person on file whose handle or profile URL is this conversation's author, if any."""
    filters = Q()
    profile = canonical_profile_url(conversation.author_url) if conversation.author_url else None
    if profile:
        filters |= Q(profile_url__iexact=profile)
    if conversation.author_handle:
        filters |= Q(handle__iexact=conversation.author_handle.lstrip("@"))
    if not filters:
        return None
    handle = SocialHandle.objects.filter(filters).select_related("person").first()
    return handle.person if handle else None


EXPORT_EXCERPT_CHARS = 300


def person_conversations(person: Person) -> list[dict[str, Any]]:
    """The conversations linked to ``person``, for their data export (people.registry): where and
    when, an excerpt of the text, who wrote it as harvested, and how it was triaged."""
    rows = Conversation.objects.filter(person=person).select_related("venue", "source").order_by("found_at", "pk")
    return [
        {
            "id": c.pk,
            "url": c.url,
            "venue": c.venue.name if c.venue else None,
            "source": c.source.name,
            "date": (c.published_at or c.found_at).isoformat(),
            "title": c.title,
            "excerpt": c.text[:EXPORT_EXCERPT_CHARS],
            "author": c.author,
            "author_handle": c.author_handle,
            "author_url": c.author_url,
            "status": c.status,
            "status_label": c.get_status_display(),
            "triaged_at": c.triaged_at.isoformat() if c.triaged_at else None,
        }
        for c in rows
    ]


# A conversation's connector, when its source has no venue, says which kind of handle the author has.
CONNECTOR_VENUE_KIND = {
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "reddit": "reddit",
    "hackernews": "hackernews",
    "youtube": "youtube",
    "rss": "blog",
    "jsonfeed": "blog",
    "bundled": "blog",
}


def author_initial(conversation: Conversation) -> dict[str, Any]:
    """A new person's fields prefilled from the author (name split in two, handle and its kind,
    profile URL): the inbox's "link to a new person" and recruiting's "promote to candidate"."""
    name = (conversation.author or conversation.author_handle.lstrip("@")).strip()
    first, _, last = name.partition(" ")
    if conversation.venue_id and conversation.venue is not None:
        kind = conversation.venue.kind
    else:
        kind = CONNECTOR_VENUE_KIND.get(conversation.source.kind, "other")
    return {
        "first_name": first[:100],
        "last_name": last.strip()[:100],
        "handle": conversation.author_handle[:200],
        "venue_kind": kind,
        "profile_url": link_url(conversation.author_url)[:500],
    }
