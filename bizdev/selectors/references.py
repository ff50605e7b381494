"""Reads of reference conversations: the search (every word must match, accent- and
case-insensitive, through the folded ``search_text``), the topics and kinds of client to filter
by, the requests citing one, and how an address is shown (a link only for http(s), and its host).

Visibility is bizdev.access.visible_references: HR leads every pilot's, contributors their
pilots', nobody else any.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import QuerySet

from accounts.models import User
from core.web import link_url
from people.search import folded_words
from programs.models import Pilot

from ..access import visible_references, visible_requests
from ..models import HelpRequest, ReferenceConversation


def search_references(user: User, q: str = "", pilot: Pilot | int | None = None) -> QuerySet[ReferenceConversation]:
    """The references ``user`` may see whose title, summary, topic, value proposition or kind of
    client hold every word of ``q`` (folded like people.search.fold: "securite" finds
    "Sécurité"; at most people.search.MAX_SEARCH_WORDS words, longer input is cut), newest first,
    optionally in one pilot. The request form offers these to cite."""
    qs = visible_references(user)
    if pilot is not None:
        qs = qs.filter(pilot=pilot)
    return with_words(qs, q).order_by("-created_at", "-id")


def with_words(qs: QuerySet[ReferenceConversation], q: str) -> QuerySet[ReferenceConversation]:
    """The references of ``qs`` whose folded ``search_text`` holds every word of ``q``."""
    for word in folded_words(q or ""):
        qs = qs.filter(search_text__contains=word)
    return qs


def filter_references(
    user: User,
    *,
    q: str = "",
    pilot: Pilot | int | None = None,
    topic: str = "",
    client_kind: str = "",
) -> QuerySet[ReferenceConversation]:
    """``search_references`` narrowed to a topic and a kind of client (exact, ignoring case)."""
    qs = search_references(user, q, pilot)
    if topic:
        qs = qs.filter(topic__iexact=topic)
    if client_kind:
        qs = qs.filter(client_kind__iexact=client_kind)
    return qs


def _distinct(user: User, field: str) -> list[str]:
    values = visible_references(user).exclude(**{field: ""}).values_list(field, flat=True).distinct()
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return sorted(seen.values(), key=str.casefold)


def reference_topics(user: User) -> list[str]:
    """The topics of the references ``user`` may see (one query), for the list's filter."""
    return _distinct(user, "topic")


def reference_client_kinds(user: User) -> list[str]:
    """The kinds of client of the references ``user`` may see (one query), for the list's filter."""
    return _distinct(user, "client_kind")


def citing_requests(user: User, reference: ReferenceConversation) -> QuerySet[HelpRequest]:
    """The help requests ``user`` may see that cite ``reference``, newest first."""
    return visible_requests(user).filter(references=reference).order_by("-created_at", "-id")


def url_host(url: str) -> str:
    """The host an address points to ("www.linkedin.com"), or "" when it is no http(s) address."""
    if not link_url(url):
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@dataclass(frozen=True)
class ReferenceRow:
    """A reference as the pages show it: ``link`` is its address when that is http(s) (else "",
    so a stored ``javascript:`` never becomes a link) and ``host`` the site it lives on."""

    reference: ReferenceConversation
    link: str
    host: str


def reference_row(reference: ReferenceConversation) -> ReferenceRow:
    return ReferenceRow(reference=reference, link=link_url(reference.url), host=url_host(reference.url))
