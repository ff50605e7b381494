"""Storing posts: the ones that match an active search reading their source become conversations
(once per source and external id), linked to every search they match. Runs and uploads both use it.

A post whose conversation was erased (listening.services.privacy) is known by the digest of its id
(``erased_external_id``): harvesting it again neither stores it anew nor brings its id back."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.utils import timezone

from ..connectors import Post
from ..models import Conversation, ConversationMatch, Source
from ..selectors import active_matcher


class StoreResult(NamedTuple):
    matched: int  # posts matched by ``search_id`` (by any search when None)
    stored: int  # conversations created now
    new: int  # posts of this source not stored before (matched or not)


ERASED_ID_PREFIX = "sha256:"


class _Stored(NamedTuple):
    pk: int
    erased: bool  # found by the digest of its id


def erased_external_id(external_id: str) -> str:
    """What an erased conversation keeps of its post's id: "sha256:<hex digest>". The id may name
    the author (Mastodon's and Bluesky's carry the handle); the digest still recognises the post."""
    return ERASED_ID_PREFIX + hashlib.sha256(external_id.encode()).hexdigest()


def _stored(source: Source, external_ids: Iterable[str]) -> dict[str, _Stored]:
    """The posts of ``source`` already stored, by post id: under the id itself or, once erased,
    under its digest. One query."""
    ids = set(external_ids)
    digests = {erased_external_id(i): i for i in ids}
    rows = Conversation.objects.filter(source=source, external_id__in=ids | digests.keys())
    found: dict[str, _Stored] = {}
    for external_id, pk in rows.values_list("external_id", "pk"):
        if external_id in ids:  # the id as it is wins over a digest that happens to equal it
            found[external_id] = _Stored(pk, erased=False)
        else:
            found.setdefault(digests[external_id], _Stored(pk, erased=True))
    return found


def match_text(post: Post | Conversation) -> str:
    return f"{post.title}\n\n{post.text}" if post.title else post.text


def _conversation(source: Source, post: Post, now: dt.datetime) -> Conversation:
    return Conversation(
        source=source,
        external_id=post.external_id,
        venue_id=source.venue_id,
        url=post.url[:2000],
        title=post.title[:500],
        text=post.text,
        author=post.author[:200],
        author_handle=post.author_handle[:200],
        author_url=post.author_url[:2000],
        published_at=post.published_at,
        found_at=now,
    )


def posts_store(
    *, source: Source, posts: Sequence[Post], search_id: int | None = None, now: dt.datetime | None = None
) -> StoreResult:
    """Store the posts that match an active search reading ``source``; link them to the searches
    they match. Returns (matched by ``search_id`` or by any search when None, newly stored, new)."""
    now = now or timezone.now()
    matcher, searches = active_matcher(source)
    matched_posts: list[tuple[Post, dict[int, list[tuple[int, int]]]]] = []
    for post in posts:
        found = matcher.match(match_text(post))
        if found:
            matched_posts.append((post, found))
    matched = sum(1 for _, found in matched_posts if search_id is None or search_id in found)
    all_ids = {p.external_id for p in posts}
    known = _stored(source, all_ids)
    new = len(all_ids - known.keys())
    if not matched_posts:
        return StoreResult(matched, 0, new)
    Conversation.objects.bulk_create(
        [_conversation(source, post, now) for post, _ in matched_posts if post.external_id not in known],
        ignore_conflicts=True,
    )
    by_external = _stored(source, (p.external_id for p, _ in matched_posts))
    ConversationMatch.objects.bulk_create(
        [
            ConversationMatch(
                conversation_id=row.pk,
                search_id=sid,
                # An erased conversation's text is gone: no highlights point into it.
                spans=[] if row.erased else spans,
                matched_at=now,
            )
            for post, found in matched_posts
            if (row := by_external.get(post.external_id)) is not None
            for sid, spans in found.items()
            if sid in searches
        ],
        ignore_conflicts=True,
    )
    stored = len(by_external.keys() - known.keys())
    return StoreResult(matched, stored, new)
