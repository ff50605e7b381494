"""Reads of the inbox: the conversations a user may see with the filters applied, the matches of
the searches they may see, and a conversation's text highlighted for one search's spans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import DateTimeField, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.safestring import SafeString

from accounts.models import User
from core.web import as_pk

from ..access import can_set_up, visible_conversations, visible_searches
from ..matcher import highlight, merge_spans
from ..models import Conversation, ConversationMatch, Search

KEPT_STATUSES = (Conversation.Status.RELEVANT, Conversation.Status.ENGAGED)


def conversation_when() -> Coalesce:
    """A conversation's date: when it was posted, or when it was found if the post had no date."""
    return Coalesce("published_at", "found_at", output_field=DateTimeField())


def visible_matches(user: User) -> QuerySet[ConversationMatch]:
    """The matches of the searches ``user`` may see, with their search, by search name: what a
    conversation shows as "found by" (another pilot's search stays hidden)."""
    matches = ConversationMatch.objects.select_related("search").order_by("search__name", "pk")
    if not can_set_up(user):
        matches = matches.filter(search__in=visible_searches(user).values("pk"))
    return matches


def conversations_with_matches(user: User) -> QuerySet[Conversation]:
    """The conversations ``user`` may see, with their visible matches (callers annotate
    ``when_at=conversation_when()`` where they sort or filter by date)."""
    return visible_conversations(user).prefetch_related(Prefetch("matches", queryset=visible_matches(user)))


# --- the inbox -------------------------------------------------------------------------------


@dataclass
class InboxFilters:
    """What the inbox's filter form hands over; empty values mean "any"."""

    search: Search | None = None
    source_id: int | None = None
    venue: str = ""  # a venue id, "none" for conversations without a venue, "" for any
    status: str = Conversation.Status.NEW  # "" for any status
    assignee: str = ""  # "me" | "unassigned" | "" (anyone)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        """True when the list is narrower than the default (new conversations, anyone's)."""
        return bool(
            self.search
            or self.source_id
            or self.venue
            or self.status != Conversation.Status.NEW
            or self.assignee
            or self.date_from
            or self.date_to
            or self.q.strip()
        )


def inbox_conversations(user: User, filters: InboxFilters) -> QuerySet[Conversation]:
    """The conversations ``user`` may see that match ``filters``, newest first, with the matches
    of the searches the user may see (and their searches) prefetched."""
    qs = conversations_with_matches(user).annotate(when_at=conversation_when())
    if filters.search is not None:
        qs = qs.filter(pk__in=ConversationMatch.objects.filter(search=filters.search).values("conversation_id"))
    if filters.source_id:
        qs = qs.filter(source_id=filters.source_id)
    if filters.venue == "none":
        qs = qs.filter(venue__isnull=True)
    elif (venue_pk := as_pk(filters.venue)) is not None:
        qs = qs.filter(venue_id=venue_pk)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.assignee == "me":
        qs = qs.filter(assignee=user)
    elif filters.assignee == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    if filters.date_from:
        qs = qs.filter(when_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(when_at__date__lte=filters.date_to)
    for word in filters.q.split():
        qs = qs.filter(Q(title__icontains=word) | Q(text__icontains=word) | Q(author__icontains=word))
    return qs.order_by("-when_at", "-id")


EXCERPT_CHARS = 400
EXCERPT_LEAD = 80  # characters shown before the first match when the excerpt starts mid-text


@dataclass
class Highlighted:
    """A conversation's title and text as HTML (escaped, matches in <mark>) for one search's spans."""

    title: SafeString
    text: SafeString
    truncated: bool = False
    starts_inside: bool = False


def highlighted(conversation: Conversation, spans: list[Any], *, limit: int | None = None) -> Highlighted:
    """Split the match text ("title\\n\\ntext") back into title and text with their spans. With
    ``limit``, the text is cut to about that many characters around the first match in it."""
    title, text = conversation.title, conversation.text
    pairs = [(int(s), int(e)) for s, e in spans]
    offset = len(title) + 2 if title else 0
    title_spans = merge_spans(pairs, len(title)) if title else []
    text_spans = [(s - offset, e - offset) for s, e in pairs if e > offset]
    if limit is None or len(text) <= limit:
        return Highlighted(title=highlight(title, title_spans), text=highlight(text, text_spans))
    first = merge_spans(text_spans, len(text))
    start = 0
    if first and first[0][0] + 40 > limit:
        # Keep the first match in view: start a little before it, at a word boundary.
        start = max(0, first[0][0] - EXCERPT_LEAD)
        space = text.find(" ", start)
        if space != -1 and space < first[0][0]:
            start = space + 1
    end = min(len(text), start + limit)
    space = text.rfind(" ", start, end)
    if end < len(text) and space > start + limit // 2:
        end = space
    piece = text[start:end]
    piece_spans = [(s - start, e - start) for s, e in text_spans]
    return Highlighted(
        title=highlight(title, title_spans),
        text=highlight(piece, piece_spans),
        truncated=end < len(text),
        starts_inside=start > 0,
    )


@dataclass
class InboxRow:
    conversation: Conversation
    searches: list[Search]
    shown: Highlighted


def inbox_rows(conversations: Any, *, search: Search | None = None) -> list[InboxRow]:
    """One row per conversation of a page: its searches and its text highlighted for the filtered
    search (or its first search). Uses the prefetched matches: no query per row."""
    rows = []
    for conversation in conversations:
        matches = list(conversation.matches.all())
        chosen = next((m for m in matches if search is not None and m.search_id == search.pk), None)
        if chosen is None and matches:
            chosen = matches[0]
        shown = highlighted(conversation, chosen.spans if chosen else [], limit=EXCERPT_CHARS)
        rows.append(InboxRow(conversation=conversation, searches=[m.search for m in matches], shown=shown))
    return rows
