"""Storing posts: the ones that match an active search reading their source become conversations
(once per source and external id), linked to every search they match. Runs and uploads both use it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from django.utils import timezone

from ..connectors import Post
from ..models import Conversation, ConversationMatch, Source
from ..selectors import active_matcher


class StoreResult(NamedTuple):
    matched: int  # posts matched by ``search_id`` (by any search when None)
    stored: int  # conversations created now
    new: int  # posts of this source not stored before (matched or not)


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
    known = set(
        Conversation.objects.filter(source=source, external_id__in=all_ids).values_list("external_id", flat=True)
    )
    new = len(all_ids - known)
    if not matched_posts:
        return StoreResult(matched, 0, new)
    ids = [p.external_id for p, _ in matched_posts]
    existing = known & set(ids)
    Conversation.objects.bulk_create(
        [_conversation(source, post, now) for post, _ in matched_posts if post.external_id not in existing],
        ignore_conflicts=True,
    )
    by_external = dict(Conversation.objects.filter(source=source, external_id__in=ids).values_list("external_id", "pk"))
    ConversationMatch.objects.bulk_create(
        [
            ConversationMatch(conversation_id=by_external[post.external_id], search_id=sid, spans=spans, matched_at=now)
            for post, found in matched_posts
            if post.external_id in by_external
            for sid, spans in found.items()
            if sid in searches
        ],
        ignore_conflicts=True,
    )
    stored = len(set(by_external) - existing)
    return StoreResult(matched, stored, new)
